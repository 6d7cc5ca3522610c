import type { TAnnouncement, ZPortalQuery } from '@bidhall/contracts';
import type { Prisma, PrismaClient } from '@bidhall/db';
import type { z } from 'zod';
import { AppError } from '../../lib/app-error';
import { toPublicDocument } from '../tender-documents/document-views';
import { toAmendmentView, toProjectView, toSectionView } from './views';

const announcementInclude = {
  sections: {
    orderBy: { code: 'asc' },
    include: {
      amendments: { orderBy: { version: 'asc' } },
      documents: { where: { status: 'CURRENT' }, orderBy: [{ publishedVersion: 'asc' }, { uploadedAt: 'asc' }, { id: 'asc' }] },
    },
  },
  tenderer: true,
  agency: true,
} satisfies Prisma.ProjectInclude;

type AnnouncementRow = Prisma.ProjectGetPayload<{ include: typeof announcementInclude }>;

function toAnnouncement(p: AnnouncementRow, now: Date): TAnnouncement {
  const { status: _status, createdAt: _createdAt, ...project } = toProjectView(p, now);
  return {
    ...project,
    publishedAt: p.publishedAt!.toISOString(),
    // The documents' names, sizes and hashes, so anyone can check a copy; the files go to registered bidders only.
    sections: p.sections.map((s) => ({ ...toSectionView(s, now), documents: s.documents.map(toPublicDocument) })),
    amendments: p.sections.flatMap((s) => s.amendments.map(toAmendmentView)).sort((a, b) => a.publishedAt.localeCompare(b.publishedAt)),
  };
}

/** Published announcements only; drafts do not exist for the public. */
export async function searchAnnouncements(prisma: PrismaClient, query: z.output<typeof ZPortalQuery>, now: Date) {
  const where: Prisma.ProjectWhereInput = {
    status: 'PUBLISHED',
    ...(query.q ? { OR: [{ code: { contains: query.q, mode: 'insensitive' } }, { name: { contains: query.q, mode: 'insensitive' } }] } : {}),
    ...(query.regionCode ? { regionCode: { startsWith: query.regionCode } } : {}),
    ...(query.type ? { type: query.type } : {}),
  };
  const [total, rows] = await Promise.all([
    prisma.project.count({ where }),
    prisma.project.findMany({
      where,
      include: announcementInclude,
      orderBy: [{ publishedAt: 'desc' }, { id: 'asc' }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
  ]);
  return { items: rows.map((p) => toAnnouncement(p, now)), total, page: query.page, pageSize: query.pageSize };
}

export async function getAnnouncement(prisma: PrismaClient, projectId: string, now: Date) {
  const project = await prisma.project.findFirst({ where: { id: projectId, status: 'PUBLISHED' }, include: announcementInclude });
  if (!project) throw AppError.notFound('announcement');
  return toAnnouncement(project, now);
}
