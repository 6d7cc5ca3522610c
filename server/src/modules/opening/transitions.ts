import { createHash, createHmac } from 'node:crypto';
import { MIN_BIDS_TO_OPEN, type openingEventData, type OpeningTimes, openingTimetable, type TOpeningState } from '@bidhall/contracts';
import type { z } from 'zod';
import { enqueueJob } from '../../kernel/jobs/job';
import { closeDeadlineGate } from '../../lib/deadline-gate';
import type { Sealer } from '../bids/sealing';
import {
  auditHeadHash,
  bidsSubmittedBefore,
  countAttemptsBefore,
  countParticipants,
  countUnanswered,
  deleteSignIns,
  insertParticipants,
  listAttempts,
  listParticipants,
  listSignIns,
  markBidsOpened,
  organizationNames,
  setSectionStatus,
  unannouncedParticipants,
  updateParticipant,
} from './opening-sql';
import { issueRecordJob } from './opening-jobs';
import type { OpeningTx } from './opening-store';
import { decryptionEnds } from './timeline';

/** How the bidder list travels: with the freeze up to `inline` rows, else in pages of `page`. */
export interface ParticipantList {
  inline: number;
  page: number;
}

export interface TransitionDeps {
  sealer: Sealer;
  pace: AnnouncementPace;
  list: ParticipantList;
  /** Where tests hold a transaction still to interleave it with another (never set in production). */
  hooks?: { insideFreeze?(): Promise<void> };
}

/** The outcome of an attempt still being decrypted. */
export const IN_PROGRESS = 'IN_PROGRESS';
/**
 * How long past the window's end attempts begun inside it may still finish (reading a large file
 * takes a while); after that the window closes on whatever is in flight, presumed lost with its node.
 */
export const IN_FLIGHT_GRACE_MS = 5 * 60_000;

/** Platform-side failures: a bid they hit is treated as withdrawn (视为撤回), not revoked. */
export const PLATFORM_FAULTS = new Set(['STORAGE_ERROR', 'HASH_MISMATCH']);

async function moveTo(o: OpeningTx, to: TOpeningState, data: Record<string, unknown> = {}) {
  const from = o.opening.state;
  await o.update({ state: to });
  o.emit('STATE_CHANGED', { from, to, ...data });
}

/**
 * Freezes the bids at the deadline. The section's deadline gate is closed first, so a completion
 * or withdrawal in flight either commits before the bids are read or finds the deadline passed
 * (lib/deadline-gate). The counted bids of the section are unsealed into participants, their
 * announcement order fixed by sorting HMAC(orderSeed, bidderOrgId). The seed is the sha-256 of
 * the audit chain's head at this moment and of the frozen envelopes' hashes in sorted order:
 * nobody could compute it before the freeze (each envelope's hash is known to its bidder and the
 * platform only), and anyone holding the audit export can recompute it after. Sign-ins made
 * before the deadline are unsealed with them. Only the section's bucket is read, and the frozen
 * bids leave it (OPENED), so the cost is what the section holds, not the platform's history.
 * Fewer than three bids and the section fails (流标).
 */
async function freezeBids(o: OpeningTx, { sealer, list, hooks }: TransitionDeps) {
  const sectionId = o.opening.sectionId;
  const bucket = sealer.bucket(sectionId);
  await closeDeadlineGate(o.sql, sealer.deadlineLockKey(sectionId));
  await hooks?.insideFreeze?.();
  const submitted = await bidsSubmittedBefore(o.sql, o.opening.deadlineAt, bucket);
  const mine = submitted.map((b) => ({ bid: b, identity: sealer.unseal(b.sealed) })).filter((x) => x.identity.sectionId === sectionId);
  const orderSeed = announcementSeed((await auditHeadHash(o.sql)) ?? '0'.repeat(64), mine.map((x) => x.bid.sha256));
  const rank = (orgId: string) => createHmac('sha256', orderSeed).update(orgId).digest('hex');
  const ordered = mine.sort((a, b) => rank(a.identity.orgId).localeCompare(rank(b.identity.orgId)));
  const names = await organizationNames(o.sql, ordered.map((x) => x.identity.orgId));
  const signIns = (await listSignIns(o.sql, bucket)).map((s) => ({ id: s.id, at: s.at, ...sealer.unseal(s.sealed) })).filter((s) => s.sectionId === sectionId);
  const signedAt = new Map(signIns.map((s) => [s.orgId, s.at]));

  await o.update({ orderSeed });
  await insertParticipants(
    o.sql,
    sectionId,
    ordered.map((x, i) => ({ bidderOrgId: x.identity.orgId, bidId: x.bid.id, order: i + 1, signedInAt: signedAt.get(x.identity.orgId) ?? null })),
  );
  await markBidsOpened(o.sql, ordered.map((x) => x.bid.id));
  const participants = ordered.map((x, i) => ({
    order: i + 1,
    bidderOrgId: x.identity.orgId,
    bidderName: names.get(x.identity.orgId) ?? '',
    bidId: x.bid.id,
    sha256: x.bid.sha256,
    signedInAt: signedAt.get(x.identity.orgId)?.toISOString() ?? null,
  }));
  // The chain holds the whole list, so the order can be recomputed from the export; the log and
  // the halls carry it only for a hall small enough to send it to everyone.
  o.emit('BIDS_FROZEN', { orderSeed, count: participants.length, ...(participants.length <= list.inline ? { participants } : {}) }, null, { participants });
  o.frozen = participants.map((p) => p.bidderOrgId);
  await deleteSignIns(o.sql, signIns.map((s) => s.id));
  return ordered.length;
}

