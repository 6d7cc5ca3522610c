import { apiRoutes, type TAmendment, type TSection } from '@bidhall/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { routeKey } from '../api/queries';
import { api } from '../app/services';
import { useServerNow } from '../realtime/server-time';
import { type DocumentChoice, DocumentChangesPicker, noDocumentChanges, toDocumentChanges } from '../tender-documents/DocumentChangesPicker';
import { ErrorNotice } from '../ui/errors';
import { OpeningFieldsEditor } from './OpeningFieldsEditor';
import { ScoringTemplateEditor } from './ScoringTemplateEditor';
import { AMENDABLE_FIELDS, type AmendableField, draftOfSection, type SectionDraft, toSectionChanges } from './section-draft';
import { useDraftDefaults, useSectionFieldLabel } from './section-labels';
import { SectionFieldInput } from './SectionFieldInput';

/** Whether a published section may still be amended: only before its deadline, by the server's clock. */
export function useAmendable(section: TSection): boolean {
  const now = useServerNow();
  return section.phase === 'BIDDING' && (now === null || now < Date.parse(section.bidDeadline));
}

/**
 * A clarification or amendment (澄清 · 修改) of a published section, published as its next
 * version. Only the fields ticked are sent; registered bidders are notified by the platform.
 */
export function AmendmentForm({ section, mandatoryTender, onDone }: { section: TSection; mandatoryTender: boolean; onDone(amendment: TAmendment | null): void }) {
  const { t } = useTranslation();
  const id = useId();
  const queryClient = useQueryClient();
  const defaults = useDraftDefaults();
  const fieldLabel = useSectionFieldLabel();
  const open = useAmendable(section);
  const [draft, setDraft] = useState<SectionDraft>(() => draftOfSection(section, defaults));
  const [chosen, setChosen] = useState<ReadonlySet<AmendableField>>(new Set());
  const [reason, setReason] = useState('');
  const [clarification, setClarification] = useState('');
  const [documents, setDocuments] = useState<DocumentChoice>(noDocumentChanges);
  const [affects, setAffects] = useState(true);
  const update = (patch: Partial<SectionDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const toggle = (field: AmendableField, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(field);
      else next.delete(field);
      return next;
    });

  const amend = useMutation({
    mutationFn: () => {
      const documentChanges = toDocumentChanges(documents);
      return api.call(apiRoutes.projects.amend, {
        params: { sectionId: section.id },
        body: { reason, clarification, changes: toSectionChanges(draft, chosen), affectsPreparation: affects, ...(documentChanges ? { documents: documentChanges } : {}) },
      });
    },
    onSuccess: async (amendment) => {
      await Promise.all(
        [apiRoutes.projects.get, apiRoutes.projects.list, apiRoutes.projects.portalGet, apiRoutes.projects.portalList, apiRoutes.tenderDocuments.list].map((route) =>
          queryClient.invalidateQueries({ queryKey: routeKey(route) }),
        ),
      );
      onDone(amendment);
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    amend.mutate();
  };

  return (
    <form className="section-form amendment-form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t('amendmentForm.heading', { version: section.version + 1 })}</h3>
      <p className="muted small">{t('amendmentForm.intro')}</p>
      {!open && <p className="notice notice-info">{t('amendmentForm.closed')}</p>}
      <fieldset className="form-fields" disabled={!open || amend.isPending}>
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t('amendmentForm.reason')}</label>
          <input id={`${id}-reason`} value={reason} onChange={(event) => setReason(event.target.value)} required minLength={2} maxLength={500} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-clarification`}>{t('amendmentForm.clarification')}</label>
          <textarea id={`${id}-clarification`} value={clarification} onChange={(event) => setClarification(event.target.value)} rows={4} maxLength={10_000} />
        </div>
        <fieldset className="change-picker">
          <legend>{t('amendmentForm.changes')}</legend>
          {AMENDABLE_FIELDS.map((field) => (
            <label key={field} className="checkbox">
              <input type="checkbox" checked={chosen.has(field)} onChange={(event) => toggle(field, event.target.checked)} />
              {t(`sectionFields.${field}`)}
            </label>
          ))}
        </fieldset>
        {chosen.size > 0 && (
          <div className="form-grid">
            {AMENDABLE_FIELDS.map(
              (field) => chosen.has(field) && field !== 'scoringTemplate' && field !== 'openingFormFields' && <SectionFieldInput key={field} field={field} draft={draft} onChange={update} />,
            )}
          </div>
        )}
        {chosen.has('scoringTemplate') && (
          <fieldset className="form-section">
            <legend>{t('sectionFields.scoringTemplate')}</legend>
            <ScoringTemplateEditor
              method={draft.evaluationMethod}
              comprehensive={draft.comprehensive}
              lowestPrice={draft.lowestPrice}
              onComprehensive={(comprehensive) => update({ comprehensive })}
              onLowestPrice={(lowestPrice) => update({ lowestPrice })}
            />
          </fieldset>
        )}
        {chosen.has('openingFormFields') && (
          <fieldset className="form-section">
            <legend>{t('sectionFields.openingFormFields')}</legend>
            <OpeningFieldsEditor fields={draft.openingFormFields} onChange={(openingFormFields) => update({ openingFormFields })} />
          </fieldset>
        )}
        <DocumentChangesPicker sectionId={section.id} value={documents} onChange={setDocuments} />
        <label className="checkbox">
          <input type="checkbox" checked={affects} onChange={(event) => setAffects(event.target.checked)} />
          {t('timeLimits.affectsPreparation')}
        </label>
        {affects && section.timeLimits.amendmentMovesDeadline && (
          <p className={`notice ${mandatoryTender ? 'notice-warning' : 'notice-info'}`} role="status" data-testid="deadline-moves">
            {t(mandatoryTender ? 'timeLimits.amendmentMoves' : 'timeLimits.amendmentWarning')}
          </p>
        )}
      </fieldset>
      {amend.isError && <ErrorNotice error={amend.error} fieldLabel={fieldLabel} />}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={!open || amend.isPending}>
          {amend.isPending ? t('amendmentForm.publishing') : t('amendmentForm.publish', { version: section.version + 1 })}
        </button>
        <button type="button" className="button button-quiet" disabled={amend.isPending} onClick={() => onDone(null)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
