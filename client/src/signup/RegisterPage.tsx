import { apiRoutes, kindsNeedingApproval, type RouteResponse, ZRegistrableKind } from '@bidhall/contracts';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/http';
import { api, session } from '../app/services';
import { Card, PageHeading } from '../ui/Card';
import { ErrorNotice, validationIssues } from '../ui/errors';
import { InputField } from '../ui/fields';
import { ApplicationStanding } from './ApplicationStanding';
import {
  type DraftField,
  draftProblems,
  emptyDraft,
  type FieldProblem,
  fieldOfPath,
  normalizeCreditCode,
  normalizeUsername,
  passwordRules,
  regionFromCreditCode,
  type RegistrableKind,
  type RegistrationDraft,
  registrationBody,
} from './signup-form';

type Registered = RouteResponse<typeof apiRoutes.auth.register>;

/**
 * 机构注册: an organization signs itself up with its first account. Tenderers and bidders can
 * work at once; agencies, financial institutions and regulators wait for the platform's approval.
 */
export function RegisterPage() {
  const { t } = useTranslation();
  const [done, setDone] = useState<{ registered: Registered; password: string } | null>(null);
  return (
    <>
      <PageHeading title={t('register.heading')} intro={t('register.intro')} />
      {done ? <SignupDone registered={done.registered} password={done.password} /> : <SignupForm onDone={(registered, password) => setDone({ registered, password })} />}
    </>
  );
}

/** The platform's refusal of a field, in the form's words. */
function serverProblems(error: unknown): Partial<Record<DraftField, FieldProblem>> {
  if (!(error instanceof ApiError)) return {};
  if (error.code === 'USERNAME_TAKEN') return { username: { key: 'usernameTaken' } };
  if (error.code === 'CREDIT_CODE_TAKEN') return { creditCode: { key: 'creditCodeTaken' } };
  const problems: Partial<Record<DraftField, FieldProblem>> = {};
  for (const issue of validationIssues(error)) {
    const field = fieldOfPath(issue.path);
    if (field) problems[field] = { key: 'refused' };
  }
  return problems;
}

