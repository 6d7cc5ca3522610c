import { randomUUID } from 'node:crypto';
import type { TOpeningEvent } from '@bidhall/contracts';
import type { BondKind, Decryption, Objection, Opening, OpeningAttendance, OpeningParticipant, SectionStatus, SqlQuery } from '@bidhall/db';

/**
 * The statements of an opening's transaction, in plain SQL on the driver: an action is repeated
 * for every click of a full hall, and the ORM costs several times the database's own work per
 * statement. Rows keep the ORM's field names and types (timestamps as Dates, JSON parsed).
 * Values go in as parameters, JSON as text cast to jsonb and timestamps as ISO strings, which
 * both drivers read the same way; enum values come back as their names.
 */

export type Participant = Omit<OpeningParticipant, 'fileSize'>;

type OpeningPatch = Partial<
  Pick<
    Opening,
    | 'state'
    | 'signInAt'
    | 'deadlineAt'
    | 'autoStartAt'
    | 'decryptMinutes'
    | 'nextDueAt'
    | 'leaseOwner'
    | 'leaseUntil'
    | 'leaseToken'
    | 'failures'
    | 'orderSeed'
    | 'decryptEndsAt'
    | 'extendedUntil'
    | 'extensionReason'
    | 'confirmEndsAt'
    | 'nextAnnounceAt'
    | 'closedAt'
    | 'failureReason'
    | 'recordId'
    | 'recordHtmlSha256'
    | 'recordPdfSha256'
    | 'recordKeyId'
    | 'recordSignature'
  >
>;

export interface ParticipantPatch {
  signedInAt?: Date;
  decryption?: Decryption;
  failureNote?: string;
  form?: Record<string, unknown>;
  fileName?: string;
  fileSize?: number;
  sealedContentKey?: string;
  bondKind?: BondKind;
  bondDetail?: string;
  announcedAt?: Date;
  confirmedAt?: Date;
}

const JSON_COLUMNS = new Set(['form']);
const PARTICIPANT_COLUMNS = `"sectionId", "bidderOrgId", "bidId", "order", "signedInAt", decryption, "failureNote", "sealedContentKey", form, "fileName", "bondKind", "bondDetail", "announcedAt", "confirmedAt"`;

/** `"a" = $n, "b" = $n+1 …` and its parameters, for a patch whose keys are column names fixed in code. */
function assignments(patch: object, first: number): { set: string; params: unknown[] } {
  const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
  return {
    set: entries.map(([column], i) => `"${column}" = $${first + i}${JSON_COLUMNS.has(column) ? '::jsonb' : ''}`).join(', '),
    params: entries.map(([column, value]) => (value instanceof Date ? value.toISOString() : JSON_COLUMNS.has(column) ? JSON.stringify(value) : value)),
  };
}

const iso = (at: Date) => at.toISOString();

export async function lockOpening(sql: SqlQuery, sectionId: string): Promise<Opening | null> {
  const [row] = await sql.query<Opening>(`SELECT * FROM "Opening" WHERE "sectionId" = $1::uuid FOR UPDATE`, [sectionId]);
  return row ?? null;
}

export async function updateOpening(sql: SqlQuery, sectionId: string, patch: OpeningPatch, now: Date): Promise<Opening> {
  const { set, params } = assignments(patch, 3);
  const [row] = await sql.query<Opening>(`UPDATE "Opening" SET ${set}, "updatedAt" = $2 WHERE "sectionId" = $1::uuid RETURNING *`, [sectionId, iso(now), ...params]);
  return row!;
}

/** Writes a transaction's events to the opening's log and moves its sequence counter, in one statement. */
export async function appendEvents(sql: SqlQuery, sectionId: string, events: (TOpeningEvent & { actorId: string | null })[], now: Date): Promise<void> {
  await sql.query(
    `WITH logged AS (
       INSERT INTO "OpeningEvent" ("sectionId", seq, at, type, "actorId", data)
       SELECT $1::uuid, e.seq, $2::timestamptz, e.type, e."actorId"::uuid, e.data FROM jsonb_to_recordset($3::jsonb) AS e(seq int, type text, "actorId" text, data jsonb)
     )
     UPDATE "Opening" SET "lastSeq" = $4, "updatedAt" = $2::timestamptz WHERE "sectionId" = $1::uuid`,
    [sectionId, iso(now), JSON.stringify(events.map(({ seq, type, actorId, data }) => ({ seq, type, actorId, data }))), events.at(-1)!.seq],
  );
}

