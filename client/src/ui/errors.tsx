import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http';

/** The translated message for an error, by its code, with the wait time when the platform gave one. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error) => {
    if (!(error instanceof ApiError)) return t('common.unexpected');
    const seconds = error.retryAfterSeconds;
    const message = t(`errors.${error.code}`);
    return seconds === null ? message : `${message} ${t('errorHints.retryAfter', { seconds })}`;
  };
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (
    <div className="notice notice-error" role="alert">
      <span>{errorText(error)}</span>
      {onRetry && (
        <button type="button" className="button button-small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
