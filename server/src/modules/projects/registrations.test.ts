import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { bearerFor, createBiddingSection, createDraftSection, createTestClock, createTestServices, createTestUser, type TestServices } from '../../testing';
import { CHAIN_BATCH, readChain } from './blind-chain';
import { registrantsOf, registrationsOf } from './registrations';

const clock = createTestClock();
let s: TestServices;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  s = await createTestServices({ clock });
  app = createApp(s);
});
afterAll(() => s.close());

const as = (u: { user: Parameters<typeof bearerFor>[1] }) => bearerFor(s, u.user);
const register = (sectionId: string, bidder: { user: Parameters<typeof bearerFor>[1] }) => request(app).put(`/api/sections/${sectionId}/registration`).set(as(bidder));

describe('sealed registrations (获取招标文件)', () => {
  it('stores nothing that names the section or the bidder, and gives each bidder back only its own', async () => {
    const { section } = await createBiddingSection(s);
    const [first, second] = [await createTestUser(s, { role: 'BIDDER' }), await createTestUser(s, { role: 'BIDDER' })];
    const before = await s.prisma.auditEvent.count();
    expect((await register(section.id, first)).status).toBe(200);
    expect((await register(section.id, second)).status).toBe(200);

    const rows = await s.db.sql.query<Record<string, unknown>>('SELECT * FROM "SectionRegistration"');
    const stored = JSON.stringify(rows);
    for (const id of [section.id, section.projectId, first.org!.id, second.org!.id]) expect(stored).not.toContain(id);
    const events = await s.prisma.auditEvent.findMany({ where: { seq: { gt: before } } });
    expect(events.map((e) => [e.action, e.actorId, e.actorOrgId])).toEqual([
      ['registration.created', null, null],
      ['registration.created', null, null],
    ]);
    const chain = JSON.stringify(events);
    for (const id of [section.id, first.org!.id, second.org!.id, first.user.id]) expect(chain).not.toContain(id);

    const mine = await request(app).get('/api/bidder/registrations').set(as(first));
    expect(mine.body.items).toEqual([expect.objectContaining({ sectionId: section.id, registeredAt: clock.now().toISOString() })]);
    expect((await request(app).get('/api/bidder/registrations').set(as(await createTestUser(s, { role: 'BIDDER' })))).body.items).toEqual([]);
  });

  it('registers a bidder once however often, and at once, it asks', async () => {
    const { section } = await createBiddingSection(s);
    const bidder = await createTestUser(s, { role: 'BIDDER' });
    const first = await register(section.id, bidder);
    clock.advance(1000);
    const answers = await Promise.all(Array.from({ length: 5 }, () => register(section.id, bidder)));
    clock.advance(-1000);
    expect(answers.map((a) => [a.status, a.body.registeredAt])).toEqual(Array.from({ length: 5 }, () => [200, first.body.registeredAt]));
    expect(await registrationsOf(s.prisma, s.bids.sealer, bidder.org!.id)).toHaveLength(1);
  });

  it("finds a section's registrants slot by slot when many register at once, and only theirs", async () => {
    const [{ section: a }, { section: b }] = [await createBiddingSection(s), await createBiddingSection(s)];
    const bidders = await Promise.all(Array.from({ length: CHAIN_BATCH + 6 }, () => createTestUser(s, { role: 'BIDDER' })));
    const answers = await Promise.all(bidders.map((bidder, i) => register(i % 10 === 0 ? b.id : a.id, bidder)));
    expect(answers.every((r) => r.status === 200)).toBe(true);
    // One bidder in both sections: each bidder's own chain holds its sections.
    expect((await register(b.id, bidders[1]!)).status).toBe(200);

    const ofA = await registrantsOf(s.prisma, s.bids.sealer, a.id);
    const ofB = await registrantsOf(s.prisma, s.bids.sealer, b.id);
    const expectedA = bidders.filter((_, i) => i % 10 !== 0).map((x) => x.org!.id);
    const expectedB = [...bidders.filter((_, i) => i % 10 === 0).map((x) => x.org!.id), bidders[1]!.org!.id];
    expect(ofA.map((r) => r.orgId).sort()).toEqual(expectedA.sort());
    expect(ofB.map((r) => r.orgId).sort()).toEqual(expectedB.sort());
    expect((await registrationsOf(s.prisma, s.bids.sealer, bidders[1]!.org!.id)).map((r) => r.sectionId).sort()).toEqual([a.id, b.id].sort());
  });

  it('reads a chain with one lookup per batch of filled slots, however much else the table holds', async () => {
    const filled = new Set(Array.from({ length: 2 * CHAIN_BATCH + 5 }, (_, n) => `slot-${n}`));
    const others = new Set(Array.from({ length: 10_000 }, (_, n) => `other-${n}`));
    let lookups = 0;
    const rows = await readChain(
      (n) => `slot-${n}`,
      async (slots) => {
        lookups++;
        return slots.filter((slot) => filled.has(slot) || others.has(slot));
      },
    );
    expect(rows).toHaveLength(filled.size);
    expect(lookups).toBe(3);
    let emptyLookups = 0;
    expect(await readChain((n) => `none-${n}`, async () => (emptyLookups++, []))).toEqual([]);
    expect(emptyLookups).toBe(1);
  });

  it('refuses a registration for a draft, an unknown section, after the deadline, and for other roles', async () => {
    const { section } = await createBiddingSection(s);
    const { section: draft } = await createDraftSection(s);
    const bidder = await createTestUser(s, { role: 'BIDDER' });
    expect((await register(draft.id, bidder)).body.error.code).toBe('NOT_FOUND');
    expect((await register('7d9f0c52-0000-4000-8000-000000000000', bidder)).body.error.code).toBe('NOT_FOUND');
    for (const role of ['AGENCY', 'TENDERER', 'SUPERVISOR', 'ADMIN'] as const) {
      expect((await register(section.id, await createTestUser(s, { role }))).status).toBe(403);
    }
    clock.advance(3_600_000);
    try {
      expect((await register(section.id, bidder)).body.error.code).toBe('DEADLINE_PASSED');
    } finally {
      clock.advance(-3_600_000);
    }
    expect(await registrationsOf(s.prisma, s.bids.sealer, bidder.org!.id)).toEqual([]);
  });
});
