import { Readable } from 'node:stream';
import type { TReceipt } from '@bidhall/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpeningDriver } from '../opening/opening-driver';
import { createBiddingSection, createBidder, createTestClock, createTestServices, createTestUser, sealEnvelope, type TestServices } from '../../testing';
import { myBid, withdrawBid } from './my-bid';
import { completeUpload, putChunk, startUpload } from './uploads';

/** A gate a test opens when it wants: the transaction that reached it waits there. */
function barrier() {
  let open!: () => void;
  let reached!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const arrived = new Promise<void>((resolve) => (reached = resolve));
  return { wait: () => (reached(), opened), arrived, open };
}

const hooks: NonNullable<Parameters<typeof createTestServices>[0]>['hooks'] = {};
const clock = createTestClock(new Date('2026-12-01T01:00:00.000Z'));
let s: TestServices;
let driver: OpeningDriver;
beforeAll(async () => {
  s = await createTestServices({ clock, hooks });
  driver = new OpeningDriver(s.db, s.openings, clock, s.logger);
});
beforeEach(() => {
  delete hooks!.insideDeadlineGate;
  delete hooks!.insideFreeze;
  delete hooks!.afterJoinRole;
});
afterAll(async () => {
  await driver.stop();
  await s.close();
});

const form = (price: string) => ({ price, durationDays: 180 });
type Bidder = Awaited<ReturnType<typeof createBidder>>;

/** Three bidders with a bid each; the first also has a second bid uploaded but not yet completed. */
async function hallWithPendingReplacement() {
  clock.set(new Date('2026-12-01T01:00:00.000Z'));
  const { section } = await createBiddingSection(s);
  const bidders = [await createBidder(s, section.id, form('100.00')), await createBidder(s, section.id, form('200.00')), await createBidder(s, section.id, form('300.00'))];
  const racer = bidders[0]!;
  const bytes = await sealEnvelope([racer.key.publicJwk], form('90.00'), new Uint8Array(3000).fill(9));
  const upload = await startUpload(s.bids, racer.auth, section.id, bytes.length);
  await putChunk(s.bids, racer.auth, upload.uploadId, 0, Readable.from([bytes]));
  return { section, bidders, racer, uploadId: upload.uploadId, deadline: new Date(section.bidDeadline) };
}

const justBefore = (deadline: Date) => new Date(deadline.getTime() - 1);
const participants = (sectionId: string) => s.prisma.openingParticipant.findMany({ where: { sectionId } });
const outcome = (p: Promise<unknown>) => p.then(() => 'ok', (error: { code?: string }) => error.code ?? String(error));

/** Every receipt still standing maps to exactly one counted participant, and every participant to one. */
async function expectReceiptsMatch(sectionId: string, bidders: Bidder[]) {
  const frozen = await participants(sectionId);
  for (const bidder of bidders) {
    const { bid, receipts } = await myBid(s.bids, bidder.auth, sectionId);
    const standing = receipts.filter((r: TReceipt) => r.kind === 'SUBMISSION' && r.sha256 === bid?.sha256 && bid.status === 'OPENED');
    const mine = frozen.filter((p) => p.bidderOrgId === bidder.org!.id);
    expect(mine.length).toBe(standing.length);
    if (mine[0]) expect(mine[0].bidId).toBe(bid!.id);
  }
}

