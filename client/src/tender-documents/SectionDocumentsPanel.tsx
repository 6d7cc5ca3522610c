import { apiRoutes, type TSection, type TTenderDocument } from '@bidhall/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { routeKey, useApiQuery } from '../api/queries';
import { api } from '../app/services';
import { useAmendable } from '../projects/AmendmentForm';
import { ErrorNotice } from '../ui/errors';
import { QueryState } from '../ui/QueryState';
import { DocumentTable } from './DocumentTable';
import { DocumentUploader } from './DocumentUploader';
import { DownloadButton } from './DownloadButton';

/**
 * A section's tender documents (招标文件) for the agency running it, its tenderer and supervisors.
 * The agency uploads files to a draft, which are published with the announcement; afterwards a
 * new file is staged and published only by an amendment.
 */
export function SectionDocumentsPanel({ section, canEdit }: { section: TSection; canEdit: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  const documents = useApiQuery(apiRoutes.tenderDocuments.list, { params: { sectionId: section.id } });
  const amendable = useAmendable(section);
  const draft = section.status === 'DRAFT';
  const canUpload = canEdit && (draft || amendable);
  return (
    <section className="section-documents" aria-labelledby={headingId} data-testid="section-documents">
      <h4 id={headingId}>{t('documents.heading')}</h4>
      <p className="muted small">{draft ? t('documents.draftIntro') : t('documents.publishedIntro')}</p>
      <QueryState query={documents}>
        {(data) => {
          const groups = {
            current: data.items.filter((d) => d.status === 'DRAFT' || d.status === 'CURRENT'),
            staged: data.items.filter((d) => d.status === 'STAGED'),
            superseded: data.items.filter((d) => d.status === 'SUPERSEDED'),
          };
          return (
            <>
              {groups.current.length === 0 ? (
                <p className="empty">{t('documents.none')}</p>
              ) : (
                <DocumentTable
                  documents={groups.current}
                  caption={t('documents.heading')}
                  status={(d) => (d.status === 'DRAFT' ? t('documents.status.DRAFT') : t('documents.publishedIn', { version: d.publishedVersion }))}
                  actions={(d) => <DocumentActions document={d} canRemove={canEdit && d.status === 'DRAFT'} />}
                />
              )}
              {groups.staged.length > 0 && (
                <>
                  <h5>{t('documents.stagedHeading')}</h5>
                  <p className="muted small">{t('documents.stagedIntro')}</p>
                  <DocumentTable documents={groups.staged} caption={t('documents.stagedHeading')} status={() => t('documents.status.STAGED')} actions={(d) => <DocumentActions document={d} canRemove={canEdit} />} />
                </>
              )}
              {groups.superseded.length > 0 && <SupersededDocuments documents={groups.superseded} />}
            </>
          );
        }}
      </QueryState>
      {canUpload && <DocumentUploader sectionId={section.id} staged={!draft} />}
    </section>
  );
}

/** Replaced and withdrawn files, kept for comparison. */
export function SupersededDocuments({ documents }: { documents: readonly TTenderDocument[] }) {
  const { t } = useTranslation();
  return (
    <details className="superseded-documents">
      <summary>{t('documents.supersededHeading', { n: documents.length })}</summary>
      <DocumentTable
        documents={documents}
        caption={t('documents.supersededHeading', { n: documents.length })}
        status={(d) => t('documents.supersededIn', { from: d.publishedVersion, to: d.supersededVersion })}
        actions={(d) => <DownloadButton document={d} />}
      />
    </details>
  );
}

function DocumentActions({ document, canRemove }: { document: TTenderDocument; canRemove: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api.call(apiRoutes.tenderDocuments.remove, { params: { documentId: document.id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: routeKey(apiRoutes.tenderDocuments.list) }),
  });
  return (
    <>
      <DownloadButton document={document} />
      {canRemove && (
        <button type="button" className="button button-danger-outline button-small" disabled={remove.isPending} aria-label={t('documents.removeFile', { name: document.name })} onClick={() => remove.mutate()}>
          {t('documents.remove')}
        </button>
      )}
      {remove.isError && <ErrorNotice error={remove.error} />}
    </>
  );
}
