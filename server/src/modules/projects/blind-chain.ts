import type { Prisma } from '@bidhall/db';
import { prismaSql } from '../audit/audit-log';

/** Slots looked up per query. */
export const CHAIN_BATCH = 64;

/**
 * A chain of blind slots: the rows of one owner (a section, a bidder) carry slot(0), slot(1), …,
 * keyed HMACs that look unrelated to the database. Slots are filled in order under `lockChain`
 * and never freed, so the owner's rows are the filled prefix: reading them costs one indexed
 * lookup per CHAIN_BATCH rows, whatever else the table holds.
 */
export async function readChain<R>(slotOf: (n: number) => string, lookup: (slots: string[]) => Promise<R[]>): Promise<R[]> {
  const rows: R[] = [];
  for (let start = 0; ; start += CHAIN_BATCH) {
    const found = await lookup(Array.from({ length: CHAIN_BATCH }, (_, i) => slotOf(start + i)));
    rows.push(...found);
    if (found.length < CHAIN_BATCH) return rows;
  }
}

/**
 * Serializes the writers of one chain until the end of the transaction, so the next free slot is
 * the chain's length. The lock's key is derived from a blind index: it names nothing either.
 */
export async function lockChain(tx: Prisma.TransactionClient, blindIndex: string): Promise<void> {
  const key = BigInt.asIntN(64, BigInt(`0x${blindIndex.slice(0, 16)}`)).toString();
  await prismaSql(tx).query('SELECT 1 AS locked FROM pg_advisory_xact_lock($1::bigint)', [key]);
}
