import { apiRoutes, type TLoginBody, type TSession } from '@bidhall/contracts';
import type { TokenSource } from '../api/client';
import { ApiError, parseResponse, send, serverTimeOf } from '../api/http';
import { refreshDelayMs } from './refresh-timing';
import { browserStorage, type SessionHint, storedSessionHint } from './session-hint';

/** `expired`: a session of this tab ended without the user signing out; `initial`: there was none to restore. */
export type SignOutReason = 'initial' | 'expired' | 'logout';

export type SessionState =
  | { status: 'restoring' }
  | { status: 'signed-out'; reason: SignOutReason }
  | { status: 'signed-in'; session: TSession };

/** Refresh answers meaning the session is over, as opposed to a temporary failure. */
const SESSION_OVER = new Set<string>(['REFRESH_INVALID', 'REFRESH_REUSED', 'ACCOUNT_DISABLED', 'ACCOUNT_PENDING', 'UNAUTHENTICATED']);
const RETRY_AFTER_FAILURE_MS = 15_000;
const REFRESH_LOCK = 'bidhall:auth-refresh';

/**
 * The signed-in session of this tab. The access token lives only in memory; the refresh token
 * is an httpOnly cookie the browser sends to /api/auth. Refreshes are single-flight within the
 * tab and serialized across tabs, because presenting a rotated refresh token twice revokes the
 * whole session family.
 */
export class SessionManager implements TokenSource {
  readonly #hint: SessionHint;
  #state: SessionState = { status: 'restoring' };
  readonly #listeners = new Set<() => void>();
  #inflight: Promise<string | null> | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped on sign-in and sign-out, so a refresh that finishes afterwards cannot resurrect an old session. */
  #epoch = 0;

  constructor(hint: SessionHint = storedSessionHint(browserStorage())) {
    this.#hint = hint;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly getState = (): SessionState => this.#state;

  get accessToken(): string | null {
    return this.#state.status === 'signed-in' ? this.#state.session.accessToken : null;
  }

  /**
   * Picks up the session of an earlier visit, if its refresh cookie is still good. Without a hint
   * that this browser signed in, there is nothing to pick up and the platform is not asked.
   */
  async restore(): Promise<void> {
    if (!this.#hint.present) {
      this.#end('initial');
      return;
    }
    await this.refresh().catch(() => this.#end('initial'));
  }

  async login(body: TLoginBody): Promise<void> {
    const response = await send(apiRoutes.auth.login, { body });
    const session = await parseResponse(apiRoutes.auth.login, response);
    this.#epoch++;
    this.#accept(session, serverTimeOf(response));
  }

  refresh(): Promise<string | null> {
    this.#inflight ??= this.#rotate().finally(() => {
      this.#inflight = null;
    });
    return this.#inflight;
  }

  async logout(): Promise<void> {
    this.#epoch++;
    this.#hint.clear();
    this.#end('logout');
    await send(apiRoutes.auth.logout, undefined).catch(() => undefined);
  }

  async #rotate(): Promise<string | null> {
    const epoch = this.#epoch;
    try {
      const { session, serverNow } = await withLock(REFRESH_LOCK, async () => {
        const response = await send(apiRoutes.auth.refresh, undefined);
        return { session: await parseResponse(apiRoutes.auth.refresh, response), serverNow: serverTimeOf(response) };
      });
      if (epoch !== this.#epoch) return this.accessToken;
      this.#accept(session, serverNow);
      return session.accessToken;
    } catch (error) {
      if (epoch !== this.#epoch) return this.accessToken;
      const over = error instanceof ApiError && SESSION_OVER.has(error.code);
      if (over) this.#hint.clear();
      if (over || this.#state.status !== 'signed-in') {
        this.#end(this.#state.status === 'signed-in' ? 'expired' : 'initial');
        return null;
      }
      // A network blip: the current token may still be valid for a while, so try again soon.
      this.#schedule(RETRY_AFTER_FAILURE_MS);
      throw error;
    }
  }

  #accept(session: TSession, serverNow: number): void {
    this.#hint.set();
    this.#set({ status: 'signed-in', session });
    this.#schedule(refreshDelayMs(session.expiresAt, serverNow));
  }

  #end(reason: SignOutReason): void {
    clearTimeout(this.#timer);
    this.#set({ status: 'signed-out', reason });
  }

  #schedule(delayMs: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.refresh().catch(() => undefined), delayMs);
  }

  #set(state: SessionState): void {
    this.#state = state;
    for (const listener of this.#listeners) listener();
  }
}

/** Runs `fn` while holding a lock shared by every tab of this origin, where the browser offers one. */
function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  return 'locks' in navigator ? navigator.locks.request(name, fn) : fn();
}
