import { type RefObject, useEffect } from 'react';

/**
 * Keeps the keyboard's place inside a part of the page that updates itself (the opening hall,
 * where a button disappears once it has done its job and a live event replaces a whole step).
 *
 * When the focused element is removed or disabled, the browser puts focus back on the document's
 * body, and a keyboard or screen reader user starts again from the top. Instead, focus goes back
 * to the element once it is enabled again (a button disabled while its request runs), or, when it
 * is gone, to the nearest enclosing landing still on the page: an element with `tabIndex={-1}`
 * (a step, a card). Focus the user moved elsewhere, or took away by clicking nothing, is left alone.
 */
export function useFocusRecovery(container: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = container.current;
    if (!root) return;
    // The element that had focus in `root`, while it may still need recovering, and its landings, nearest first.
    let last: HTMLElement | null = null;
    let landings: HTMLElement[] = [];

    const focusIsLost = () => document.activeElement === null || document.activeElement === document.body;
    const gone = (element: HTMLElement) => !element.isConnected || element.matches(':disabled');

    const remember = (event: FocusEvent) => {
      if (!(event.target instanceof HTMLElement)) return;
      last = event.target;
      landings = [];
      for (let at = last.parentElement; at && at !== root; at = at.parentElement) {
        if (at.getAttribute('tabindex') === '-1') landings.push(at);
      }
    };

    const recover = () => {
      if (!last) return;
      if (!focusIsLost()) {
        if (!root.contains(document.activeElement)) last = null;
        return;
      }
      if (!last.isConnected) {
        const landing = landings.find((element) => element.isConnected);
        last = null;
        landing?.focus();
      } else if (!last.matches(':disabled')) {
        last.focus();
      }
      // Still there but disabled: wait for it to be enabled again.
    };

    const onFocusOut = (event: FocusEvent) => {
      if (event.relatedTarget) return;
      queueMicrotask(() => {
        // Still there and usable, yet focus is nowhere: the user clicked away, and nothing is to be recovered.
        if (last && !gone(last) && focusIsLost()) last = null;
        else recover();
      });
    };

    const observer = new MutationObserver(recover);
    observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
    root.addEventListener('focusin', remember);
    root.addEventListener('focusout', onFocusOut);
    return () => {
      observer.disconnect();
      root.removeEventListener('focusin', remember);
      root.removeEventListener('focusout', onFocusOut);
    };
  }, [container]);
}
