import { isEnvelopeError } from '@bidhall/contracts/envelope';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../ui/errors';
import { BidClientError } from './bid-errors';

/** A File whose bytes changed or vanished after it was picked makes the browser fail the read with these. */
const FILE_READ_FAILURES = new Set(['NotReadableError', 'NotFoundError']);

/** The translated message for any failure of the bid pages: the platform's codes, the envelope's and our own. */
export function useBidErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  const apiErrorText = useErrorText();
  return (error) => {
    if (error instanceof BidClientError) return t(`bidErrors.${error.code}`);
    if (isEnvelopeError(error)) return t(`envelopeErrors.${error.code}`);
    if (error instanceof DOMException && FILE_READ_FAILURES.has(error.name)) return t('bidErrors.FILE_UNREADABLE');
    if (error instanceof DOMException && error.name === 'QuotaExceededError') return t('bidErrors.KEY_STORAGE_UNAVAILABLE');
    return apiErrorText(error);
  };
}

export function BidErrorNotice({ error, onRetry, retryLabel }: { error: unknown; onRetry?: () => void; retryLabel?: string }) {
  const { t } = useTranslation();
  const errorText = useBidErrorText();
  return (
    <div className="notice notice-error" role="alert">
      <span>{errorText(error)}</span>
      {onRetry && (
        <button type="button" className="button button-small" onClick={onRetry}>
          {retryLabel ?? t('common.retry')}
        </button>
      )}
    </div>
  );
}
