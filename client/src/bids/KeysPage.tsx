import { apiRoutes, type TBidderKey } from '@bidhall/contracts';
import type { PublicJwk } from '@bidhall/contracts/envelope';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { routeKey } from '../api/queries';
import { api } from '../app/services';
import { useSignedInUser } from '../auth/use-session';
import { Card, Loading, PageHeading } from '../ui/Card';
import { ConfirmBar } from '../ui/ConfirmBar';
import { ErrorNotice } from '../ui/errors';
import { useDateTimeFormat } from '../ui/format';
import { BidClientError } from './bid-errors';
import { BidErrorNotice } from './BidErrorNotice';
import { Fingerprint } from './Fingerprint';
import { KeyCreator, registerPublicKey } from './KeyCreator';
import { KeyImporter } from './KeyImporter';
import { forgetBidderKey, forgetRecoveryKey, saveRecoveryKey } from './key-store';
import { type KeyStanding, type LocalKeys, publicKeyOfFile, readKeyFile, requireActive, standingOf, useLocalKeys, useLocalKeysChanged, useRegisteredKeys } from './local-keys';

/** The bidder organization's encryption keys: the one on this computer, the optional recovery key, and every registered key. */
export function KeysPage() {
  const { t } = useTranslation();
  const { orgId } = useSignedInUser();
  const local = useLocalKeys(orgId ?? '');
  const registered = useRegisteredKeys();
  return (
    <>
      <PageHeading title={t('bidKeys.heading')} intro={t('bidKeys.intro')} />
      {local.isPending || registered.isPending ? (
        <Loading />
      ) : local.isError ? (
        <BidErrorNotice error={local.error} onRetry={() => void local.refetch()} />
      ) : registered.isError ? (
        <ErrorNotice error={registered.error} onRetry={() => void registered.refetch()} />
      ) : (
        <div className="panels">
          <ThisComputer orgId={orgId ?? ''} local={local.data} registered={registered.data.items} />
          <RecoveryKeyCard orgId={orgId ?? ''} local={local.data} registered={registered.data.items} />
          <RegisteredKeys local={local.data} registered={registered.data.items} />
        </div>
      )}
    </>
  );
}

function StandingTag({ standing }: { standing: KeyStanding }) {
  const { t } = useTranslation();
  const tone = standing === 'active' ? 'tag-active' : standing === 'revoked' ? 'tag-rejected' : 'tag-pending';
  return (
    <span className={`tag ${tone}`} data-testid="key-standing" data-standing={standing}>
      {t(`bidKeys.standing.${standing}`)}
    </span>
  );
}

function ThisComputer({ orgId, local, registered }: { orgId: string; local: LocalKeys; registered: TBidderKey[] }) {
  const { t } = useTranslation();
  const localChanged = useLocalKeysChanged(orgId);
  const [confirming, setConfirming] = useState(false);
  const forget = useMutation({
    mutationFn: () => forgetBidderKey(orgId),
    onSuccess: async () => {
      setConfirming(false);
      await localChanged();
    },
  });
  const key = local.bidder;
  if (!key) {
    return (
      <>
        <Card title={t('bidKeys.thisComputer')}>
          <p className="notice notice-info" data-testid="no-local-key">
            {t('bidKeys.noLocalKey')}
          </p>
        </Card>
        <div className="key-setup">
          <Card title={t('bidKeys.create.heading')}>
            <p className="muted small">{t('bidKeys.create.intro')}</p>
            <KeyCreator kind="bidder" orgId={orgId} />
          </Card>
          <Card title={t('bidKeys.import.heading')}>
            <p className="muted small">{t('bidKeys.import.intro')}</p>
            <KeyImporter orgId={orgId} />
          </Card>
        </div>
      </>
    );
  }
  const standing = standingOf(key.kid, registered);
  const record = registered.find((k) => k.fingerprint === key.kid);
  return (
    <Card
      title={t('bidKeys.thisComputer')}
      actions={
        !confirming && (
          <button type="button" className="button button-danger-outline button-small" onClick={() => setConfirming(true)}>
            {t('bidKeys.forget.button')}
          </button>
        )
      }
    >
      <div className="key-summary" data-testid="local-key">
        <div className="key-summary-title">
          <strong>{record?.label || t('bidKeys.unnamed')}</strong>
          <StandingTag standing={standing} />
        </div>
        <div className="key-fact">
          <span className="muted small">{t('bidKeys.fingerprint')}</span>
          <Fingerprint kid={key.kid} testId="local-fingerprint" />
        </div>
        <p className="small muted">{t(`bidKeys.standingNote.${standing}`)}</p>
        {standing === 'unregistered' && <RegisterLocalKey orgId={orgId} publicJwk={key.publicJwk} />}
      </div>
      {confirming && (
        <ConfirmBar
          danger
          message={t('bidKeys.forget.confirm')}
          confirmLabel={t('bidKeys.forget.button')}
          busy={forget.isPending}
          onConfirm={() => forget.mutate()}
          onCancel={() => setConfirming(false)}
        />
      )}
      {forget.isError && <BidErrorNotice error={forget.error} />}
    </Card>
  );
}

