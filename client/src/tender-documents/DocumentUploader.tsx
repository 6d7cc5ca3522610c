import { apiRoutes, MAX_TENDER_DOCUMENT_BYTES, TENDER_DOCUMENT_EXTENSIONS } from '@bidhall/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { routeKey } from '../api/queries';
import { api } from '../app/services';
import { useBytes } from '../bids/format';
import { ErrorNotice } from '../ui/errors';
import { localFileProblem } from './document-file';

type Outcome = { name: string } & ({ state: 'uploading' } | { state: 'done' } | { state: 'refused'; problem: 'TYPE' | 'EMPTY' | 'TOO_LARGE' } | { state: 'failed'; error: unknown });

/**
 * The agency adds files to a section's tender documents, one request per file, streamed as they
 * are: to the draft's set, or staged for the next amendment once the section is published.
 */
export function DocumentUploader({ sectionId, staged }: { sectionId: string; staged: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const bytes = useBytes();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const busy = outcomes.some((o) => o.state === 'uploading');

  const upload = async () => {
    const files = [...(input.current?.files ?? [])];
    if (files.length === 0) return;
    const set = (index: number, outcome: Outcome) => setOutcomes((current) => current.map((o, i) => (i === index ? outcome : o)));
    setOutcomes(files.map((f) => ({ name: f.name, state: 'uploading' })));
    for (const [index, file] of files.entries()) {
      const problem = localFileProblem(file);
      if (problem) {
        set(index, { name: file.name, state: 'refused', problem });
        continue;
      }
      try {
        await api.upload(apiRoutes.tenderDocuments.upload, file, { params: { sectionId }, query: { name: file.name } });
        set(index, { name: file.name, state: 'done' });
      } catch (error) {
        set(index, { name: file.name, state: 'failed', error });
      }
    }
    if (input.current) input.current.value = '';
    await queryClient.invalidateQueries({ queryKey: routeKey(apiRoutes.tenderDocuments.list) });
  };

  return (
    // Not a form of its own: the amendment form holds it.
    <div className="document-uploader">
      <div className="field">
        <label htmlFor={`${id}-files`}>
          {staged ? t('documents.uploadStaged') : t('documents.upload')}
        </label>
        <input id={`${id}-files`} ref={input} type="file" multiple disabled={busy} aria-describedby={`${id}-hint`} />
        <p className="field-hint" id={`${id}-hint`}>
          {t('documents.uploadHint', { types: TENDER_DOCUMENT_EXTENSIONS.join(' '), max: bytes(MAX_TENDER_DOCUMENT_BYTES) })}
        </p>
      </div>
      <button type="button" className="button button-outline button-small" disabled={busy} onClick={() => void upload()}>
        {busy ? t('documents.uploading') : t('documents.uploadButton')}
      </button>
      {outcomes.length > 0 && (
        <ul className="upload-outcomes" aria-live="polite">
          {outcomes.map((o, index) => (
            <li key={index} data-testid="upload-outcome" data-state={o.state}>
              <strong>{o.name}</strong>{' '}
              {o.state === 'uploading' && <span className="muted">{t('documents.uploading')}</span>}
              {o.state === 'done' && <span className="tag tag-active">{staged ? t('documents.stagedDone') : t('documents.uploaded')}</span>}
              {o.state === 'refused' && <span className="hint-over">{t(`documents.localProblems.${o.problem}`, { max: bytes(MAX_TENDER_DOCUMENT_BYTES) })}</span>}
              {o.state === 'failed' && <ErrorNotice error={o.error} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
