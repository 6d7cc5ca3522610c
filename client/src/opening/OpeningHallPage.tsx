import type { TOpeningView } from '@bidhall/contracts';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useSignedInUser } from '../auth/use-session';
import { Loading, PageHeading } from '../ui/Card';
import { ErrorNotice } from '../ui/errors';
import { AnnouncementCard } from './AnnouncementCard';
import { AttemptsCard } from './AttemptsCard';
import { BidderPanel } from './BidderPanel';
import { HallLog } from './HallLog';
import { HallStatus } from './HallStatus';
import { hallTitle } from './hall-title';
import { HallVideoCard } from './HallVideoCard';
import { HostPanel } from './HostPanel';
import { ObjectionsCard } from './ObjectionsCard';
import { Outcome } from './Outcome';
import { ParticipantsCard } from './ParticipantsCard';
import { type OpeningHall, useOpening } from './use-opening';
import { usePhaseFocus } from './use-phase-focus';

/**
 * One section's opening, live: the bidder's hall (开标大厅), the agency's console (主持人控制台)
 * or the read-only view of the tenderer and supervisors, as the platform says the user takes part.
 */
export function OpeningHallPage() {
  const { t } = useTranslation();
  const { sectionId = '' } = useParams();
  const { role } = useSignedInUser();
  const hall = useOpening(sectionId);
  return (
    <>
      <Link className="back-link" to={role === 'BIDDER' ? '/bidder/sections' : '/projects'}>
        {role === 'BIDDER' ? t('opening.backBidder') : t('opening.backProjects')}
      </Link>
      {hall.error?.code === 'NOT_FOUND' ? (
        // Also what a bidder whose bid did not stand finds once the deadline has passed.
        <p className="notice notice-error" role="alert">
          {t('opening.notFound')}
        </p>
      ) : hall.view ? (
        <Hall hall={hall} view={hall.view} />
      ) : hall.error ? (
        <ErrorNotice error={hall.error} />
      ) : (
        <Loading />
      )}
    </>
  );
}

function Hall({ hall, view }: { hall: OpeningHall; view: TOpeningView }) {
  const { t } = useTranslation();
  const { role } = useSignedInUser();
  const afterDeadline = view.state !== 'SCHEDULED' && view.state !== 'SIGN_IN';
  const seesAttempts = view.role === 'HOST' || role === 'SUPERVISOR' || role === 'ADMIN';
  const action = useRef<HTMLElement>(null);
  const outcome = useRef<HTMLElement>(null);
  usePhaseFocus(view.state, action, outcome);
  return (
    <div className="opening-hall" data-testid="opening-hall" data-role={view.role}>
      <PageHeading title={t(`opening.titles.${hallTitle(view.role, role)}`)} intro={t('opening.intro', { project: view.projectName, section: view.sectionName })} />
      <div role="status" className="hall-sync">
        {hall.status === 'resyncing' && <span className="muted small">{t('opening.resyncing')}</span>}
      </div>
      {hall.error && <ErrorNotice error={hall.error} />}
      <div className="panels">
        <HallStatus view={view} />
        <Outcome view={view} landing={outcome} />
        {view.role === 'BIDDER' && <BidderPanel hall={hall} view={view} landing={action} />}
        {view.role === 'HOST' && <HostPanel hall={hall} view={view} landing={action} />}
        <HallVideoCard view={view} />
        <ParticipantsCard hall={hall} view={view} />
        {afterDeadline && view.state !== 'FAILED' && <AnnouncementCard view={view} />}
        {afterDeadline && view.state !== 'FAILED' && <ObjectionsCard hall={hall} view={view} />}
        {seesAttempts && afterDeadline && <AttemptsCard view={view} />}
        <HallLog view={view} log={hall.log} />
      </div>
    </div>
  );
}