function RegisterLocalKey({ orgId, publicJwk }: { orgId: string; publicJwk: PublicJwk }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const localChanged = useLocalKeysChanged(orgId);
  const register = useMutation({
    mutationFn: () => registerPublicKey({ publicJwk }, t('bidKeys.import.defaultLabel')),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: routeKey(apiRoutes.bids.listKeys) }), localChanged()]),
  });
  return (
    <>
      <button type="button" className="button button-primary button-small" disabled={register.isPending} onClick={() => register.mutate()}>
        {register.isPending ? t('bidKeys.create.registering') : t('bidKeys.import.register')}
      </button>
      {register.isError && <BidErrorNotice error={register.error} />}
    </>
  );
}

type RecoveryMode = 'view' | 'create' | 'file';

function RecoveryKeyCard({ orgId, local, registered }: { orgId: string; local: LocalKeys; registered: TBidderKey[] }) {
  const { t } = useTranslation();
  const id = useId();
  const localChanged = useLocalKeysChanged(orgId);
  const [mode, setMode] = useState<RecoveryMode>('view');
  const chooseFile = useMutation({
    mutationFn: async (file: File) => {
      const recovery = await publicKeyOfFile(await readKeyFile(file));
      if (recovery.kid === local.bidder?.kid) throw new BidClientError('SAME_AS_BIDDER_KEY');
      requireActive(recovery.kid, registered);
      await saveRecoveryKey(orgId, recovery);
    },
    onSuccess: async () => {
      setMode('view');
      await localChanged();
    },
  });
  const stopUsing = useMutation({ mutationFn: () => forgetRecoveryKey(orgId), onSuccess: () => localChanged() });
  const recovery = local.recovery;
  const standing = recovery && standingOf(recovery.kid, registered);

  return (
    <Card title={t('bidKeys.recovery.heading')}>
      <p className="muted">{t('bidKeys.recovery.intro')}</p>
      {recovery && standing ? (
        <div className="key-summary" data-testid="recovery-key">
          <div className="key-summary-title">
            <strong>{registered.find((k) => k.fingerprint === recovery.kid)?.label || t('bidKeys.unnamed')}</strong>
            <StandingTag standing={standing} />
          </div>
          <div className="key-fact">
            <span className="muted small">{t('bidKeys.fingerprint')}</span>
            <Fingerprint kid={recovery.kid} testId="recovery-fingerprint" />
          </div>
          <p className="small muted">{standing === 'active' ? t('bidKeys.recovery.active') : t('bidKeys.recovery.inactive')}</p>
          <div className="form-actions">
            <button type="button" className="button button-outline button-small" disabled={stopUsing.isPending} onClick={() => stopUsing.mutate()}>
              {t('bidKeys.recovery.stopUsing')}
            </button>
          </div>
          {stopUsing.isError && <BidErrorNotice error={stopUsing.error} />}
        </div>
      ) : mode === 'create' ? (
        <KeyCreator kind="recovery" orgId={orgId} onDone={() => setMode('view')} onCancel={() => setMode('view')} />
      ) : mode === 'file' ? (
        <div className="form key-form">
          <div className="field">
            <label htmlFor={`${id}-file`}>{t('bidKeys.recovery.file')}</label>
            <input id={`${id}-file`} type="file" accept="application/json,.json" disabled={chooseFile.isPending} onChange={(event) => event.target.files?.[0] && chooseFile.mutate(event.target.files[0])} />
            <p className="field-hint">{t('bidKeys.recovery.fileHint')}</p>
          </div>
          <div className="form-actions">
            <button type="button" className="button button-quiet" onClick={() => setMode('view')}>
              {t('common.cancel')}
            </button>
          </div>
          {chooseFile.isError && <BidErrorNotice error={chooseFile.error} />}
        </div>
      ) : (
        <>
          <p className="empty">{t('bidKeys.recovery.none')}</p>
          <div className="form-actions">
            <button type="button" className="button button-outline" onClick={() => setMode('create')}>
              {t('bidKeys.recovery.create')}
            </button>
            <button type="button" className="button button-quiet" onClick={() => setMode('file')}>
              {t('bidKeys.recovery.useFile')}
            </button>
          </div>
        </>
      )}
    </Card>
  );
}

