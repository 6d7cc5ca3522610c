import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../ui/errors';
import { downloadDocument } from './document-file';

/** Downloads one file and says whether the copy's SHA-256 is the one published. */
export function DownloadButton({ document }: { document: { id: string; name: string; sha256: string } }) {
  const { t } = useTranslation();
  const download = useMutation({ mutationFn: () => downloadDocument(document) });
  return (
    <>
      <button type="button" className="button button-outline button-small" disabled={download.isPending} aria-label={t('documents.downloadFile', { name: document.name })} onClick={() => download.mutate()}>
        {download.isPending ? t('documents.downloading') : t('documents.download')}
      </button>
      {download.data?.matches === true && (
        <span className="tag tag-active" data-testid="hash-verified" role="status">
          {t('documents.verified')}
        </span>
      )}
      {download.data?.matches === false && (
        <span className="notice notice-error small" role="alert">
          {t('documents.hashMismatch', { sha256: download.data.sha256 })}
        </span>
      )}
      {download.data?.matches === null && <span className="muted small">{t('documents.notVerified')}</span>}
      {download.isError && <ErrorNotice error={download.error} />}
    </>
  );
}
