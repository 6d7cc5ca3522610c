import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ZRole } from '@bidhall/contracts';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { createTestServices, createTestUser, type TestServices } from '../../testing';
import { appendAudit, verifyAuditChain } from './audit-log';

const VERIFY_SCRIPT = fileURLToPath(new URL('../../../../tools/verify-audit.mjs', import.meta.url));
const opened: TestServices[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function chainOf(length: number): Promise<TestServices> {
  const s = await createTestServices();
  opened.push(s);
  for (let i = 1; i <= length; i++) {
    await s.prisma.$transaction((tx) =>
      appendAudit(tx, { actor: null, action: 'demo.loaded', subjectType: 'installation', subjectId: `t${i}`, data: { i, 名称: `第${i}件`, nested: { a: [1, 2], z: null } } }, new Date(Date.UTC(2026, 10, 28, 9, 0, i))),
    );
  }
  return s;
}

/** What a database administrator could do after switching the append-only trigger off. */
const asSuperuser = (s: TestServices, sql: string) =>
  s.db.sql.withSession((session) => session.exec(`SET session_replication_role = replica; ${sql}; SET session_replication_role = origin;`));

describe('audit chain', () => {
  it('links every event to the previous one and verifies', async () => {
    const s = await chainOf(5);
    const result = await verifyAuditChain(s.prisma);
    const head = await s.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: 'desc' } });
    expect(result).toEqual({ ok: true, count: 5, headHash: head.hash });
  });

  it('stamps each event no earlier than the one before it: time follows the sequence', async () => {
    const s = await chainOf(0);
    const later = new Date('2026-12-01T10:00:05.000Z');
    const earlier = new Date('2026-12-01T10:00:01.000Z');
    // The second append's instant was taken before the first's committed (it waited for the chain's lock).
    await s.prisma.$transaction((tx) => appendAudit(tx, { actor: null, action: 'demo.loaded', subjectType: 'installation', subjectId: 'first' }, later));
    await s.prisma.$transaction((tx) => appendAudit(tx, { actor: null, action: 'demo.loaded', subjectType: 'installation', subjectId: 'second' }, earlier));
    const events = await s.prisma.auditEvent.findMany({ orderBy: { seq: 'asc' } });
    expect(events.map((e) => [e.seq, e.at.toISOString()])).toEqual([
      [1, later.toISOString()],
      [2, later.toISOString()],
    ]);
    expect(await verifyAuditChain(s.prisma)).toMatchObject({ ok: true });
  });

  it('keeps the sequence contiguous under concurrent appends', async () => {
    const s = await chainOf(0);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        s.prisma.$transaction((tx) => appendAudit(tx, { actor: null, action: 'demo.loaded', subjectType: 'installation', subjectId: String(i) }, new Date())),
      ),
    );
    const seqs = (await s.prisma.auditEvent.findMany({ orderBy: { seq: 'asc' }, select: { seq: true } })).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await verifyAuditChain(s.prisma)).toMatchObject({ ok: true, count: 20 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE through ordinary statements', async () => {
    const s = await chainOf(2);
    const attempt = (sql: string) => s.db.sql.withSession((session) => session.exec(sql)).then(() => 'done', (e: Error) => e.message);
    expect(await attempt(`UPDATE "AuditEvent" SET "action" = 'x' WHERE "seq" = 1`)).toMatch(/append-only/);
    expect(await attempt(`DELETE FROM "AuditEvent" WHERE "seq" = 2`)).toMatch(/append-only/);
    expect(await attempt(`TRUNCATE "AuditEvent"`)).toMatch(/append-only/);
    expect(await verifyAuditChain(s.prisma)).toMatchObject({ ok: true, count: 2 });
  });

  it.each([
    ['an edited event', `UPDATE "AuditEvent" SET "data" = '{"i": 99}' WHERE "seq" = 3`, { brokenAtSeq: 3, reason: 'HASH_MISMATCH' }],
    ['an edited actor', `UPDATE "AuditEvent" SET "actorId" = 'someone-else' WHERE "seq" = 2`, { brokenAtSeq: 2, reason: 'HASH_MISMATCH' }],
    ['a deleted event', `DELETE FROM "AuditEvent" WHERE "seq" = 3`, { brokenAtSeq: 3, reason: 'SEQ_GAP' }],
    ['a deleted first event', `DELETE FROM "AuditEvent" WHERE "seq" = 1`, { brokenAtSeq: 1, reason: 'SEQ_GAP' }],
    [
      'two events swapped',
      `UPDATE "AuditEvent" SET "seq" = -2 WHERE "seq" = 2; UPDATE "AuditEvent" SET "seq" = 2 WHERE "seq" = 4; UPDATE "AuditEvent" SET "seq" = 4 WHERE "seq" = -2`,
      { brokenAtSeq: 2, reason: 'PREV_HASH_MISMATCH' },
    ],
    [
      'an edited event whose own hash was recomputed',
      `UPDATE "AuditEvent" SET "data" = '{"i": 99}', "hash" = repeat('a', 64) WHERE "seq" = 3`,
      { brokenAtSeq: 3, reason: 'HASH_MISMATCH' },
    ],
  ])('names the first broken link after %s', async (_name, sql, expected) => {
    const s = await chainOf(5);
    await asSuperuser(s, sql);
    expect(await verifyAuditChain(s.prisma)).toMatchObject({ ok: false, ...expected });
  });
});

