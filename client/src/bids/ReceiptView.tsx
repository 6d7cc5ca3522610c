import { apiRoutes, type TReceipt } from '@bidhall/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { saveFile } from '../api/client';
import { useApiQuery } from '../api/queries';
import { useDateTimeFormat } from '../ui/format';
import { useBytes, useExactBytes } from './format';
import { receiptBlob, receiptFileName, verifyReceipt } from './receipts';

/** Whether the receipt's signature verifies in this browser against the platform's published key. */
export function useReceiptCheck(receipt: TReceipt) {
  const keys = useApiQuery(apiRoutes.bids.platformKeys);
  const check = useQuery({
    queryKey: ['receipt-check', receipt.receiptId, receipt.kind, receipt.signature, keys.data?.receipts.keyId],
    queryFn: () => verifyReceipt(receipt, keys.data!),
    enabled: keys.data !== undefined,
    staleTime: Infinity,
    retry: false,
  });
  if (keys.isError || check.isError) return 'error' as const;
  return check.data ?? ('checking' as const);
}

export function SignatureBadge({ receipt }: { receipt: TReceipt }) {
  const { t } = useTranslation();
  const check = useReceiptCheck(receipt);
  const tone = check === 'verified' ? 'tag-active' : check === 'checking' ? 'tag-draft' : 'tag-rejected';
  return (
    <span className={`tag ${tone}`} data-testid="receipt-signature" data-check={check}>
      {t(`receipts.signature.${check}`)}
    </span>
  );
}

export function DownloadReceipt({ receipt, quiet = false }: { receipt: TReceipt; quiet?: boolean }) {
  const { t } = useTranslation();
  const name = receiptFileName(receipt);
  return (
    <button
      type="button"
      className={`button button-small ${quiet ? 'button-quiet' : 'button-outline'}`}
      aria-label={t('receipts.downloadLabel', { id: receipt.receiptId })}
      onClick={() => saveFile({ blob: receiptBlob(receipt), filename: name }, name)}
    >
      {t('receipts.download')}
    </button>
  );
}

/** One receipt (回执) in full, as the platform signed it. */
export function ReceiptDetails({ receipt }: { receipt: TReceipt }) {
  const { t } = useTranslation();
  const dateTime = useDateTimeFormat();
  const bytes = useBytes();
  const exact = useExactBytes();
  return (
    <section className={`receipt receipt-${receipt.kind.toLowerCase()}`} aria-label={t(`receipts.kinds.${receipt.kind}`)} data-testid="receipt">
      <header className="receipt-header">
        <h3>{t(`receipts.kinds.${receipt.kind}`)}</h3>
        <SignatureBadge receipt={receipt} />
        <DownloadReceipt receipt={receipt} />
      </header>
      <dl className="facts receipt-facts">
        <div>
          <dt>{t('receipts.receiptId')}</dt>
          <dd className="mono" data-testid="receipt-id">
            {receipt.receiptId}
          </dd>
        </div>
        <div>
          <dt>{t('receipts.serverTime')}</dt>
          <dd>
            <time dateTime={receipt.serverTime}>{dateTime.format(new Date(receipt.serverTime))}</time>
          </dd>
        </div>
        <div>
          <dt>{t('receipts.size')}</dt>
          <dd title={exact(receipt.size)}>
            {bytes(receipt.size)} <span className="muted small">({exact(receipt.size)})</span>
          </dd>
        </div>
        <div className="facts-wide">
          <dt>{t('receipts.sha256')}</dt>
          <dd className="mono hash" data-testid="receipt-sha256">
            {receipt.sha256}
          </dd>
        </div>
      </dl>
      <p className="muted small receipt-note">{t('receipts.note')}</p>
    </section>
  );
}
