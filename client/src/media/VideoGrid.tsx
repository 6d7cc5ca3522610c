import { useTranslation } from 'react-i18next';
import { type TileView, VideoTile } from './VideoTile';

export function VideoGrid({ tiles }: { tiles: readonly TileView[] }) {
  const { t } = useTranslation();
  if (tiles.length === 0) return <p className="empty">{t('media.empty')}</p>;
  return (
    <ul className="video-grid" aria-label={t('media.grid')} data-count={tiles.length}>
      {tiles.map((tile) => (
        <li key={tile.participantId}>
          <VideoTile tile={tile} />
        </li>
      ))}
    </ul>
  );
}
