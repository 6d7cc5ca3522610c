import './evaluation-room.css';
import { apiRoutes, type TCommittee } from '@bidhall/contracts';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/http';
import { useApiQuery } from '../api/queries';
import { useSignedInUser } from '../auth/use-session';
import { MediaRoomPanel } from '../media/MediaRoomPanel';
import { tilesOf } from '../media/room-tracks';
import { useMediaRoom } from '../media/use-media-room';
import { Card, Loading, PageHeading } from '../ui/Card';
import { ErrorNotice } from '../ui/errors';
import { CommitteeCard } from './CommitteeCard';

/**
 * A section's evaluation room (评标室): the committee's experts on camera with each other, and the
 * read-only view of supervisors and administrators, who watch without being seen.
 */
export function EvaluationRoomPage() {
  const { t } = useTranslation();
  const { sectionId = '' } = useParams();
  const { role } = useSignedInUser();
  const committee = useApiQuery(apiRoutes.committee.get, { params: { sectionId } });
  const expert = role === 'EXPERT';
  return (
    <>
      {expert && (
        <Link className="back-link" to="/expert/committees">
          {t('evaluation.back')}
        </Link>
      )}
      {expert ? <ExpertHeading sectionId={sectionId} /> : <PageHeading title={t('evaluation.supervisorTitle')} />}
      {committee.isPending ? (
        <Loading />
      ) : committee.error instanceof ApiError && committee.error.code === 'NOT_FOUND' ? (
        <p className="notice notice-error" role="alert">
          {t('evaluation.notFound')}
        </p>
      ) : committee.isError ? (
        <ErrorNotice error={committee.error} onRetry={() => void committee.refetch()} />
      ) : (
        <Room committee={committee.data} expert={expert} />
      )}
    </>
  );
}

/** The expert's heading names the project and section of the seat, from the expert's own committees. */
function ExpertHeading({ sectionId }: { sectionId: string }) {
  const { t } = useTranslation();
  const seats = useApiQuery(apiRoutes.committee.mine);
  const seat = seats.data?.items.find((item) => item.sectionId === sectionId);
  return <PageHeading title={t('evaluation.title')} intro={seat ? t('evaluation.intro', { project: seat.projectName, section: seat.sectionName }) : undefined} />;
}

function Room({ committee, expert }: { committee: TCommittee; expert: boolean }) {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const room = useMediaRoom(`evaluation:${committee.sectionId}`);
  const names = new Map(committee.members.map((member) => [member.userId, member.displayName]));
  const present = new Set(tilesOf(room.remote).map((tile) => tile.participantId));
  if (expert && room.status !== 'idle') present.add(me.id);
  return (
    <div className="panels">
      <Card title={t('evaluation.videoHeading')}>
        <p className="muted small">{expert ? t('evaluation.recorded') : `${t('evaluation.recorded')} ${t('evaluation.watching')}`}</p>
        <MediaRoomPanel room={room} canPublish={expert} nameOf={(participantId, n) => names.get(participantId) ?? t('media.participant', { n })} />
      </Card>
      <CommitteeCard committee={committee} present={present} />
    </div>
  );
}
