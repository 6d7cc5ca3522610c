import { apiRoutes } from '@bidhall/contracts';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { saveFile } from '../api/client';
import { useApiQuery } from '../api/queries';
import { api } from '../app/services';
import { Card } from '../ui/Card';
import { ErrorNotice } from '../ui/errors';
import { QueryState } from '../ui/QueryState';

/** Whether the hash chain verifies end to end, and the export to check it independently. */
export function AuditChainPanel() {
  const { t } = useTranslation();
  const verify = useApiQuery(apiRoutes.audit.verify);
  // The export needs the bearer token, so it is fetched and handed to the browser as a file.
  const exportChain = useMutation({
    mutationFn: async () => saveFile(await api.download(apiRoutes.audit.export), 'bidhall-audit.jsonl'),
  });

  return (
    <Card
      title={t('audit.chainHeading')}
      actions={
        <button type="button" className="button button-quiet button-small" disabled={verify.isFetching} onClick={() => void verify.refetch()}>
          {verify.isFetching ? t('audit.verifying') : t('audit.verify')}
        </button>
      }
    >
      <p className="muted">{t('audit.chainIntro')}</p>
      <QueryState query={verify}>
        {(data) =>
          data.ok ? (
            <div className="chain-status chain-ok" data-testid="audit-chain" data-ok="true">
              <strong>{t('audit.intact')}</strong>
              <span>{t('audit.count', { count: data.count })}</span>
              <span>
                {t('audit.head')} <code title={data.headHash}>{data.headHash.slice(0, 16)}…</code>
              </span>
            </div>
          ) : (
            <div className="chain-status chain-broken" data-testid="audit-chain" data-ok="false" role="alert">
              <strong>{t('audit.broken')}</strong>
              <span>{t('audit.count', { count: data.count })}</span>
              <span>{t('audit.brokenAt', { seq: data.brokenAtSeq, reason: t(`audit.reasons.${data.reason}`) })}</span>
            </div>
          )
        }
      </QueryState>
      <div className="card-footer">
        <button type="button" className="button button-primary" disabled={exportChain.isPending} onClick={() => exportChain.mutate()}>
          {exportChain.isPending ? t('audit.exporting') : t('audit.export')}
        </button>
        <span className="muted small">{t('audit.exportHint')}</span>
      </div>
      {exportChain.isError && <ErrorNotice error={exportChain.error} />}
    </Card>
  );
}
