import { type SqlDriver, runTyped, typedSql } from '@bidhall/db';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock';
import type { JobDefinition } from './job';

/** A queue's work: the definition and what runs it. */
export interface JobHandler<P = unknown> {
  definition: JobDefinition<P>;
  run(payload: P, job: { id: string; attempts: number }): Promise<void>;
}

export const handleJob = <P>(definition: JobDefinition<P>, run: JobHandler<P>['run']): JobHandler => ({ definition, run } as unknown as JobHandler);

const POLL_MS = 1000;
const BATCH = 10;
const BASE_BACKOFF_MS = 2000;
const MAX_BACKOFF_MS = 10 * 60_000;

/**
 * The delay before attempt `attempts + 1`: exponential from 2 s, capped at 10 min, with "equal
 * jitter" (half fixed, half random) so that jobs failing together do not come back together.
 */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Runs the jobs of every queue it has a handler for, on any node: due jobs are claimed with
 * FOR UPDATE SKIP LOCKED (so two workers never take the same one), held for the queue's
 * visibility time (a job whose worker died or stalled is taken again after it), retried with
 * backoff, and dead-lettered after the queue's attempts. A job may run more than once (a worker
 * that dies after the work but before recording it): handlers are idempotent by the job's key.
 */
export class JobRunner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly handlers: Map<string, JobHandler>;

  constructor(
    private readonly db: SqlDriver,
    handlers: JobHandler[],
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly nodeId: string,
  ) {
    this.handlers = new Map(handlers.map((h) => [h.definition.queue, h]));
    // One claim takes jobs of several queues: it holds them for the longest of their times.
    this.visibilityMs = Math.max(0, ...handlers.map((h) => h.definition.visibilityMs));
  }

  private readonly visibilityMs: number;

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.tick()
        .then(() => undefined)
        .catch((error: unknown) => this.log.error({ err: error }, 'job runner tick failed'))
        .finally(() => {
          this.running = null;
        });
    }, POLL_MS);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Claims and runs what is due; returns how many jobs ran. */
  async tick(): Promise<number> {
    const now = this.clock.now();
    const queues = [...this.handlers.keys()];
    if (queues.length === 0) return 0;
    const due = typedSql
      .selectFrom('Job')
      .select('id')
      .where('queue', 'in', queues)
      .where((w) => w.or([w.and([w('state', '=', 'PENDING'), w('runAt', '<=', now)]), w.and([w('state', '=', 'RUNNING'), w('lockedUntil', '<', now)])]))
      .orderBy('runAt')
      .limit(BATCH)
      .forUpdate()
      .skipLocked();
    const lockedUntil = new Date(now.getTime() + this.visibilityMs);
    const claimed = await runTyped(
      this.db,
      typedSql
        .updateTable('Job')
        .set({ state: 'RUNNING', lockedBy: this.nodeId, lockedUntil: lockedUntil.toISOString(), attempts: sql`attempts + 1`, updatedAt: now.toISOString() })
        .where('id', 'in', due)
        .returningAll(),
    );
    for (const job of claimed) await this.runOne(this.handlers.get(job.queue)!, job);
    return claimed.length;
  }

  private async runOne(handler: JobHandler, job: { id: string; queue: string; key: string; payload: unknown; attempts: number; maxAttempts: number }): Promise<void> {
    const log = this.log.child({ job: job.id, queue: job.queue, attempts: job.attempts });
    try {
      const payload = handler.definition.payload.parse(job.payload);
      await handler.run(payload, { id: job.id, attempts: job.attempts });
      const now = this.clock.now().toISOString();
      await runTyped(this.db, typedSql.updateTable('Job').set({ state: 'DONE', doneAt: now, updatedAt: now, lockedBy: null, lockedUntil: null, lastError: null }).where('id', '=', job.id));
      if (job.attempts > 1) log.info('job succeeded after failing');
    } catch (error) {
      const now = this.clock.now();
      const dead = job.attempts >= job.maxAttempts;
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      await runTyped(
        this.db,
        typedSql
          .updateTable('Job')
          .set({
            state: dead ? 'DEAD' : 'PENDING',
            runAt: new Date(now.getTime() + (dead ? 0 : backoffMs(job.attempts))).toISOString(),
            lockedBy: null,
            lockedUntil: null,
            lastError: message,
            updatedAt: now.toISOString(),
          })
          .where('id', '=', job.id),
      );
      // Once per failure streak, and once more if it gives up: not at every retry.
      if (dead) log.error({ err: error }, 'job failed for the last time; it is a dead letter');
      else if (job.attempts === 1) log.warn({ err: error }, 'job failed; it will be retried with backoff');
      else log.debug({ err: error }, 'job failed again');
    }
  }
}
