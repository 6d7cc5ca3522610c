import { z } from 'zod';
import { ZId, ZIsoDateTime, ZText } from './common';
import { defineRoute } from './http';
import { ZMoney } from './money';
import { ZSectionIdParams } from './projects';

/**
 * The opening (不见面开标) of one section, driven by the server:
 * SCHEDULED → SIGN_IN → DEADLINE → DECRYPTING → ANNOUNCING → CONFIRMING → CLOSED, or FAILED
 * (流标) when fewer than three bids stand at the deadline.
 */
export const ZOpeningState = z.enum(['SCHEDULED', 'SIGN_IN', 'DEADLINE', 'DECRYPTING', 'ANNOUNCING', 'CONFIRMING', 'CLOSED', 'FAILED']);
export type TOpeningState = z.infer<typeof ZOpeningState>;

/** Fewer bids than this at the deadline and the section fails (《招标投标法实施条例》 art. 44). */
export const MIN_BIDS_TO_OPEN = 3;

/**
 * What became of a bid at the opening. REVOKED: not decrypted by the bidder's fault (视为撤销,
 * the bond may be kept). WITHDRAWN: not decrypted through no fault of the bidder (视为撤回) —
 * 《电子招标投标办法》 art. 31.
 */
export const ZDecryption = z.enum(['PENDING', 'DECRYPTED', 'REVOKED', 'WITHDRAWN']);
export type TDecryption = z.infer<typeof ZDecryption>;

export const ZBondStatus = z.object({
  kind: z.enum(['MISSING', 'CASH', 'GUARANTEE']),
  detail: ZText.nullable(),
});

export const ZOpeningTimes = z.object({
  signInAt: ZIsoDateTime,
  deadlineAt: ZIsoDateTime,
  /** When decryption starts without the host, if the host has not started it. */
  autoStartAt: ZIsoDateTime,
  decryptEndsAt: ZIsoDateTime.nullable(),
  /** While announcing: when the next bid is announced unless the host announces it first. */
  nextAnnounceAt: ZIsoDateTime.nullable(),
  confirmEndsAt: ZIsoDateTime.nullable(),
  closedAt: ZIsoDateTime.nullable(),
});

export const ZParticipant = z.object({
  /** Announcement order, fixed at the deadline. */
  order: z.number().int(),
  bidderOrgId: ZId,
  bidderName: ZText,
  signedInAt: ZIsoDateTime.nullable(),
  decryption: ZDecryption,
  failureNote: ZText.nullable(),
  /** The decrypted opening form, once announced. */
  form: z.record(ZText, z.union([ZText, z.number()])).nullable(),
  bond: ZBondStatus,
  /** When the bid was announced (唱标); null until then. */
  announcedAt: ZIsoDateTime.nullable(),
  confirmedAt: ZIsoDateTime.nullable(),
});
export type TParticipant = z.infer<typeof ZParticipant>;

export const ZObjection = z.object({
  id: ZId,
  bidderOrgId: ZId,
  bidderName: ZText,
  text: ZText,
  raisedAt: ZIsoDateTime,
  answer: ZText.nullable(),
  answeredAt: ZIsoDateTime.nullable(),
});
export type TObjection = z.infer<typeof ZObjection>;

export const ZOpeningRole = z.enum(['HOST', 'BIDDER', 'OBSERVER']);

/**
 * Someone other than a bidder who attended the hall (a bidder's attendance is its sign-in): the
 * agency's staff hosting it, the tenderer's representatives, supervisors, the platform's
 * administrators; with the name and organization they had when they first joined.
 */
export const ZAttendee = z.object({
  userId: ZId,
  role: z.enum(['AGENCY', 'TENDERER', 'SUPERVISOR', 'ADMIN']),
  name: ZText,
  orgName: ZText.nullable(),
  at: ZIsoDateTime,
});
export type TAttendee = z.infer<typeof ZAttendee>;

/** The issued record (开标记录): its id, the hashes of both renderings, and the platform's signature over them. */
export const ZOpeningRecordRef = z.object({ recordId: ZId, htmlSha256: ZText, pdfSha256: ZText, signature: ZText, keyId: ZText });

