import { apiRoutes, type TDocumentChanges, type TTenderDocument } from '@bidhall/contracts';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../api/queries';
import { useBytes } from '../bids/format';
import { QueryState } from '../ui/QueryState';
import { DocumentUploader } from './DocumentUploader';

/** For each staged file: left out, added, or put in place of a current file (its id). */
export interface DocumentChoice {
  staged: Record<string, 'skip' | 'add' | { replaces: string }>;
  withdrawn: ReadonlySet<string>;
}

export const noDocumentChanges: DocumentChoice = { staged: {}, withdrawn: new Set() };

export function toDocumentChanges(choice: DocumentChoice): TDocumentChanges | undefined {
  const entries = Object.entries(choice.staged);
  const changes = {
    add: entries.filter(([, c]) => c === 'add').map(([id]) => id),
    replace: entries.flatMap(([id, c]) => (typeof c === 'object' ? [{ documentId: c.replaces, withId: id }] : [])),
    remove: [...choice.withdrawn],
  };
  return changes.add.length + changes.replace.length + changes.remove.length > 0 ? changes : undefined;
}

/**
 * The tender document files an amendment publishes: the agency stages new files here (uploaded at
 * once, visible to nobody else), then says for each whether it is added or replaces a current
 * file, and which current files are withdrawn. The amendment records old and new hashes.
 */
export function DocumentChangesPicker({ sectionId, value, onChange }: { sectionId: string; value: DocumentChoice; onChange(choice: DocumentChoice): void }) {
  const { t } = useTranslation();
  const id = useId();
  const bytes = useBytes();
  const documents = useApiQuery(apiRoutes.tenderDocuments.list, { params: { sectionId } });
  const replaced = new Set(Object.values(value.staged).flatMap((c) => (typeof c === 'object' ? [c.replaces] : [])));
  const setStaged = (documentId: string, choice: DocumentChoice['staged'][string]) => onChange({ ...value, staged: { ...value.staged, [documentId]: choice } });
  const toggleWithdrawn = (documentId: string, on: boolean) => {
    const withdrawn = new Set(value.withdrawn);
    if (on) withdrawn.add(documentId);
    else withdrawn.delete(documentId);
    onChange({ ...value, withdrawn });
  };
  return (
    <fieldset className="form-section document-changes" aria-describedby={`${id}-intro`}>
      <legend>{t('documents.amendmentHeading')}</legend>
      <p className="muted small" id={`${id}-intro`}>
        {t('documents.amendmentIntro')}
      </p>
      <QueryState query={documents}>
        {(data) => {
          const current = data.items.filter((d) => d.status === 'CURRENT');
          const staged = data.items.filter((d) => d.status === 'STAGED');
          const describe = (d: TTenderDocument) => t('documents.describe', { name: d.name, size: bytes(d.size), hash: d.sha256.slice(0, 12) });
          return (
            <>
              {staged.length === 0 ? (
                <p className="empty">{t('documents.noneStaged')}</p>
              ) : (
                <div className="form-grid">
                  {staged.map((d) => {
                    const choice = value.staged[d.id] ?? 'skip';
                    const selected = typeof choice === 'object' ? `replace:${choice.replaces}` : choice;
                    return (
                      <div className="field field-wide" key={d.id}>
                        <label htmlFor={`${id}-${d.id}`}>{t('documents.stagedChoice', { name: d.name })}</label>
                        <select
                          id={`${id}-${d.id}`}
                          value={selected}
                          onChange={(event) => {
                            const next = event.target.value;
                            setStaged(d.id, next.startsWith('replace:') ? { replaces: next.slice('replace:'.length) } : (next as 'skip' | 'add'));
                          }}
                        >
                          <option value="skip">{t('documents.choiceSkip')}</option>
                          <option value="add">{t('documents.choiceAdd')}</option>
                          {current
                            .filter((c) => !value.withdrawn.has(c.id) && (!replaced.has(c.id) || selected === `replace:${c.id}`))
                            .map((c) => (
                              <option key={c.id} value={`replace:${c.id}`}>
                                {t('documents.choiceReplace', { name: c.name })}
                              </option>
                            ))}
                        </select>
                        <p className="field-hint">{describe(d)}</p>
                      </div>
                    );
                  })}
                </div>
              )}
              {current.length > 0 && (
                <fieldset className="change-picker">
                  <legend>{t('documents.withdrawHeading')}</legend>
                  {current.map((c) => (
                    <label key={c.id} className="checkbox">
                      <input type="checkbox" checked={value.withdrawn.has(c.id)} disabled={replaced.has(c.id)} onChange={(event) => toggleWithdrawn(c.id, event.target.checked)} />
                      {t('documents.withdraw', { name: c.name })}
                    </label>
                  ))}
                </fieldset>
              )}
            </>
          );
        }}
      </QueryState>
      <DocumentUploader sectionId={sectionId} staged />
    </fieldset>
  );
}
