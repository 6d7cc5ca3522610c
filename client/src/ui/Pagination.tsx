import { useTranslation } from 'react-i18next';

export function Pagination({ page, pageSize, total, onPage }: { page: number; pageSize: number; total: number; onPage(page: number): void }) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      <span className="muted small">{t('pagination.summary', { total, page, pages })}</span>
      <div className="row-actions">
        <button type="button" className="button button-outline button-small" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          {t('pagination.previous')}
        </button>
        <button type="button" className="button button-outline button-small" disabled={page >= pages} onClick={() => onPage(page + 1)}>
          {t('pagination.next')}
        </button>
      </div>
    </nav>
  );
}
