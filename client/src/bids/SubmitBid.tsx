import type { TSection } from '@bidhall/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Card, Loading } from '../ui/Card';
import { BidErrorNotice, useBidErrorText } from './BidErrorNotice';
import { Fingerprint } from './Fingerprint';
import { useBytes } from './format';
import { standingOf, useLocalKeys, useRegisteredKeys } from './local-keys';
import { checkOpeningForm, type FormDraft } from './opening-form';
import { OpeningFormInputs } from './OpeningFormInputs';
import { ProgressBar } from './ProgressBar';
import { ReceiptDetails } from './ReceiptView';
import { discardStaleUpload, type SubmissionState, useSubmission } from './submission';

/**
 * Fills the opening form, picks the bid file, and encrypts it in this browser while it uploads:
 * the file is read as a stream and only ciphertext leaves the computer. Submitting again before
 * the deadline replaces the bid (the latest complete upload counts).
 */
export function SubmitBid({ section, orgId, open, hasBid }: { section: TSection; orgId: string; open: boolean; hasBid: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { state, start, resume, cancel, reset } = useSubmission(section.id);
  const staleKey = ['stale-bid-upload', section.id];
  const stale = useQuery({ queryKey: staleKey, queryFn: () => discardStaleUpload(section.id), staleTime: Infinity, retry: false });
  const bytes = useBytes();
  const title = hasBid ? t('bid.submit.replaceHeading') : t('bid.submit.heading');

  if (!open && (state.phase === 'idle' || state.phase === 'failed')) return null;
  if (state.phase === 'preparing' || state.phase === 'sending' || state.phase === 'retrying' || state.phase === 'interrupted') {
    return (
      <Card title={title}>
        <UploadProgress state={state} onResume={resume} onCancel={cancel} />
      </Card>
    );
  }
  if (state.phase === 'done') {
    return (
      <Card title={t('bid.submit.doneHeading')}>
        <p className="notice notice-success" role="status" data-testid="upload-done">
          {t('bid.submit.done', { name: state.progress.fileName })}
        </p>
        {state.receipt ? <ReceiptDetails receipt={state.receipt} /> : <p className="muted">{t('bid.submit.receiptInList')}</p>}
        <div className="card-footer">
          <button type="button" className="button button-outline" onClick={reset}>
            {t('bid.submit.again')}
          </button>
        </div>
      </Card>
    );
  }
  return (
    <Card title={title}>
      {stale.data && (
        <p className="notice notice-info" role="status">
          {t('bid.submit.staleDiscarded', { sent: bytes(stale.data.receivedBytes), total: bytes(stale.data.size) })}
        </p>
      )}
      {state.phase === 'failed' && <BidErrorNotice error={state.error} />}
      <BidForm
        section={section}
        orgId={orgId}
        open={open}
        replacing={hasBid}
        onSubmit={(input) => {
          // The discarded upload is old news once a new one starts.
          queryClient.setQueryData(staleKey, null);
          start(input);
        }}
      />
    </Card>
  );
}

function BidForm({
  section,
  orgId,
  open,
  replacing,
  onSubmit,
}: {
  section: TSection;
  orgId: string;
  open: boolean;
  replacing: boolean;
  onSubmit: ReturnType<typeof useSubmission>['start'];
}) {
  const { t } = useTranslation();
  const id = useId();
  const bytes = useBytes();
  const local = useLocalKeys(orgId);
  const registered = useRegisteredKeys();
  const [draft, setDraft] = useState<FormDraft>({});
  const [file, setFile] = useState<File | null>(null);
  const [invalid, setInvalid] = useState<ReadonlySet<string>>(new Set());
  const [fileMissing, setFileMissing] = useState(false);

  if (local.isPending || registered.isPending) return <Loading />;
  if (local.isError) return <BidErrorNotice error={local.error} onRetry={() => void local.refetch()} />;
  if (registered.isError) return <BidErrorNotice error={registered.error} onRetry={() => void registered.refetch()} />;
  const key = local.data.bidder;
  const recovery = local.data.recovery;
  const keyStanding = key ? standingOf(key.kid, registered.data.items) : null;
  const recoveryActive = recovery !== null && recovery.kid !== key?.kid && standingOf(recovery.kid, registered.data.items) === 'active';
  const ready = open && key !== null && keyStanding === 'active';

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const check = checkOpeningForm(section.openingFormFields, draft);
    setInvalid(check.ok ? new Set() : check.invalid);
    setFileMissing(!file);
    if (!check.ok || !file || !key || !ready) return;
    onSubmit({ file, form: check.form, recipients: recoveryActive ? [key.publicJwk, recovery.publicJwk] : [key.publicJwk] });
  };

  return (
    <form className="bid-form" onSubmit={submit} noValidate>
      <div className="key-line" data-testid="bid-key">
        {!key ? (
          <p className="notice notice-error" role="alert">
            <span>{t('bid.submit.noKey')}</span>
            <Link className="button button-small" to="/bidder/keys">
              {t('bid.submit.toKeys')}
            </Link>
          </p>
        ) : keyStanding !== 'active' ? (
          <p className="notice notice-error" role="alert">
            <span>{t(keyStanding === 'revoked' ? 'bidErrors.KEY_REVOKED' : 'bidErrors.KEY_NOT_REGISTERED')}</span>
            <Link className="button button-small" to="/bidder/keys">
              {t('bid.submit.toKeys')}
            </Link>
          </p>
        ) : (
          <div className="recipients">
            <span className="muted small">{t('bid.submit.encryptTo')}</span>
            <span className="recipient">
              <span className="tag tag-type">{t('bid.submit.thisKey')}</span> <Fingerprint kid={key.kid} />
            </span>
            {recoveryActive && (
              <span className="recipient">
                <span className="tag tag-version">{t('bid.submit.recoveryKey')}</span> <Fingerprint kid={recovery.kid} />
              </span>
            )}
          </div>
        )}
      </div>
      <fieldset className="form-section" disabled={!ready}>
        <legend>{t('sectionFields.openingFormFields')}</legend>
        <p className="muted small">{t('bid.form.intro')}</p>
        <OpeningFormInputs
          fields={section.openingFormFields}
          draft={draft}
          invalid={invalid}
          ceilingPrice={section.ceilingPrice}
          onChange={(field, value) => {
            setDraft((current) => ({ ...current, [field]: value }));
            setInvalid((current) => (current.has(field) ? new Set([...current].filter((key) => key !== field)) : current));
          }}
        />
      </fieldset>
      <fieldset className="form-section" disabled={!ready}>
        <legend>{t('bid.submit.fileHeading')}</legend>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('bid.submit.file')}</label>
          <input
            id={`${id}-file`}
            type="file"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setFileMissing(false);
            }}
            aria-invalid={fileMissing}
            aria-describedby={`${id}-file-hint`}
          />
          <p className="field-hint" id={`${id}-file-hint`}>
            {fileMissing ? <span className="hint-over">{t('bid.submit.fileMissing')}</span> : file ? t('bid.submit.fileChosen', { name: file.name, size: bytes(file.size) }) : t('bid.submit.fileHint')}
          </p>
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={!ready}>
          {replacing ? t('bid.submit.replace') : t('bid.submit.submit')}
        </button>
        <span className="muted small">{t('bid.submit.localOnly')}</span>
      </div>
    </form>
  );
}

