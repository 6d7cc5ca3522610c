import { type Database, runTyped, typedSql } from '@bidhall/db';
import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock';
import type { OpeningService } from './opening-service';

const TICK_MS = 500;
/** Due openings taken per tick; more wait for the next one. */
const DUE_BATCH = 200;

/**
 * Drives the openings' timers on every node. A tick reads only the due openings (by the
 * `nextDueAt` index the timetable keeps current) and runs each in one transaction that checks
 * and takes the opening's lease first (see OpeningService.drive): the work of an opening stays
 * with one node while that node is alive and well, passes to another within the lease when it
 * dies or stalls, and a stalled node that wakes writes nothing. Failed work backs off, and is
 * logged once per failure streak.
 */
export class OpeningDriver {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    private readonly openings: OpeningService,
    private readonly clock: Clock,
    private readonly log: Logger,
    /** This node's name in leases; unique among the nodes of one installation. */
    private readonly nodeId: string = `node-${process.pid}-${crypto.randomUUID().slice(0, 8)}`,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.tick()
        .catch((error: unknown) => this.log.error({ err: error }, 'opening driver tick failed'))
        .finally(() => {
          this.running = null;
        });
    }, TICK_MS);
  }

  async tick(): Promise<void> {
    const due = await runTyped(this.db.sql, typedSql.selectFrom('Opening').select('sectionId').where('nextDueAt', '<=', this.clock.now()).orderBy('nextDueAt').limit(DUE_BATCH));
    for (const { sectionId } of due) {
      // One opening's failure (a transition that will not commit, say) must not hold up the others.
      try {
        if ((await this.openings.drive(sectionId, this.nodeId)) === 'held-elsewhere') this.log.debug({ sectionId }, 'opening driven by another node');
      } catch (error) {
        const failures = await this.openings.noteFailure(sectionId).catch(() => 0);
        if (failures <= 1) this.log.error({ err: error, sectionId }, 'opening could not advance; retrying with backoff');
      }
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
