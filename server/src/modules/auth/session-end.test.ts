import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, type RunningServer } from '../../server';
import { bearerFor, createTestServices, createTestUser, TEST_PASSWORD, type TestServices } from '../../testing';

let s: TestServices;
let server: RunningServer;
let url: string;
const sockets: Socket[] = [];
beforeAll(async () => {
  s = await createTestServices();
  server = createHttpServer(s);
  await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await server.close(500);
  await s.close();
});

const api = () => request(server.http);
const cookieOf = (res: request.Response) => ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.split(';')[0]).join('; ');

/** A real login: the access token, the refresh cookie, and a connected socket using the token. */
async function signedIn(role: 'BIDDER' | 'AGENCY' = 'BIDDER') {
  const { user, org } = await createTestUser(s, { role });
  const res = await api().post('/api/auth/login').send({ username: user.username, password: TEST_PASSWORD });
  expect(res.status).toBe(200);
  const token = res.body.accessToken as string;
  const socket = connect(url, { transports: ['websocket'], reconnection: false, auth: { token } });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const me = () => api().get('/api/auth/me').set('authorization', `Bearer ${token}`);
  expect((await me()).status).toBe(200);
  return { user, org, token, cookie: cookieOf(res), socket, me, closed: new Promise((resolve) => socket.once('disconnect', resolve)) };
}

async function refusedHandshake(token: string) {
  const socket = connect(url, { transports: ['websocket'], reconnection: false, auth: { token } });
  sockets.push(socket);
  const error = await new Promise<{ data?: { code: string } }>((resolve) => socket.once('connect_error', resolve));
  return error.data?.code;
}

describe('an access token dies with its session', () => {
  it('after logout, at once on HTTP and on the socket', async () => {
    const session = await signedIn();
    expect((await api().post('/api/auth/logout').set('cookie', session.cookie)).status).toBe(204);
    expect(await session.closed).toBe('io server disconnect');
    expect((await session.me()).body.error.code).toBe('SESSION_ENDED');
    expect(await refusedHandshake(session.token)).toBe('SESSION_ENDED');
  });

  it('after its refresh family is revoked for a reused refresh token', async () => {
    const session = await signedIn();
    const rotated = await api().post('/api/auth/refresh').set('cookie', session.cookie);
    expect(rotated.status).toBe(200);
    const reused = await api().post('/api/auth/refresh').set('cookie', session.cookie);
    expect(reused.body.error.code).toBe('REFRESH_REUSED');
    expect(await session.closed).toBe('io server disconnect');
    expect((await session.me()).body.error.code).toBe('SESSION_ENDED');
    // The token issued by the rotation belonged to the same family, and dies with it.
    expect((await api().get('/api/auth/me').set('authorization', `Bearer ${rotated.body.accessToken as string}`)).body.error.code).toBe('SESSION_ENDED');
  });

  it('when its organization is suspended, and lets the users sign in again once reinstated', async () => {
    const admin = await createTestUser(s, { role: 'ADMIN' });
    const session = await signedIn('AGENCY');
    const suspend = await api().post(`/api/admin/organizations/${session.org!.id}/suspend`).set(bearerFor(s, admin.user)).send({ reason: '违规代理，暂停使用' });
    expect([suspend.status, suspend.body.status]).toEqual([200, 'SUSPENDED']);
    expect(await session.closed).toBe('io server disconnect');
    expect((await session.me()).body.error.code).toBe('SESSION_ENDED');
    expect((await api().post('/api/auth/login').send({ username: session.user.username, password: TEST_PASSWORD })).body.error.code).toBe('ACCOUNT_DISABLED');
    // Twice is a state error, and changes nothing.
    expect((await api().post(`/api/admin/organizations/${session.org!.id}/suspend`).set(bearerFor(s, admin.user)).send({ reason: '再次暂停' })).body.error.code).toBe('INVALID_STATE');
    const reinstate = await api().post(`/api/admin/organizations/${session.org!.id}/reinstate`).set(bearerFor(s, admin.user)).send({ reason: '整改完成' });
    expect(reinstate.body.status).toBe('ACTIVE');
    expect((await api().post('/api/auth/login').send({ username: session.user.username, password: TEST_PASSWORD })).status).toBe(200);
    const actions = (await s.prisma.auditEvent.findMany({ where: { subjectId: session.org!.id }, orderBy: { seq: 'asc' } })).map((e) => e.action);
    expect(actions).toEqual(['org.suspended', 'org.reinstated']);
  });

  it('when its user is disabled', async () => {
    const admin = await createTestUser(s, { role: 'ADMIN' });
    const session = await signedIn();
    const disabled = await api().post(`/api/admin/users/${session.user.id}/disable`).set(bearerFor(s, admin.user)).send({ reason: '员工离职' });
    expect(disabled.status).toBe(200);
    expect(await session.closed).toBe('io server disconnect');
    expect((await session.me()).body.error.code).toBe('SESSION_ENDED');
    expect((await api().post(`/api/admin/users/${admin.user.id}/disable`).set(bearerFor(s, admin.user)).send({ reason: '自己' })).body.error.code).toBe('INVALID_STATE');
  });

  it('and only then: other sessions of the platform go on', async () => {
    const staying = await signedIn();
    const leaving = await signedIn();
    await api().post('/api/auth/logout').set('cookie', leaving.cookie);
    await leaving.closed;
    expect((await staying.me()).status).toBe(200);
    expect(staying.socket.connected).toBe(true);
  });
});
