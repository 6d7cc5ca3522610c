import { type RefObject, useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/**
 * After a navigation inside the app, focus goes to the main content, as it would after a page load
 * and a skip link: the keyboard continues in the new page, and a screen reader reads it, instead of
 * staying on the menu link that was followed. A page that put focus somewhere of its own in its
 * main content (a first field) keeps it.
 */
export function useNavigationFocus(main: RefObject<HTMLElement | null>): void {
  const { pathname } = useLocation();
  const seen = useRef(pathname);
  useEffect(() => {
    if (seen.current === pathname) return;
    seen.current = pathname;
    const target = main.current;
    if (target && !target.contains(document.activeElement)) target.focus();
  }, [pathname, main]);
}
