import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionManager } from './session';
import { type SessionHint, storedSessionHint } from './session-hint';

/** A Storage over a Map, like one tab's localStorage. */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

const session = {
  accessToken: 'token',
  expiresAt: new Date(Date.now() + 600_000).toISOString(),
  user: { id: '00000000-0000-4000-8000-000000000001', username: 'bidder1', displayName: '王华建', role: 'BIDDER', orgId: null },
};
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  fetchMock = vi.fn();
  vi.stubGlobal('fetch', fetchMock);
  vi.stubGlobal('navigator', {});
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('restoring a session on page load', () => {
  it('does not ask the platform when this browser never signed in, so nothing fails with 401', async () => {
    const manager = new SessionManager(storedSessionHint(memoryStorage()));
    await manager.restore();
    expect(fetchMock).not.toHaveBeenCalled();
    expect(manager.getState()).toEqual({ status: 'signed-out', reason: 'initial' });
  });

  it('refreshes when an earlier sign-in left the hint, and keeps it', async () => {
    const storage = memoryStorage();
    const hint = storedSessionHint(storage);
    hint.set();
    fetchMock.mockResolvedValueOnce(json(200, session));
    const manager = new SessionManager(hint);
    await manager.restore();
    expect(fetchMock).toHaveBeenCalledOnce();
    expect(manager.getState().status).toBe('signed-in');
    expect(hint.present).toBe(true);
  });

  it('drops the hint when the platform says the session is over', async () => {
    const hint = storedSessionHint(memoryStorage());
    hint.set();
    fetchMock.mockResolvedValueOnce(json(401, { error: { code: 'REFRESH_INVALID', message: 'the session has ended' } }));
    const manager = new SessionManager(hint);
    await manager.restore();
    expect(manager.getState()).toEqual({ status: 'signed-out', reason: 'initial' });
    expect(hint.present).toBe(false);
  });

  it('keeps the hint when the platform could not be reached, so the next load tries again', async () => {
    const hint = storedSessionHint(memoryStorage());
    hint.set();
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const manager = new SessionManager(hint);
    await manager.restore();
    expect(manager.getState()).toEqual({ status: 'signed-out', reason: 'initial' });
    expect(hint.present).toBe(true);
  });
});

describe('signing in and out', () => {
  it('sets the hint at sign-in and clears it at sign-out', async () => {
    const hint: SessionHint = storedSessionHint(memoryStorage());
    const manager = new SessionManager(hint);
    fetchMock.mockResolvedValueOnce(json(200, session));
    await manager.login({ username: 'bidder1', password: 'Demo-password-1' });
    expect(hint.present).toBe(true);
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }));
    await manager.logout();
    expect(hint.present).toBe(false);
    expect(manager.getState()).toEqual({ status: 'signed-out', reason: 'logout' });
  });
});

describe('storedSessionHint', () => {
  it('looks for a session anyway where storage is missing or refuses', () => {
    expect(storedSessionHint(null).present).toBe(true);
    const refusing = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    const hint = storedSessionHint(refusing);
    expect(() => hint.set()).not.toThrow();
    expect(hint.present).toBe(true);
  });
});
