import { io as connect } from 'socket.io-client';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '@bidhall/server';
import { DEMO_PASSWORD, REPO_ROOT, startServerProcess } from '../harness';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

const json = async (url: string, init?: RequestInit) => {
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const loginAs = (base: string, username: string) =>
  json(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });

describe('the server process, as npm start runs it', () => {
  it('starts with migrations and demo data, serves every demo account, and stops cleanly on SIGTERM', async () => {
    const server = await startServerProcess();
    cleanups.push(server.cleanup);
    expect(server.output()).toMatch(/"applied":\["\d+_foundation"/);
    expect(server.output()).toContain(`password for all: ${DEMO_PASSWORD}`);

    const health = await json(`${server.url}/api/health`);
    expect(health.body).toMatchObject({ status: 'ok', database: { ok: true } });
    const accounts = demoAccounts();
    expect(new Set(accounts.map((a) => a.role))).toEqual(new Set(['ADMIN', 'TENDERER', 'AGENCY', 'BIDDER', 'INSTITUTION', 'SUPERVISOR', 'EXPERT']));
    expect(accounts.filter((a) => a.role === 'BIDDER').length).toBeGreaterThanOrEqual(3);
    expect(accounts.filter((a) => a.role === 'INSTITUTION')).toHaveLength(2);
    for (const account of accounts) {
      const res = await loginAs(server.url, account.username);
      expect({ username: account.username, status: res.status }).toEqual({ username: account.username, status: 200 });
    }

    const { body } = await loginAs(server.url, 'bidder1');
    const socket = connect(server.url, { transports: ['websocket'], reconnection: false, auth: { token: body.accessToken } });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const disconnected = new Promise((resolve) => socket.once('disconnect', resolve));
    const code = await server.stop('SIGTERM');
    expect(code).toBe(0);
    expect(['transport close', 'io server disconnect']).toContain(await disconnected);
    expect(server.output()).toContain('shutdown complete');
  });

  it('keeps everything across a restart: data, sessions and the signing key, without reloading demo data', async () => {
    const first = await startServerProcess();
    cleanups.push(first.cleanup);
    const login = await fetch(`${first.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'agency', password: DEMO_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = await startServerProcess({ reuse: { dataDir: first.dataDir, ...(first.schema ? { schema: first.schema } : {}) } });
    cleanups.push(second.cleanup);
    expect(second.output()).toContain('"applied":[]');
    const me = await json(`${second.url}/api/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(me.body).toMatchObject({ user: { username: 'agency' } });
    const refreshed = await fetch(`${second.url}/api/auth/refresh`, { method: 'POST', headers: { cookie } });
    expect(refreshed.status).toBe(200);
    const admin = (await loginAs(second.url, 'admin')).body.accessToken as string;
    const orgs = await json(`${second.url}/api/admin/organizations`, { headers: { authorization: `Bearer ${admin}` } });
    expect((orgs.body.items as unknown[]).length).toBe(11);
    const verify = await json(`${second.url}/api/audit/verify`, { headers: { authorization: `Bearer ${admin}` } });
    expect(verify.body).toMatchObject({ ok: true });
  });

  it('loads no demo accounts unless asked, even without NODE_ENV', async () => {
    const server = await startServerProcess({ unset: ['NODE_ENV', 'DEMO'] });
    cleanups.push(server.cleanup);
    expect(server.output()).not.toContain('password for all');
    expect((await loginAs(server.url, 'admin')).status).toBe(401);
  });

  it('never loads demo accounts into a database holding organizations of its own', async () => {
    // A real installation: one organization registered, no demo.
    const real = await startServerProcess({ env: { DEMO: 'false' } });
    cleanups.push(real.cleanup);
    const registered = await json(`${real.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        organization: { name: '真实投标有限公司', kind: 'BIDDER', creditCode: '91320500MA1XXXXX0J', regionCode: '320500', contact: { name: '钱联系', phone: '13912345678' } },
        user: { username: 'realuser', displayName: '真实用户', password: 'Real-password-2026' },
      }),
    });
    expect(registered.status).toBe(201);
    expect(await real.stop('SIGTERM')).toBe(0);
    // Started again the way npm start does it, asking for the demo.
    const again = await startServerProcess({ reuse: { dataDir: real.dataDir, ...(real.schema ? { schema: real.schema } : {}) }, env: { DEMO: 'true' } });
    cleanups.push(again.cleanup);
    expect(again.output()).toContain('demo data not loaded');
    expect(again.output()).not.toContain('password for all');
    expect((await loginAs(again.url, 'admin')).status).toBe(401);
  });

  it('refuses to start with a bad environment, naming the variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, BCRYPT_COST: 'twelve', PORT: '99999' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('BCRYPT_COST');
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