describe('audit routes and offline verification', () => {
  it('serves verify, events and export to supervisors and administrators only', async () => {
    const s = await chainOf(3);
    const app = createApp(s);
    for (const role of ZRole.options) {
      const { token } = await createTestUser(s, { role });
      const auth = { authorization: `Bearer ${token}` };
      const statuses = [
        (await request(app).get('/api/audit/verify').set(auth)).status,
        (await request(app).get('/api/audit/events').set(auth)).status,
        (await request(app).get('/api/audit/export').set(auth)).status,
      ];
      const allowed = role === 'SUPERVISOR' || role === 'ADMIN';
      expect({ role, statuses }).toEqual({ role, statuses: allowed ? [200, 200, 200] : [403, 403, 403] });
    }
    expect((await request(app).get('/api/audit/verify')).status).toBe(401);
  });

  it('exports a chain that the offline script verifies, and the script catches tampering', async () => {
    const s = await chainOf(4);
    const app = createApp(s);
    const { token } = await createTestUser(s, { role: 'SUPERVISOR' });
    const verify = await request(app).get('/api/audit/verify').set('authorization', `Bearer ${token}`);
    const exported = await request(app).get('/api/audit/export').set('authorization', `Bearer ${token}`).buffer(true).parse((res, done) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => done(null, text));
    });
    expect(exported.headers['content-type']).toMatch(/application\/x-ndjson/);
    const text = exported.body as string;
    expect(text.trim().split('\n')).toHaveLength(4);

    const run = (input: string) => spawnSync(process.execPath, [VERIFY_SCRIPT], { input, encoding: 'utf8' });
    const good = run(text);
    expect(good.status).toBe(0);
    expect(good.stdout.trim()).toBe(`OK 4 ${verify.body.headHash}`);

    const lines = text.trim().split('\n');
    const edited = lines.map((l, i) => (i === 1 ? l.replace('"第2件"', '"第9件"') : l)).join('\n');
    expect(run(edited)).toMatchObject({ status: 1, stdout: 'BROKEN at seq 2: HASH_MISMATCH\n' });
    const dropped = lines.filter((_, i) => i !== 2).join('\n');
    expect(run(dropped)).toMatchObject({ status: 1, stdout: 'BROKEN at seq 3: SEQ_GAP\n' });
  });

  it('lists the events of one subject in order', async () => {
    const s = await chainOf(4);
    const { token } = await createTestUser(s, { role: 'ADMIN' });
    const res = await request(createApp(s)).get('/api/audit/events?subjectType=installation&subjectId=t3').set('authorization', `Bearer ${token}`);
    expect(res.body.items.map((e: { seq: number }) => e.seq)).toEqual([3]);
  });

  it('names actors and subjects for the audit view, but never a bid, and leaves the exported record unnamed', async () => {
    const s = await chainOf(0);
    const admin = await createTestUser(s, { role: 'ADMIN' });
    const bidder = await createTestUser(s, { role: 'BIDDER' });
    const actor = { id: bidder.user.id, orgId: bidder.org!.id };
    const at = new Date(Date.UTC(2026, 10, 28, 9, 0, 0));
    await s.prisma.$transaction(async (tx) => {
      await appendAudit(tx, { actor, action: 'org.registered', subjectType: 'organization', subjectId: bidder.org!.id }, at);
      await appendAudit(tx, { actor: null, action: 'bid.submitted', subjectType: 'bid', subjectId: '00000000-0000-4000-8000-0000000000b1' }, at);
    });
    const res = await request(createApp(s)).get('/api/audit/events').set('authorization', `Bearer ${admin.token}`);
    expect(res.body.items).toMatchObject([
      { action: 'org.registered', actorName: bidder.user.displayName, actorOrgName: bidder.org!.name, subjectName: bidder.org!.name },
      { action: 'bid.submitted', actorId: null, actorName: null, actorOrgName: null, subjectName: null },
    ]);
    const exported = await request(createApp(s)).get('/api/audit/export').set('authorization', `Bearer ${admin.token}`);
    expect(exported.text).not.toContain(bidder.user.displayName);
  });
});
