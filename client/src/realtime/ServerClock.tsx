import { useTranslation } from 'react-i18next';
import { useTimeFormat } from '../ui/format';
import { useClockEstimate } from './clock-context';
import { useServerNow } from './server-time';

export function ServerClock() {
  const { t } = useTranslation();
  const clock = useClockEstimate();
  const now = useServerNow();
  const format = useTimeFormat();
  return (
    <div className="server-clock">
      <span className="server-clock-label">{t('header.serverTime')}</span>
      {now === null || clock === null ? (
        <span className="server-clock-time muted">{t('header.syncing')}</span>
      ) : (
        <time
          className="server-clock-time"
          data-testid="server-time"
          dateTime={new Date(now).toISOString()}
          title={t('header.clockAccuracy', { ms: Math.ceil(clock.roundTripMs / 2) })}
        >
          {format.format(now)}
        </time>
      )}
    </div>
  );
}
