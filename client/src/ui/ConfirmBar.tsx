import { useTranslation } from 'react-i18next';

/** A second, explicit step before an action that cannot be undone. */
export function ConfirmBar({
  message,
  confirmLabel,
  busy,
  danger = false,
  onConfirm,
  onCancel,
}: {
  message: string;
  confirmLabel: string;
  busy: boolean;
  danger?: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  return (
    <div className={`confirm-bar ${danger ? 'confirm-bar-danger' : ''}`} role="alertdialog" aria-label={message}>
      <span>{message}</span>
      <div className="row-actions">
        <button type="button" className={`button button-small ${danger ? 'button-danger' : 'button-primary'}`} disabled={busy} onClick={onConfirm} autoFocus>
          {confirmLabel}
        </button>
        <button type="button" className="button button-quiet button-small" disabled={busy} onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
