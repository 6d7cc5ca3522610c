import { apiRoutes, type TProjectInput, type TProjectType, ZProjectType } from '@bidhall/contracts';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../api/http';
import { api } from '../app/services';
import { useMe } from '../auth/use-me';
import { Card, PageHeading } from '../ui/Card';
import { ErrorNotice } from '../ui/errors';
import { InputField, MONEY_PATTERN } from '../ui/fields';
import { TendererCombobox } from './TendererCombobox';
import type { TendererEntry } from './tenderer-search';
import { useProjectUpdate } from './use-project-update';

const PROJECT_FIELDS = ['code', 'name', 'type', 'regionCode', 'estimatedPrice', 'mandatoryTender', 'tendererOrgId', 'description'] as const;
type ProjectField = (typeof PROJECT_FIELDS)[number];
const isProjectField = (name: string): name is ProjectField => (PROJECT_FIELDS as readonly string[]).includes(name);

/** Creates a draft project for a tenderer, picked by name or credit code from the platform's directory. */
export function NewProjectPage() {
  const { t } = useTranslation();
  const id = useId();
  const navigate = useNavigate();
  const projectUpdated = useProjectUpdate();
  const me = useMe();

  // The region stays null until typed, so it can follow the agency's own as that loads.
  const [draft, setDraft] = useState({
    code: '',
    name: '',
    type: 'ENGINEERING' as TProjectType,
    regionCode: null as string | null,
    estimatedPrice: '',
    /** Stated by the agency every time: it decides whether the statutory time limits are enforced. */
    mandatoryTender: null as boolean | null,
    tenderer: null as TendererEntry | null,
    description: '',
  });
  const update = (patch: Partial<typeof draft>) => setDraft((current) => ({ ...current, ...patch }));
  const regionCode = draft.regionCode ?? me.data?.organization?.regionCode ?? '';

  const create = useMutation({
    mutationFn: (body: TProjectInput) => api.call(apiRoutes.projects.create, { body }),
    onSuccess: (project) => {
      projectUpdated(project);
      void navigate(`/projects/${project.id}`);
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!draft.tenderer || draft.mandatoryTender === null) return;
    create.mutate({
      code: draft.code.trim(),
      name: draft.name.trim(),
      type: draft.type,
      regionCode: regionCode.trim(),
      estimatedPrice: draft.estimatedPrice.trim(),
      mandatoryTender: draft.mandatoryTender,
      tendererOrgId: draft.tenderer.id,
      description: draft.description.trim(),
    });
  };

  const fieldLabel = (path: string) => {
    const field = path.split('.')[0] ?? '';
    return isProjectField(field) ? t(`newProject.fields.${field}`) : null;
  };
  const tendererMissing = create.error instanceof ApiError && create.error.code === 'NOT_FOUND';

  return (
    <>
      <Link className="back-link" to="/projects">
        {t('projects.back')}
      </Link>
      <PageHeading title={t('newProject.heading')} intro={t('newProject.intro')} />
      <Card title={t('newProject.cardHeading')}>
        <form className="form" onSubmit={submit}>
          <div className="form-grid">
            <InputField
              label={t('newProject.fields.code')}
              hint={t('sectionForm.codeHint')}
              value={draft.code}
              onChange={(code) => update({ code })}
              pattern={String.raw`[A-Za-z0-9][A-Za-z0-9_\-]{1,39}`}
              required
              maxLength={40}
              autoFocus
            />
            <InputField label={t('newProject.fields.name')} value={draft.name} onChange={(name) => update({ name })} required minLength={2} maxLength={200} className="field-wide" />
          </div>
          <fieldset className="field">
            <legend>{t('newProject.fields.type')}</legend>
            <div className="segmented" role="group" aria-label={t('newProject.fields.type')}>
              {ZProjectType.options.map((type) => (
                <button key={type} type="button" aria-pressed={draft.type === type} onClick={() => update({ type })}>
                  {t(`projectTypes.${type}`)}
                </button>
              ))}
            </div>
          </fieldset>
          <div className="form-grid">
            <InputField
              label={t('newProject.fields.regionCode')}
              hint={t('newProject.regionHint')}
              value={regionCode}
              onChange={(value) => update({ regionCode: value })}
              inputMode="numeric"
              pattern={String.raw`\d{6}`}
              maxLength={6}
              required
            />
            <InputField
              label={t('newProject.fields.estimatedPrice')}
              hint={t('sectionForm.yuanHint')}
              value={draft.estimatedPrice}
              onChange={(estimatedPrice) => update({ estimatedPrice })}
              inputMode="decimal"
              pattern={MONEY_PATTERN}
              required
            />
          </div>
          <fieldset className="field">
            <legend>{t('newProject.fields.mandatoryTender')}</legend>
            {([true, false] as const).map((mandatory) => (
              <label key={String(mandatory)} className="choice">
                <input type="radio" name={`${id}-mandatory`} required checked={draft.mandatoryTender === mandatory} onChange={() => update({ mandatoryTender: mandatory })} />{' '}
                {t(mandatory ? 'newProject.mandatory.yes' : 'newProject.mandatory.no')}
              </label>
            ))}
            <p className="small muted">{t('newProject.mandatory.hint')}</p>
          </fieldset>
          <div className="form-grid">
            <TendererCombobox value={draft.tenderer} onChange={(tenderer) => update({ tenderer })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-description`}>{t('newProject.fields.description')}</label>
            <textarea id={`${id}-description`} value={draft.description} onChange={(event) => update({ description: event.target.value })} rows={3} maxLength={5000} />
          </div>
          {create.isError && (tendererMissing ? <p className="notice notice-error" role="alert">{t('newProject.tendererNotFound')}</p> : <ErrorNotice error={create.error} fieldLabel={fieldLabel} />)}
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={create.isPending}>
              {create.isPending ? t('newProject.creating') : t('newProject.create')}
            </button>
            <Link className="button button-quiet" to="/projects">
              {t('common.cancel')}
            </Link>
          </div>
        </form>
      </Card>
    </>
  );
}
