import type { TSocketAuth } from '@bidhall/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionState } from '../auth/session';
import { type AppSocket, type ConnectionSession, RealtimeConnection } from './connection';

interface Sent {
  event: string;
  payload: unknown;
  answer(ack: unknown): void;
}

/**
 * Just enough of a Socket.IO client to play a network drop on: the manager's transport, which
 * the test connects and loses, acknowledged requests answered (or not) by the test, and a record
 * of what the connection did to the socket.
 */
function fakeSocket() {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const fire = (event: string, ...args: unknown[]) => listeners.get(event)?.forEach((listener) => listener(...args));
  const sent: Sent[] = [];
  const did: string[] = [];
  const lose = (reason: string) => {
    socket.connected = false;
    fire('disconnect', reason);
  };
  const socket = {
    connected: false,
    /** Whether Socket.IO itself keeps (re)connecting. */
    active: false,
    on(event: string, listener: (...args: unknown[]) => void) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      return socket;
    },
    off(event: string, listener: (...args: unknown[]) => void) {
      listeners.get(event)?.delete(listener);
      return socket;
    },
    connect() {
      did.push('connect');
      socket.active = true;
      return socket;
    },
    disconnect() {
      did.push('disconnect');
      socket.active = false;
      if (socket.connected) lose('io client disconnect');
      return socket;
    },
    io: {
      engine: {
        close() {
          did.push('close transport');
          if (socket.connected) lose('forced close');
        },
      },
    },
    timeout(ms: number) {
      return {
        emitWithAck: (event: string, payload: unknown) =>
          new Promise((resolve, reject) => {
            sent.push({ event, payload, answer: resolve });
            setTimeout(() => reject(new Error('operation has timed out')), ms);
          }),
      };
    },
  };
  return {
    socket,
    sent,
    did,
    /** The gateway takes the handshake. */
    accept() {
      socket.connected = true;
      fire('connect');
    },
    /** The connection drops and Socket.IO tries again on its own. */
    drop() {
      lose('transport close');
    },
    /** The gateway refuses the handshake: Socket.IO leaves it to the application to try again. */
    refuse() {
      socket.active = false;
      fire('connect_error', Object.assign(new Error('the token is not valid'), { data: { code: 'TOKEN_EXPIRED' } }));
    },
    probes: () => sent.filter((s) => s.event === 'clock:sync'),
  };
}

/** The browser's network as the page sees it: `navigator.onLine` and the window's online and offline events. */
function network() {
  const events = new EventTarget();
  const navigator = { onLine: true };
  vi.stubGlobal('window', events);
  vi.stubGlobal('navigator', navigator);
  return {
    set(onLine: boolean) {
      navigator.onLine = onLine;
      events.dispatchEvent(new Event(onLine ? 'online' : 'offline'));
    },
  };
}

function fakeSession(expiresInMs: number) {
  let state: SessionState = { status: 'signed-in', session: session('token-1', expiresInMs) };
  const refresh = vi.fn(async () => {
    state = { status: 'signed-in', session: session('token-2', 600_000) };
    return 'token-2';
  });
  const fake = {
    get accessToken() {
      return state.status === 'signed-in' ? state.session.accessToken : null;
    },
    getState: () => state,
    refresh,
    subscribe: () => () => undefined,
  };
  return { session: fake as ConnectionSession, refresh };
}

function session(accessToken: string, expiresInMs: number) {
  return {
    accessToken,
    expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
    user: { id: '00000000-0000-4000-8000-000000000001', username: 'bidder1', displayName: '王华建', role: 'BIDDER' as const, orgId: null },
  };
}

let fake: ReturnType<typeof fakeSocket>;
let net: ReturnType<typeof network>;
let handshake: (send: (credentials: TSocketAuth) => void) => void;
let connection: RealtimeConnection;

function open(expiresInMs = 600_000) {
  const { session: s, refresh } = fakeSession(expiresInMs);
  connection = new RealtimeConnection(s, (auth) => {
    handshake = auth;
    return fake.socket as unknown as AppSocket;
  });
  connection.start();
  return { refresh };
}

const state = () => connection.getSnapshot().state;

beforeEach(() => {
  vi.useFakeTimers();
  fake = fakeSocket();
  net = network();
});
afterEach(() => {
  connection.stop();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('RealtimeConnection across a network drop', () => {
  it('is connected again as soon as a connection that lived through the drop answers', async () => {
    open();
    fake.accept();
    expect(state()).toBe('connected');
    net.set(false);
    // The socket does not know yet: on localhost Socket.IO keeps it through an offline spell.
    expect(fake.socket.connected).toBe(true);
    expect(state()).toBe('offline');

    const before = fake.probes().length;
    net.set(true);
    expect(state()).toBe('reconnecting');
    const probe = fake.probes()[before]!;
    probe.answer({ ok: true, data: { clientSentAt: 1, serverTime: 2 } });
    await vi.advanceTimersByTimeAsync(0);
    expect(state()).toBe('connected');
    expect(fake.did).toEqual(['connect']);
  });

  it('connects anew at once when the connection it still had does not answer', async () => {
    open();
    fake.accept();
    net.set(false);
    net.set(true);
    await vi.advanceTimersByTimeAsync(2_999);
    expect(fake.did).toEqual(['connect']);
    await vi.advanceTimersByTimeAsync(1);
    // The transport is closed first (the gateway may still recover the state), then a handshake starts at once.
    expect(fake.did).toEqual(['connect', 'close transport', 'disconnect', 'connect']);
    expect(state()).toBe('reconnecting');
    fake.accept();
    expect(state()).toBe('connected');
  });

  it("stops waiting out Socket.IO's back-off when the network returns", async () => {
    open();
    fake.accept();
    net.set(false);
    fake.drop();
    expect(state()).toBe('offline');
    net.set(true);
    expect(fake.did).toEqual(['connect', 'disconnect', 'connect']);
    expect(state()).toBe('reconnecting');
    fake.accept();
    expect(state()).toBe('connected');
  });

  it('renews a token that ran out before the handshake rather than have it refused, and names the tab', async () => {
    const { refresh } = open(2_000);
    let sent: TSocketAuth | undefined;
    handshake((credentials) => (sent = credentials));
    await vi.advanceTimersByTimeAsync(0);
    expect(refresh).toHaveBeenCalledOnce();
    expect(sent).toEqual({ token: 'token-2', tab: connection.tabId });
    expect(connection.tabId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    handshake((credentials) => (sent = credentials));
    await vi.advanceTimersByTimeAsync(0);
    expect(refresh).toHaveBeenCalledOnce();
    expect(sent).toEqual({ token: 'token-2', tab: connection.tabId });
  });

  it('gives up after three refused handshakes in a row, and tries again when the network returns', async () => {
    const { refresh } = open();
    for (let refusal = 1; refusal <= 3; refusal++) {
      fake.refuse();
      await vi.advanceTimersByTimeAsync(0);
      expect(state()).toBe('reconnecting');
    }
    expect(refresh).toHaveBeenCalledTimes(3);
    expect(fake.did).toEqual(['connect', 'connect', 'connect', 'connect']);
    fake.refuse();
    await vi.advanceTimersByTimeAsync(0);
    expect(state()).toBe('offline');
    expect(fake.did).toHaveLength(4);

    net.set(false);
    net.set(true);
    expect(fake.did.slice(4)).toEqual(['disconnect', 'connect']);
    fake.accept();
    expect(state()).toBe('connected');
  });
});
