import { apiRoutes, type TCommittee } from '@bidhall/contracts';
import type { PrismaClient } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import { bind, type BoundRoute } from '../../lib/http/route';
import type { Services } from '../../services';
import { appendAudit } from '../audit/audit-log';

async function committeeOf(prisma: PrismaClient, sectionId: string): Promise<TCommittee> {
  const members = await prisma.committeeMember.findMany({ where: { sectionId }, orderBy: { addedAt: 'asc' } });
  const users = new Map((await prisma.user.findMany({ where: { id: { in: members.map((m) => m.userId) } } })).map((u) => [u.id, u]));
  return { sectionId, members: members.map((m) => ({ userId: m.userId, displayName: users.get(m.userId)?.displayName ?? '', addedAt: m.addedAt.toISOString() })) };
}

export function committeeRoutes(s: Services): BoundRoute[] {
  const r = apiRoutes.committee;
  return [
    bind(r.seat, async ({ auth, params, body }) => {
      const now = s.clock.now();
      await s.prisma.$transaction(async (tx) => {
        const section = await tx.section.findUnique({ where: { id: params.sectionId }, select: { status: true } });
        if (!section || section.status === 'DRAFT') throw AppError.notFound('section');
        if (section.status === 'AWARDED' || section.status === 'FAILED') throw AppError.invalidState(`the section is ${section.status}`);
        const experts = await tx.user.findMany({ where: { id: { in: body.expertUserIds }, role: 'EXPERT', disabledAt: null }, select: { id: true } });
        if (experts.length !== body.expertUserIds.length) throw AppError.notFound('expert');
        await tx.committeeMember.deleteMany({ where: { sectionId: params.sectionId, userId: { notIn: body.expertUserIds } } });
        await tx.committeeMember.createMany({
          data: body.expertUserIds.map((userId) => ({ sectionId: params.sectionId, userId, addedById: auth.userId, addedAt: now })),
          skipDuplicates: true,
        });
        await appendAudit(
          tx,
          { actor: { id: auth.userId, orgId: auth.orgId }, action: 'committee.seated', subjectType: 'section', subjectId: params.sectionId, data: { expertUserIds: body.expertUserIds } },
          now,
        );
      });
      return committeeOf(s.prisma, params.sectionId);
    }),
    bind(r.get, async ({ auth, params }) => {
      if (auth.role === 'EXPERT' && !(await isOnCommittee(s.prisma, params.sectionId, auth.userId))) throw AppError.notFound('committee');
      if (!(await s.prisma.section.findUnique({ where: { id: params.sectionId }, select: { id: true } }))) throw AppError.notFound('section');
      return committeeOf(s.prisma, params.sectionId);
    }),
    bind(r.mine, async ({ auth }) => {
      const seats = await s.prisma.committeeMember.findMany({
        where: { userId: auth.userId },
        include: { section: { select: { name: true, project: { select: { name: true } } } } },
        orderBy: { addedAt: 'desc' },
      });
      return { items: seats.map((m) => ({ sectionId: m.sectionId, sectionName: m.section.name, projectName: m.section.project.name, addedAt: m.addedAt.toISOString() })) };
    }),
  ];
}

export const isOnCommittee = async (prisma: PrismaClient, sectionId: string, userId: string): Promise<boolean> =>
  (await prisma.committeeMember.count({ where: { sectionId, userId } })) > 0;
