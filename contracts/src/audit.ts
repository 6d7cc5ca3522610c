import { z } from 'zod';
import { ZIsoDateTime, ZText } from './common';
import { defineRoute } from './http';

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
    response: z.object({ items: z.array(ZAuditRecord) }),
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
