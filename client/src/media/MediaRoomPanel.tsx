import './media-room.css';
import { apiRoutes } from '@bidhall/contracts';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../api/queries';
import { useSignedInUser } from '../auth/use-session';
import { DevicePicker } from './DevicePicker';
import { MediaControls } from './MediaControls';
import { MediaErrorNotice } from './MediaErrorNotice';
import { QualityIndicator } from './QualityIndicator';
import { tilesOf } from './room-tracks';
import { useConnectionQuality } from './use-connection-quality';
import { useDevices } from './use-devices';
import type { MediaRoom } from './use-media-room';
import { VideoGrid } from './VideoGrid';
import type { TileView } from './VideoTile';

export interface MediaRoomPanelProps {
  room: MediaRoom;
  /** The user may show a camera and microphone here; the server decides in the end. */
  canPublish: boolean;
  /** A participant's name where the page knows it; `fallback` numbers the others. */
  nameOf: (participantId: string, fallback: number) => string;
}

/** A media room's controls, devices, connection quality and video grid. */
export function MediaRoomPanel({ room, canPublish, nameOf }: MediaRoomPanelProps) {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const config = useApiQuery(apiRoutes.media.config);
  const { status, local, remote, session } = room;
  const devices = useDevices(local.tracks.video ?? local.tracks.audio);
  const remoteTiles = tilesOf(remote);
  const expectVideo = remoteTiles.some((tile) => tile.video && !tile.video.muted);
  const quality = useConnectionQuality(session, status === 'live', expectVideo);
  const tiles: TileView[] = remoteTiles.map((tile, index) => ({
    participantId: tile.participantId,
    name: tile.displayName ?? nameOf(tile.participantId, index + 1),
    self: false,
    video: tile.video?.media ?? null,
    audio: tile.audio?.media ?? null,
    hasVideo: tile.video !== null,
    videoMuted: tile.video?.muted ?? false,
    audioMuted: tile.audio?.muted ?? false,
    speaking: tile.speaking,
  }));
  if (local.tracks.audio || local.tracks.video) {
    tiles.unshift({
      participantId: me.id,
      name: t('media.you', { name: me.displayName }),
      self: true,
      video: local.tracks.video ?? null,
      audio: local.tracks.audio ?? null,
      hasVideo: local.tracks.video !== undefined,
      videoMuted: local.muted.video,
      audioMuted: local.muted.audio,
      speaking: remote.speaker === me.id,
    });
  }
  if (config.data?.enabled === false) return <p className="muted small">{t('media.unavailable')}</p>;
  return (
    <div className="media-room" data-testid="media-room" data-status={status}>
      <div className="media-toolbar">
        <MediaControls room={room} canPublish={canPublish} />
        <span role="status" className="media-status muted small">
          {t(`media.status.${status}`)}
        </span>
        {status !== 'idle' && <QualityIndicator measured={quality} />}
      </div>
      {canPublish && <DevicePicker devices={devices} chosen={room.devices} onChoose={(kind, deviceId) => void session.chooseDevice(kind, deviceId)} />}
      {room.error && <MediaErrorNotice error={room.error} />}
      {room.removed && (
        <p className="notice notice-error" role="alert">
          {room.removed === 'kicked' || room.removed === 'room-closed' ? t(`media.removed.${room.removed}`) : t('media.removed.other')}
        </p>
      )}
      {status !== 'idle' && <VideoGrid tiles={tiles} />}
    </div>
  );
}
