import { type SqlQuery, runTyped, typedSql } from '@bidhall/db';
import type { z } from 'zod';

/**
 * A kind of durable work: what its payload is (checked when it is enqueued and again when it
 * runs: a stored payload outlives the code that wrote it), how often it may be tried before it
 * is a dead letter, and how long a worker may hold it before another may take it over.
 */
export interface JobDefinition<P> {
  queue: string;
  payload: z.ZodType<P>;
  maxAttempts: number;
  /** How long one run may take before the job counts as abandoned (its worker died or stalled). */
  visibilityMs: number;
}

export const defineJob = <P>(definition: JobDefinition<P>): JobDefinition<P> => definition;

/**
 * Writes a job in the caller's transaction, so it exists exactly when the change that causes it
 * does. `key` makes it idempotent: the same work enqueued twice (a retried request, a replayed
 * transition) is one job.
 */
export async function enqueueJob<P>(sql: SqlQuery, definition: JobDefinition<P>, payload: P, options: { key: string; now: Date; runAt?: Date }): Promise<void> {
  const checked = definition.payload.parse(payload);
  await runTyped(
    sql,
    typedSql
      .insertInto('Job')
      .values({
        id: crypto.randomUUID(),
        queue: definition.queue,
        key: options.key,
        payload: JSON.stringify(checked),
        maxAttempts: definition.maxAttempts,
        runAt: (options.runAt ?? options.now).toISOString(),
        createdAt: options.now.toISOString(),
        updatedAt: options.now.toISOString(),
      })
      .onConflict((oc) => oc.columns(['queue', 'key']).doNothing()),
  );
}
