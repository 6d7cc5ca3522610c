import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createHttpServer, type RunningServer } from '@bidhall/server';
import { createTestServices, createTestUser, serviceAvailable, TEST_PASSWORD, type TestServices } from '@bidhall/server/testing';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';

const REDIS_URL = process.env.REDIS_URL;
const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

async function node(shared: TestServices | null, streamName: string) {
  const s = await createTestServices(shared ? { db: shared.db } : {});
  const adapterRedis = new Redis(REDIS_URL!);
  // Each test run gets its own stream so concurrent runs sharing one Redis do not cross.
  const server: RunningServer = createHttpServer(s, { adapterRedis, adapterStreamName: streamName });
  await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
  closers.push(() => adapterRedis.quit(), () => server.close(500));
  return { s, server, url: `http://127.0.0.1:${(server.http.address() as AddressInfo).port}` };
}

describe.runIf(serviceAvailable('REDIS_URL', REDIS_URL))('Socket.IO across two nodes (Redis Streams adapter)', () => {
  it('delivers a broadcast made on one node to clients connected to the other', async () => {
    const stream = `bidhall-test-${randomBytes(4).toString('hex')}`;
    const a = await node(null, stream);
    closers.unshift(() => a.s.close());
    const b = await node(a.s, stream);
    const { token } = await createTestUser(a.s, { role: 'BIDDER' });
    const clients: Socket[] = [a.url, b.url].map((url) => connect(url, { transports: ['websocket'], reconnection: false, auth: { token } }));
    closers.push(async () => clients.forEach((c) => c.disconnect()));
    await Promise.all(clients.map((c) => new Promise<void>((resolve) => c.once('connect', () => resolve()))));

    const received = clients.map((c) => new Promise((resolve) => c.once('session:expiring', resolve)));
    a.server.io.emit('session:expiring', { expiresAt: 'broadcast-from-a' });
    expect(await Promise.all(received)).toEqual([{ expiresAt: 'broadcast-from-a' }, { expiresAt: 'broadcast-from-a' }]);
    const seen = new Set((await b.server.io.fetchSockets()).map((socket) => socket.id));
    expect([...seen].sort()).toEqual(clients.map((c) => c.id!).sort());
  });

  it('ends a session on every node at once: the token and the connections of a logged-out session stop working', async () => {
    const stream = `bidhall-test-${randomBytes(4).toString('hex')}`;
    const a = await node(null, stream);
    closers.unshift(() => a.s.close());
    const b = await node(a.s, stream);
    const { user } = await createTestUser(a.s, { role: 'BIDDER' });
    const login = await request(a.server.http).post('/api/auth/login').send({ username: user.username, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    const token = login.body.accessToken as string;
    const me = () => request(b.server.http).get('/api/auth/me').set('authorization', `Bearer ${token}`);
    // Node b has seen the session live, and would go on believing it without being told.
    expect((await me()).status).toBe(200);
    const onB = connect(b.url, { transports: ['websocket'], reconnection: false, auth: { token } });
    closers.push(async () => onB.disconnect());
    await new Promise<void>((resolve) => onB.once('connect', () => resolve()));
    const closed = new Promise((resolve) => onB.once('disconnect', resolve));

    const cookie = (login.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    expect((await request(a.server.http).post('/api/auth/logout').set('cookie', cookie)).status).toBe(204);
    expect(await closed).toBe('io server disconnect');
    await expect.poll(async () => (await me()).body.error?.code, { timeout: 2000, interval: 20 }).toBe('SESSION_ENDED');
    const again = connect(b.url, { transports: ['websocket'], reconnection: false, auth: { token } });
    closers.push(async () => again.disconnect());
    const refused = await new Promise<{ data?: { code: string } }>((resolve) => again.once('connect_error', resolve));
    expect(refused.data?.code).toBe('SESSION_ENDED');
  });
});
