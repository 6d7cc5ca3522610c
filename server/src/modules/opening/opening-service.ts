import { PARTICIPANTS_INLINE, PARTICIPANTS_PAGE, type TAttendee, type TOpeningEvent, type TOpeningFormField } from '@bidhall/contracts';
import type { PrismaClient, SqlDriver } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import type { Clock } from '../../lib/clock';
import type { EventBus } from '../../lib/events';
import type { AuthContext } from '../../lib/http/auth-context';
import type { BlobStore } from '../bids/blob-store';
import type { Sealer } from '../bids/sealing';
import type { RateLimiter, RateLimiterFactory } from '../../lib/rate-limit';
import type { ReceiptSigner } from '../../lib/receipt-signer';
import { decryptStoredBid } from './decrypt-bid';
import { type HallMedia, issueRecord } from './issue-record';
import { findOpeningAccess, type OpeningRole, requireRole, roleInOpening } from './opening-access';
import {
  answerObjection,
  bidHash,
  findObjection,
  findParticipant,
  findParticipantByOrder,
  hasAttended,
  insertAttempt,
  insertAttendance,
  insertObjection,
  insertReportedFailure,
  insertSignIn,
  organizationNames,
  sectionFormFields,
  settleAttempt,
  unannouncedParticipants,
  updateParticipant,
} from './opening-sql';
import { type OpeningTx, withOpening } from './opening-store';
import { advance, announceNext, closeOpening, IN_PROGRESS, nextDue, type ParticipantList, startDecryption, type TransitionDeps, unansweredObjections } from './transitions';
import { backoffMs } from '../../kernel/jobs/job-runner';
import { decryptionEnds } from './timeline';
import { openingView, participantsPage, toEventView } from './views';

export interface OpeningDeps {
  prisma: PrismaClient;
  /** The opening's transactions run on the driver itself (see opening-sql). */
  sql: SqlDriver;
  clock: Clock;
  sealer: Sealer;
  blobs: BlobStore;
  events: EventBus;
  signer: ReceiptSigner;
  rateLimiter: RateLimiterFactory;
  platformName: string;
  /** The hall's audio and video, ended when the record is issued; null or absent where media is off. */
  hallMedia?: HallMedia | null;
  /** Seconds between announced bids (唱标) when the host does not announce them itself; 0 announces all at once. */
  announcePaceSeconds: number;
  /** How the bidder list travels; PARTICIPANTS_INLINE and PARTICIPANTS_PAGE unless a test makes a small hall large. */
  participantList?: ParticipantList;
  /** Where tests hold a transition or a join still to interleave it with another (never set in production). */
  hooks?: TransitionDeps['hooks'] & { afterJoinRole?(): Promise<void> };
}

const OBJECTIONS_PER_MINUTE = 5;
/** How long a node's hold on an opening's due work lasts without renewal: a stalled node loses it within this. */
export const LEASE_MS = 8000;
const REPORTS_PER_MINUTE = 10;
const AFTER_DEADLINE = ['DEADLINE', 'DECRYPTING', 'ANNOUNCING', 'CONFIRMING'] as const;
/** Whose joining of the hall goes on its attendance: everyone who may see it but the bidders. */
const ATTENDING_ROLES: ReadonlySet<string> = new Set<TAttendee['role']>(['AGENCY', 'TENDERER', 'SUPERVISOR', 'ADMIN']);

/**
 * The opening hall's use-cases. Each runs in one transaction with the opening row locked, first
 * applying whatever the clock made due, and broadcasts the events it appended once committed.
 */
