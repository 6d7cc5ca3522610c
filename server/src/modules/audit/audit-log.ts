import { AUDIT_GENESIS_HASH, type TAuditAction, type TAuditRecord, type TAuditSubjectType, type TAuditVerifyResult } from '@bidhall/contracts';
import type { AuditEvent, Prisma, PrismaClient, SqlQuery } from '@bidhall/db';
import { createChainVerifier, linkHash } from './audit-chain';

/** Any number will do as long as no other code takes the same transaction-scoped lock. */
const AUDIT_APPEND_LOCK = 0x62_69_64_61; // "bida"
const BATCH = 1000;

export interface AuditActor {
  id: string;
  orgId: string | null;
}

export interface AuditEntry {
  actor: AuditActor | null;
  /**
   * Dotted verb from the catalogue in contracts (`auditActions`), e.g. `org.approved`; the opening
   * hall's are its event types (`opening.state_changed`), which the catalogue derives from them.
   */
  action: TAuditAction | `opening.${string}`;
  subjectType: TAuditSubjectType;
  subjectId: string;
  data?: Record<string, unknown>;
}

export const toAuditRecord = (row: AuditEvent): TAuditRecord => ({
  seq: row.seq,
  at: row.at.toISOString(),
  actorId: row.actorId,
  actorOrgId: row.actorOrgId,
  action: row.action,
  subjectType: row.subjectType,
  subjectId: row.subjectId,
  data: row.data,
  prevHash: row.prevHash,
  hash: row.hash,
});

/** The ORM's transaction as a plain statement runner, so that every append goes through one code path. */
export const prismaSql = (tx: Prisma.TransactionClient): SqlQuery => ({
  query: <R extends object>(sql: string, params: unknown[] = []) => tx.$queryRawUnsafe<R[]>(sql, ...params),
});

/**
 * Appends one event inside the caller's transaction, so the event exists exactly when the state
 * change it records does. Appends are serialized by a transaction-scoped advisory lock.
 */
export async function appendAudit(tx: Prisma.TransactionClient, entry: AuditEntry, at: Date): Promise<TAuditRecord> {
  const [record] = await appendAuditBatch(prismaSql(tx), [entry], at);
  return record!;
}

/**
 * Appends several events in order under one lock and one write, on a connection inside a
 * transaction. The head is read only once the lock is held: a statement that waited for the lock
 * would still see the chain as it was when it began.
 */
export async function appendAuditBatch(sql: SqlQuery, entries: AuditEntry[], at: Date): Promise<TAuditRecord[]> {
  if (entries.length === 0) return [];
  await sql.query('SELECT 1 AS locked FROM pg_advisory_xact_lock($1::bigint)', [AUDIT_APPEND_LOCK]);
  const [last] = await sql.query<{ seq: number; hash: string; at: Date | string }>('SELECT seq, hash, at FROM "AuditEvent" ORDER BY seq DESC LIMIT 1');
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? AUDIT_GENESIS_HASH;
  // Times follow the sequence: an append whose instant was taken before another's committed
  // under the lock is stamped no earlier than that one.
  const stamp = new Date(Math.max(Math.floor(at.getTime()), last ? new Date(last.at).getTime() : 0)).toISOString();
  const records = entries.map((entry) => {
    // Round-trip through JSON so the hashed form is exactly what JSONB will give back.
    const data = JSON.parse(JSON.stringify(entry.data ?? {})) as TAuditRecord['data'];
    const body = {
      seq: ++seq,
      at: stamp,
      actorId: entry.actor?.id ?? null,
      actorOrgId: entry.actor?.orgId ?? null,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId,
      data,
    };
    const record = { ...body, prevHash, hash: linkHash(prevHash, body) };
    prevHash = record.hash;
    return record;
  });
  await sql.query(
    `INSERT INTO "AuditEvent" (seq, at, "actorId", "actorOrgId", action, "subjectType", "subjectId", data, "prevHash", hash)
     SELECT * FROM jsonb_to_recordset($1::jsonb)
       AS r(seq int, at timestamptz, "actorId" text, "actorOrgId" text, action text, "subjectType" text, "subjectId" text, data jsonb, "prevHash" text, hash text)`,
    [JSON.stringify(records)],
  );
  return records;
}

/** Every event in sequence order, a batch at a time. */
export async function* readAuditChain(prisma: PrismaClient): AsyncGenerator<TAuditRecord> {
  let after = 0;
  for (;;) {
    const rows = await prisma.auditEvent.findMany({ where: { seq: { gt: after } }, orderBy: { seq: 'asc' }, take: BATCH });
    for (const row of rows) yield toAuditRecord(row);
    if (rows.length < BATCH) return;
    after = rows.at(-1)!.seq;
  }
}

export async function verifyAuditChain(prisma: PrismaClient): Promise<TAuditVerifyResult> {
  const verifier = createChainVerifier();
  for await (const record of readAuditChain(prisma)) {
    if (!verifier.push(record)) break;
  }
  return verifier.result();
}
