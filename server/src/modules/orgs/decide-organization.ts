import type { PrismaClient } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import type { AuthContext } from '../../lib/http/auth-context';
import { appendAudit } from '../audit/audit-log';

/** An administrator approves or rejects an organization that is waiting; each decision is audited. */
export async function decideOrganization(
  prisma: PrismaClient,
  input: { orgId: string; decision: 'approve' | 'reject'; reason?: string; admin: AuthContext; now: Date },
) {
  return prisma.$transaction(async (tx) => {
    const org = await tx.organization.findUnique({ where: { id: input.orgId } });
    if (!org) throw AppError.notFound('organization');
    if (org.status !== 'PENDING') throw AppError.invalidState(`the organization is ${org.status}, not PENDING`, { status: org.status });
    const status = input.decision === 'approve' ? 'ACTIVE' : 'REJECTED';
    const updated = await tx.organization.update({
      where: { id: org.id },
      data: { status, statusReason: input.reason ?? null, decidedAt: input.now, decidedById: input.admin.userId },
    });
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
    return updated;
  });
}
