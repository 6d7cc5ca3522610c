import { apiRoutes } from '@bidhall/contracts';
import { type BidderKey, importPrivateKey } from '@bidhall/contracts/envelope';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { routeKey } from '../api/queries';
import { api } from '../app/services';
import { BidErrorNotice } from './BidErrorNotice';
import { Fingerprint } from './Fingerprint';
import { registerPublicKey } from './KeyCreator';
import { saveBidderKey } from './key-store';
import { readKeyFile, standingOf, useLocalKeysChanged } from './local-keys';

/**
 * Brings a key made on another computer (or by `bidhall-bid keygen`) to this one: the key file is
 * opened with its password and the private key imported non-extractable, so this browser can use
 * it but never hand its bytes out again. Only a key the organization has registered is kept; an
 * unregistered one may be registered here.
 */
export function KeyImporter({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const queryClient = useQueryClient();
  const localChanged = useLocalKeysChanged(orgId);
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [unregistered, setUnregistered] = useState<BidderKey | null>(null);

  const keep = async (key: BidderKey) => {
    await saveBidderKey(orgId, key);
    setPassword('');
    await localChanged();
  };

  const importKey = useMutation({
    mutationFn: async () => {
      if (!file) return;
      const key = await importPrivateKey(await readKeyFile(file), password, { extractable: false });
      // Asked afresh: a key registered or revoked from another computer a moment ago counts.
      const registered = await queryClient.fetchQuery({ queryKey: routeKey(apiRoutes.bids.listKeys, {}), queryFn: () => api.call(apiRoutes.bids.listKeys), staleTime: 0 });
      // A revoked key is kept too: it can no longer seal new bids, but it still opens those sealed before.
      if (standingOf(key.kid, registered.items) === 'unregistered') {
        setUnregistered(key);
        return;
      }
      await keep(key);
    },
  });

  const register = useMutation({
    mutationFn: async (key: BidderKey) => {
      await registerPublicKey(key, t('bidKeys.import.defaultLabel'));
      await queryClient.invalidateQueries({ queryKey: routeKey(apiRoutes.bids.listKeys) });
      await keep(key);
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setUnregistered(null);
    importKey.mutate();
  };

  return (
    <form className="form key-form" onSubmit={submit} aria-label={t('bidKeys.import.heading')}>
      <div className="field">
        <label htmlFor={`${id}-file`}>{t('bidKeys.import.file')}</label>
        <input id={`${id}-file`} type="file" accept="application/json,.json" onChange={(event) => setFile(event.target.files?.[0] ?? null)} required />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>{t('bidKeys.import.password')}</label>
        <input id={`${id}-password`} type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} required maxLength={200} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={importKey.isPending || register.isPending}>
          {importKey.isPending ? t('bidKeys.import.working') : t('bidKeys.import.submit')}
        </button>
      </div>
      {importKey.isError && <BidErrorNotice error={importKey.error} />}
      {unregistered && (
        <div className="notice notice-info" role="status">
          <div className="notice-body">
            <span>{t('bidKeys.import.unregistered')}</span>
            <Fingerprint kid={unregistered.kid} />
          </div>
          <button type="button" className="button button-primary button-small" disabled={register.isPending} onClick={() => register.mutate(unregistered)}>
            {register.isPending ? t('bidKeys.create.registering') : t('bidKeys.import.register')}
          </button>
        </div>
      )}
      {register.isError && <BidErrorNotice error={register.error} />}
    </form>
  );
}
