import type { TOpeningView } from '@bidhall/contracts';
import { useTranslation } from 'react-i18next';
import { useSignedInUser } from '../auth/use-session';
import { MediaRoomPanel } from '../media/MediaRoomPanel';
import { useMediaRoom } from '../media/use-media-room';
import { Card } from '../ui/Card';

/** The opening hall's live audio and video: the host and supervisors broadcast, everyone else watches. */
export function HallVideoCard({ view }: { view: TOpeningView }) {
  const { t } = useTranslation();
  const { role } = useSignedInUser();
  const canPublish = view.role === 'HOST' || role === 'SUPERVISOR';
  const room = useMediaRoom(`opening:${view.sectionId}`);
  return (
    <Card title={t('media.hall.heading')}>
      <p className="muted small">{canPublish ? t('media.hall.introPublisher') : t('media.hall.intro')}</p>
      <MediaRoomPanel room={room} canPublish={canPublish} nameOf={(_participantId, n) => t('media.hall.feed', { n })} />
    </Card>
  );
}
