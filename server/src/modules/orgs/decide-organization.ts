import type { PrismaClient } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import type { AuthContext } from '../../lib/http/auth-context';
import { appendAudit } from '../audit/audit-log';

/**
 * An administrator approves or rejects an organization that is waiting; each decision is audited.
 * The decision is a conditional update on the PENDING status, so of two decisions at the same
 * instant (two administrators, or approve and reject) exactly one is taken and the other refused.
 */
export async function decideOrganization(
  prisma: PrismaClient,
  input: { orgId: string; decision: 'approve' | 'reject'; reason?: string; admin: AuthContext; now: Date },
) {
  return prisma.$transaction(async (tx) => {
    const status = input.decision === 'approve' ? 'ACTIVE' : 'REJECTED';
    const claimed = await tx.organization.updateMany({
      where: { id: input.orgId, status: 'PENDING' },
      data: { status, statusReason: input.reason ?? null, decidedAt: input.now, decidedById: input.admin.userId },
    });
    const org = await tx.organization.findUnique({ where: { id: input.orgId } });
    if (!org) throw AppError.notFound('organization');
    if (claimed.count === 0) throw AppError.invalidState(`the organization is ${org.status}, not PENDING`, { status: org.status });
    await appendAudit(
      tx,
      {
        actor: { id: input.admin.userId, orgId: input.admin.orgId },
        action: input.decision === 'approve' ? 'org.approved' : 'org.rejected',
        subjectType: 'organization',
        subjectId: org.id,
        data: { name: org.name, kind: org.kind, ...(input.reason ? { reason: input.reason } : {}) },
      },
      input.now,
    );
    return org;
  });
}
