import type { TOpeningView } from '@bidhall/contracts';
import { type BidderKey, importPrivateKey } from '@bidhall/contracts/envelope';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSignedInUser } from '../auth/use-session';
import { BidErrorNotice } from '../bids/BidErrorNotice';
import { readKeyFile } from '../bids/local-keys';
import { Countdown } from '../ui/Countdown';
import { ErrorNotice } from '../ui/errors';
import { LocalDecryptError, type UnwrapStep, unwrapMyContentKey } from './content-key';
import { useFailureNoteText } from './use-failure-note';
import type { OpeningHall } from './use-opening';

type Step = UnwrapStep | 'send';
const STEPS: readonly Step[] = ['key', 'header', 'unwrap', 'send'];
/** Local failures a key from a backup file can cure. */
const KEY_PROBLEMS = new Set<LocalDecryptError['code']>(['NO_KEY', 'KEY_STORAGE_UNAVAILABLE', 'WRONG_KEY', 'UNWRAP_FAILED']);

/**
 * 解密: the browser unwraps the bid's content key with the organization's private key and sends
 * only that key; the platform decrypts and checks the bid against its receipt. A failure on this
 * side is reported to the platform as evidence, and the bidder may try again inside the window.
 */
export function DecryptPanel({ hall, view }: { hall: OpeningHall; view: TOpeningView }) {
  const { t } = useTranslation();
  const { orgId } = useSignedInUser();
  const [step, setStep] = useState<Step | null>(null);
  const [failedStep, setFailedStep] = useState<Step | null>(null);
  const [reported, setReported] = useState<boolean | null>(null);
  const noteText = useFailureNoteText();
  const decrypt = useMutation({
    mutationFn: async (key: BidderKey | undefined) => {
      setFailedStep(null);
      setReported(null);
      let current: Step = 'key';
      const onStep = (next: UnwrapStep) => {
        current = next;
        setStep(next);
      };
      try {
        const contentKey = await unwrapMyContentKey(view.sectionId, orgId ?? '', { ...(key ? { key } : {}), onStep });
        current = 'send';
        setStep('send');
        return await hall.request('opening:decrypt', { contentKey });
      } catch (error) {
        setFailedStep(current);
        throw error;
      } finally {
        setStep(null);
      }
    },
    // One id per attempt, so that the platform records a repeated report of it once.
    onMutate: () => ({ attemptId: crypto.randomUUID() }),
    onError: async (error, _key, context) => {
      if (!(error instanceof LocalDecryptError) || error.platformsFault || !context) return;
      // The platform records its own checks; only what happened in the browser needs reporting.
      const report = await hall.request('opening:reportFailure', { attemptId: context.attemptId, error: error.evidence }).then(
        () => true,
        () => false,
      );
      setReported(report);
    },
  });

  const decryption = view.me?.decryption;
  const mine = view.participants.find((p) => p.bidderOrgId === orgId);
  if (decryption === 'DECRYPTED') {
    return (
      <section className="bidder-step bidder-step-done" aria-label={t('opening.decrypt.heading')} tabIndex={-1}>
        <h3>{t('opening.decrypt.heading')}</h3>
        <p data-testid="decrypted">
          <span className="tag tag-active">{t('opening.decryption.DECRYPTED')}</span>{' '}
          {mine?.announcedAt ? t('opening.decrypt.announced') : t('opening.decrypt.done')}
        </p>
      </section>
    );
  }
  if (decryption === 'REVOKED' || decryption === 'WITHDRAWN') {
    return (
      <section className="bidder-step" aria-label={t('opening.decrypt.heading')} tabIndex={-1}>
        <h3>{t('opening.decrypt.heading')}</h3>
        <p className="notice notice-error" role="alert">
          {t(`opening.decrypt.final.${decryption}`)} {noteText(mine?.failureNote ?? null)}
        </p>
      </section>
    );
  }

  const error = decrypt.error;
  const local = error instanceof LocalDecryptError ? error : null;
  const showSteps = decrypt.isPending || failedStep !== null;
  const current = step ?? failedStep;
  return (
    <section className="bidder-step" aria-label={t('opening.decrypt.heading')} data-testid="decrypt-panel" tabIndex={-1}>
      <h3>{t('opening.decrypt.heading')}</h3>
      <p className="muted">{t('opening.decrypt.intro')}</p>
      {showSteps && (
        <ol className="progress-steps" aria-label={t('opening.decrypt.progress')}>
          {STEPS.map((s, index) => {
            const at = current ? STEPS.indexOf(current) : -1;
            const state = index < at ? 'done' : index === at ? (failedStep === s ? 'failed' : 'current') : 'waiting';
            return (
              <li key={s} className={`progress-step progress-step-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
                {t(`opening.decrypt.steps.${s}`)}
              </li>
            );
          })}
        </ol>
      )}
      <div className="card-footer">
        <button type="button" className="button button-primary" disabled={decrypt.isPending || !view.me?.attemptsLeft} onClick={() => decrypt.mutate(undefined)}>
          {decrypt.isPending ? t('opening.decrypt.working') : error ? t('opening.decrypt.retry') : t('opening.decrypt.start')}
        </button>
        {view.times.decryptEndsAt && view.state === 'DECRYPTING' && <Countdown until={view.times.decryptEndsAt} />}
      </div>
      {error !== null && !decrypt.isPending && (
        <div className="decrypt-failure" data-testid="decrypt-failure">
          {local ? (
            <p className="notice notice-error" role="alert" data-code={local.code}>
              {t(`opening.decrypt.errors.${local.code}`)}
            </p>
          ) : (
            <ErrorNotice error={error} />
          )}
          {reported !== null && <p className="small muted">{reported ? t('opening.decrypt.reported') : t('opening.decrypt.notReported')}</p>}
          {view.state === 'DECRYPTING' && <p className="small">{t('opening.decrypt.retryHint')}</p>}
          {local && KEY_PROBLEMS.has(local.code) && view.state === 'DECRYPTING' && (
            <>
              <KeyFileForm busy={decrypt.isPending} onKey={(key) => decrypt.mutate(key)} />
              <p className="small">
                <Link to="/bidder/keys">{t('opening.keyFile.keysPage')}</Link>
              </p>
            </>
          )}
        </div>
      )}
    </section>
  );
}

/** Opens a password-protected key backup for this one decryption; nothing is stored on this computer. */
function KeyFileForm({ busy, onKey }: { busy: boolean; onKey(key: BidderKey): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const open = useMutation({
    mutationFn: async () => importPrivateKey(await readKeyFile(file!), password, { extractable: false }),
    onSuccess: (key) => {
      setPassword('');
      onKey(key);
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (file && password) open.mutate();
  };
  return (
    <form className="key-file-form" aria-label={t('opening.keyFile.heading')} onSubmit={submit}>
      <h4>{t('opening.keyFile.heading')}</h4>
      <p className="small muted">{t('opening.keyFile.hint')}</p>
      <div className="inline-form">
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('opening.keyFile.file')}</label>
          <input id={`${id}-file`} type="file" accept=".json,application/json" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>{t('opening.keyFile.password')}</label>
          <input id={`${id}-password`} type="password" autoComplete="off" value={password} onChange={(event) => setPassword(event.target.value)} />
        </div>
        <button type="submit" className="button button-outline" disabled={!file || !password || open.isPending || busy}>
          {open.isPending ? t('opening.keyFile.opening') : t('opening.keyFile.use')}
        </button>
      </div>
      {open.isError && <BidErrorNotice error={open.error} />}
    </form>
  );
}