function RegisteredKeys({ local, registered }: { local: LocalKeys; registered: TBidderKey[] }) {
  const { t } = useTranslation();
  const dateTime = useDateTimeFormat();
  const queryClient = useQueryClient();
  const [revoking, setRevoking] = useState<TBidderKey | null>(null);
  const revoke = useMutation({
    mutationFn: (key: TBidderKey) => api.call(apiRoutes.bids.revokeKey, { params: { keyId: key.id } }),
    onSuccess: async () => {
      setRevoking(null);
      await queryClient.invalidateQueries({ queryKey: routeKey(apiRoutes.bids.listKeys) });
    },
  });
  return (
    <Card title={t('bidKeys.registered.heading')}>
      <p className="muted small">{t('bidKeys.registered.intro')}</p>
      {registered.length === 0 ? (
        <p className="empty">{t('bidKeys.registered.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('bidKeys.registered.label')}</th>
                <th scope="col">{t('bidKeys.fingerprint')}</th>
                <th scope="col">{t('bidKeys.registered.createdAt')}</th>
                <th scope="col">{t('bidKeys.registered.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('bidKeys.registered.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {registered.map((key) => (
                <tr key={key.id} data-testid="registered-key" data-kid={key.fingerprint}>
                  <th scope="row">
                    <div className="key-label">
                      <span>{key.label || t('bidKeys.unnamed')}</span>
                      {key.fingerprint === local.bidder?.kid && <span className="tag tag-type">{t('bidKeys.registered.thisComputer')}</span>}
                      {key.fingerprint === local.recovery?.kid && <span className="tag tag-version">{t('bidKeys.registered.recovery')}</span>}
                    </div>
                  </th>
                  <td>
                    <Fingerprint kid={key.fingerprint} />
                  </td>
                  <td className="nowrap">{dateTime.format(new Date(key.createdAt))}</td>
                  <td className="nowrap">
                    {key.revokedAt ? (
                      <span className="tag tag-rejected">{t('bidKeys.registered.revokedAt', { time: dateTime.format(new Date(key.revokedAt)) })}</span>
                    ) : (
                      <span className="tag tag-active">{t('bidKeys.standing.active')}</span>
                    )}
                  </td>
                  <td className="num">
                    {!key.revokedAt && (
                      <button
                        type="button"
                        className="button button-danger-outline button-small"
                        aria-label={t('bidKeys.registered.revokeLabel', { label: key.label || key.fingerprint.slice(0, 8) })}
                        onClick={() => setRevoking(key)}
                      >
                        {t('bidKeys.registered.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoking && (
        <ConfirmBar
          danger
          message={t('bidKeys.registered.confirmRevoke', { label: revoking.label || revoking.fingerprint.slice(0, 8) })}
          confirmLabel={t('bidKeys.registered.revoke')}
          busy={revoke.isPending}
          onConfirm={() => revoke.mutate(revoking)}
          onCancel={() => setRevoking(null)}
        />
      )}
      {revoke.isError && <ErrorNotice error={revoke.error} />}
    </Card>
  );
}