export async function findParticipant(sql: SqlQuery, sectionId: string, bidderOrgId: string): Promise<Participant | null> {
  const [row] = await sql.query<Participant>(`SELECT ${PARTICIPANT_COLUMNS} FROM "OpeningParticipant" WHERE "sectionId" = $1::uuid AND "bidderOrgId" = $2::uuid`, [sectionId, bidderOrgId]);
  return row ?? null;
}

export async function listParticipants(sql: SqlQuery, sectionId: string, only: { decryption?: Decryption } = {}): Promise<Participant[]> {
  return sql.query<Participant>(
    `SELECT ${PARTICIPANT_COLUMNS} FROM "OpeningParticipant" WHERE "sectionId" = $1::uuid AND ($2::text IS NULL OR decryption::text = $2) ORDER BY "order"`,
    [sectionId, only.decryption ?? null],
  );
}

/** Participants not announced yet, in the announcement order: the first is the next to announce. */
export async function unannouncedParticipants(sql: SqlQuery, sectionId: string): Promise<Participant[]> {
  return sql.query<Participant>(`SELECT ${PARTICIPANT_COLUMNS} FROM "OpeningParticipant" WHERE "sectionId" = $1::uuid AND "announcedAt" IS NULL ORDER BY "order"`, [sectionId]);
}

export async function findParticipantByOrder(sql: SqlQuery, sectionId: string, order: number): Promise<Participant | null> {
  const [row] = await sql.query<Participant>(`SELECT ${PARTICIPANT_COLUMNS} FROM "OpeningParticipant" WHERE "sectionId" = $1::uuid AND "order" = $2`, [sectionId, order]);
  return row ?? null;
}

export async function updateParticipant(sql: SqlQuery, sectionId: string, bidderOrgId: string, patch: ParticipantPatch): Promise<void> {
  const { set, params } = assignments(patch, 3);
  await sql.query(`UPDATE "OpeningParticipant" SET ${set} WHERE "sectionId" = $1::uuid AND "bidderOrgId" = $2::uuid`, [sectionId, bidderOrgId, ...params]);
}

export async function insertParticipants(sql: SqlQuery, sectionId: string, rows: { bidderOrgId: string; bidId: string; order: number; signedInAt: Date | null }[]): Promise<void> {
  if (rows.length === 0) return;
  await sql.query(
    `INSERT INTO "OpeningParticipant" ("sectionId", "bidderOrgId", "bidId", "order", "signedInAt")
     SELECT $1::uuid, p."bidderOrgId"::uuid, p."bidId"::uuid, p."order", p."signedInAt" FROM jsonb_to_recordset($2::jsonb) AS p("bidderOrgId" text, "bidId" text, "order" int, "signedInAt" timestamptz)`,
    [sectionId, JSON.stringify(rows)],
  );
}

