import { apiRoutes, type TReceipt } from '@bidhall/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { saveFile } from '../api/client';
import { useApiQuery } from '../api/queries';
import { api } from '../app/services';
import { ErrorNotice } from '../ui/errors';
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

/** The receipt as the platform signed it (JSON) and as a printable page (PDF), side by side. */
export function DownloadReceipt({ receipt, quiet = false }: { receipt: TReceipt; quiet?: boolean }) {
  const { t } = useTranslation();
  const name = receiptFileName(receipt);
  const className = `button button-small ${quiet ? 'button-quiet' : 'button-outline'}`;
  // The PDF needs the bearer token, so it is fetched and handed to the browser as a file.
  const pdf = useMutation({
    mutationFn: async () =>
      saveFile(await api.download(apiRoutes.bids.receiptPdf, { params: { sectionId: receipt.sectionId, receiptId: receipt.receiptId } }), name.replace(/\.json$/, '.pdf')),
  });
  // Each name contains the button's visible text outside parentheses (WCAG 2.5.3, label in name);
  // while the PDF is being prepared the button is named by what it shows.
  return (
    <span className="receipt-downloads">
      <button type="button" className={className} aria-label={t('receipts.downloadLabel', { id: receipt.receiptId })} onClick={() => saveFile({ blob: receiptBlob(receipt), filename: name }, name)}>
        {t('receipts.download')}
      </button>
      <button type="button" className={className} aria-label={pdf.isPending ? undefined : t('receipts.pdfLabel', { id: receipt.receiptId })} disabled={pdf.isPending} onClick={() => pdf.mutate()}>
        {pdf.isPending ? t('receipts.pdfPreparing') : t('receipts.pdf')}
      </button>
      {pdf.isError && <ErrorNotice error={pdf.error} />}
    </span>
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
