import { randomBytes } from 'node:crypto';
import { generateKeyPairSync } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClientToServerEvents, ServerToClientEvents, TOpeningEvent } from '@bidhall/contracts';
import { serviceAvailable } from '@bidhall/server/testing';
import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startServerProcess } from '../harness';
import { createTestDir } from '@bidhall/db/testing';

const ready = serviceAvailable('DATABASE_URL', process.env.DATABASE_URL) && serviceAvailable('REDIS_URL', process.env.REDIS_URL);
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

type Node = Awaited<ReturnType<typeof startServerProcess>>;

/** The lease and log columns of an opening, read straight from the schema the server processes share. */
async function openingRow(schema: string, sectionId: string): Promise<{ leaseOwner: string | null; leaseToken: number; lastSeq: number; state: string }> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT "leaseOwner", "leaseToken", "lastSeq", state FROM "${schema}"."Opening" WHERE "sectionId" = $1`, [sectionId]);
    return rows[0];
  } finally {
    await client.end();
  }
}

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

/** Two server processes of one installation: the same database schema, keys and Redis. */
async function twoNodes(): Promise<[Node, Node]> {
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
  return [a, b];
}

/** Published sections with no bids (each fails at its deadline, 流标), one per deadline, in order. */
async function sectionsClosingAt(node: Node, deadlines: Date[]): Promise<string[]> {
  const agency = await login(node.url, 'agency');
  const admin = await login(node.url, 'admin');
  const orgs = await api<{ items: { id: string; kind: string }[] }>(node.url, admin, 'GET', '/api/admin/organizations');
  const project = await api<{ id: string }>(node.url, agency, 'POST', '/api/projects', {
    code: `FO-${randomBytes(3).toString('hex')}`,
    name: '故障切换测试工程',
    type: 'GOODS',
    regionCode: '320500',
    estimatedPrice: '1000000.00',
    mandatoryTender: false,
    tendererOrgId: orgs.items.find((o) => o.kind === 'TENDERER')!.id,
  });
  for (const [i, deadline] of deadlines.entries()) {
    await api(node.url, agency, 'POST', `/api/projects/${project.id}/sections`, {
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
  const published = await api<{ sections: { id: string; code: string }[] }>(node.url, agency, 'POST', `/api/projects/${project.id}/publish`);
  return deadlines.map((_, i) => published.sections.find((x) => x.code === `0${i + 1}`)!.id);
}

/** A supervisor watching the sections' halls through one node, keeping every event it receives. */
async function watch(node: Node, sectionIds: string[]) {
  const supervisor = await login(node.url, 'supervisor');
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(node.url, { transports: ['websocket'], auth: { token: supervisor } });
  const events: TOpeningEvent[] = [];
  socket.on('opening:events', (batch) => events.push(...batch));
  cleanups.push(async () => socket.disconnect());
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  /** The section's log as this client has it, in sequence order (a broadcast may overtake the join's replay). */
  const log = (sectionId: string) => events.filter((e) => e.sectionId === sectionId).sort((x, y) => x.seq - y.seq);
  const joinedAt = new Map<string, number>();
  for (const sectionId of sectionIds) {
    const joined = await socket.timeout(5000).emitWithAck('opening:join', { sectionId, afterSeq: 0 });
    if (!joined.ok) throw new Error(joined.error.code);
    joinedAt.set(sectionId, joined.data.view.lastSeq);
    // What happened before joining comes with the join; what happens after, as it happens.
    events.push(...joined.data.events.filter((e: TOpeningEvent) => !events.some((k) => k.sectionId === e.sectionId && k.seq === e.seq)));
  }
  return {
    supervisor,
    states: (sectionId: string) => log(sectionId).map((e) => e.data.to).filter(Boolean),
    types: (sectionId: string) => log(sectionId).map((e) => e.type),
    seqs: (sectionId: string, after: number) => log(sectionId).filter((e) => e.seq > after).map((e) => e.seq),
    joinedAt,
  };
}

/** Which of the nodes holds the opening's lease: node ids carry the process id. */
const holder = async (nodes: Node[], sectionId: string) => {
  const { leaseOwner } = await openingRow(nodes[0]!.schema!, sectionId);
  return nodes.find((n) => leaseOwner?.includes(`:${n.child.pid}:`));
};

describe.runIf(ready)('an opening across two server processes (PostgreSQL + Redis)', () => {
  it('shows the same events on both, and hands the opening over when its driver dies', { timeout: 120_000 }, async () => {
    const [a, b] = await twoNodes();
    const now = Date.now();
    // The first section's deadline shows events crossing nodes; the second one's outlives its driver.
    const deadlines = [new Date(now + 10_000), new Date(now + 25_000)];
    const [first, second] = (await sectionsClosingAt(a, deadlines)) as [string, string];
    const onA = await watch(a, [first, second]);
    const onB = await watch(b, [first, second]);
    const joinedAt = Math.max(onA.joinedAt.get(first)!, onB.joinedAt.get(first)!);

    // With both nodes up, the first section fails (流标: no bids) and clients on both nodes see the same events.
    await expect
      .poll(() => onA.states(first), { timeout: 20_000, interval: 250 })
      .toContain('FAILED')
      .catch((error: unknown) => {
        // What the nodes said is the only way to tell a slow machine from a stuck driver.
        console.log(`node A:\n${a.output().slice(-4000)}\nnode B:\n${b.output().slice(-4000)}`);
        throw error;
      });
    await expect.poll(() => onB.states(first), { timeout: 5_000, interval: 250 }).toContain('FAILED');
    expect(onA.seqs(first, joinedAt).length).toBeGreaterThan(0);
    expect(onA.seqs(first, joinedAt)).toEqual(onB.seqs(first, joinedAt));

    // The node that drove the first section dies before the second's deadline: the other runs it on time.
    const [dead, survivor, onSurvivor] = (await holder([a, b], first)) === a ? [a, b, onB] : [b, a, onA];
    dead.child.kill('SIGKILL');
    await expect.poll(() => onSurvivor.states(second), { timeout: 30_000, interval: 250 }).toContain('FAILED');
    expect(await holder([a, b], second)).toBe(survivor);
    const view = await api<{ state: string }>(survivor.url, onSurvivor.supervisor, 'GET', `/api/openings/${second}`);
    expect(view.state).toBe('FAILED');
    expect(Date.now() - deadlines[1]!.getTime()).toBeLessThan(10_000);
  });

  it('takes an opening from a node frozen while it holds it, within 10 s, and lets none of the frozen node’s writes land', { timeout: 120_000 }, async () => {
    const [a, b] = await twoNodes();
    const deadline = new Date(Date.now() + 8_000);
    const [sectionId] = (await sectionsClosingAt(a, [deadline])) as [string];

    // Sign-in is due at once, and nobody else touches the opening: a driver takes it, and its lease.
    // Freeze that node while it holds it (its process, and the kernel's TCP connections, stay alive:
    // a session lock would stay held).
    await expect.poll(() => holder([a, b], sectionId), { timeout: 10_000, interval: 100 }).toBeDefined();
    const frozen = (await holder([a, b], sectionId))!;
    const survivor = frozen === a ? b : a;
    const before = await openingRow(a.schema!, sectionId);
    frozen.child.kill('SIGSTOP');
    cleanups.unshift(async () => frozen.child.kill('SIGCONT'));
    expect(before.state).toBe('SIGN_IN');
    const onSurvivor = await watch(survivor, [sectionId]);

    // The survivor runs the deadline within 10 s of it, as the new holder with the next fencing token.
    await expect.poll(() => onSurvivor.states(sectionId), { timeout: deadline.getTime() - Date.now() + 10_000, interval: 250 }).toContain('FAILED');
    expect(Date.now() - deadline.getTime()).toBeLessThan(10_000);
    // Its job issues the record (the frozen node's worker cannot take a job it is not running).
    await expect.poll(() => onSurvivor.types(sectionId), { timeout: 30_000, interval: 250 }).toContain('RECORD_ISSUED');
    const taken = await openingRow(a.schema!, sectionId);
    expect(taken).toMatchObject({ state: 'FAILED', leaseToken: before.leaseToken + 1 });
    expect(taken.leaseOwner).toContain(`:${survivor.child.pid}:`);

    // The frozen node wakes and ticks as before: nothing it writes lands, and it serves the same log.
    frozen.child.kill('SIGCONT');
    await new Promise((resolve) => setTimeout(resolve, 5000));
    expect(await openingRow(a.schema!, sectionId)).toEqual(taken);
    const onFrozen = await watch(frozen, [sectionId]);
    await expect.poll(() => onFrozen.seqs(sectionId, 0), { timeout: 10_000, interval: 250 }).toEqual(onSurvivor.seqs(sectionId, 0));
    expect(onFrozen.types(sectionId)).toEqual(onSurvivor.types(sectionId));
    expect(frozen.output()).not.toContain('opening could not advance');
  });
});
