import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBiddingSection, createTestClock, createTestServices, type TestServices } from '../../testing';
import { OpeningDriver } from './opening-driver';
import { LEASE_MS } from './opening-service';

const clock = createTestClock(new Date('2026-12-01T01:00:00.000Z'));
let s: TestServices;
beforeAll(async () => {
  s = await createTestServices({ clock });
});
afterAll(() => s.close());

const opening = (sectionId: string) => s.prisma.opening.findUniqueOrThrow({ where: { sectionId } });

describe('the opening driver', () => {
  it('keeps an opening with the node whose lease is live, hands it over when the lease lapses, and refuses the late writes of the node that lost it', async () => {
    const { section } = await createBiddingSection(s);
    const a = new OpeningDriver(s.db, s.openings, clock, s.logger, 'node-a');
    const b = new OpeningDriver(s.db, s.openings, clock, s.logger, 'node-b');

    // Sign-in is due at once (the deadline is an hour away, the lead half an hour): node a takes it.
    clock.set(new Date(new Date(section.bidDeadline).getTime() - 20 * 60_000));
    await a.tick();
    const first = await opening(section.id);
    expect(first).toMatchObject({ state: 'SIGN_IN', leaseOwner: 'node-a', leaseToken: 1, nextDueAt: new Date(section.bidDeadline) });

    // At the deadline node a has stalled within its lease: node b finds the lease live and leaves it.
    clock.set(new Date(first.leaseUntil!.getTime() - 1000));
    await s.prisma.opening.update({ where: { sectionId: section.id }, data: { nextDueAt: clock.now() } });
    const seqBefore = first.lastSeq;
    await b.tick();
    expect(await opening(section.id)).toMatchObject({ state: 'SIGN_IN', leaseOwner: 'node-a', lastSeq: seqBefore });

    // Past the lease node b takes the opening over, with the next fencing token, and freezes the bids.
    clock.set(new Date(new Date(section.bidDeadline).getTime() + LEASE_MS));
    await b.tick();
    const taken = await opening(section.id);
    expect(taken).toMatchObject({ state: 'FAILED', leaseOwner: 'node-b', leaseToken: 2 });

    // Node a wakes and ticks as if nothing happened: it writes nothing while b's lease is live.
    await s.prisma.opening.update({ where: { sectionId: section.id }, data: { nextDueAt: clock.now() } });
    await a.tick();
    expect(await opening(section.id)).toMatchObject({ leaseOwner: 'node-b', leaseToken: 2, lastSeq: taken.lastSeq });
  });

  it('reads only the due openings: the rest of the platform costs it nothing', async () => {
    const due = await createBiddingSection(s);
    const later = await createBiddingSection(s, { bidDeadline: new Date(clock.now().getTime() + 30 * 86_400_000).toISOString() });
    clock.set(new Date(new Date(due.section.bidDeadline).getTime() - 20 * 60_000));
    const driver = new OpeningDriver(s.db, s.openings, clock, s.logger, 'node-c');
    await driver.tick();
    expect((await opening(due.section.id)).state).toBe('SIGN_IN');
    expect(await opening(later.section.id)).toMatchObject({ state: 'SCHEDULED', leaseOwner: null, nextDueAt: expect.any(Date) });
  });

  it('backs off from an opening whose work fails, logging the streak once, and recovers', async () => {
    const { section } = await createBiddingSection(s);
    const driver = new OpeningDriver(s.db, s.openings, clock, s.logger, 'node-d');
    // A fault the driver cannot fix: the audit chain every transition writes into is gone for a while.
    await s.db.sql.query('ALTER TABLE "AuditEvent" RENAME TO "AuditEventAway"');
    try {
      clock.set(new Date(section.bidDeadline));
      await driver.tick();
      const backedOff = await opening(section.id);
      expect(backedOff).toMatchObject({ state: 'SCHEDULED', failures: 1 });
      expect(backedOff.nextDueAt!.getTime()).toBeGreaterThan(clock.now().getTime());
      // Not due again until the backoff has passed, however often the driver ticks.
      await driver.tick();
      expect((await opening(section.id)).failures).toBe(1);
      clock.set(backedOff.nextDueAt!);
      await driver.tick();
      expect((await opening(section.id)).failures).toBe(2);
    } finally {
      await s.db.sql.query('ALTER TABLE "AuditEventAway" RENAME TO "AuditEvent"');
    }
    clock.set((await opening(section.id)).nextDueAt!);
    await driver.tick();
    expect(await opening(section.id)).toMatchObject({ state: 'FAILED', failures: 0 });
    expect(s.logs().split('\n').filter((line) => line.includes('opening could not advance') && line.includes(section.id))).toHaveLength(1);
  });
});