describe('the bid deadline as one instant', () => {
  it('counts a completion that entered the gate before the freeze: the freeze waits for it', async () => {
    const { section, bidders, racer, uploadId, deadline } = await hallWithPendingReplacement();
    const gate = barrier();
    hooks!.insideDeadlineGate = gate.wait;
    clock.set(justBefore(deadline));
    const completing = completeUpload(s.bids, racer.auth, uploadId);
    await gate.arrived;
    delete hooks!.insideDeadlineGate;
    clock.set(deadline);
    const freezing = driver.tick();
    // The freeze cannot read the bids while the completion is inside the gate. (PGlite runs one
    // transaction at a time and would make this read wait for the completion too.)
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (s.db.kind === 'postgres') expect(await participants(section.id)).toEqual([]);
    gate.open();
    const receipt = await completing;
    await freezing;
    expect(new Date(receipt.serverTime).getTime()).toBeLessThan(deadline.getTime());
    const mine = (await participants(section.id)).find((p) => p.bidderOrgId === racer.org!.id)!;
    const bid = await s.prisma.bid.findUniqueOrThrow({ where: { id: mine.bidId } });
    expect(bid).toMatchObject({ sha256: receipt.sha256, status: 'OPENED' });
    expect(bid.submittedAt.toISOString()).toBe(receipt.serverTime);
    await expectReceiptsMatch(section.id, bidders);
  });

  it('refuses a completion that reached the gate while the freeze held it, keeping the earlier bid in force', async () => {
    const { section, bidders, racer, uploadId, deadline } = await hallWithPendingReplacement();
    const gate = barrier();
    hooks!.insideFreeze = gate.wait;
    clock.set(deadline);
    const freezing = driver.tick();
    await gate.arrived;
    delete hooks!.insideFreeze;
    // This node's clock lags: the completion passes its early check and waits at the gate.
    clock.set(justBefore(deadline));
    const completing = outcome(completeUpload(s.bids, racer.auth, uploadId));
    await new Promise((resolve) => setTimeout(resolve, 300));
    gate.open();
    await freezing;
    expect(await completing).toBe('DEADLINE_PASSED');
    const mine = (await participants(section.id)).find((p) => p.bidderOrgId === racer.org!.id)!;
    expect(mine.bidId).toBe((await s.prisma.bid.findFirstOrThrow({ where: { receiptId: racer.receipt.receiptId } })).id);
    expect(await s.prisma.bidUpload.findUniqueOrThrow({ where: { id: uploadId } })).toMatchObject({ status: 'IN_PROGRESS' });
    await expectReceiptsMatch(section.id, bidders);
  });

  it('honours a withdrawal inside the gate before the freeze, and refuses one that waited for it', async () => {
    const first = await hallWithPendingReplacement();
    const gate = barrier();
    hooks!.insideDeadlineGate = gate.wait;
    clock.set(justBefore(first.deadline));
    const withdrawing = withdrawBid(s.bids, first.bidders[1]!.auth, first.section.id);
    await gate.arrived;
    delete hooks!.insideDeadlineGate;
    clock.set(first.deadline);
    const freezing = driver.tick();
    gate.open();
    const receipt = await withdrawing;
    await freezing;
    expect(receipt.kind).toBe('WITHDRAWAL');
    expect((await participants(first.section.id)).map((p) => p.bidderOrgId)).not.toContain(first.bidders[1]!.org!.id);
    await expectReceiptsMatch(first.section.id, first.bidders);

    const second = await hallWithPendingReplacement();
    const held = barrier();
    hooks!.insideFreeze = held.wait;
    clock.set(second.deadline);
    const frozen = driver.tick();
    await held.arrived;
    delete hooks!.insideFreeze;
    clock.set(justBefore(second.deadline));
    const late = outcome(withdrawBid(s.bids, second.bidders[1]!.auth, second.section.id));
    held.open();
    await frozen;
    expect(await late).toBe('DEADLINE_PASSED');
    expect((await participants(second.section.id)).map((p) => p.bidderOrgId)).toContain(second.bidders[1]!.org!.id);
    await expectReceiptsMatch(second.section.id, second.bidders);
  });

  it('records a sign-in that waited for the freeze on the participant, never in a sealed row the freeze has passed', async () => {
    const { section, bidders, deadline } = await hallWithPendingReplacement();
    const gate = barrier();
    hooks!.insideFreeze = gate.wait;
    clock.set(deadline);
    const freezing = driver.tick();
    await gate.arrived;
    delete hooks!.insideFreeze;
    clock.set(justBefore(deadline));
    const signingIn = s.openings.signIn(bidders[2]!.auth, section.id);
    gate.open();
    await freezing;
    const { signedInAt } = await signingIn;
    const mine = (await participants(section.id)).find((p) => p.bidderOrgId === bidders[2]!.org!.id)!;
    expect(mine.signedInAt?.toISOString()).toBe(signedInAt);
    expect(await s.prisma.openingSignIn.count()).toBe(0);
  });

  it('gives one receipt and one ALREADY_DONE for two completions of one upload, and lets a failed one be repeated', async () => {
    const { section, racer, uploadId } = await hallWithPendingReplacement();
    clock.set(new Date('2026-12-01T01:10:00.000Z'));
    // Another node's services, over the same database and store: the per-node queue does not serialize them.
    const other = await createTestServices({ clock, db: s.db, shareWith: s });
    const results = await Promise.all([outcome(completeUpload(s.bids, racer.auth, uploadId)), outcome(completeUpload(other.bids, racer.auth, uploadId))]);
    expect(results.sort()).toEqual(['ALREADY_DONE', 'ok']);
    expect(await s.prisma.bid.count({ where: { uploadId } })).toBe(1);

    // A completion whose transaction fails leaves the upload as it was, and can be repeated.
    const bytes = await sealEnvelope([racer.key.publicJwk], form('80.00'), new Uint8Array(1000).fill(4));
    const retry = await startUpload(s.bids, racer.auth, section.id, bytes.length);
    await putChunk(s.bids, racer.auth, retry.uploadId, 0, Readable.from([bytes]));
    hooks!.insideDeadlineGate = () => Promise.reject(new Error('the database went away'));
    expect(await outcome(completeUpload(s.bids, racer.auth, retry.uploadId))).toBe('Error: the database went away');
    delete hooks!.insideDeadlineGate;
    expect(await s.prisma.bidUpload.findUniqueOrThrow({ where: { id: retry.uploadId } })).toMatchObject({ status: 'IN_PROGRESS' });
    const receipt = await completeUpload(s.bids, racer.auth, retry.uploadId);
    expect((await myBid(s.bids, racer.auth, section.id)).bid).toMatchObject({ sha256: receipt.sha256, status: 'SUBMITTED' });
  });

  it('shows a bidder without a standing bid no bidder list, though it joined the hall as the bids froze', async () => {
    const { section, deadline } = await hallWithPendingReplacement();
    const lurker = await createTestUser(s, { role: 'BIDDER' });
    const auth = { userId: lurker.user.id, role: 'BIDDER' as const, orgId: lurker.org!.id, name: lurker.user.displayName };
    const gate = barrier();
    hooks!.afterJoinRole = gate.wait;
    clock.set(justBefore(deadline));
    // Before the deadline any bidder may wait in the hall: the role is decided so.
    const joining = outcome(s.openings.join(auth, section.id, 0));
    await gate.arrived;
    delete hooks!.afterJoinRole;
    clock.set(deadline);
    await driver.tick();
    expect((await participants(section.id)).length).toBe(3);
    gate.open();
    expect(await joining).toBe('NOT_FOUND');
  });
});
