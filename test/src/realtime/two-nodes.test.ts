import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createHttpServer, type RunningServer } from '@bidhall/server';
import { createTestServices, createTestUser, serviceAvailable, type TestServices } from '@bidhall/server/testing';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
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
});