export function createOpeningService(deps: OpeningDeps) {
  const objectionLimiter = deps.rateLimiter({ name: 'objections', points: OBJECTIONS_PER_MINUTE, durationSeconds: 60 });
  const reportLimiter = deps.rateLimiter({ name: 'failure-reports', points: REPORTS_PER_MINUTE, durationSeconds: 60 });
  const consumeOrRefuse = (limiter: RateLimiter, key: string, message: string) =>
    limiter.consume(key).catch(() => {
      throw new AppError('RATE_LIMITED', message);
    });
  const pace = { paceSeconds: deps.announcePaceSeconds };
  const list = deps.participantList ?? { inline: PARTICIPANTS_INLINE, page: PARTICIPANTS_PAGE };
  const transitions: TransitionDeps = { sealer: deps.sealer, pace, list, ...(deps.hooks ? { hooks: deps.hooks } : {}) };

  /**
   * Runs an action on the locked opening: first whatever the clock made due, then the action, then
   * — for actions that can complete a phase (the last decryption, the last confirmation) — the
   * transitions that may have become possible.
   */
  async function run<T>(sectionId: string, fn: (o: OpeningTx) => Promise<T>, options: { settle?: boolean } = {}): Promise<T> {
    const { result, events, frozen } = await withOpening(deps.sql, sectionId, deps.clock, async (o) => {
      const due = nextDue(o.opening);
      if (due && due <= o.now) await advance(o, transitions);
      const value = await fn(o);
      if (options.settle) await advance(o, transitions);
      return value;
    });
    publish(events, frozen);
    return result;
  }

  function publish(events: TOpeningEvent[], frozen?: string[]) {
    if (events.length) deps.events.emit('opening', events, frozen ? { participants: frozen } : {});
  }

  const actor = (auth: AuthContext) => ({ id: auth.userId, orgId: auth.orgId });
  const participantOf = async (o: OpeningTx, orgId: string | null) => {
    const p = orgId ? await findParticipant(o.sql, o.opening.sectionId, orgId) : null;
    if (!p) throw AppError.notFound('bid at this opening');
    return p;
  };
  const requireState = (o: OpeningTx, allowed: readonly string[]) => {
    if (!allowed.includes(o.opening.state)) throw AppError.invalidState(`not possible while the opening is ${o.opening.state}`, { state: o.opening.state });
  };
  /** Past the window's end only attempts begun before it may still finish; none may begin. */
  const requireWindowOpen = (o: OpeningTx) => {
    const end = decryptionEnds(o.opening)!;
    if (o.now >= end) throw new AppError('WINDOW_CLOSED', 'the decryption window has ended', { endedAt: end.toISOString() });
  };

  async function roleOf(sectionId: string, auth: AuthContext): Promise<OpeningRole> {
    // Apply a due transition first, so the role reflects the deadline even between timer ticks;
    // only then, because it locks the opening and a full hall joins at once.
    const o = await findOpeningAccess(deps.sql, sectionId);
    const due = o && nextDue(o);
    if (!due || due > deps.clock.now()) return roleInOpening(deps.sql, o, auth);
    await tick(sectionId);
    return roleInOpening(deps.sql, await findOpeningAccess(deps.sql, sectionId), auth);
  }

  /**
   * A bidder's role was decided before the view was read. If the bids froze in between, the view
   * (and the log) name the bidders, which only a participant may see: the role is decided again,
   * after the reads, and a bidder whose bid did not stand finds no opening. The freeze is never
   * undone, so a role that holds after the reads held for what they read.
   */
  async function roleStillHolds(sectionId: string, auth: AuthContext, role: OpeningRole): Promise<void> {
    if (role === 'BIDDER') await roleInOpening(deps.sql, await findOpeningAccess(deps.sql, sectionId), auth);
  }

  /** Applies due transitions, on a request's behalf (the role needs the current state). */
  async function tick(sectionId: string): Promise<void> {
    await run(sectionId, async () => undefined, { settle: true });
  }

  /**
   * The driver's due work on one opening, under the lease rule. The lease is checked and taken in
   * the same transaction, under the same row lock, as the work: a node that stalled (SIGSTOP, a
   * long pause, a partition) past its lease finds, when it wakes, another node's lease on the row
   * and writes nothing. Each change of owner raises `leaseToken`, the fencing token.
   */
  async function drive(sectionId: string, nodeId: string): Promise<'driven' | 'held-elsewhere'> {
    const { result, events, frozen } = await withOpening(deps.sql, sectionId, deps.clock, async (o) => {
      const { leaseOwner, leaseUntil, leaseToken, failures } = o.opening;
      const live = leaseUntil !== null && leaseUntil > o.now;
      if (live && leaseOwner !== nodeId) return 'held-elsewhere' as const;
      const renewed = live && leaseOwner === nodeId;
      await o.update({ leaseOwner: nodeId, leaseUntil: new Date(o.now.getTime() + LEASE_MS), leaseToken: renewed ? leaseToken : leaseToken + 1, ...(failures ? { failures: 0 } : {}) });
      await advance(o, transitions);
      return 'driven' as const;
    });
    publish(events, frozen);
    return result;
  }

  /** The driver's work on an opening failed: it is tried again after a backoff, not at every tick. Returns the failures in a row. */
  async function noteFailure(sectionId: string): Promise<number> {
    const { result } = await withOpening(deps.sql, sectionId, deps.clock, async (o) => {
      const failures = o.opening.failures + 1;
      await o.update({ failures });
      o.postpone(new Date(o.now.getTime() + backoffMs(failures)));
      return failures;
    });
    return result;
  }

  /**
   * Puts someone other than a bidder on the hall's attendance when they first join it before it
   * ends (the host's staff, the tenderer's representatives, supervisors, administrators), for the record.
   * Later joins cost one read; a bidder's attendance is its sign-in, sealed until the deadline.
   */
  async function attend(auth: AuthContext, sectionId: string, role: OpeningRole): Promise<void> {
    if (role === 'BIDDER' || !ATTENDING_ROLES.has(auth.role) || (await hasAttended(deps.sql, sectionId, auth.userId))) return;
    await run(sectionId, async (o) => {
      // Reading the hall after the opening ended is not attending it.
      if (o.opening.state === 'CLOSED' || o.opening.state === 'FAILED') return;
      const orgName = auth.orgId ? ((await organizationNames(o.sql, [auth.orgId])).get(auth.orgId) ?? null) : null;
      const attendee = { userId: auth.userId, role: auth.role as TAttendee['role'], name: auth.name, orgName, at: o.now.toISOString() } satisfies TAttendee;
      if (await insertAttendance(o.sql, { sectionId, userId: auth.userId, role: attendee.role, name: auth.name, orgName, firstJoinedAt: o.now })) {
        o.emit('ATTENDED', attendee, actor(auth));
      }
    });
  }

  return {
    tick,
    drive,
    noteFailure,
    roleOf,

    /** Issues the record of an opening that has ended (a no-op otherwise) and announces it. */
    async issueRecord(sectionId: string) {
      publish(await issueRecord(deps, sectionId));
    },

    async join(auth: AuthContext, sectionId: string, afterSeq: number) {
      const role = await roleOf(sectionId, auth);
      await attend(auth, sectionId, role);
      await deps.hooks?.afterJoinRole?.();
      const view = await openingView(deps.prisma, deps.sealer, sectionId, auth, role, deps.clock.now(), list.page);
      const events = await deps.prisma.openingEvent.findMany({ where: { sectionId, seq: { gt: afterSeq } }, orderBy: { seq: 'asc' } });
      await roleStillHolds(sectionId, auth, role);
      return { role, view, events: events.map(toEventView) };
    },

    /** A page of the bidder list for someone who may see it (after the deadline, only those whose bids stood). */
    async participants(auth: AuthContext, sectionId: string, offset: number) {
      const role = await roleOf(sectionId, auth);
      const page = await participantsPage(deps.prisma, sectionId, offset, list.page);
      await roleStillHolds(sectionId, auth, role);
      return page;
    },

    async view(auth: AuthContext, sectionId: string) {
      const role = await roleOf(sectionId, auth);
      const view = await openingView(deps.prisma, deps.sealer, sectionId, auth, role, deps.clock.now(), list.page);
      await roleStillHolds(sectionId, auth, role);
      return view;
    },

    /** 签到. Before the deadline it is sealed like a bid; afterwards it goes on the record. */
    async signIn(auth: AuthContext, sectionId: string) {
      requireRole(await roleOf(sectionId, auth), 'BIDDER');
      return run(sectionId, async (o) => {
        requireState(o, ['SIGN_IN', ...AFTER_DEADLINE]);
        if (o.opening.state === 'SIGN_IN') {
          const identity = { sectionId, orgId: auth.orgId! };
          const tag = deps.sealer.tag(identity);
          const recorded = await insertSignIn(o.sql, { tag, sealed: deps.sealer.seal(identity), bucket: deps.sealer.bucket(sectionId), userId: auth.userId, at: o.now });
          if (!recorded) throw new AppError('ALREADY_DONE', 'already signed in');
          return { signedInAt: o.now.toISOString() };
        }
        const p = await participantOf(o, auth.orgId);
        if (p.signedInAt) throw new AppError('ALREADY_DONE', 'already signed in');
        await updateParticipant(o.sql, sectionId, p.bidderOrgId, { signedInAt: o.now });
        o.emit('SIGNED_IN', { bidderOrgId: p.bidderOrgId, at: o.now.toISOString() }, actor(auth));
        return { signedInAt: o.now.toISOString() };
      });
    },

    async start(auth: AuthContext, sectionId: string) {
      requireRole(await roleOf(sectionId, auth), 'HOST');
      return run(sectionId, async (o) => {
        if (o.opening.state === 'DECRYPTING') throw new AppError('ALREADY_DONE', 'decryption has already started');
        requireState(o, ['DEADLINE']);
        await startDecryption(o);
        return { decryptEndsAt: o.opening.decryptEndsAt!.toISOString() };
      });
    },

    /** The host may extend the decryption window once, with a reason that goes on the record. */
    async extend(auth: AuthContext, sectionId: string, minutes: number, reason: string) {
      requireRole(await roleOf(sectionId, auth), 'HOST');
      return run(sectionId, async (o) => {
        requireState(o, ['DECRYPTING']);
        if (o.opening.extendedUntil) throw new AppError('ALREADY_DONE', 'the window was already extended once');
        const until = new Date(o.opening.decryptEndsAt!.getTime() + minutes * 60_000);
        await o.update({ extendedUntil: until, extensionReason: reason });
        o.emit('WINDOW_EXTENDED', { until: until.toISOString(), minutes, reason }, actor(auth));
        return { decryptEndsAt: until.toISOString() };
      });
    },

    /**
     * The bidder's browser unwrapped the content key and sends it; the platform opens the stored
     * envelope with it outside the transaction (it may be large), then records the outcome.
     */
    async decrypt(auth: AuthContext, sectionId: string, contentKey: Uint8Array) {
      requireRole(await roleOf(sectionId, auth), 'BIDDER');
      const { bid, fields, attemptId } = await run(sectionId, async (o) => {
        requireState(o, ['DECRYPTING']);
        requireWindowOpen(o);
        const p = await participantOf(o, auth.orgId);
        if (p.decryption === 'DECRYPTED') throw new AppError('ALREADY_DONE', 'the bid is already decrypted');
        if (p.decryption !== 'PENDING') throw AppError.invalidState(`the bid is ${p.decryption}`);
        const fields = (await sectionFormFields(o.sql, sectionId)) as TOpeningFormField[];
        // An attempt in flight keeps the window from closing on it (see advance()).
        const attemptId = await insertAttempt(o.sql, { sectionId, bidderOrgId: p.bidderOrgId, userId: auth.userId, at: o.now, source: 'SERVER', outcome: IN_PROGRESS });
        return { bid: await bidHash(o.sql, p.bidId), fields, attemptId };
      });
      const outcome = await decryptStoredBid(deps.blobs, bid, contentKey, fields);
      const decryption = await run(sectionId, async (o) => {
        const p = await participantOf(o, auth.orgId);
        await settleAttempt(o.sql, attemptId, outcome.outcome, outcome.outcome === 'OK' ? null : outcome.detail);
        if (p.decryption !== 'PENDING') return p.decryption;
        if (outcome.outcome === 'OK') {
          await updateParticipant(o.sql, sectionId, p.bidderOrgId, {
            decryption: 'DECRYPTED',
            form: outcome.form,
            fileName: outcome.fileName,
            fileSize: outcome.fileSize,
            sealedContentKey: deps.sealer.sealBytes(contentKey),
          });
          o.emit('DECRYPTION_RESULT', { bidderOrgId: p.bidderOrgId, decryption: 'DECRYPTED' }, actor(auth));
          return 'DECRYPTED' as const;
        }
        if (outcome.outcome === 'FORM_INVALID' || outcome.outcome === 'CORRUPT_ENVELOPE') {
          // The bidder's own envelope is at fault and no other key can change it: final now.
          const failureNote = `投标文件无法读取（${outcome.outcome}），视为撤销`;
          await updateParticipant(o.sql, sectionId, p.bidderOrgId, { decryption: 'REVOKED', failureNote });
          o.emit('DECRYPTION_RESULT', { bidderOrgId: p.bidderOrgId, decryption: 'REVOKED', failureNote }, actor(auth));
          return 'REVOKED' as const;
        }
        return 'PENDING' as const;
      }, { settle: true });
      if (decryption === 'PENDING' && outcome.outcome === 'WRONG_KEY') {
        throw new AppError('WRONG_CONTENT_KEY', 'this key does not open your bid; try again before the window closes');
      }
      if (decryption === 'PENDING') {
        throw new AppError('UNAVAILABLE', 'the platform could not read the stored bid; the failure is on record — try again', { outcome: outcome.outcome });
      }
      return { decryption };
    },

    /**
     * The platform failed to serve a participant its own envelope during decryption: that is the
     * platform's fault, recorded as such (outside the window, or for anyone else, nothing to record).
     */
    async recordServingFault(auth: AuthContext, sectionId: string, detail: string) {
      await run(sectionId, async (o) => {
        if (o.opening.state !== 'DECRYPTING' || !auth.orgId) return;
        const p = await findParticipant(o.sql, sectionId, auth.orgId);
        if (p?.decryption !== 'PENDING') return;
        await insertAttempt(o.sql, { sectionId, bidderOrgId: p.bidderOrgId, userId: auth.userId, at: o.now, source: 'SERVER', outcome: 'STORAGE_ERROR', detail });
      });
    },

    /**
     * Evidence from the bidder's browser: why it could not produce a content key. Taken only inside
     * the window, once per browser attempt (its id), and at a bounded rate.
     */
    async reportFailure(auth: AuthContext, sectionId: string, attemptId: string, error: string) {
      requireRole(await roleOf(sectionId, auth), 'BIDDER');
      await consumeOrRefuse(reportLimiter, `${sectionId}:${auth.orgId}`, `at most ${REPORTS_PER_MINUTE} failure reports a minute`);
      return run(sectionId, async (o) => {
        requireState(o, ['DECRYPTING']);
        requireWindowOpen(o);
        const p = await participantOf(o, auth.orgId);
        const recorded = await insertReportedFailure(o.sql, { sectionId, bidderOrgId: p.bidderOrgId, userId: auth.userId, at: o.now, clientId: attemptId, detail: error });
        if (!recorded) throw new AppError('ALREADY_DONE', 'this failure was already reported');
        return { recorded: true as const };
      });
    },

    async object(auth: AuthContext, sectionId: string, text: string, clientId: string) {
      requireRole(await roleOf(sectionId, auth), 'BIDDER');
      await consumeOrRefuse(objectionLimiter, `${sectionId}:${auth.orgId}`, `at most ${OBJECTIONS_PER_MINUTE} objections a minute`);
      return run(sectionId, async (o) => {
        requireState(o, ['DECRYPTING', 'ANNOUNCING', 'CONFIRMING']);
        const p = await participantOf(o, auth.orgId);
        const id = await insertObjection(o.sql, { clientId, sectionId, bidderOrgId: p.bidderOrgId, raisedById: auth.userId, raisedAt: o.now, text });
        if (!id) throw new AppError('ALREADY_DONE', 'this objection was already raised');
        o.emit('OBJECTION_RAISED', { id, bidderOrgId: p.bidderOrgId, text, raisedAt: o.now.toISOString() }, actor(auth));
        return { objectionId: id };
      });
    },

    async answer(auth: AuthContext, sectionId: string, objectionId: string, answer: string) {
      requireRole(await roleOf(sectionId, auth), 'HOST');
      return run(sectionId, async (o) => {
        requireState(o, ['DECRYPTING', 'ANNOUNCING', 'CONFIRMING']);
        const objection = await findObjection(o.sql, sectionId, objectionId);
        if (!objection) throw AppError.notFound('objection');
        if (objection.answeredAt) throw new AppError('ALREADY_DONE', 'the objection was already answered');
        await answerObjection(o.sql, objectionId, { text: answer, at: o.now, byId: auth.userId });
        o.emit('OBJECTION_ANSWERED', { id: objectionId, answer, answeredAt: o.now.toISOString() }, actor(auth));
        return { answeredAt: o.now.toISOString() };
      }, { settle: true });
    },

    /** The agency records a cash bond it has received (an electronic guarantee is verified by its own module). */
    async recordBond(auth: AuthContext, sectionId: string, bidderOrgId: string, reference: string) {
      requireRole(await roleOf(sectionId, auth), 'HOST');
      return run(sectionId, async (o) => {
        requireState(o, AFTER_DEADLINE);
        const p = await participantOf(o, bidderOrgId);
        if (p.bondKind !== 'MISSING') throw new AppError('ALREADY_DONE', 'the bond is already on record');
        await updateParticipant(o.sql, sectionId, bidderOrgId, { bondKind: 'CASH', bondDetail: reference });
        o.emit('BOND_RECORDED', { bidderOrgId, kind: 'CASH', detail: reference }, actor(auth));
        return {};
      });
    },

    async confirm(auth: AuthContext, sectionId: string) {
      requireRole(await roleOf(sectionId, auth), 'BIDDER');
      return run(sectionId, async (o) => {
        requireState(o, ['CONFIRMING']);
        const p = await participantOf(o, auth.orgId);
        if (p.confirmedAt) throw new AppError('ALREADY_DONE', 'already confirmed');
        await updateParticipant(o.sql, sectionId, p.bidderOrgId, { confirmedAt: o.now });
        o.emit('CONFIRMED', { bidderOrgId: p.bidderOrgId, at: o.now.toISOString() }, actor(auth));
        return { confirmedAt: o.now.toISOString() };
      }, { settle: true });
    },

    /** The host announces the bid of the given order, which must be the next one (a replay is ALREADY_DONE). */
    async announceNext(auth: AuthContext, sectionId: string, order: number) {
      requireRole(await roleOf(sectionId, auth), 'HOST');
      return run(sectionId, async (o) => {
        requireState(o, ['ANNOUNCING', 'CONFIRMING', 'CLOSED']);
        const p = await findParticipantByOrder(o.sql, sectionId, order);
        if (!p) throw AppError.notFound('bid of that order');
        if (p.announcedAt) throw new AppError('ALREADY_DONE', `bid ${order} is already announced`);
        const [next] = await unannouncedParticipants(o.sql, sectionId);
        if (next?.order !== order) throw AppError.invalidState(`bid ${next?.order} is the next to announce`, { next: next?.order });
        return announceNext(o, pace, 'HOST', actor(auth));
      });
    },

    /** The host announces every bid still waiting; confirmation starts after the last. */
    async announceRest(auth: AuthContext, sectionId: string) {
      requireRole(await roleOf(sectionId, auth), 'HOST');
      return run(sectionId, async (o) => {
        if (o.opening.state === 'CONFIRMING' || o.opening.state === 'CLOSED') throw new AppError('ALREADY_DONE', 'every bid is already announced');
        requireState(o, ['ANNOUNCING']);
        let announced = 0;
        while (o.opening.state === 'ANNOUNCING') {
          await announceNext(o, pace, 'HOST', actor(auth));
          announced++;
        }
        return { announced };
      });
    },

    async close(auth: AuthContext, sectionId: string) {
      requireRole(await roleOf(sectionId, auth), 'HOST');
      return run(sectionId, async (o) => {
        requireState(o, ['CONFIRMING']);
        if ((await unansweredObjections(o)) > 0) throw AppError.invalidState('answer every objection before closing');
        await closeOpening(o);
        return { state: o.opening.state };
      });
    },
  };
}

export type OpeningService = ReturnType<typeof createOpeningService>;
