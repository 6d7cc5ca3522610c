import type { TOpeningView } from '@bidhall/contracts';
import { useTranslation } from 'react-i18next';
import { useSignedInUser } from '../auth/use-session';
import { MediaRoomPanel } from '../media/MediaRoomPanel';
import { useMediaRoom } from '../media/use-media-room';
import { Card } from '../ui/Card';
import { HallRecordings } from './HallRecordings';

function LiveVideo({ view }: { view: TOpeningView }) {
  const { t } = useTranslation();
  const { role } = useSignedInUser();
  const canPublish = view.role === 'HOST' || role === 'SUPERVISOR';
  const room = useMediaRoom(`opening:${view.sectionId}`);
  return (
    <>
      <p className="muted small">{canPublish ? t('media.hall.introPublisher') : t('media.hall.intro')}</p>
      <MediaRoomPanel room={room} canPublish={canPublish} nameOf={(_participantId, n) => t('media.hall.feed', { n })} />
    </>
  );
}

/**
 * The opening hall's live audio and video: the host and supervisors broadcast, everyone else
 * watches. It ends with the opening; then those who may see the recordings find them listed here.
 */
export function HallVideoCard({ view }: { view: TOpeningView }) {
  const { t } = useTranslation();
  const over = view.state === 'CLOSED' || view.state === 'FAILED';
  return (
    <Card title={t('media.hall.heading')}>
      {!over ? (
        <LiveVideo view={view} />
      ) : view.role === 'BIDDER' ? (
        <p className="muted small">{t('media.hall.overBidder')}</p>
      ) : (
        <>
          <p className="muted small">{t('media.hall.over')}</p>
          <HallRecordings view={view} />
        </>
      )}
    </Card>
  );
}
