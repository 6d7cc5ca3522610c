import { apiRoutes, type TOpeningFormField } from '@bidhall/contracts';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../app/services';
import { Card } from '../ui/Card';
import { useYuan } from '../ui/format';
import { isMoney } from '../ui/money';
import { BidErrorNotice, useBidErrorText } from './BidErrorNotice';
import { Fingerprint } from './Fingerprint';
import { useBytes } from './format';
import { loadBidderKey } from './key-store';
import { runSelfCheck, type SelfCheckResult } from './self-check';

/** The self-check (自检) of the submitted bid against the key on this computer, before the opening needs it. */
export function SelfCheck({ sectionId, orgId, fields }: { sectionId: string; orgId: string; fields: readonly TOpeningFormField[] }) {
  const { t } = useTranslation();
  const check = useMutation({
    // The key is read at the moment of the check, so a key imported in another tab meanwhile counts.
    mutationFn: async () => {
      const range = (from: number, to: number) => api.fetch(apiRoutes.bids.myEnvelope, { params: { sectionId } }, { headers: { Range: `bytes=${from}-${to}` } });
      return runSelfCheck(range, await loadBidderKey(orgId));
    },
  });
  return (
    <Card
      title={t('selfCheck.heading')}
      actions={
        <button type="button" className="button button-primary button-small" disabled={check.isPending} onClick={() => check.mutate()}>
          {check.isPending ? t('selfCheck.running') : check.data ? t('selfCheck.again') : t('selfCheck.run')}
        </button>
      }
    >
      <p className="muted">{t('selfCheck.intro')}</p>
      {check.isError && <BidErrorNotice error={check.error} />}
      {check.data && <SelfCheckOutcome result={check.data} fields={fields} />}
    </Card>
  );
}

function SelfCheckOutcome({ result, fields }: { result: SelfCheckResult; fields: readonly TOpeningFormField[] }) {
  const { t } = useTranslation();
  const bytes = useBytes();
  const errorText = useBidErrorText();
  if (result.ok) {
    return (
      <div className="check-result check-pass" role="status" data-testid="self-check" data-ok="true">
        <strong>{t('selfCheck.pass')}</strong>
        <dl className="facts">
          <div className="facts-wide">
            <dt>{t('selfCheck.key')}</dt>
            <dd>
              <Fingerprint kid={result.kid} />
            </dd>
          </div>
          <div>
            <dt>{t('selfCheck.file')}</dt>
            <dd>
              {result.fileName} <span className="muted small">{bytes(result.fileSize)}</span>
            </dd>
          </div>
          <div>
            <dt>{t('selfCheck.scope')}</dt>
            <dd>{result.chunksChecked === result.chunkCount ? t('selfCheck.scopeWhole', { n: result.chunkCount }) : t('selfCheck.scopeStart', { n: result.chunksChecked, total: result.chunkCount })}</dd>
          </div>
        </dl>
        <table className="table table-compact check-form">
          <caption>{t('selfCheck.form')}</caption>
          <tbody>
            {fields.map((field) => (
              <tr key={field.key}>
                <th scope="row">{field.label}</th>
                <td data-testid={`sealed-${field.key}`}>
                  <SealedValue field={field} value={result.form[field.key]} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="small">{t('selfCheck.private')}</p>
      </div>
    );
  }
  return (
    <div className="check-result check-fail" role="alert" data-testid="self-check" data-ok="false" data-reason={result.reason}>
      <strong>{t('selfCheck.fail')}</strong>
      <p>{t(`selfCheck.reasons.${result.reason}`)}</p>
      {result.recipients && (
        <div className="check-recipients">
          <span className="small">{t('selfCheck.encryptedTo')}</span>
          {result.recipients.map((kid) => (
            <Fingerprint key={kid} kid={kid} />
          ))}
        </div>
      )}
      {result.error !== undefined && <p className="small muted">{errorText(result.error)}</p>}
      {(result.reason === 'NO_KEY' || result.reason === 'NOT_FOR_THIS_KEY' || result.reason === 'WRONG_KEY') && (
        <Link className="button button-small" to="/bidder/keys">
          {t('bid.submit.toKeys')}
        </Link>
      )}
    </div>
  );
}

function SealedValue({ field, value }: { field: TOpeningFormField; value: unknown }) {
  const yuan = useYuan();
  if (value === undefined) return <>—</>;
  if (field.type === 'money' && typeof value === 'string' && isMoney(value)) return <>{yuan(value)}</>;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const unit = field.unit ?? (field.type === 'percent' ? '%' : null);
  return (
    <>
      {text}
      {unit && <span className="muted"> {unit}</span>}
    </>
  );
}
