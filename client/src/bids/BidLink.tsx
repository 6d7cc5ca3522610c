import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useServerNow } from '../realtime/server-time';

export const bidPagePath = (projectId: string, sectionId: string) => `/bidder/projects/${encodeURIComponent(projectId)}/sections/${encodeURIComponent(sectionId)}/bid`;

/**
 * Where a bidder goes from a section to encrypt, submit, check or withdraw its bid; past the
 * deadline (by the server's clock), only to look at the bid and its receipts.
 */
export function BidLink({ projectId, sectionId, bidDeadline, primary = false }: { projectId: string; sectionId: string; bidDeadline?: string; primary?: boolean }) {
  const { t } = useTranslation();
  const now = useServerNow();
  const closed = bidDeadline !== undefined && now !== null && now >= Date.parse(bidDeadline);
  return (
    <Link className={`button button-small ${primary && !closed ? 'button-primary' : 'button-outline'}`} to={bidPagePath(projectId, sectionId)}>
      {closed ? t('bid.view') : t('bid.open')}
    </Link>
  );
}