/** An opening as one participant sees it; fields a role may not see yet are absent or empty. */
export const ZOpeningView = z.object({
  sectionId: ZId,
  projectName: ZText,
  sectionName: ZText,
  state: ZOpeningState,
  times: ZOpeningTimes,
  extension: z.object({ until: ZIsoDateTime, reason: ZText }).nullable(),
  /** The last event's sequence number; replay asks for events after it. */
  lastSeq: z.number().int(),
  serverTime: ZIsoDateTime,
  role: ZOpeningRole,
  openingFormFields: z.array(z.object({ key: ZText, label: ZText, type: ZText, unit: ZText.optional() })),
  /** 最高投标限价, published with the tender; null when it sets none. A price above it is flagged as a fact in the announcement. */
  ceilingPrice: ZMoney.nullable(),
  /**
   * Empty before the deadline: until then nobody learns who bid. After it, the first
   * PARTICIPANTS_PAGE participants by order, and the caller's own row wherever it stands.
   */
  participants: z.array(ZParticipant),
  /** How many bids stood at the deadline; more than `participants` holds in a large hall. */
  participantCount: z.number().int(),
  objections: z.array(ZObjection),
  /** Who of the host, the tenderer, supervisors and administrators has joined the hall, in order. */
  attendance: z.array(ZAttendee),
  /** The caller's own standing, for a bidder. */
  me: z
    .object({ signedIn: z.boolean(), hasBid: z.boolean(), decryption: ZDecryption.nullable(), confirmed: z.boolean(), attemptsLeft: z.boolean() })
    .nullable(),
  failureReason: ZText.nullable(),
  record: ZOpeningRecordRef.nullable(),
});
export type TOpeningView = z.infer<typeof ZOpeningView>;

export const ZOpeningEventType = z.enum([
  'STATE_CHANGED',
  'BIDS_FROZEN',
  'SIGNED_IN',
  'DECRYPTION_RESULT',
  'WINDOW_EXTENDED',
  'ANNOUNCED',
  'OBJECTION_RAISED',
  'OBJECTION_ANSWERED',
  'BOND_RECORDED',
  'CONFIRMED',
  'RECORD_ISSUED',
  'ATTENDED',
  'TIMES_CHANGED',
]);
export type TOpeningEventType = z.infer<typeof ZOpeningEventType>;

/** The times an opening's states end at, as each end has them: `Date` on the server, ISO text in a client's view. */
export interface OpeningTimes<T> {
  signInAt: T;
  deadlineAt: T;
  autoStartAt: T;
  decryptEndsAt: T | null;
  /** The host's one extension of the window; a client's view folds it into `decryptEndsAt`. */
  extendedUntil?: T | null;
  nextAnnounceAt: T | null;
  confirmEndsAt: T | null;
}

/**
 * When each state of an opening ends by the clock — null where only people (or nothing) move it
 * on. The one timetable the server's transitions, the driver's due index (`Opening.nextDueAt`)
 * and every client's countdown derive from.
 */
export const openingTimetable: Record<TOpeningState, <T>(times: OpeningTimes<T>) => T | null> = {
  SCHEDULED: (t) => t.signInAt,
  SIGN_IN: (t) => t.deadlineAt,
  DEADLINE: (t) => t.autoStartAt,
  DECRYPTING: (t) => t.extendedUntil ?? t.decryptEndsAt,
  // The next bid is announced at the pace unless the host announces it first.
  ANNOUNCING: (t) => t.nextAnnounceAt,
  CONFIRMING: (t) => t.confirmEndsAt,
  CLOSED: () => null,
  FAILED: () => null,
};

/** One entry of an opening's append-only log, pushed to participants in `seq` order. */
export const ZOpeningEvent = z.object({
  sectionId: ZId,
  seq: z.number().int().positive(),
  at: ZIsoDateTime,
  type: ZOpeningEventType,
  data: z.record(ZText, z.unknown()),
});
export type TOpeningEvent = z.infer<typeof ZOpeningEvent>;

/**
 * What each event of the log carries (at least: stored events outlive code, so readers take these
 * loosely and re-read the view when one does not parse).
 */