/** Participants who have not confirmed yet, or whose bids are not decrypted yet. */
export async function countParticipants(sql: SqlQuery, sectionId: string, where: 'unconfirmed' | 'pending'): Promise<number> {
  const condition = where === 'unconfirmed' ? `"confirmedAt" IS NULL` : `decryption = 'PENDING'`;
  const [row] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "OpeningParticipant" WHERE "sectionId" = $1::uuid AND ${condition}`, [sectionId]);
  return row!.n;
}

export async function setSectionStatus(sql: SqlQuery, sectionId: string, status: SectionStatus, now: Date): Promise<void> {
  await sql.query(`UPDATE "Section" SET status = $2, "updatedAt" = $3 WHERE id = $1::uuid`, [sectionId, status, iso(now)]);
}

export async function sectionFormFields(sql: SqlQuery, sectionId: string): Promise<unknown> {
  const [row] = await sql.query<{ openingFormFields: unknown }>(`SELECT "openingFormFields" FROM "Section" WHERE id = $1::uuid`, [sectionId]);
  return row!.openingFormFields;
}

/** Bids counted at `deadline`, of every section: which section each belongs to is sealed inside it. */
/**
 * The counted bids of one bucket submitted before the deadline, with the bucketless rows from
 * before buckets existed: which section each belongs to is sealed inside it.
 */
export async function bidsSubmittedBefore(sql: SqlQuery, deadline: Date, bucket: number): Promise<{ id: string; sealed: string; sha256: string }[]> {
  // Two index scans on (status, bucket): an OR of the two would read the whole table.
  return sql.query(
    `SELECT id, sealed, sha256 FROM "Bid" WHERE status = 'SUBMITTED' AND bucket = $2 AND "submittedAt" < $1
     UNION ALL
     SELECT id, sealed, sha256 FROM "Bid" WHERE status = 'SUBMITTED' AND bucket IS NULL AND "submittedAt" < $1`,
    [iso(deadline), bucket],
  );
}

/** The frozen bids leave the set the freeze reads: they are the opening's participants now. */
export async function markBidsOpened(sql: SqlQuery, bidIds: string[]): Promise<void> {
  if (bidIds.length) await sql.query(`UPDATE "Bid" SET status = 'OPENED' WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid)`, [JSON.stringify(bidIds)]);
}

export async function bidHash(sql: SqlQuery, bidId: string): Promise<{ sha256: string }> {
  const [row] = await sql.query<{ sha256: string }>(`SELECT sha256 FROM "Bid" WHERE id = $1::uuid`, [bidId]);
  return row!;
}

export async function organizationNames(sql: SqlQuery, ids: string[]): Promise<Map<string, string>> {
  const rows = await sql.query<{ id: string; name: string }>(`SELECT id, name FROM "Organization" WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid)`, [JSON.stringify(ids)]);
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function auditHeadHash(sql: SqlQuery): Promise<string | null> {
  const [row] = await sql.query<{ hash: string }>(`SELECT hash FROM "AuditEvent" ORDER BY seq DESC LIMIT 1`);
  return row?.hash ?? null;
}

/** Records a sealed sign-in unless one with the same tag exists; false when it did. */
export async function insertSignIn(sql: SqlQuery, signIn: { tag: string; sealed: string; bucket: number; userId: string; at: Date }): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO "OpeningSignIn" (id, tag, sealed, bucket, "userId", at) VALUES ($1::uuid, $2, $3, $4, $5::uuid, $6) ON CONFLICT (tag) DO NOTHING RETURNING id`,
    [randomUUID(), signIn.tag, signIn.sealed, signIn.bucket, signIn.userId, iso(signIn.at)],
  );
  return rows.length === 1;
}

/** The sealed sign-ins of one bucket (and bucketless older ones): which opening each belongs to is sealed inside it. */
export async function listSignIns(sql: SqlQuery, bucket: number): Promise<{ id: string; sealed: string; at: Date }[]> {
  return sql.query(`SELECT id, sealed, at FROM "OpeningSignIn" WHERE bucket = $1 UNION ALL SELECT id, sealed, at FROM "OpeningSignIn" WHERE bucket IS NULL`, [bucket]);
}

export async function deleteSignIns(sql: SqlQuery, ids: string[]): Promise<void> {
  if (ids.length) await sql.query(`DELETE FROM "OpeningSignIn" WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid)`, [JSON.stringify(ids)]);
}

export async function insertAttempt(
  sql: SqlQuery,
  a: { sectionId: string; bidderOrgId: string; userId: string; at: Date; source: 'SERVER'; outcome: string; detail?: string },
): Promise<string> {
  const id = randomUUID();
  await sql.query(`INSERT INTO "DecryptionAttempt" (id, "sectionId", "bidderOrgId", "userId", at, source, outcome, detail) VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, $5, $6, $7, $8)`, [
    id,
    a.sectionId,
    a.bidderOrgId,
    a.userId,
    iso(a.at),
    a.source,
    a.outcome,
    a.detail ?? null,
  ]);
  return id;
}

