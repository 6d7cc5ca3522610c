import { useTranslation } from 'react-i18next';
import type { ConnectionQuality } from './use-connection-quality';

/** Good / fair / poor, with the round trip, loss and bitrate it was judged by. */
export function QualityIndicator({ measured }: { measured: ConnectionQuality }) {
  const { t } = useTranslation();
  const { quality, sample } = measured;
  const detail = sample
    ? t('media.quality.detail', {
        rtt: sample.rttMs === null ? t('media.quality.notMeasured') : `${Math.round(sample.rttMs)} ms`,
        loss: sample.loss === null ? t('media.quality.notMeasured') : `${(sample.loss * 100).toFixed(1)}%`,
        kbps: Math.round(sample.kbps),
      })
    : null;
  return (
    <span className="media-quality" data-testid="media-quality" data-quality={quality} title={detail ?? undefined}>
      <span className="quality-bars" aria-hidden="true">
        <span />
        <span />
        <span />
      </span>
      {t('media.quality.label', { quality: t(`media.quality.${quality}`) })}
      {detail && <span className="visually-hidden"> {detail}</span>}
    </span>
  );
}
