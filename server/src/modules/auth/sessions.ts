import { createHash, randomBytes } from 'node:crypto';
import type { Organization, PrismaClient, User } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import { appendAudit } from '../audit/audit-log';
import type { SessionGuard } from './session-guard';
import { toApplicationStanding } from '../orgs/views';

export const hashRefreshToken = (token: string): string => createHash('sha256').update(token).digest('hex');
const newRefreshToken = (): string => randomBytes(32).toString('base64url');

export interface SessionDeps {
  prisma: PrismaClient;
  refreshTtlDays: number;
  /** Told of every session this module ends, so tokens issued for it stop working at once. */
  guard: Pick<SessionGuard, 'revoked'>;
}

/** Starts a refresh family for a fresh login; its id is the session id access tokens carry. */
export async function startSession(deps: SessionDeps, userId: string, userAgent: string | undefined, now: Date): Promise<{ sessionId: string; refreshToken: string }> {
  const token = newRefreshToken();
  const family = await deps.prisma.refreshFamily.create({
    data: {
      userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + deps.refreshTtlDays * 86_400_000),
      userAgent: userAgent?.slice(0, 200) ?? null,
      tokens: { create: { tokenHash: hashRefreshToken(token), createdAt: now } },
    },
    select: { id: true },
  });
  return { sessionId: family.id, refreshToken: token };
}

/**
 * Exchanges a refresh token for its successor in the same family. A token that was already
 * exchanged means it was copied: the whole family is revoked, which signs out both holders.
 */
export async function rotateSession(deps: SessionDeps, token: string, now: Date): Promise<{ user: User; sessionId: string; refreshToken: string }> {
  const found = await deps.prisma.refreshToken.findUnique({
    where: { tokenHash: hashRefreshToken(token) },
    include: { family: { include: { user: { include: { org: true } } } } },
  });
  if (!found || found.family.revokedAt || found.family.expiresAt <= now) {
    throw new AppError('REFRESH_INVALID', 'the session has ended; sign in again');
  }
  const { family } = found;
  const next = newRefreshToken();
  const reused = await deps.prisma.$transaction(async (tx) => {
    // The conditional update makes two concurrent presentations of one token count as reuse.
    const claimed = await tx.refreshToken.updateMany({ where: { id: found.id, usedAt: null }, data: { usedAt: now } });
    if (claimed.count === 0) {
      await tx.refreshFamily.update({ where: { id: family.id }, data: { revokedAt: now, revokeReason: 'reuse' } });
      await appendAudit(
        tx,
        {
          actor: { id: family.user.id, orgId: family.user.orgId },
          action: 'auth.refresh_reused',
          subjectType: 'user',
          subjectId: family.user.id,
          data: { familyId: family.id },
        },
        now,
      );
      return true;
    }
    await tx.refreshToken.create({ data: { familyId: family.id, tokenHash: hashRefreshToken(next), createdAt: now } });
    return false;
  });
  if (reused) {
    deps.guard.revoked({ sessionId: family.id });
    throw new AppError('REFRESH_REUSED', 'this session was used from elsewhere and has been ended; sign in again');
  }
  assertMaySignIn(family.user);
  return { user: family.user, sessionId: family.id, refreshToken: next };
}

/** Revokes the family behind a token; unknown tokens are ignored so logout always succeeds. */
export async function endSession(deps: SessionDeps, token: string, now: Date): Promise<void> {
  const found = await deps.prisma.refreshToken.findUnique({ where: { tokenHash: hashRefreshToken(token) }, select: { familyId: true } });
  if (!found) return;
  await deps.prisma.refreshFamily.updateMany({
    where: { id: found.familyId, revokedAt: null },
    data: { revokedAt: now, revokeReason: 'logout' },
  });
  deps.guard.revoked({ sessionId: found.familyId });
}

/**
 * Disabled users and organizations that are not active may not hold a session. The refusal of an
 * organization's account carries where its application stands (and a rejection's reason): it is
 * only reached with the right password, and it is how the applicant learns the outcome.
 */
export function assertMaySignIn(user: User & { org: Organization | null }): void {
  if (user.disabledAt) throw new AppError('ACCOUNT_DISABLED', 'this account is disabled');
  if (!user.org) return;
  if (user.org.status === 'PENDING') throw new AppError('ACCOUNT_PENDING', 'the organization is waiting for approval', toApplicationStanding(user.org));
  if (user.org.status !== 'ACTIVE') throw new AppError('ACCOUNT_DISABLED', 'the organization is not active', toApplicationStanding(user.org));
}
