import { createHash } from 'node:crypto';
import { AUDIT_GENESIS_HASH, type TAuditBody, type TAuditRecord, type TAuditVerifyResult } from '@bidhall/contracts';
import canonicalize from 'canonicalize';

/**
 * The link rule, shared with tools/verify-audit.mjs:
 * hash = sha256_hex(prevHash + "\n" + JCS(body)), JCS being RFC 8785 canonical JSON.
 */
export function linkHash(prevHash: string, body: TAuditBody): string {
  const canonical = canonicalize(body);
  if (canonical === undefined) throw new Error('audit body is not serializable');
  return createHash('sha256').update(`${prevHash}\n${canonical}`).digest('hex');
}

export const bodyOf = (r: TAuditRecord): TAuditBody => ({
  seq: r.seq,
  at: r.at,
  actorId: r.actorId,
  actorOrgId: r.actorOrgId,
  action: r.action,
  subjectType: r.subjectType,
  subjectId: r.subjectId,
  data: r.data,
});

/**
 * Walks records in the order given and names the first broken link. Feed it batches through
 * `createChainVerifier` to check a chain of any length in constant memory.
 */
export function createChainVerifier() {
  let expectedSeq = 1;
  let prevHash = AUDIT_GENESIS_HASH;
  let count = 0;
  let broken: Extract<TAuditVerifyResult, { ok: false }> | null = null;
  return {
    /** Returns false once a break is found; later records are not looked at. */
    push(record: TAuditRecord): boolean {
      if (broken) return false;
      count += 1;
      const fail = (reason: Extract<TAuditVerifyResult, { ok: false }>['reason'], seq: number) => {
        broken = { ok: false, count, brokenAtSeq: seq, reason };
        return false;
      };
      if (record.seq !== expectedSeq) return fail('SEQ_GAP', expectedSeq);
      if (record.prevHash !== prevHash) return fail('PREV_HASH_MISMATCH', record.seq);
      if (linkHash(record.prevHash, bodyOf(record)) !== record.hash) return fail('HASH_MISMATCH', record.seq);
      prevHash = record.hash;
      expectedSeq += 1;
      return true;
    },
    result(): TAuditVerifyResult {
      return broken ?? { ok: true, count, headHash: prevHash };
    },
  };
}
