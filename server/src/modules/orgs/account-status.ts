import type { PrismaClient } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import type { AuthContext } from '../../lib/http/auth-context';
import { appendAudit } from '../audit/audit-log';
import type { SessionGuard } from '../auth/session-guard';

interface StatusDeps {
  prisma: PrismaClient;
  sessions: Pick<SessionGuard, 'revoked'>;
  now: Date;
}

/**
 * An administrator suspends an active organization or reinstates a suspended one. The change is
 * a conditional update, so two decisions at once cannot both apply; a suspension ends the
 * sessions of all the organization's users once it is committed.
 */
export async function setOrganizationSuspended(deps: StatusDeps, admin: AuthContext, orgId: string, suspend: boolean, reason: string) {
  const [from, to] = suspend ? (['ACTIVE', 'SUSPENDED'] as const) : (['SUSPENDED', 'ACTIVE'] as const);
  const updated = await deps.prisma.$transaction(async (tx) => {
    const changed = await tx.organization.updateMany({ where: { id: orgId, status: from }, data: { status: to, statusReason: reason, decidedAt: deps.now, decidedById: admin.userId } });
    const org = await tx.organization.findUnique({ where: { id: orgId } });
    if (!org) throw AppError.notFound('organization');
    if (changed.count === 0) throw AppError.invalidState(`the organization is ${org.status}, not ${from}`, { status: org.status });
    await appendAudit(
      tx,
      { actor: { id: admin.userId, orgId: admin.orgId }, action: suspend ? 'org.suspended' : 'org.reinstated', subjectType: 'organization', subjectId: orgId, data: { name: org.name, reason } },
      deps.now,
    );
    return org;
  });
  if (suspend) deps.sessions.revoked({ orgId });
  return updated;
}

/** An administrator disables a user account; its sessions end at once. An administrator cannot disable itself. */
export async function disableUser(deps: StatusDeps, admin: AuthContext, userId: string, reason: string) {
  if (userId === admin.userId) throw AppError.invalidState('an administrator cannot disable its own account');
  const user = await deps.prisma.$transaction(async (tx) => {
    const changed = await tx.user.updateMany({ where: { id: userId, disabledAt: null }, data: { disabledAt: deps.now } });
    const found = await tx.user.findUnique({ where: { id: userId } });
    if (!found) throw AppError.notFound('user');
    if (changed.count === 0) throw AppError.invalidState('the user is already disabled');
    await appendAudit(tx, { actor: { id: admin.userId, orgId: admin.orgId }, action: 'user.disabled', subjectType: 'user', subjectId: userId, data: { username: found.username, reason } }, deps.now);
    return found;
  });
  deps.sessions.revoked({ userId });
  return user;
}
