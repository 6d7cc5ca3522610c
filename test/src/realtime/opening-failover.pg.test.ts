import { randomBytes } from 'node:crypto';
import { generateKeyPairSync } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClientToServerEvents, ServerToClientEvents, TOpeningEvent } from '@bidhall/contracts';
import { serviceAvailable } from '@bidhall/server/testing';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startServerProcess } from '../harness';
import { createTestDir } from '@bidhall/db/testing';

const ready = serviceAvailable('DATABASE_URL', process.env.DATABASE_URL) && serviceAvailable('REDIS_URL', process.env.REDIS_URL);
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function api<T>(base: string, token: string, method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

describe.runIf(ready)('an opening across two server processes (PostgreSQL + Redis)', () => {
  it('shows the same events on both, and hands the opening over when its driver dies', { timeout: 120_000 }, async () => {
    const keyDir = await createTestDir('failover');
    cleanups.push(() => rm(keyDir, { recursive: true, force: true }));
    const receiptKeyFile = path.join(keyDir, 'receipt.pem');
    await writeFile(receiptKeyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const shared = {
      JWT_SECRET: randomBytes(32).toString('base64url'),
      SEAL_KEY: randomBytes(32).toString('base64url'),
      RECEIPT_KEY_FILE: receiptKeyFile,
      REDIS_URL: process.env.REDIS_URL!,
    };
    const a = await startServerProcess({ env: shared });
    cleanups.push(a.cleanup);
    const b = await startServerProcess({ env: shared, reuse: { dataDir: a.dataDir, redisPrefix: a.redisPrefix, ...(a.schema ? { schema: a.schema } : {}) } });
    cleanups.push(b.cleanup);

    const agency = await login(a.url, 'agency');
    const admin = await login(a.url, 'admin');
    const orgs = await api<{ items: { id: string; kind: string }[] }>(a.url, admin, 'GET', '/api/admin/organizations');
    const tendererOrgId = orgs.items.find((o) => o.kind === 'TENDERER')!.id;
    const project = await api<{ id: string }>(a.url, agency, 'POST', '/api/projects', {
      code: `FO-${randomBytes(3).toString('hex')}`,
      name: '故障切换测试工程',
      type: 'GOODS',
      regionCode: '320500',
      estimatedPrice: '1000000.00',
      mandatoryTender: false,
      tendererOrgId,
    });
    const now = Date.now();
    // The first section's deadline shows events crossing nodes; the second one's outlives its driver.
    const deadlines = [new Date(now + 10_000), new Date(now + 25_000)];
    for (const [i, deadline] of deadlines.entries()) {
      await api(a.url, agency, 'POST', `/api/projects/${project.id}/sections`, {
        code: `0${i + 1}`,
        name: `货物标段${i + 1}`,
        estimatedPrice: '1000000.00',
        bondAmount: '20000.00',
        bidValidityDays: 60,
        bidDeadline: deadline.toISOString(),
        signInLeadMinutes: 5,
        decryptWindowMinutes: 10,
        evaluationMethod: 'LOWEST_EVALUATED_PRICE',
        scoringTemplate: { method: 'LOWEST_EVALUATED_PRICE', review: [{ key: 'qualification', label: '资格审查' }], adjustments: [] },
        openingFormFields: [{ key: 'price', label: '投标报价', type: 'money', unit: '元' }],
      });
    }
    const published = await api<{ sections: { id: string; code: string }[] }>(a.url, agency, 'POST', `/api/projects/${project.id}/publish`);
    const [first, second] = ['01', '02'].map((code) => published.sections.find((x) => x.code === code)!.id) as [string, string];

    // Whichever process takes an opening says so in its log.
    const drives = (p: typeof a, sectionId: string) => p.output().split('\n').some((line) => line.includes(sectionId) && line.includes('"msg":"driving opening"'));
    const supervisor = await login(a.url, 'supervisor');
    const watch = (base: string) => {
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(base, { transports: ['websocket'], auth: { token: supervisor } });
      const events: TOpeningEvent[] = [];
      socket.on('opening:events', (batch) => events.push(...batch));
      cleanups.push(async () => socket.disconnect());
      const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      return { socket, events, connected };
    };
    const onA = watch(a.url);
    const onB = watch(b.url);
    let joinedAt = 0;
    for (const w of [onA, onB]) {
      await w.connected;
      for (const sectionId of [first, second]) {
        const joined = await w.socket.timeout(5000).emitWithAck('opening:join', { sectionId, afterSeq: 0 });
        if (!joined.ok) throw new Error(joined.error.code);
        if (sectionId === first) joinedAt = Math.max(joinedAt, joined.data.view.lastSeq);
      }
    }
    const states = (w: typeof onA, sectionId: string) => w.events.filter((e) => e.sectionId === sectionId).map((e) => e.data.to).filter(Boolean);

    // With both nodes up, the first section fails (流标: no bids) and clients on both nodes see the same events.
    await expect
      .poll(() => states(onA, first), { timeout: 20_000, interval: 250 })
      .toContain('FAILED')
      .catch((error: unknown) => {
        // What the nodes said is the only way to tell a slow machine from a stuck driver.
        console.log(`node A:\n${a.output().slice(-4000)}\nnode B:\n${b.output().slice(-4000)}`);
        throw error;
      });
    await expect.poll(() => states(onB, first), { timeout: 5_000, interval: 250 }).toContain('FAILED');
    const seqs = (w: typeof onA) => w.events.filter((e) => e.sectionId === first && e.seq > joinedAt).map((e) => e.seq);
    expect(seqs(onA).length).toBeGreaterThan(0);
    expect(seqs(onA)).toEqual(seqs(onB));

    // Kill the second section's driver before its deadline: the other node takes it over and runs it.
    await expect.poll(() => drives(a, second) || drives(b, second), { timeout: 10_000 }).toBe(true);
    const [owner, survivor, onSurvivor] = drives(a, second) ? [a, b, onB] : [b, a, onA];
    owner.child.kill('SIGKILL');
    await expect.poll(() => drives(survivor, second), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => states(onSurvivor, second), { timeout: 30_000, interval: 250 }).toContain('FAILED');
    const view = await api<{ state: string }>(survivor.url, supervisor, 'GET', `/api/openings/${second}`);
    expect(view.state).toBe('FAILED');
    expect(Date.now() - deadlines[1]!.getTime()).toBeLessThan(10_000);
  });
});
