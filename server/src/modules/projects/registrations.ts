import type { PrismaClient } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import type { AuthContext } from '../../lib/http/auth-context';

/**
 * A bidder registers its interest in a section to receive amendments. Who registered is as
 * confidential as who bid (《招标投标法》 art. 22): only the bidder itself can read it back.
 */
export async function registerForSection(prisma: PrismaClient, auth: AuthContext, sectionId: string, now: Date) {
  const section = await prisma.section.findFirst({ where: { id: sectionId, status: 'PUBLISHED' }, select: { bidDeadline: true } });
  if (!section) throw AppError.notFound('section');
  if (now >= section.bidDeadline) throw new AppError('DEADLINE_PASSED', 'the bid deadline has passed');
  const orgId = auth.orgId!;
  const registration = await prisma.sectionRegistration.upsert({
    where: { sectionId_bidderOrgId: { sectionId, bidderOrgId: orgId } },
    create: { sectionId, bidderOrgId: orgId, registeredAt: now },
    update: {},
  });
  return { sectionId, registeredAt: registration.registeredAt.toISOString() };
}

export async function listRegistrations(prisma: PrismaClient, auth: AuthContext) {
  const rows = await prisma.sectionRegistration.findMany({
    where: { bidderOrgId: auth.orgId! },
    include: { section: { include: { project: { select: { id: true, name: true } } } } },
    orderBy: { registeredAt: 'desc' },
  });
  return {
    items: rows.map((r) => ({
      sectionId: r.sectionId,
      registeredAt: r.registeredAt.toISOString(),
      projectId: r.section.project.id,
      projectName: r.section.project.name,
      sectionName: r.section.name,
      bidDeadline: r.section.bidDeadline.toISOString(),
    })),
  };
}
