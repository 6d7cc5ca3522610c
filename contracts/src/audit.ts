import { z } from 'zod';
import { ZIsoDateTime, ZText } from './common';
import { defineRoute } from './http';
import { ZOpeningEventType } from './opening';

/**
 * Every action the platform writes into the audit log outside the opening hall, as `module.verb`.
 * A new action is added here first: the server's append takes only these, and the client's
 * audit view and its translations are checked against this list.
 */
export const auditActions = [
  'org.registered',
  'org.approved',
  'org.rejected',
  'org.suspended',
  'org.reinstated',
  'user.disabled',
  'auth.refresh_reused',
  'project.created',
  'project.updated',
  'project.published',
  'section.created',
  'section.updated',
  'section.deleted',
  'section.amended',
  'registration.created',
  'tender_document.uploaded',
  'tender_document.removed',
  'tender_document.downloaded',
  'question.asked',
  'questions.answered',
  'bidder_key.registered',
  'bidder_key.revoked',
  'bid.submitted',
  'bid.withdrawn',
  'committee.seated',
  'media.recording_finished',
  'demo.loaded',
  'job.retried',
] as const;
export type TAuditAction = (typeof auditActions)[number];

/** The opening hall writes each event of its log as `opening.<event type in lower case>`. */
export type TOpeningAuditAction = `opening.${Lowercase<z.infer<typeof ZOpeningEventType>>}`;
export const openingAuditActions = ZOpeningEventType.options.map((type) => `opening.${type.toLowerCase()}` as TOpeningAuditAction);

/** Every action the server can write, for checks that each one is explained to people. */
export const allAuditActions: readonly (TAuditAction | TOpeningAuditAction)[] = [...auditActions, ...openingAuditActions];

/** What an audit event is about. */
export const auditSubjectTypes = ['organization', 'user', 'project', 'section', 'registration', 'bid', 'bidder_key', 'media_room', 'installation', 'job'] as const;
export type TAuditSubjectType = (typeof auditSubjectTypes)[number];

/** The hashed content of an audit event; `hash = sha256(prevHash + "\n" + JCS(body))`, hex. */
export const ZAuditBody = z.object({
  seq: z.number().int().positive(),
  at: ZIsoDateTime,
  actorId: ZText.nullable(),
  actorOrgId: ZText.nullable(),
  action: ZText,
  subjectType: ZText,
  subjectId: ZText,
  data: z.unknown(),
});
export type TAuditBody = z.infer<typeof ZAuditBody>;

/** One line of an audit export (JSON Lines). */
export const ZAuditRecord = ZAuditBody.extend({
  prevHash: ZText.regex(/^[0-9a-f]{64}$/),
  hash: ZText.regex(/^[0-9a-f]{64}$/),
});
export type TAuditRecord = z.infer<typeof ZAuditRecord>;

export const ZAuditBreak = z.enum(['SEQ_GAP', 'PREV_HASH_MISMATCH', 'HASH_MISMATCH', 'MALFORMED']);

export const ZAuditVerifyResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), count: z.number().int(), headHash: ZText }),
  z.object({
    ok: z.literal(false),
    count: z.number().int(),
    /** The sequence number of the first event whose link is broken. */
    brokenAtSeq: z.number().int(),
    reason: ZAuditBreak,
  }),
]);
export type TAuditVerifyResult = z.infer<typeof ZAuditVerifyResult>;

/**
 * An audit event as the audit view shows it: the record with the names of its actor and subject
 * as they are now. The names are not part of the hashed record (the export has none). A bid's
 * subject is never named: that would tell who bid (《招标投标法》 art. 22).
 */
export const ZAuditEventView = ZAuditRecord.extend({
  actorName: ZText.nullable(),
  actorOrgName: ZText.nullable(),
  subjectName: ZText.nullable(),
});
export type TAuditEventView = z.infer<typeof ZAuditEventView>;

export const ZAuditListQuery = z.strictObject({
  afterSeq: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  subjectType: ZText.max(40).optional(),
  subjectId: ZText.max(64).optional(),
});

/** The chain starts from this hash, so the first event's link is checked like every other. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

export const auditRoutes = {
  verify: defineRoute({
    method: 'get',
    path: '/api/audit/verify',
    tag: 'audit',
    summary: 'Recompute the whole chain and name the first broken link, if any',
    access: ['SUPERVISOR', 'ADMIN'],
    response: ZAuditVerifyResult,
  }),
  events: defineRoute({
    method: 'get',
    path: '/api/audit/events',
    tag: 'audit',
    summary: 'Audit events in sequence order, optionally for one subject',
    access: ['SUPERVISOR', 'ADMIN'],
    query: ZAuditListQuery,
    response: z.object({ items: z.array(ZAuditEventView) }),
  }),
  export: defineRoute({
    method: 'get',
    path: '/api/audit/export',
    tag: 'audit',
    summary: 'The whole chain as JSON Lines, verifiable offline with tools/verify-audit.mjs',
    access: ['SUPERVISOR', 'ADMIN'],
    response: ZAuditRecord,
    produces: 'application/x-ndjson',
  }),
} as const;
