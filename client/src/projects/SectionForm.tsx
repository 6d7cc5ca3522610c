import { apiRoutes, type TEvaluationMethod, type TProject, type TSection, ZEvaluationMethod } from '@bidhall/contracts';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../app/services';
import { useServerNow } from '../realtime/server-time';
import { ErrorNotice } from '../ui/errors';
import { InputField, MONEY_PATTERN } from '../ui/fields';
import { OpeningFieldsEditor } from './OpeningFieldsEditor';
import { ScoringTemplateEditor } from './ScoringTemplateEditor';
import { draftOfSection, newSectionDraft, type SectionDraft, toSectionInput } from './section-draft';
import { useDraftDefaults, useSectionFieldLabel } from './section-labels';
import { SectionFieldInput } from './SectionFieldInput';
import { useProjectUpdate } from './use-project-update';

/** Adds a section to a draft project, or edits one of its sections. */
export function SectionForm({ project, section, onDone }: { project: TProject; section?: TSection; onDone(): void }) {
  const { t } = useTranslation();
  const defaults = useDraftDefaults();
  const serverNow = useServerNow();
  const fieldLabel = useSectionFieldLabel();
  const projectUpdated = useProjectUpdate();
  const [draft, setDraft] = useState<SectionDraft>(() =>
    section
      ? draftOfSection(section, defaults)
      : newSectionDraft(defaults, {
          code: String(project.sections.length + 1).padStart(2, '0'),
          // A project of one section usually tenders it whole.
          estimatedPrice: project.sections.length === 0 ? project.estimatedPrice : '',
          serverNowMs: serverNow ?? Date.now(),
        }),
  );
  const update = (patch: Partial<SectionDraft>) => setDraft((current) => ({ ...current, ...patch }));

  const save = useMutation({
    mutationFn: (body: ReturnType<typeof toSectionInput>) =>
      section
        ? api.call(apiRoutes.projects.updateSection, { params: { sectionId: section.id }, body })
        : api.call(apiRoutes.projects.addSection, { params: { projectId: project.id }, body }),
    onSuccess: (saved) => {
      projectUpdated(saved);
      onDone();
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate(toSectionInput(draft));
  };

  return (
    <form className="section-form" onSubmit={submit} aria-label={section ? t('sectionForm.editHeading', { code: section.code }) : t('sectionForm.addHeading')}>
      <h3>{section ? t('sectionForm.editHeading', { code: section.code }) : t('sectionForm.addHeading')}</h3>
      <fieldset className="form-section">
        <legend>{t('sectionForm.basics')}</legend>
        <div className="form-grid">
          <InputField
            label={t('sectionFields.code')}
            hint={t('sectionForm.codeHint')}
            value={draft.code}
            onChange={(code) => update({ code })}
            pattern={String.raw`[A-Za-z0-9][A-Za-z0-9_\-]{1,39}`}
            required
            maxLength={40}
          />
          <InputField label={t('sectionFields.name')} value={draft.name} onChange={(name) => update({ name })} required minLength={2} maxLength={100} className="field-wide" />
          <InputField
            label={t('sectionFields.estimatedPrice')}
            hint={t('sectionForm.yuanHint')}
            inputMode="decimal"
            pattern={MONEY_PATTERN}
            value={draft.estimatedPrice}
            onChange={(estimatedPrice) => update({ estimatedPrice })}
            required
          />
          <SectionFieldInput field="ceilingPrice" draft={draft} onChange={update} />
          <SectionFieldInput field="bondAmount" draft={draft} onChange={update} />
          <SectionFieldInput field="bidValidityDays" draft={draft} onChange={update} />
        </div>
      </fieldset>
      <fieldset className="form-section">
        <legend>{t('sectionForm.opening')}</legend>
        <div className="form-grid">
          <SectionFieldInput field="bidDeadline" draft={draft} onChange={update} />
          <SectionFieldInput field="signInLeadMinutes" draft={draft} onChange={update} />
          <SectionFieldInput field="decryptWindowMinutes" draft={draft} onChange={update} />
          <SectionFieldInput field="questionCutoffDays" draft={draft} onChange={update} />
        </div>
      </fieldset>
      <fieldset className="form-section">
        <legend>{t('sectionFields.evaluationMethod')}</legend>
        <MethodPicker value={draft.evaluationMethod} onChange={(evaluationMethod) => update({ evaluationMethod })} />
        <ScoringTemplateEditor
          method={draft.evaluationMethod}
          comprehensive={draft.comprehensive}
          lowestPrice={draft.lowestPrice}
          onComprehensive={(comprehensive) => update({ comprehensive })}
          onLowestPrice={(lowestPrice) => update({ lowestPrice })}
        />
      </fieldset>
      <fieldset className="form-section">
        <legend>{t('sectionFields.openingFormFields')}</legend>
        <OpeningFieldsEditor fields={draft.openingFormFields} onChange={(openingFormFields) => update({ openingFormFields })} />
      </fieldset>
      {save.isError && <ErrorNotice error={save.error} fieldLabel={fieldLabel} />}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? t('sectionForm.saving') : t('sectionForm.save')}
        </button>
        <button type="button" className="button button-quiet" disabled={save.isPending} onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function MethodPicker({ value, onChange }: { value: TEvaluationMethod; onChange(next: TEvaluationMethod): void }) {
  const { t } = useTranslation();
  return (
    <div className="segmented" role="group" aria-label={t('sectionFields.evaluationMethod')}>
      {ZEvaluationMethod.options.map((method) => (
        <button key={method} type="button" aria-pressed={value === method} onClick={() => onChange(method)}>
          {t(`evaluationMethods.${method}`)}
        </button>
      ))}
    </div>
  );
}