export const openingEventData = {
  STATE_CHANGED: z.object({
    to: ZOpeningState,
    decryptEndsAt: ZIsoDateTime.optional(),
    /** Entering ANNOUNCING: when the first bid is announced unless the host does it first, and the pace between bids. */
    nextAnnounceAt: ZIsoDateTime.optional(),
    paceSeconds: z.number().int().optional(),
    confirmEndsAt: ZIsoDateTime.optional(),
    reason: ZText.optional(),
  }),
  /**
   * The bids froze: `count` stood. A hall of up to PARTICIPANTS_INLINE gets the list with the
   * event; a larger one reads it in pages (`opening:participants`), so that a 5,000-bidder hall
   * is not sent 5,000 copies of a megabyte. The audit chain keeps the whole list either way.
   */
  BIDS_FROZEN: z.object({
    count: z.number().int().optional(),
    participants: z.array(z.object({ order: z.number().int(), bidderOrgId: ZId, bidderName: ZText, signedInAt: ZIsoDateTime.nullable() })).optional(),
  }),
  SIGNED_IN: z.object({ bidderOrgId: ZId, at: ZIsoDateTime }),
  DECRYPTION_RESULT: z.object({ bidderOrgId: ZId, decryption: ZDecryption, failureNote: ZText.nullable().optional() }),
  WINDOW_EXTENDED: z.object({ until: ZIsoDateTime, reason: ZText }),
  /** One bid announced: by the host, or by the automatic pace when the host did not. */
  ANNOUNCED: ZParticipant.pick({ order: true, bidderOrgId: true, bidderName: true, decryption: true, failureNote: true, form: true, bond: true }).extend({
    by: z.enum(['HOST', 'PACE']).optional(),
    /** Bids still to announce after this one. */
    remaining: z.number().int().optional(),
    /** When the next one is due by the pace; null after the last. */
    nextAnnounceAt: ZIsoDateTime.nullable().optional(),
  }),
  OBJECTION_RAISED: z.object({ id: ZId, bidderOrgId: ZId, text: ZText, raisedAt: ZIsoDateTime }),
  OBJECTION_ANSWERED: z.object({ id: ZId, answer: ZText, answeredAt: ZIsoDateTime }),
  BOND_RECORDED: z.object({ bidderOrgId: ZId, kind: ZBondStatus.shape.kind, detail: ZText.nullable() }),
  CONFIRMED: z.object({ bidderOrgId: ZId, at: ZIsoDateTime }),
  RECORD_ISSUED: ZOpeningRecordRef,
  ATTENDED: ZAttendee,
  /** An amendment (that version of the section) moved the deadline: the opening's times move with it. */
  TIMES_CHANGED: z.object({ version: z.number().int(), signInAt: ZIsoDateTime, deadlineAt: ZIsoDateTime, autoStartAt: ZIsoDateTime }),
} satisfies Record<TOpeningEventType, z.ZodType>;

const sectionRef = { sectionId: ZId };
const ZContentKey = ZText.regex(/^[A-Za-z0-9_-]{43}$/, 'a 32-byte key, base64url');

/** A hall of this many bids or fewer is sent its bidder list with the freeze (the platform's default). */
export const PARTICIPANTS_INLINE = 200;
/** Rows of the bidder list per page of a view or an `opening:participants` request (the platform's default). */
export const PARTICIPANTS_PAGE = 200;

/** Socket requests of the opening hall; each ends in one acknowledgement. */

