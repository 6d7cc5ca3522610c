import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBiddingSection, createBidder, createTestClock, createTestServices, type TestServices } from '../../testing';
import { OpeningDriver } from './opening-driver';
import { announcementSeed } from './transitions';

const clock = createTestClock(new Date('2026-12-01T01:00:00.000Z'));
let s: TestServices;
beforeAll(async () => {
  s = await createTestServices({ clock });
});
afterAll(() => s.close());

describe('the announcement order', () => {
  it('follows a seed of the audit head and the frozen envelopes, which anyone with the export recomputes and nobody could know before', async () => {
    const { section } = await createBiddingSection(s);
    const form = (price: string) => ({ price, durationDays: 180 });
    for (const price of ['1.00', '2.00', '3.00', '4.00']) await createBidder(s, section.id, form(price));
    clock.set(new Date(section.bidDeadline));
    const driver = new OpeningDriver(s.db, s.openings, clock, s.logger, 'node-order');
    await driver.tick();

    const frozen = await s.prisma.auditEvent.findFirstOrThrow({ where: { action: 'opening.bids_frozen', subjectId: section.id } });
    // The head when the freeze began is the prevHash of the freeze's first entry.
    const first = await s.prisma.auditEvent.findFirstOrThrow({ where: { subjectId: section.id, at: frozen.at }, orderBy: { seq: 'asc' } });
    const data = frozen.data as { orderSeed: string; participants: { order: number; bidderOrgId: string; sha256: string }[] };
    expect(data.orderSeed).toBe(announcementSeed(first.prevHash, data.participants.map((p) => p.sha256)));
    // The head alone, which a supervisor reading the chain knows beforehand, is not the seed.
    expect(data.orderSeed).not.toBe(first.prevHash);
    const ranked = [...data.participants].sort((a, b) =>
      createHmac('sha256', data.orderSeed).update(a.bidderOrgId).digest('hex').localeCompare(createHmac('sha256', data.orderSeed).update(b.bidderOrgId).digest('hex')),
    );
    expect(ranked.map((p) => p.order)).toEqual([1, 2, 3, 4]);
  });
});