function UploadProgress({ state, onResume, onCancel }: { state: Exclude<SubmissionState, { phase: 'idle' | 'failed' | 'done' }>; onResume(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const bytes = useBytes();
  const errorText = useBidErrorText();
  if (state.phase === 'preparing') {
    return (
      <p className="muted" role="status" data-testid="upload-progress" data-phase="preparing">
        {t('bid.progress.preparing')}
      </p>
    );
  }
  const { progress } = state;
  return (
    <div className="upload-progress" data-testid="upload-progress" data-phase={state.phase}>
      <p className="upload-file">
        <strong>{progress.fileName}</strong> <span className="muted small">{bytes(progress.fileSize)}</span>
      </p>
      <ProgressBar label={t('bid.progress.encrypt')} done={progress.encrypted} total={progress.fileSize} testId="encrypt-progress" />
      <ProgressBar label={t('bid.progress.upload')} done={progress.sent} total={progress.envelopeSize} testId="send-progress" />
      {state.phase === 'retrying' && (
        <p className="notice notice-info" role="status">
          {t('bid.progress.retrying', { seconds: state.retryInSeconds, reason: errorText(state.error) })}
        </p>
      )}
      {state.phase === 'interrupted' && (
        <>
          <BidErrorNotice error={state.error} onRetry={onResume} retryLabel={t('bid.progress.resume')} />
          <p className="muted small">{t('bid.progress.interruptedHint')}</p>
        </>
      )}
      <div className="form-actions">
        <button type="button" className="button button-quiet" onClick={onCancel}>
          {t('bid.progress.cancel')}
        </button>
      </div>
    </div>
  );
}