/** The seed of the announcement order: sha-256 of the audit head and the frozen envelopes' hashes, sorted, one per line. */
export const announcementSeed = (auditHead: string, envelopeHashes: string[]): string =>
  createHash('sha256').update([auditHead, ...[...envelopeHashes].sort()].join('\n')).digest('hex');

async function failOpening(o: OpeningTx, reason: string) {
  await o.update({ failureReason: reason, closedAt: o.now });
  await setSectionStatus(o.sql, o.opening.sectionId, 'FAILED', o.now);
  await moveTo(o, 'FAILED', { reason });
  await enqueueRecord(o);
}

/** The record is issued by a job written with the change that ends the opening: nothing is lost if the node dies after the commit. */
const enqueueRecord = (o: OpeningTx) => enqueueJob(o.sql, issueRecordJob, { sectionId: o.opening.sectionId }, { key: o.opening.sectionId, now: o.now });

export async function startDecryption(o: OpeningTx) {
  const decryptEndsAt = new Date(o.now.getTime() + o.opening.decryptMinutes * 60_000);
  await o.update({ decryptEndsAt });
  await moveTo(o, 'DECRYPTING', { decryptEndsAt: decryptEndsAt.toISOString() });
}

/** At the end of the window, every bid still pending is attributed from the evidence on record. */
async function attributePending(o: OpeningTx) {
  const sectionId = o.opening.sectionId;
  const pending = await listParticipants(o.sql, sectionId, { decryption: 'PENDING' });
  for (const p of pending) {
    const attempts = await listAttempts(o.sql, sectionId, p.bidderOrgId);
    const platform = attempts.find((a) => PLATFORM_FAULTS.has(a.outcome));
    const decryption = platform ? 'WITHDRAWN' : 'REVOKED';
    const failureNote = platform
      ? `平台原因未能解密（${platform.outcome}），视为撤回`
      : attempts.length === 0
        ? '解密时间内未解密，视为撤销'
        : `投标人原因未能解密（${attempts.at(-1)!.outcome}），视为撤销`;
    await updateParticipant(o.sql, sectionId, p.bidderOrgId, { decryption, failureNote });
    o.emit('DECRYPTION_RESULT', { bidderOrgId: p.bidderOrgId, decryption, failureNote, attempts: attempts.length });
  }
}

/** How the announcement (唱标) goes without the host: one bid every `paceSeconds`; 0 announces them all at once. */
export interface AnnouncementPace {
  paceSeconds: number;
}

type Actor = Parameters<OpeningTx['emit']>[2];

async function beginConfirmation(o: OpeningTx) {
  const confirmEndsAt = new Date(o.now.getTime() + o.opening.confirmMinutes * 60_000);
  await o.update({ confirmEndsAt, nextAnnounceAt: null });
  await moveTo(o, 'CONFIRMING', { confirmEndsAt: confirmEndsAt.toISOString() });
}

/**
 * 唱标 of the next bid in the order fixed at the deadline, with its opening form when it was
 * decrypted. The host may announce it (`by` HOST, the pace restarting from now); otherwise the pace
 * does when it is due (counted from when it was due, so a driver that was away catches up). After
 * the last bid the confirmation starts.
 */
