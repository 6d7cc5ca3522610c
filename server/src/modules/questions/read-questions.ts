import type { TQuestion } from '@bidhall/contracts';
import { AppError } from '../../lib/app-error';
import type { AuthContext } from '../../lib/http/auth-context';
import { visibleProjects } from '../projects/project-access';
import { requireRegistration } from '../projects/registrations';
import type { QuestionDeps } from './question-deps';
import { askedBy, toQuestionView } from './question-views';

const oldestFirst = [{ askedAt: 'asc' }, { id: 'asc' }] as const;

/** The bidder's own questions on a section: found by unsealing the section's questions, so the cost is what the section holds. */
export async function myQuestions(deps: QuestionDeps, auth: AuthContext, sectionId: string): Promise<{ items: TQuestion[] }> {
  const section = await deps.prisma.section.findFirst({ where: { id: sectionId, status: { not: 'DRAFT' } }, select: { id: true } });
  if (!section) throw AppError.notFound('section');
  await requireRegistration(deps.prisma, deps.sealer, sectionId, auth.orgId);
  const rows = await deps.prisma.question.findMany({ where: { sectionId }, orderBy: [...oldestFirst] });
  return { items: rows.filter((q) => askedBy(deps.sealer, q, auth.orgId!)).map(toQuestionView) };
}

/** Every question on a section for the agency running it, its tenderer and supervisors: the text, never the asker. */
export async function questionInbox(deps: QuestionDeps, auth: AuthContext, sectionId: string): Promise<{ items: TQuestion[] }> {
  const section = await deps.prisma.section.findFirst({ where: { id: sectionId, project: visibleProjects(auth) }, select: { id: true } });
  if (!section) throw AppError.notFound('section');
  const rows = await deps.prisma.question.findMany({ where: { sectionId }, orderBy: [...oldestFirst] });
  return { items: rows.map(toQuestionView) };
}

/** The answered questions of a published section, as its clarifications published them. */
export async function publishedAnswers(deps: QuestionDeps, sectionId: string): Promise<{ items: TQuestion[] }> {
  const section = await deps.prisma.section.findFirst({ where: { id: sectionId, status: { not: 'DRAFT' } }, select: { id: true } });
  if (!section) throw AppError.notFound('section');
  const rows = await deps.prisma.question.findMany({ where: { sectionId, answer: { not: null } }, orderBy: [{ answeredVersion: 'asc' }, ...oldestFirst] });
  return { items: rows.map(toQuestionView) };
}
