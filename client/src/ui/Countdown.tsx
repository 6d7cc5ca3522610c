import { useTranslation } from 'react-i18next';
import { useServerNow } from '../realtime/server-time';
import { remainingUntil, twoDigits } from './countdown';

/** Time left until an announced instant, by the server's clock. */
export function Countdown({ until }: { until: string }) {
  const { t } = useTranslation();
  const now = useServerNow();
  if (now === null) return <span className="countdown muted">{t('countdown.syncing')}</span>;
  const left = remainingUntil(Date.parse(until), now);
  if (!left) {
    return (
      <span className="countdown countdown-over" data-testid="countdown">
        {t('countdown.passed')}
      </span>
    );
  }
  const clock = `${twoDigits(left.hours)}:${twoDigits(left.minutes)}:${twoDigits(left.seconds)}`;
  return (
    <span className="countdown" role="timer" data-testid="countdown">
      {left.days > 0 ? t('countdown.daysLeft', { days: left.days, clock }) : t('countdown.left', { clock })}
    </span>
  );
}