export async function announceNext(o: OpeningTx, pace: AnnouncementPace, by: 'HOST' | 'PACE', actor: Actor = null): Promise<{ order: number; remaining: number }> {
  const sectionId = o.opening.sectionId;
  const [next, ...rest] = await unannouncedParticipants(o.sql, sectionId);
  if (!next) throw new Error(`opening ${sectionId} is announcing with no bid left to announce`);
  const names = await organizationNames(o.sql, [next.bidderOrgId]);
  const from = by === 'PACE' && o.opening.nextAnnounceAt ? o.opening.nextAnnounceAt : o.now;
  const nextAnnounceAt = rest.length > 0 ? new Date(from.getTime() + pace.paceSeconds * 1000) : null;
  await updateParticipant(o.sql, sectionId, next.bidderOrgId, { announcedAt: o.now });
  o.emit(
    'ANNOUNCED',
    {
      order: next.order,
      bidderOrgId: next.bidderOrgId,
      bidderName: names.get(next.bidderOrgId) ?? '',
      decryption: next.decryption,
      failureNote: next.failureNote,
      form: next.decryption === 'DECRYPTED' ? (next.form as Record<string, string | number>) : null,
      bond: { kind: next.bondKind, detail: next.bondDetail },
      by,
      remaining: rest.length,
      nextAnnounceAt: nextAnnounceAt?.toISOString() ?? null,
    } satisfies z.input<typeof openingEventData.ANNOUNCED>,
    actor,
  );
  if (nextAnnounceAt) await o.update({ nextAnnounceAt });
  else await beginConfirmation(o);
  return { order: next.order, remaining: rest.length };
}

/** Starts the announcement once decryption is over; with no pace every bid is due at once (advance announces them). */
async function beginAnnouncement(o: OpeningTx, pace: AnnouncementPace) {
  const nextAnnounceAt = new Date(o.now.getTime() + pace.paceSeconds * 1000);
  await o.update({ nextAnnounceAt });
  await moveTo(o, 'ANNOUNCING', { nextAnnounceAt: nextAnnounceAt.toISOString(), paceSeconds: pace.paceSeconds });
}

export async function closeOpening(o: OpeningTx) {
  await o.update({ closedAt: o.now });
  await setSectionStatus(o.sql, o.opening.sectionId, 'EVALUATING', o.now);
  await moveTo(o, 'CLOSED');
  await enqueueRecord(o);
}

export async function unansweredObjections(o: OpeningTx): Promise<number> {
  return countUnanswered(o.sql, o.opening.sectionId);
}

/**
 * Applies every transition the clock (or the state of the bids) makes due, in order, until the
 * opening waits for time or people. Idempotent: run it any number of times, from any node.
 */
export async function advance(o: OpeningTx, deps: TransitionDeps): Promise<void> {
  for (;;) {
    const { state } = o.opening;
    const now = o.now;
    if (state === 'SCHEDULED' && now >= o.opening.signInAt) {
      await moveTo(o, 'SIGN_IN');
    } else if (state === 'SIGN_IN' && now >= o.opening.deadlineAt) {
      await setSectionStatus(o.sql, o.opening.sectionId, 'OPENING', o.now);
      await moveTo(o, 'DEADLINE');
      const count = await freezeBids(o, deps);
      if (count < MIN_BIDS_TO_OPEN) await failOpening(o, `投标人少于${MIN_BIDS_TO_OPEN}个（${count}个），依法不予开标（流标），招标人应当重新招标`);
    } else if (state === 'DEADLINE' && now >= o.opening.autoStartAt) {
      await startDecryption(o);
    } else if (state === 'DECRYPTING') {
      const sectionId = o.opening.sectionId;
      const pending = await countParticipants(o.sql, sectionId, 'pending');
      const end = decryptionEnds(o.opening)!;
      if (pending > 0 && now < end) return;
      // No attempt can begin after the end, so those in flight began inside the window; they are let finish, within the grace.
      if (pending > 0 && now.getTime() < end.getTime() + IN_FLIGHT_GRACE_MS && (await countAttemptsBefore(o.sql, sectionId, IN_PROGRESS, end)) > 0) return;
      await attributePending(o);
      await beginAnnouncement(o, deps.pace);
    } else if (state === 'ANNOUNCING') {
      if (o.opening.nextAnnounceAt && now < o.opening.nextAnnounceAt) return;
      await announceNext(o, deps.pace, 'PACE');
    } else if (state === 'CONFIRMING') {
      const unconfirmed = await countParticipants(o.sql, o.opening.sectionId, 'unconfirmed');
      if ((unconfirmed > 0 && now < o.opening.confirmEndsAt!) || (await unansweredObjections(o)) > 0) return;
      await closeOpening(o);
    } else {
      return;
    }
  }
}

/** When the opening next needs the clock, or null when only people can move it (the timetable in contracts). */
export const nextDue = (o: OpeningTimes<Date> & { state: TOpeningState }): Date | null => openingTimetable[o.state](o);
