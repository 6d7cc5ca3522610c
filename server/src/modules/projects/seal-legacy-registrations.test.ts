import { randomUUID } from 'node:crypto';
import { migrate, readMigrations } from '@bidhall/db';
import { createTestDatabase } from '@bidhall/db/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { bearerFor, createTestClock, createTestServices, randomCreditCode, startTestSession, type TestServices } from '../../testing';
import { sealLegacyRegistrations } from './seal-legacy-registrations';

const SEALING_MIGRATION = '20261206100000_tender_documents';

const clock = createTestClock();
let s: TestServices;
const ids = { agency: randomUUID(), tenderer: randomUUID(), reader: randomUUID(), other: randomUUID(), project: randomUUID(), section: randomUUID(), amendment: randomUUID() };
const readAt = '2026-11-28T08:30:00.000Z';

/**
 * A database as the version before sealing left it: registrations in clear, and a stored
 * notification per registered bidder, one of them read.
 */
beforeAll(async () => {
  const db = await createTestDatabase({ migrate: false });
  const migrations = await readMigrations();
  const before = migrations.findIndex((m) => m.name === SEALING_MIGRATION);
  expect(before).toBeGreaterThan(0);
  await migrate(db.sql, migrations.slice(0, before));
  const org = (id: string, kind: string) => db.sql.query(`INSERT INTO "Organization" ("id", "name", "kind", "creditCode", "regionCode", "status", "updatedAt") VALUES ($1, $2, $3::"OrgKind", $4, '320500', 'ACTIVE', now())`, [id, `${kind} ${id.slice(0, 8)} 有限公司`, kind, randomCreditCode()]);
  await org(ids.agency, 'AGENCY');
  await org(ids.tenderer, 'TENDERER');
  await org(ids.reader, 'BIDDER');
  await org(ids.other, 'BIDDER');
  await db.sql.query(
    `INSERT INTO "Project" ("id", "code", "name", "type", "regionCode", "estimatedPrice", "tendererOrgId", "agencyOrgId", "status", "publishedAt", "createdById", "updatedAt")
     VALUES ($1, $2, '旧版工程', 'ENGINEERING', '320500', 1000000, $3, $4, 'PUBLISHED', '2026-11-28T07:00:00Z', $4, now())`,
    [ids.project, `OLD-${ids.project.slice(0, 8)}`, ids.tenderer, ids.agency],
  );
  await db.sql.query(
    `INSERT INTO "Section" ("id", "projectId", "code", "name", "estimatedPrice", "bondAmount", "bidValidityDays", "bidDeadline", "signInLeadMinutes", "decryptWindowMinutes",
                           "evaluationMethod", "scoringTemplate", "openingFormFields", "status", "version", "publishedAt", "updatedAt")
     VALUES ($1, $2, '01', '施工标段', 1000000, 20000, 90, '2026-11-28T10:00:00Z', 30, 30, 'LOWEST_EVALUATED_PRICE', '{"method":"LOWEST_EVALUATED_PRICE","review":[{"key":"q","label":"资格"}],"adjustments":[],"deviationAlertPercent":20}',
             '[{"key":"price","label":"投标报价","type":"money","required":true}]', 'PUBLISHED', 2, '2026-11-28T07:00:00Z', now())`,
    [ids.section, ids.project],
  );
  await db.sql.query(
    `INSERT INTO "Amendment" ("id", "sectionId", "version", "reason", "clarification", "changes", "publishedAt", "publishedById") VALUES ($1, $2, 2, '更正', '第 3 章更正', '{}', '2026-11-28T08:00:00Z', $3)`,
    [ids.amendment, ids.section, ids.agency],
  );
  for (const bidder of [ids.reader, ids.other]) {
    await db.sql.query(`INSERT INTO "SectionRegistration" ("sectionId", "bidderOrgId", "registeredAt") VALUES ($1, $2, '2026-11-28T07:30:00Z')`, [ids.section, bidder]);
    await db.sql.query(
      `INSERT INTO "Notification" ("id", "orgId", "kind", "title", "data", "createdAt", "readAt") VALUES ($1, $2, 'AMENDMENT_PUBLISHED', '旧版工程 施工标段：发布第 2 版澄清/修改', $3, '2026-11-28T08:00:00Z', $4)`,
      [randomUUID(), bidder, JSON.stringify({ projectId: ids.project, sectionId: ids.section, version: 2 }), bidder === ids.reader ? readAt : null],
    );
  }
  await migrate(db.sql, migrations);
  s = await createTestServices({ db, clock });
});
afterAll(() => s?.close());

async function bidderToken(orgId: string) {
  const user = await s.prisma.user.create({ data: { username: `b-${randomUUID().slice(0, 8)}`, displayName: '投标人', passwordHash: 'x', role: 'BIDDER', orgId } });
  await startTestSession(s, user.id);
  return bearerFor(s, user);
}

describe('registrations an earlier version stored in clear', () => {
  it('are kept, with what was read, by the migration and then sealed at start-up, once', async () => {
    expect(await s.prisma.unsealedRegistration.count()).toBe(2);
    const twoNodes = await Promise.all([sealLegacyRegistrations({ prisma: s.prisma, sealer: s.bids.sealer }), sealLegacyRegistrations({ prisma: s.prisma, sealer: s.bids.sealer })]);
    expect(twoNodes.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2);
    expect(await s.prisma.unsealedRegistration.count()).toBe(0);
    expect(await sealLegacyRegistrations({ prisma: s.prisma, sealer: s.bids.sealer })).toBe(0);

    const stored = JSON.stringify(await s.prisma.sectionRegistration.findMany());
    expect(await s.prisma.sectionRegistration.count()).toBe(2);
    for (const id of [ids.section, ids.reader, ids.other]) expect(stored).not.toContain(id);

    const app = createApp(s);
    const reader = await bidderToken(ids.reader);
    const mine = await request(app).get('/api/bidder/registrations').set(reader);
    expect(mine.body.items).toEqual([expect.objectContaining({ sectionId: ids.section, registeredAt: '2026-11-28T07:30:00.000Z', sectionName: '施工标段' })]);
    const readerNotes = await request(app).get('/api/notifications').set(reader);
    expect(readerNotes.body.items).toEqual([expect.objectContaining({ id: ids.amendment, kind: 'AMENDMENT_PUBLISHED', readAt })]);
    const otherNotes = await request(app).get('/api/notifications').set(await bidderToken(ids.other));
    expect(otherNotes.body.items).toEqual([expect.objectContaining({ id: ids.amendment, readAt: null })]);
  });
});