export const openingEvents = {
  'opening:join': {
    payload: z.strictObject({ ...sectionRef, afterSeq: z.number().int().min(0).default(0) }),
    result: z.object({ view: ZOpeningView, events: z.array(ZOpeningEvent) }),
  },
  'opening:leave': { payload: z.strictObject(sectionRef), result: z.object({}) },
  /** A page of the bidder list, by announcement order from `offset`: what a large hall reads when someone looks. */
  'opening:participants': {
    payload: z.strictObject({ ...sectionRef, offset: z.number().int().min(0).max(1_000_000).default(0) }),
    /** `lastSeq` was read before the rows: events after it may or may not be in them, and replaying those on top is harmless. */
    result: z.object({ participants: z.array(ZParticipant), participantCount: z.number().int(), lastSeq: z.number().int() }),
  },
  'opening:signIn': { payload: z.strictObject(sectionRef), result: z.object({ signedInAt: ZIsoDateTime }) },
  'opening:start': { payload: z.strictObject(sectionRef), result: z.object({ decryptEndsAt: ZIsoDateTime }) },
  'opening:extend': {
    payload: z.strictObject({ ...sectionRef, minutes: z.number().int().min(1).max(60), reason: ZText.trim().min(2).max(500) }),
    result: z.object({ decryptEndsAt: ZIsoDateTime }),
  },
  'opening:decrypt': {
    payload: z.strictObject({ ...sectionRef, contentKey: ZContentKey }),
    result: z.object({ decryption: ZDecryption }),
  },
  /** Evidence from the bidder's browser when it could not even produce a content key. */
  'opening:reportFailure': {
    /** `attemptId` is the browser's own id for the failed attempt: a repeated report is ALREADY_DONE. */
    payload: z.strictObject({ ...sectionRef, attemptId: ZId, error: ZText.trim().min(1).max(500) }),
    result: z.object({ recorded: z.literal(true) }),
  },
  'opening:object': {
    payload: z.strictObject({ ...sectionRef, text: ZText.trim().min(2).max(2000), clientId: ZId }),
    result: z.object({ objectionId: ZId }),
  },
  'opening:answer': {
    payload: z.strictObject({ ...sectionRef, objectionId: ZId, answer: ZText.trim().min(2).max(2000) }),
    result: z.object({ answeredAt: ZIsoDateTime }),
  },
  'opening:recordBond': {
    payload: z.strictObject({ ...sectionRef, bidderOrgId: ZId, reference: ZText.trim().min(2).max(200) }),
    result: z.object({}),
  },
  /**
   * The host announces the next bid (唱标) itself, naming it by its order so that a replay is
   * recognised (ALREADY_DONE) instead of announcing one more; without the host the pace does it.
   */
  'opening:announceNext': {
    payload: z.strictObject({ ...sectionRef, order: z.number().int().min(1).max(100_000) }),
    result: z.object({ order: z.number().int(), remaining: z.number().int() }),
  },
  /** The host announces every bid still waiting at once; confirmation starts after the last. */
  'opening:announceRest': { payload: z.strictObject(sectionRef), result: z.object({ announced: z.number().int() }) },
  'opening:confirm': { payload: z.strictObject(sectionRef), result: z.object({ confirmedAt: ZIsoDateTime }) },
  'opening:close': { payload: z.strictObject(sectionRef), result: z.object({ state: ZOpeningState }) },
} as const;

export const ZDecryptionAttempt = z.object({
  id: ZId,
  bidderOrgId: ZId,
  at: ZIsoDateTime,
  source: z.enum(['CLIENT', 'SERVER']),
  outcome: z.enum(['IN_PROGRESS', 'OK', 'WRONG_KEY', 'CLIENT_ERROR', 'STORAGE_ERROR', 'HASH_MISMATCH', 'CORRUPT_ENVELOPE', 'FORM_INVALID']),
  detail: ZText.nullable(),
});

export type TDecryptionAttempt = z.infer<typeof ZDecryptionAttempt>;

export const openingRoutes = {
  view: defineRoute({
    method: 'get',
    path: '/api/openings/:sectionId',
    tag: 'opening',
    summary: 'The opening as the caller may see it (the same view the socket join returns)',
    access: ['AGENCY', 'TENDERER', 'BIDDER', 'SUPERVISOR', 'ADMIN'],
    params: ZSectionIdParams,
    response: ZOpeningView,
    errors: ['NOT_FOUND'],
  }),
  attempts: defineRoute({
    method: 'get',
    path: '/api/openings/:sectionId/attempts',
    tag: 'opening',
    summary: 'Every decryption attempt with its evidence, for attributing failures (host and supervisors, after the deadline)',
    access: ['AGENCY', 'SUPERVISOR', 'ADMIN'],
    params: ZSectionIdParams,
    response: z.object({ items: z.array(ZDecryptionAttempt) }),
    errors: ['NOT_FOUND'],
  }),
  recordHtml: defineRoute({
    method: 'get',
    path: '/api/openings/:sectionId/record.html',
    tag: 'opening',
    summary: 'The opening record (开标记录) as HTML',
    access: ['AGENCY', 'TENDERER', 'BIDDER', 'SUPERVISOR', 'ADMIN'],
    params: ZSectionIdParams,
    response: ZText,
    produces: 'text/html',
    errors: ['NOT_FOUND'],
  }),
  recordPdf: defineRoute({
    method: 'get',
    path: '/api/openings/:sectionId/record.pdf',
    tag: 'opening',
    summary: 'The opening record (开标记录) as PDF, signed by the platform (signature in X-Record-Signature)',
    access: ['AGENCY', 'TENDERER', 'BIDDER', 'SUPERVISOR', 'ADMIN'],
    params: ZSectionIdParams,
    response: ZText,
    produces: 'application/pdf',
    errors: ['NOT_FOUND'],
  }),
} as const;
