import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http';
import { ErrorNotice } from '../ui/errors';
import { MediaClientError } from './media-errors';

/** A media failure in words: this browser's own, or the platform's refusal. */
export function MediaErrorNotice({ error }: { error: ApiError | MediaClientError }) {
  const { t } = useTranslation();
  // On joining, ALREADY_DONE means this user is already in the room elsewhere, not a repeated request.
  if (error instanceof ApiError && error.code !== 'ALREADY_DONE') return <ErrorNotice error={error} />;
  return (
    <p className="notice notice-error" role="alert" data-code={error.code}>
      {error instanceof MediaClientError ? t(`media.errors.${error.code}`) : t('media.alreadyJoined')}
    </p>
  );
}
