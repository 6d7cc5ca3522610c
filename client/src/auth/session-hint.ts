/**
 * Whether this browser may still hold a session from an earlier visit. The refresh cookie is
 * httpOnly, so scripts cannot see it; without this hint every signed-out page load would ask the
 * platform to refresh and be answered 401 (which browsers log as an error). The hint holds no
 * secret: it only says that asking is worth it.
 */
export interface SessionHint {
  readonly present: boolean;
  /** After a sign-in or a successful refresh. */
  set(): void;
  /** After a sign-out, or when the platform said the session is over. */
  clear(): void;
}

type HintStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const KEY = 'bidhall.session';

/**
 * The hint kept in `storage` (localStorage, shared by the tabs of the origin). Where storage is
 * unavailable the hint is always present, so a session is still looked for as before.
 */
export function storedSessionHint(storage: HintStorage | null): SessionHint {
  const attempt = <T>(fn: (s: HintStorage) => T, fallback: T): T => {
    if (!storage) return fallback;
    try {
      return fn(storage);
    } catch {
      // Storage refused (private mode, policy, quota): behave as if there were no storage.
      return fallback;
    }
  };
  return {
    get present() {
      return attempt((s) => s.getItem(KEY) !== null, true);
    },
    set: () => attempt((s) => s.setItem(KEY, '1'), undefined),
    clear: () => attempt((s) => s.removeItem(KEY), undefined),
  };
}

/** The browser's localStorage, or null where there is none or it may not be touched. */
export function browserStorage(): HintStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
