import { openingTimetable, type ZProjectInput, type ZProjectPatch, type ZSectionInput, type ZSectionPatch } from '@bidhall/contracts';
import type { Prisma, PrismaClient } from '@bidhall/db';
import type { z } from 'zod';
import { AppError } from '../../lib/app-error';
import type { AuthContext } from '../../lib/http/auth-context';
import { appendAudit } from '../audit/audit-log';
import { isUniqueViolation } from '../auth/register';
import { loadDraftForAgency, loadProject } from './project-access';
import { openingTimes } from '../opening/timeline';
import { publishDraftDocuments } from '../tender-documents/publish-documents';
import { assertQuestionCutoff, assertSectionRules } from './section-rules';
import { assertIssueToDeadline } from './time-limits';
import { projectInclude, type ProjectWithParts } from './views';

export interface ProjectDeps {
  prisma: PrismaClient;
  now: Date;
}

const actorOf = (auth: AuthContext) => ({ id: auth.userId, orgId: auth.orgId });

type SectionData = z.output<typeof ZSectionInput>;

const sectionColumns = (s: Partial<SectionData>) => ({
  ...s,
  ...(s.bidDeadline !== undefined ? { bidDeadline: new Date(s.bidDeadline) } : {}),
  ...(s.scoringTemplate !== undefined ? { scoringTemplate: s.scoringTemplate as Prisma.InputJsonObject } : {}),
  ...(s.openingFormFields !== undefined ? { openingFormFields: s.openingFormFields as Prisma.InputJsonArray } : {}),
});

/** Codes are unique; the database decides races, and the caller learns which code clashed. */
async function uniquely<T>(code: 'PROJECT_CODE_TAKEN' | 'SECTION_CODE_TAKEN', run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError(code, code === 'PROJECT_CODE_TAKEN' ? 'a project with this code exists' : 'the project already has a section with this code');
    throw error;
  }
}

export async function createProject(deps: ProjectDeps, auth: AuthContext, input: z.output<typeof ZProjectInput>) {
  const tenderer = await deps.prisma.organization.findFirst({ where: { id: input.tendererOrgId, kind: 'TENDERER', status: 'ACTIVE' } });
  if (!tenderer) throw AppError.notFound('tenderer');
  return uniquely('PROJECT_CODE_TAKEN', () =>
    deps.prisma.$transaction(async (tx) => {
      const project = await tx.project.create({
        data: { ...input, agencyOrgId: auth.orgId!, createdById: auth.userId, createdAt: deps.now },
        include: projectInclude,
      });
      await appendAudit(tx, { actor: actorOf(auth), action: 'project.created', subjectType: 'project', subjectId: project.id, data: { code: project.code, name: project.name } }, deps.now);
      return project;
    }),
  );
}

export async function updateProject(deps: ProjectDeps, auth: AuthContext, projectId: string, patch: z.output<typeof ZProjectPatch>) {
  return uniquely('PROJECT_CODE_TAKEN', () =>
    deps.prisma.$transaction(async (tx) => {
      await loadDraftForAgency(tx, projectId, auth);
      const project = await tx.project.update({ where: { id: projectId }, data: patch, include: projectInclude });
      await appendAudit(tx, { actor: actorOf(auth), action: 'project.updated', subjectType: 'project', subjectId: projectId, data: { fields: Object.keys(patch) } }, deps.now);
      return project;
    }),
  );
}

export async function addSection(deps: ProjectDeps, auth: AuthContext, projectId: string, input: SectionData) {
  assertSectionRules({ ...input, bidDeadline: new Date(input.bidDeadline) }, deps.now);
  assertQuestionCutoff({ bidDeadline: new Date(input.bidDeadline), questionCutoffDays: input.questionCutoffDays }, deps.now);
  return uniquely('SECTION_CODE_TAKEN', () =>
    deps.prisma.$transaction(async (tx) => {
      await loadDraftForAgency(tx, projectId, auth);
      const section = await tx.section.create({ data: { ...sectionColumns(input), projectId, createdAt: deps.now } as Prisma.SectionUncheckedCreateInput });
      await appendAudit(tx, { actor: actorOf(auth), action: 'section.created', subjectType: 'section', subjectId: section.id, data: { projectId, code: section.code } }, deps.now);
      return loadProject(tx, projectId, auth);
    }),
  );
}

