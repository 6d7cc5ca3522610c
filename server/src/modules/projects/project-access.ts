import type { Prisma, PrismaClient } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import type { AuthContext } from '../../lib/http/auth-context';
import { projectInclude, type ProjectWithParts } from './views';

/** Which projects a caller may see through the management API; anything else does not exist for them. */
export function visibleProjects(auth: AuthContext): Prisma.ProjectWhereInput {
  switch (auth.role) {
    case 'AGENCY':
      return { agencyOrgId: auth.orgId ?? '' };
    case 'TENDERER':
      return { tendererOrgId: auth.orgId ?? '' };
    case 'SUPERVISOR':
    case 'ADMIN':
      return {};
    default:
      return { id: { in: [] } };
  }
}

export async function loadProject(db: PrismaClient | Prisma.TransactionClient, projectId: string, auth: AuthContext): Promise<ProjectWithParts> {
  const project = await db.project.findFirst({ where: { id: projectId, ...visibleProjects(auth) }, include: projectInclude });
  if (!project) throw AppError.notFound('project');
  return project;
}

/** The agency running the project, and only while it is a draft. */
export async function loadDraftForAgency(db: PrismaClient | Prisma.TransactionClient, projectId: string, auth: AuthContext): Promise<ProjectWithParts> {
  const project = await loadProject(db, projectId, auth);
  if (project.agencyOrgId !== auth.orgId) throw AppError.notFound('project');
  if (project.status !== 'DRAFT') throw AppError.invalidState('the project is published; change it through amendments');
  return project;
}

/**
 * Holds the section's row until the end of the transaction, so changes to a section and to what
 * hangs off it (versions, tender documents) happen one at a time: an amendment, a document upload
 * and the publication of the project never interleave.
 */
export async function lockSection(tx: Prisma.TransactionClient, sectionId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 AS locked FROM "Section" WHERE "id" = ${sectionId}::uuid FOR UPDATE`;
}