function SignupForm({ onDone }: { onDone(registered: Registered, password: string): void }) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<RegistrationDraft>(emptyDraft);
  const [touched, setTouched] = useState<ReadonlySet<DraftField>>(new Set());
  const [attempts, setAttempts] = useState(0);
  const [regionTyped, setRegionTyped] = useState(false);
  const register = useMutation({
    mutationFn: (body: NonNullable<ReturnType<typeof registrationBody>>) => api.call(apiRoutes.auth.register, { body }),
    onSuccess: (registered) => onDone(registered, draft.password),
    onError: () => setAttempts((n) => n + 1),
  });

  // After a refused submission, the first field in trouble gets the focus, so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (attempts === 0) return;
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (first?.matches('input') ? first : first?.querySelector<HTMLElement>('input'))?.focus();
  }, [attempts]);

  const problems = { ...draftProblems(draft), ...(register.isError ? serverProblems(register.error) : {}) };
  const shown = (field: DraftField): string | undefined => {
    const problem = problems[field];
    // The credit code is checked live, while typing; the others once left or after a submission.
    const visible = attempts > 0 || touched.has(field) || (field === 'creditCode' && draft.creditCode.length > 0);
    return problem && visible ? t(`register.problems.${problem.key}`, problem.values ?? {}) : undefined;
  };
  const update = (patch: Partial<RegistrationDraft>) => {
    if (register.isError) register.reset();
    setDraft((current) => ({ ...current, ...patch }));
  };
  const leave = (field: DraftField) => () => setTouched((current) => new Set(current).add(field));
  const typeCreditCode = (typed: string) => {
    const creditCode = normalizeCreditCode(typed);
    const region = regionFromCreditCode(creditCode);
    update({ creditCode, ...(!regionTyped && region ? { regionCode: region } : {}) });
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const body = registrationBody(draft);
    if (!body) {
      setAttempts((n) => n + 1);
      return;
    }
    register.mutate(body);
  };

  const rules = passwordRules(draft.password);
  const codeOk = draft.creditCode.length === 18 && !problems.creditCode;
  const generalError = register.isError && Object.keys(serverProblems(register.error)).length === 0;

  return (
    <form ref={formRef} className="signup" onSubmit={submit} noValidate aria-describedby="signup-next">
      <Card title={t('register.kindHeading')}>
        <KindChoice
          kind={draft.kind}
          error={attempts > 0 && problems.kind ? t(`register.problems.${problems.kind.key}`) : undefined}
          onChoose={(kind) => update({ kind })}
        />
      </Card>

      <Card title={t('register.orgHeading')}>
        <div className="form">
          <InputField
            label={t('register.fields.name')}
            hint={t('register.hints.name')}
            value={draft.name}
            onChange={(name) => update({ name })}
            onBlur={leave('name')}
            error={shown('name')}
            maxLength={100}
            autoComplete="organization"
          />
          <div className="form-grid">
            <InputField
              label={t('register.fields.creditCode')}
              hint={codeOk ? t('register.creditCodeOk') : t('register.hints.creditCode')}
              value={draft.creditCode}
              onChange={typeCreditCode}
              onBlur={leave('creditCode')}
              error={shown('creditCode')}
              className="field-wide mono-input"
              maxLength={20}
              spellCheck={false}
              autoCapitalize="characters"
              autoComplete="off"
            />
            <InputField
              label={t('register.fields.regionCode')}
              hint={t('register.hints.regionCode')}
              value={draft.regionCode}
              onChange={(regionCode) => {
                setRegionTyped(true);
                update({ regionCode: regionCode.replace(/\D/g, '').slice(0, 6) });
              }}
              onBlur={leave('regionCode')}
              error={shown('regionCode')}
              inputMode="numeric"
              maxLength={6}
            />
          </div>
        </div>
      </Card>

      <Card title={t('register.contactHeading')}>
        <p className="muted small">{t('register.contactIntro')}</p>
        <div className="form-grid form">
          <InputField
            label={t('register.fields.contactName')}
            value={draft.contactName}
            onChange={(contactName) => update({ contactName })}
            onBlur={leave('contactName')}
            error={shown('contactName')}
            maxLength={50}
            autoComplete="name"
          />
          <InputField
            label={t('register.fields.contactPhone')}
            hint={t('register.hints.contactPhone')}
            value={draft.contactPhone}
            onChange={(contactPhone) => update({ contactPhone: contactPhone.trim() })}
            onBlur={leave('contactPhone')}
            error={shown('contactPhone')}
            type="tel"
            inputMode="tel"
            maxLength={20}
            autoComplete="tel"
          />
          <InputField
            label={t('register.fields.contactEmail')}
            hint={t('register.hints.optional')}
            value={draft.contactEmail}
            onChange={(contactEmail) => update({ contactEmail })}
            onBlur={leave('contactEmail')}
            error={shown('contactEmail')}
            type="email"
            maxLength={100}
            autoComplete="email"
          />
        </div>
      </Card>

      <Card title={t('register.accountHeading')}>
        <p className="muted small">{t('register.accountIntro')}</p>
        <div className="form-grid form">
          <InputField
            label={t('register.fields.username')}
            hint={t('register.hints.username')}
            value={draft.username}
            onChange={(username) => update({ username: normalizeUsername(username) })}
            onBlur={leave('username')}
            error={shown('username')}
            maxLength={32}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
          />
          <InputField
            label={t('register.fields.displayName')}
            hint={t('register.hints.displayName')}
            value={draft.displayName}
            onChange={(displayName) => update({ displayName })}
            onBlur={leave('displayName')}
            error={shown('displayName')}
            maxLength={50}
          />
          <InputField
            label={t('register.fields.password')}
            hint={<PasswordRules rules={rules} />}
            value={draft.password}
            onChange={(password) => update({ password })}
            onBlur={leave('password')}
            error={shown('password')}
            type="password"
            autoComplete="new-password"
            maxLength={200}
          />
          <InputField
            label={t('register.fields.passwordAgain')}
            value={draft.passwordAgain}
            onChange={(passwordAgain) => update({ passwordAgain })}
            onBlur={leave('passwordAgain')}
            error={shown('passwordAgain')}
            type="password"
            autoComplete="new-password"
            maxLength={200}
          />
        </div>
      </Card>

      <Card title={t('register.nextHeading')}>
        <p id="signup-next">{draft.kind ? t(kindsNeedingApproval.includes(draft.kind) ? 'register.nextApproval' : 'register.nextActive') : t('register.nextChooseKind')}</p>
        {attempts > 0 && Object.keys(problems).length > 0 && !generalError && (
          <p className="notice notice-error" role="alert">
            {t('register.fixProblems', { n: Object.keys(problems).length })}
          </p>
        )}
        {generalError && <ErrorNotice error={register.error} />}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={register.isPending}>
            {register.isPending ? t('register.submitting') : t('register.submit')}
          </button>
          <Link className="button button-quiet" to="/login">
            {t('register.haveAccount')}
          </Link>
        </div>
      </Card>
    </form>
  );
}

