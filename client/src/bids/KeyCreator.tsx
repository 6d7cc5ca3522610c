import { apiRoutes } from '@bidhall/contracts';
import { exportPrivateKey, generateBidderKeyPair, importPrivateKey, type KeyFile, MIN_PASSWORD_LENGTH } from '@bidhall/contracts/envelope';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http';
import { routeKey } from '../api/queries';
import { api } from '../app/services';
import { BidErrorNotice } from './BidErrorNotice';
import { Fingerprint } from './Fingerprint';
import { saveBidderKey, saveRecoveryKey } from './key-store';
import { downloadKeyFile, keyFileName, useLocalKeysChanged } from './local-keys';

interface Created {
  file: KeyFile;
  /** The bidder key as this browser keeps it (non-extractable); none for a recovery key, which stays offline. */
  usable: Awaited<ReturnType<typeof importPrivateKey>> | null;
}

/** Registers a public key; a retry after an answer lost on the way finds it registered, which is what was wanted. */
export async function registerPublicKey(file: Pick<KeyFile, 'publicJwk'>, label: string): Promise<void> {
  try {
    await api.call(apiRoutes.bids.registerKey, { body: { publicJwk: file.publicJwk, label } });
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'KEY_ALREADY_REGISTERED') throw error;
  }
}

/**
 * Makes a key pair in this browser and walks the bidder through its backup: the password-protected
 * key file must be downloaded before the public key is registered and the key can be used. The
 * generated private key is extractable only inside `generate`, long enough to write the file; what
 * is kept is a non-extractable copy imported back from that file (which also proves the file opens
 * with the password). A recovery key's private half is not kept at all: the file is its only copy.
 */
export function KeyCreator({ kind, orgId, onDone, onCancel }: { kind: 'bidder' | 'recovery'; orgId: string; onDone?(): void; onCancel?(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const queryClient = useQueryClient();
  const localChanged = useLocalKeysChanged(orgId);
  const [label, setLabel] = useState(() => (kind === 'recovery' ? t('bidKeys.recovery.defaultLabel') : t('bidKeys.create.defaultLabel')));
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [created, setCreated] = useState<Created | null>(null);
  const [downloaded, setDownloaded] = useState(false);
  const [stored, setStored] = useState(false);
  const mismatch = confirm.length > 0 && confirm !== password;

  const generate = useMutation({
    mutationFn: async (): Promise<Created> => {
      const key = await generateBidderKeyPair({ extractable: true });
      const file = await exportPrivateKey(key, password);
      return { file, usable: kind === 'bidder' ? await importPrivateKey(file, password, { extractable: false }) : null };
    },
    onSuccess: (result) => {
      setCreated(result);
      setPassword('');
      setConfirm('');
    },
  });

  const register = useMutation({
    mutationFn: async ({ file, usable }: Created) => {
      await registerPublicKey(file, label.trim());
      if (usable) await saveBidderKey(orgId, usable);
      else await saveRecoveryKey(orgId, { kid: file.kid, publicJwk: file.publicJwk });
    },
    onSuccess: async () => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: routeKey(apiRoutes.bids.listKeys) }), localChanged()]);
      onDone?.();
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!mismatch) generate.mutate();
  };

  if (created) {
    const name = keyFileName(kind, created.file.kid);
    return (
      <div className="key-steps" data-testid={`${kind}-key-backup`}>
        <h3>{t('bidKeys.create.backupHeading')}</h3>
        <p className="muted">{t(kind === 'recovery' ? 'bidKeys.recovery.backupIntro' : 'bidKeys.create.backupIntro')}</p>
        <div className="key-fact">
          <span className="muted small">{t('bidKeys.fingerprint')}</span>
          <Fingerprint kid={created.file.kid} testId={`${kind}-new-fingerprint`} />
        </div>
        <div className="form-actions">
          <button
            type="button"
            className={`button ${downloaded ? 'button-outline' : 'button-primary'}`}
            onClick={() => {
              downloadKeyFile(created.file, name);
              setDownloaded(true);
            }}
          >
            {downloaded ? t('bidKeys.create.downloadAgain') : t('bidKeys.create.download')}
          </button>
          <span className="muted small mono">{name}</span>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={stored} disabled={!downloaded} onChange={(event) => setStored(event.target.checked)} />
          {t('bidKeys.create.confirmStored')}
        </label>
        <div className="form-actions">
          <button type="button" className="button button-primary" disabled={!downloaded || !stored || register.isPending} onClick={() => register.mutate(created)}>
            {register.isPending ? t('bidKeys.create.registering') : t(kind === 'recovery' ? 'bidKeys.recovery.register' : 'bidKeys.create.register')}
          </button>
          {onCancel && (
            <button type="button" className="button button-quiet" disabled={register.isPending} onClick={onCancel}>
              {t('common.cancel')}
            </button>
          )}
        </div>
        {register.isError && <BidErrorNotice error={register.error} />}
      </div>
    );
  }

  return (
    <form className="form key-form" onSubmit={submit} aria-label={t(kind === 'recovery' ? 'bidKeys.recovery.create' : 'bidKeys.create.heading')}>
      <div className="field">
        <label htmlFor={`${id}-label`}>{t('bidKeys.create.label')}</label>
        <input id={`${id}-label`} value={label} onChange={(event) => setLabel(event.target.value)} maxLength={50} aria-describedby={`${id}-label-hint`} />
        <p className="field-hint" id={`${id}-label-hint`}>
          {t('bidKeys.create.labelHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>{t('bidKeys.create.password')}</label>
        <input
          id={`${id}-password`}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          minLength={MIN_PASSWORD_LENGTH}
          maxLength={200}
          required
          aria-describedby={`${id}-password-hint`}
        />
        <p className="field-hint" id={`${id}-password-hint`}>
          {t('bidKeys.create.passwordHint', { n: MIN_PASSWORD_LENGTH })}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-confirm`}>{t('bidKeys.create.confirm')}</label>
        <input
          id={`${id}-confirm`}
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(event) => setConfirm(event.target.value)}
          required
          aria-invalid={mismatch}
          aria-describedby={mismatch ? `${id}-mismatch` : undefined}
        />
        {mismatch && (
          <p className="field-hint hint-over" id={`${id}-mismatch`}>
            {t('bidKeys.create.mismatch')}
          </p>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={generate.isPending || mismatch}>
          {generate.isPending ? t('bidKeys.create.generating') : t(kind === 'recovery' ? 'bidKeys.recovery.generate' : 'bidKeys.create.generate')}
        </button>
        {onCancel && (
          <button type="button" className="button button-quiet" disabled={generate.isPending} onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
      {generate.isError && <BidErrorNotice error={generate.error} />}
    </form>
  );
}
