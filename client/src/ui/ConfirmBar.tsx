import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A second, explicit step before an action that cannot be undone.
 *
 * It is a small modal dialog in the page's flow: focus starts on the confirming button, Tab and
 * Shift+Tab stay within the bar, Escape cancels, and when the bar closes focus returns to the
 * element that opened it, if that is still on the page (keep the opening button mounted, `hidden`
 * while the bar shows, rather than swapping it for the bar).
 */
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
  const bar = useRef<HTMLDivElement>(null);
  // Read while rendering, before this render's commit moves focus into the bar.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null));
  // Whether focus was in the bar when it last went anywhere; focus lost to nothing (a disabled button) still counts.
  const focusInside = useRef(true);

  useEffect(() => {
    const root = bar.current;
    if (!root) return;
    const onFocusOut = (event: FocusEvent) => {
      if (event.relatedTarget instanceof Node && !root.contains(event.relatedTarget)) focusInside.current = false;
    };
    const onFocusIn = () => {
      focusInside.current = true;
    };
    root.addEventListener('focusout', onFocusOut);
    root.addEventListener('focusin', onFocusIn);
    return () => {
      root.removeEventListener('focusout', onFocusOut);
      root.removeEventListener('focusin', onFocusIn);
      // Once the commit that removes the bar is done, the opener is shown again. (A bar still on the page was only re-run by StrictMode.)
      if (focusInside.current && opener) queueMicrotask(() => !root.isConnected && opener.isConnected && opener.focus());
    };
  }, [opener]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape' && !busy) {
      event.preventDefault();
      onCancel();
      return;
    }
    if (event.key !== 'Tab') return;
    const buttons = [...(bar.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];
    const first = buttons[0];
    const last = buttons.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <div ref={bar} className={`confirm-bar ${danger ? 'confirm-bar-danger' : ''}`} role="alertdialog" aria-modal="true" aria-label={message} onKeyDown={onKeyDown}>
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
