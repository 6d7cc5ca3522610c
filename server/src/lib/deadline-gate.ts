import type { SqlQuery } from '@bidhall/db';

/*
 * The bid deadline as one instant. Everything that changes which bids count — completing an
 * upload, withdrawing a bid — runs in a transaction that first enters the section's gate (a shared
 * transaction-level advisory lock), then reads the clock and checks the deadline; the freeze at
 * the deadline closes the gate (the same lock, exclusive) before it reads the bids. So a
 * completion either commits before the freeze reads, and is counted, or waits for it and finds
 * the deadline passed: a receipt is never issued for a bid the freeze does not count. The key is
 * derived under the sealing key (`Sealer.deadlineLockKey`), so a lock seen in the database names
 * no section.
 */

export const enterDeadlineGate = (sql: SqlQuery, key: bigint): Promise<unknown> => sql.query('SELECT pg_advisory_xact_lock_shared($1::bigint)::text AS entered', [key.toString()]);

export const closeDeadlineGate = (sql: SqlQuery, key: bigint): Promise<unknown> => sql.query('SELECT pg_advisory_xact_lock($1::bigint)::text AS closed', [key.toString()]);