async function draftSectionOf(tx: Prisma.TransactionClient, sectionId: string, auth: AuthContext): Promise<ProjectWithParts> {
  const section = await tx.section.findUnique({ where: { id: sectionId }, select: { projectId: true } });
  if (!section) throw AppError.notFound('section');
  return loadDraftForAgency(tx, section.projectId, auth);
}

export async function updateSection(deps: ProjectDeps, auth: AuthContext, sectionId: string, patch: z.output<typeof ZSectionPatch>) {
  return uniquely('SECTION_CODE_TAKEN', () =>
    deps.prisma.$transaction(async (tx) => {
      const project = await draftSectionOf(tx, sectionId, auth);
      const current = project.sections.find((s) => s.id === sectionId)!;
      const merged = {
        bondAmount: patch.bondAmount ?? current.bondAmount.toFixed(2),
        estimatedPrice: patch.estimatedPrice ?? current.estimatedPrice.toFixed(2),
        bidDeadline: patch.bidDeadline ? new Date(patch.bidDeadline) : current.bidDeadline,
      };
      assertSectionRules(merged, deps.now);
      assertQuestionCutoff({ bidDeadline: merged.bidDeadline, questionCutoffDays: patch.questionCutoffDays ?? current.questionCutoffDays }, deps.now);
      const method = patch.evaluationMethod ?? current.evaluationMethod;
      const template = (patch.scoringTemplate ?? current.scoringTemplate) as { method: string };
      if (template.method !== method) throw new AppError('VALIDATION_FAILED', 'the scoring template must match the evaluation method', [{ path: 'scoringTemplate.method', code: 'custom', message: `must be ${method}` }]);
      await tx.section.update({ where: { id: sectionId }, data: sectionColumns(patch) as Prisma.SectionUpdateInput });
      await appendAudit(tx, { actor: actorOf(auth), action: 'section.updated', subjectType: 'section', subjectId: sectionId, data: { fields: Object.keys(patch) } }, deps.now);
      return loadProject(tx, project.id, auth);
    }),
  );
}

export async function deleteSection(deps: ProjectDeps, auth: AuthContext, sectionId: string) {
  return deps.prisma.$transaction(async (tx) => {
    const project = await draftSectionOf(tx, sectionId, auth);
    await tx.section.delete({ where: { id: sectionId } });
    await appendAudit(tx, { actor: actorOf(auth), action: 'section.deleted', subjectType: 'section', subjectId: sectionId, data: { projectId: project.id } }, deps.now);
    return loadProject(tx, project.id, auth);
  });
}

/** Publishing the announcement opens bidding on every section at once (version 1 of each), with its tender documents, which the chain records by hash. */
export async function publishProject(deps: ProjectDeps, auth: AuthContext, projectId: string) {
  return deps.prisma.$transaction(async (tx) => {
    const project = await loadDraftForAgency(tx, projectId, auth);
    if (project.sections.length === 0) throw AppError.invalidState('a project needs at least one section to be published');
    for (const s of project.sections) {
      assertSectionRules({ bondAmount: s.bondAmount.toFixed(2), estimatedPrice: s.estimatedPrice.toFixed(2), bidDeadline: s.bidDeadline }, deps.now);
      assertIssueToDeadline(project, s, deps.now);
      assertQuestionCutoff(s, deps.now);
    }
    await tx.project.update({ where: { id: projectId }, data: { status: 'PUBLISHED', publishedAt: deps.now } });
    // Locks the sections, so a document upload waits for the publication and then finds them published.
    await tx.section.updateMany({ where: { projectId }, data: { status: 'PUBLISHED', version: 1, publishedAt: deps.now } });
    const documents = await publishDraftDocuments(tx, project.sections.map((s) => s.id));
    // Each section's opening is scheduled from the moment bidding opens, due when sign-in begins.
    await tx.opening.createMany({
      data: project.sections.map((s) => {
        const times = openingTimes(s);
        return { sectionId: s.id, ...times, nextDueAt: openingTimetable.SCHEDULED({ ...times, decryptEndsAt: null, nextAnnounceAt: null, confirmEndsAt: null }) };
      }),
    });
    await appendAudit(
      tx,
      {
        actor: actorOf(auth),
        action: 'project.published',
        subjectType: 'project',
        subjectId: projectId,
        data: {
          code: project.code,
          sections: project.sections.map((s) => ({
            id: s.id,
            code: s.code,
            bidDeadline: s.bidDeadline.toISOString(),
            bondAmount: s.bondAmount.toFixed(2),
            documents: documents.get(s.id) ?? [],
          })),
        },
      },
      deps.now,
    );
    return loadProject(tx, projectId, auth);
  });
}
