import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export const bidPagePath = (projectId: string, sectionId: string) => `/bidder/projects/${encodeURIComponent(projectId)}/sections/${encodeURIComponent(sectionId)}/bid`;

/** Where a bidder goes from a section to encrypt, submit, check or withdraw its bid. */
export function BidLink({ projectId, sectionId, primary = false }: { projectId: string; sectionId: string; primary?: boolean }) {
  const { t } = useTranslation();
  return (
    <Link className={`button button-small ${primary ? 'button-primary' : 'button-outline'}`} to={bidPagePath(projectId, sectionId)}>
      {t('bid.open')}
    </Link>
  );
}