function KindChoice({ kind, error, onChoose }: { kind: RegistrableKind | null; error: string | undefined; onChoose(kind: RegistrableKind): void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="kind-choice" role="radiogroup" aria-labelledby="kind-legend" aria-describedby={error ? 'kind-error' : undefined} aria-invalid={error ? true : undefined}>
      <legend className="visually-hidden" id="kind-legend">
        {t('register.kindHeading')}
      </legend>
      {error && (
        <p className="field-error" id="kind-error">
          {error}
        </p>
      )}
      {ZRegistrableKind.options.map((option) => (
        <label key={option} className="kind-option" data-checked={kind === option}>
          <input type="radio" name="kind" value={option} checked={kind === option} onChange={() => onChoose(option)} />
          <span className="kind-option-body">
            <strong>{t(`orgKinds.${option}`)}</strong>
            <span className={`tag ${kindsNeedingApproval.includes(option) ? 'tag-pending' : 'tag-active'}`}>
              {kindsNeedingApproval.includes(option) ? t('register.needsApproval') : t('register.activeAtOnce')}
            </span>
            <span className="small muted">{t(`register.kinds.${option}`)}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function PasswordRules({ rules }: { rules: ReturnType<typeof passwordRules> }) {
  const { t } = useTranslation();
  return (
    <span className="password-rules">
      {(['minLength', 'lettersAndDigits', 'maxBytes'] as const).map((rule) => (
        <span key={rule} className={rules[rule] ? 'rule-met' : 'rule-unmet'}>
          {rules[rule] ? '✓' : '·'} {t(`register.passwordRules.${rule}`)}
          <span className="visually-hidden">{rules[rule] ? t('register.ruleMet') : t('register.ruleUnmet')}</span>
        </span>
      ))}
    </span>
  );
}

/** What the applicant sees once the platform has the application: where it stands and what comes next. */
function SignupDone({ registered, password }: { registered: Registered; password: string }) {
  const { t } = useTranslation();
  const { organization, user } = registered;
  const signIn = useMutation({ mutationFn: () => session.login({ username: user.username, password }) });
  if (organization.status !== 'ACTIVE') {
    return (
      <ApplicationStanding
        standing={{ name: organization.name, kind: organization.kind, status: organization.status, registeredAt: organization.createdAt, decidedAt: null, reason: null }}
        username={user.username}
        justSubmitted
      />
    );
  }
  return (
    <Card title={t('register.doneActiveHeading')}>
      <p className="notice notice-success" role="status" data-testid="signup-done" data-status="ACTIVE">
        {t('register.doneActive', { name: organization.name, username: user.username })}
      </p>
      <p>{t(`register.doneNext.${organization.kind === 'TENDERER' ? 'TENDERER' : 'BIDDER'}`)}</p>
      {signIn.isError && <ErrorNotice error={signIn.error} />}
      <div className="form-actions">
        <button type="button" className="button button-primary" disabled={signIn.isPending} onClick={() => signIn.mutate()}>
          {signIn.isPending ? t('login.submitting') : t('register.enter')}
        </button>
      </div>
    </Card>
  );
}