/** Evidence reported by the bidder's browser; false when this report (its client id) was recorded already. */
export async function insertReportedFailure(sql: SqlQuery, a: { sectionId: string; bidderOrgId: string; userId: string; at: Date; clientId: string; detail: string }): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO "DecryptionAttempt" (id, "sectionId", "bidderOrgId", "userId", at, source, outcome, detail, "clientId") VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, $5, 'CLIENT', 'CLIENT_ERROR', $6, $7::uuid)
     ON CONFLICT ("sectionId", "bidderOrgId", "clientId") DO NOTHING RETURNING id`,
    [randomUUID(), a.sectionId, a.bidderOrgId, a.userId, iso(a.at), a.detail, a.clientId],
  );
  return rows.length === 1;
}

export async function settleAttempt(sql: SqlQuery, id: string, outcome: string, detail: string | null): Promise<void> {
  await sql.query(`UPDATE "DecryptionAttempt" SET outcome = $2, detail = $3 WHERE id = $1::uuid`, [id, outcome, detail]);
}

export async function listAttempts(sql: SqlQuery, sectionId: string, bidderOrgId: string): Promise<{ outcome: string }[]> {
  return sql.query(`SELECT outcome FROM "DecryptionAttempt" WHERE "sectionId" = $1::uuid AND "bidderOrgId" = $2::uuid ORDER BY at`, [sectionId, bidderOrgId]);
}

/** Attempts with `outcome` begun after `since`: decryptions still running somewhere. */
/** Attempts with this outcome begun before a time (the window's end). */
export async function countAttemptsBefore(sql: SqlQuery, sectionId: string, outcome: string, before: Date): Promise<number> {
  const [row] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "DecryptionAttempt" WHERE "sectionId" = $1::uuid AND outcome = $2 AND at < $3`, [sectionId, outcome, iso(before)]);
  return row!.n;
}

/** Raises an objection under a new id; null when the bidder already raised one with this client id. */
export async function insertObjection(sql: SqlQuery, o: Pick<Objection, 'clientId' | 'sectionId' | 'bidderOrgId' | 'raisedById' | 'raisedAt' | 'text'>): Promise<string | null> {
  const [row] = await sql.query<{ id: string }>(
    `INSERT INTO "Objection" (id, "clientId", "sectionId", "bidderOrgId", "raisedById", "raisedAt", text) VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, $5::uuid, $6, $7)
     ON CONFLICT ("sectionId", "bidderOrgId", "clientId") DO NOTHING RETURNING id`,
    [randomUUID(), o.clientId, o.sectionId, o.bidderOrgId, o.raisedById, iso(o.raisedAt), o.text],
  );
  return row?.id ?? null;
}

export async function findObjection(sql: SqlQuery, sectionId: string, id: string): Promise<Pick<Objection, 'id' | 'answeredAt'> | null> {
  const [row] = await sql.query<Pick<Objection, 'id' | 'answeredAt'>>(`SELECT id, "answeredAt" FROM "Objection" WHERE id = $1::uuid AND "sectionId" = $2::uuid`, [id, sectionId]);
  return row ?? null;
}

export async function answerObjection(sql: SqlQuery, id: string, answer: { text: string; at: Date; byId: string }): Promise<void> {
  await sql.query(`UPDATE "Objection" SET answer = $2, "answeredAt" = $3, "answeredById" = $4::uuid WHERE id = $1::uuid`, [id, answer.text, iso(answer.at), answer.byId]);
}

export async function countUnanswered(sql: SqlQuery, sectionId: string): Promise<number> {
  const [row] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Objection" WHERE "sectionId" = $1::uuid AND "answeredAt" IS NULL`, [sectionId]);
  return row!.n;
}

export async function hasAttended(sql: SqlQuery, sectionId: string, userId: string): Promise<boolean> {
  const rows = await sql.query(`SELECT 1 FROM "OpeningAttendance" WHERE "sectionId" = $1::uuid AND "userId" = $2::uuid`, [sectionId, userId]);
  return rows.length > 0;
}

/** Records someone's first joining of the hall; false when they had joined before. */
export async function insertAttendance(
  sql: SqlQuery,
  a: Pick<OpeningAttendance, 'sectionId' | 'userId' | 'role' | 'name' | 'orgName' | 'firstJoinedAt'>,
): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO "OpeningAttendance" ("sectionId", "userId", role, name, "orgName", "firstJoinedAt") VALUES ($1::uuid, $2::uuid, $3::"Role", $4, $5, $6)
     ON CONFLICT ("sectionId", "userId") DO NOTHING RETURNING "userId"`,
    [a.sectionId, a.userId, a.role, a.name, a.orgName, iso(a.firstJoinedAt)],
  );
  return rows.length === 1;
}
