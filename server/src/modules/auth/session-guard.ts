import type { PrismaClient } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import type { Clock } from '../../lib/clock';
import type { EventBus, RevocationScope } from '../../lib/events';

/** How long a verdict on a session is trusted before the database is asked again. */
const VERDICT_TTL_MS = 10_000;
const MAX_CACHED = 50_000;

interface Verdict {
  userId: string;
  orgId: string | null;
  live: boolean;
  until: number;
}

/**
 * Access tokens carry the id of the session (refresh family) they were issued for. A token is
 * honoured only while that session is live: not revoked (logout, refresh-token reuse), not
 * expired, its user not disabled and its organization active. Verdicts are cached briefly; a
 * revocation evicts them at once on this node and, through the domain event the socket gateway
 * relays (`session:revoked` over the Socket.IO adapter), on every other node, and ends the
 * sessions' socket connections everywhere.
 */
export class SessionGuard {
  readonly #verdicts = new Map<string, Verdict>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  /** Throws SESSION_ENDED unless the session is live and belongs to the token's user. */
  async assertLive(claims: { sid: string; sub: string }): Promise<void> {
    const now = this.clock.now().getTime();
    let verdict = this.#verdicts.get(claims.sid);
    if (!verdict || verdict.until <= now) {
      verdict = await this.#ask(claims.sid, now);
      if (this.#verdicts.size >= MAX_CACHED) this.#verdicts.clear();
      this.#verdicts.set(claims.sid, verdict);
    }
    if (!verdict.live || verdict.userId !== claims.sub) {
      throw new AppError('SESSION_ENDED', 'the session behind this token has ended; sign in again');
    }
  }

  /**
   * Called after a revocation has been committed: forgets what this node believed and raises the
   * event that makes every node do the same and close the sockets of what was revoked.
   */
  revoked(scope: RevocationScope): void {
    this.forget(scope);
    this.events.emit('sessionRevoked', scope);
  }

  /** Drops cached verdicts within the scope (another node's revocation arrives here). */
  forget(scope: RevocationScope): void {
    if ('sessionId' in scope) {
      this.#verdicts.delete(scope.sessionId);
      return;
    }
    for (const [sid, verdict] of this.#verdicts) {
      if ('userId' in scope ? verdict.userId === scope.userId : verdict.orgId === scope.orgId) this.#verdicts.delete(sid);
    }
  }

  async #ask(sid: string, now: number): Promise<Verdict> {
    const family = await this.prisma.refreshFamily.findUnique({
      where: { id: sid },
      select: { revokedAt: true, expiresAt: true, userId: true, user: { select: { orgId: true, disabledAt: true, org: { select: { status: true } } } } },
    });
    const until = now + VERDICT_TTL_MS;
    if (!family) return { userId: '', orgId: null, live: false, until };
    const live = !family.revokedAt && family.expiresAt.getTime() > now && !family.user.disabledAt && (family.user.org === null || family.user.org.status === 'ACTIVE');
    return { userId: family.userId, orgId: family.user.orgId, live, until };
  }
}
