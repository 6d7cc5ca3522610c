import type { Database, LockSession } from '@bidhall/db';
import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock';
import type { OpeningService } from './opening-service';
import { nextDue } from './transitions';

const TICK_MS = 500;
const ACTIVE = ['SCHEDULED', 'SIGN_IN', 'DEADLINE', 'DECRYPTING', 'ANNOUNCING', 'CONFIRMING'] as const;

/**
 * Drives the openings' timers. Each opening is owned by one process at a time through a
 * session-level PostgreSQL advisory lock on a connection of the driver's own; when the owner
 * dies its connection closes, the lock is released, and another node's driver takes the opening
 * over at its next tick. Transitions themselves are safe to race (row lock, state checks); the
 * lock only keeps the work in one place.
 */
export class OpeningDriver {
  private session: LockSession | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    private readonly openings: OpeningService,
    private readonly clock: Clock,
    private readonly log: Logger,
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

  /** The openings this process drives now. */
  owned(): string[] {
    return this.session?.held().map((name) => name.replace(/^opening:/, '')) ?? [];
  }

  async tick(): Promise<void> {
    // A lost lock connection means lost locks: start a new session and win them back where free.
    this.session ??= await this.db.openLockSession((error) => {
      this.log.warn({ err: error }, 'opening lock session lost; reconnecting');
      this.session = null;
    });
    const session = this.session;
    const now = this.clock.now();
    const openings = await this.db.prisma.opening.findMany({
      where: { OR: [{ state: { in: [...ACTIVE] } }, { state: { in: ['CLOSED', 'FAILED'] }, recordId: null }] },
      select: { sectionId: true, state: true, signInAt: true, deadlineAt: true, autoStartAt: true, decryptEndsAt: true, extendedUntil: true, nextAnnounceAt: true, confirmEndsAt: true, recordId: true },
    });
    for (const o of openings) {
      const name = `opening:${o.sectionId}`;
      const isNew = !session.held().includes(name);
      if (!(await session.tryLock(name).catch(() => false))) continue;
      if (isNew) this.log.info({ sectionId: o.sectionId, state: o.state }, 'driving opening');
      const due = nextDue(o);
      const terminal = o.state === 'CLOSED' || o.state === 'FAILED';
      if (terminal || (due && due <= now)) {
        // One opening's failure (a record that will not render, say) must not hold up the others.
        await this.openings
          .tick(o.sectionId)
          .then(() => this.openings.issueRecord(o.sectionId))
          .catch((error: unknown) => this.log.error({ err: error, sectionId: o.sectionId }, 'opening could not advance'));
      }
    }
    const live = new Set(openings.map((o) => `opening:${o.sectionId}`));
    for (const name of session.held()) if (!live.has(name)) await session.unlock(name);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.session?.close();
    this.session = null;
  }
}
