import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { ClientToServerEvents, ServerToClientEvents } from '@bidhall/contracts';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, type RunningServer } from './server';
import { createTestClock, createTestServices, createTestUser, signFor, type TestServices } from './testing';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const clock = createTestClock(new Date());
let s: TestServices;
let server: RunningServer;
let url: string;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  s = await createTestServices({ clock });
  server = createHttpServer(s);
  await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.http.address() as AddressInfo).port}`;
});
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
});
afterAll(async () => {
  await server.close(1000);
  await s.close();
});

const open = (auth: Record<string, unknown> | undefined): ClientSocket => {
  const socket: ClientSocket = connect(url, { transports: ['websocket'], reconnection: false, ...(auth ? { auth } : {}) });
  sockets.push(socket);
  return socket;
};
const refusalOf = (socket: ClientSocket) =>
  new Promise<unknown>((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected without a valid token')));
    socket.once('connect_error', (err) => resolve((err as Error & { data?: unknown }).data));
  });
const connected = async (role: Parameters<typeof createTestUser>[1]['role'] = 'BIDDER') => {
  const { token, user } = await createTestUser(s, { role });
  const socket = open({ token });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, token, user };
};

describe('socket handshake', () => {
  it('refuses a connection without a token, with garbage, and with an expired token', async () => {
    expect(await refusalOf(open(undefined))).toEqual({ code: 'UNAUTHENTICATED' });
    expect(await refusalOf(open({ token: 42 }))).toEqual({ code: 'UNAUTHENTICATED' });
    expect(await refusalOf(open({ token: 'garbage.token.here' }))).toEqual({ code: 'UNAUTHENTICATED' });
    const { token } = await createTestUser(s, { role: 'BIDDER' });
    clock.advance(601_000);
    try {
      expect(await refusalOf(open({ token }))).toEqual({ code: 'TOKEN_EXPIRED' });
    } finally {
      clock.advance(-601_000);
    }
  });

  it('refuses a tab name that is not a UUID', async () => {
    const { token } = await createTestUser(s, { role: 'BIDDER' });
    expect(await refusalOf(open({ token, tab: 'my-tab' }))).toEqual({ code: 'VALIDATION_FAILED' });
    expect(await refusalOf(open({ token, tab: 7 }))).toEqual({ code: 'VALIDATION_FAILED' });
  });

  it("closes a tab's earlier connection when the tab connects again, and nobody else's", async () => {
    const { token } = await createTestUser(s, { role: 'BIDDER' });
    const other = await createTestUser(s, { role: 'BIDDER' });
    const tab = randomUUID();
    const opened = async (auth: Record<string, unknown>) => {
      const socket = open(auth);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      return socket;
    };
    // The earlier connection is still open here, as one cut off by a network drop is to the server.
    const earlier = await opened({ token, tab });
    const bystanders = [await opened({ token, tab: randomUUID() }), await opened({ token }), await opened({ token: other.token, tab })];
    const closed = new Promise((resolve) => earlier.once('disconnect', resolve));
    const again = await opened({ token, tab });
    expect(await closed).toBe('io server disconnect');
    const answers = await Promise.all([again, ...bystanders].map((socket) => socket.timeout(2000).emitWithAck('clock:sync', { clientSentAt: 1 })));
    expect(answers.map((answer) => answer.ok)).toEqual([true, true, true, true]);
  });

  it('accepts a valid token and answers clock samples', async () => {
    const { socket } = await connected();
    const sentAt = Date.now();
    const res = await socket.timeout(2000).emitWithAck('clock:sync', { clientSentAt: sentAt });
    expect(res).toEqual({ ok: true, data: { clientSentAt: sentAt, serverTime: clock.now().getTime() } });
  });
});

describe('socket requests', () => {
  it('answers a garbage payload with VALIDATION_FAILED through the acknowledgement', async () => {
    const { socket } = await connected();
    const untyped = socket as unknown as { timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> } };
    for (const payload of [undefined, null, 'text', 7, [], { clientSentAt: 'soon' }, { clientSentAt: 1, extra: true }]) {
      const res = (await untyped.timeout(2000).emitWithAck('clock:sync', payload)) as { ok: boolean; error?: { code: string } };
      expect({ payload, ok: res.ok, code: res.error?.code }).toEqual({ payload, ok: false, code: 'VALIDATION_FAILED' });
    }
  });

  it('reports a bad request sent without a callback as request:error, and unknown events too', async () => {
    const { socket } = await connected();
    const errors: unknown[] = [];
    socket.on('request:error', (e) => errors.push(e));
    (socket as unknown as { emit(event: string, ...args: unknown[]): void }).emit('clock:sync', { nope: 1 });
    (socket as unknown as { emit(event: string, ...args: unknown[]): void }).emit('no:such:event', {});
    await expect.poll(() => errors.length).toBe(2);
    expect(errors).toEqual(
      expect.arrayContaining([
        { event: 'clock:sync', error: expect.objectContaining({ code: 'VALIDATION_FAILED' }) },
        { event: 'no:such:event', error: expect.objectContaining({ code: 'NOT_FOUND' }) },
      ]),
    );
    expect(socket.connected).toBe(true);
  });

  it('answers events named after built-in properties, or with a number, as unknown', async () => {
    const { socket } = await connected();
    const untyped = socket as unknown as { timeout(ms: number): { emitWithAck(event: unknown, ...args: unknown[]): Promise<unknown> } };
    for (const event of ['toString', 'constructor', '__proto__', 7]) {
      const res = await untyped.timeout(2000).emitWithAck(event, {});
      expect({ event, res }).toEqual({ event, res: { ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) } });
    }
    expect(socket.connected).toBe(true);
  });

  it('renews the connection token for the same user only', async () => {
    const { socket, user } = await connected();
    const fresh = signFor(s, user);
    const renewed = await socket.timeout(2000).emitWithAck('session:renew', { token: fresh.token });
    expect(renewed).toEqual({ ok: true, data: { expiresAt: fresh.expiresAt.toISOString() } });
    const other = await createTestUser(s, { role: 'ADMIN' });
    const refused = await socket.timeout(2000).emitWithAck('session:renew', { token: other.token });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const forged = await socket.timeout(2000).emitWithAck('session:renew', { token: `${fresh.token}x` });
    expect(forged).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('slows down a client that floods requests', async () => {
    const { socket } = await connected();
    const results = await Promise.all(Array.from({ length: 130 }, () => socket.timeout(5000).emitWithAck('clock:sync', { clientSentAt: 1 })));
    const limited = results.filter((r) => !r.ok && r.error.code === 'RATE_LIMITED').length;
    expect(limited).toBe(30);
  });

  it('closes the connection when its token expires without renewal', async () => {
    // A whole second, so the token's whole-second expiry lands exactly one second after it.
    const ttlClock = createTestClock(new Date(Math.floor(Date.now() / 1000) * 1000));
    const short = await createTestServices({ clock: ttlClock, db: s.db });
    const shortServer = createHttpServer(short);
    await new Promise<void>((resolve) => shortServer.http.listen(0, '127.0.0.1', resolve));
    try {
      const { user } = await createTestUser(short, { role: 'BIDDER' });
      // A token minted 599 s ago has one second left.
      ttlClock.advance(-599_000);
      const { token } = signFor(short, user);
      ttlClock.advance(599_000);
      const socket: ClientSocket = connect(`http://127.0.0.1:${(shortServer.http.address() as AddressInfo).port}`, {
        transports: ['websocket'],
        reconnection: false,
        auth: { token },
      });
      sockets.push(socket);
      const warned = new Promise((resolve) => socket.once('session:expiring', resolve));
      const reason = await new Promise((resolve) => socket.once('disconnect', resolve));
      expect(await warned).toEqual({ expiresAt: expect.any(String) });
      expect(reason).toBe('io server disconnect');
    } finally {
      await shortServer.close(500);
    }
  });
});
