import { useTranslation } from 'react-i18next';
import type { TMediaKind } from './media-kinds';
import type { MediaRoom } from './use-media-room';

/** Join (with camera and microphone, or to watch), mute and unmute, leave. */
export function MediaControls({ room, canPublish }: { room: MediaRoom; canPublish: boolean }) {
  const { t } = useTranslation();
  const { session, status, local } = room;
  const toggle = (kind: TMediaKind) => void session.setMuted(kind, !local.muted[kind]);
  if (status === 'idle') {
    return (
      <div className="media-controls" role="group" aria-label={t('media.controls')}>
        {canPublish && (
          <button type="button" className="button button-primary" onClick={() => void session.join(true)}>
            {t('media.joinWithCamera')}
          </button>
        )}
        <button type="button" className={canPublish ? 'button button-outline' : 'button button-primary'} onClick={() => void session.join(false)}>
          {canPublish ? t('media.joinToWatch') : t('media.watch')}
        </button>
      </div>
    );
  }
  const watching = !local.tracks.audio && !local.tracks.video;
  return (
    <div className="media-controls" role="group" aria-label={t('media.controls')}>
      {canPublish && watching && status === 'live' && room.role !== 'subscriber' && (
        <button type="button" className="button button-primary" onClick={() => void session.publish()}>
          {t('media.startPublishing')}
        </button>
      )}
      {local.tracks.audio && (
        <button type="button" className="button button-outline" onClick={() => toggle('audio')}>
          {local.muted.audio ? t('media.micOn') : t('media.micOff')}
        </button>
      )}
      {local.tracks.video && (
        <button type="button" className="button button-outline" onClick={() => toggle('video')}>
          {local.muted.video ? t('media.cameraOn') : t('media.cameraOff')}
        </button>
      )}
      <button type="button" className="button button-danger" onClick={() => void session.leave()}>
        {t('media.leave')}
      </button>
    </div>
  );
}
