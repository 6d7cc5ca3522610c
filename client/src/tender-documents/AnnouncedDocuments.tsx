import { apiRoutes, type TAnnouncedSection } from '@bidhall/contracts';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../api/queries';
import { useMyRegistration } from '../portal/use-my-registration';
import { QueryState } from '../ui/QueryState';
import { DocumentTable } from './DocumentTable';
import { DownloadButton } from './DownloadButton';
import { SupersededDocuments } from './SectionDocumentsPanel';

/**
 * A section's tender documents on its announcement: anyone sees the names, sizes and hashes; a
 * bidder that registered downloads the files (and earlier versions), and each copy is checked.
 */
export function AnnouncedDocuments({ section }: { section: TAnnouncedSection }) {
  const { t } = useTranslation();
  const headingId = useId();
  const { registration } = useMyRegistration(section.id);
  return (
    <section className="section-documents" aria-labelledby={headingId} data-testid="announced-documents">
      <h4 id={headingId}>{t('documents.heading')}</h4>
      {registration ? (
        <RegisteredDocuments sectionId={section.id} />
      ) : section.documents.length === 0 ? (
        <p className="empty">{t('documents.noneAnnounced')}</p>
      ) : (
        <>
          <p className="muted small">{t('documents.publicIntro')}</p>
          <DocumentTable documents={section.documents} caption={t('documents.heading')} />
        </>
      )}
    </section>
  );
}

function RegisteredDocuments({ sectionId }: { sectionId: string }) {
  const { t } = useTranslation();
  const documents = useApiQuery(apiRoutes.tenderDocuments.list, { params: { sectionId } });
  return (
    <QueryState query={documents}>
      {(data) => {
        const current = data.items.filter((d) => d.status === 'CURRENT');
        const superseded = data.items.filter((d) => d.status === 'SUPERSEDED');
        return (
          <>
            <p className="muted small">{t('documents.bidderIntro')}</p>
            {current.length === 0 ? (
              <p className="empty">{t('documents.noneAnnounced')}</p>
            ) : (
              <DocumentTable documents={current} caption={t('documents.heading')} actions={(d) => <DownloadButton document={d} />} />
            )}
            {superseded.length > 0 && <SupersededDocuments documents={superseded} />}
          </>
        );
      }}
    </QueryState>
  );
}
