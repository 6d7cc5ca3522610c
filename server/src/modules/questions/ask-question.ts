import { MAX_OPEN_QUESTIONS_PER_BIDDER, type TQuestion, type ZAskBody } from '@bidhall/contracts';
import type { Question } from '@bidhall/db';
import type { z } from 'zod';
import { AppError } from '../../lib/app-error';
import type { AuthContext } from '../../lib/http/auth-context';
import { appendAudit } from '../audit/audit-log';
import { isUniqueViolation } from '../auth/register';
import { lockSection } from '../projects/project-access';
import { requireRegistration } from '../projects/registrations';
import { questionsCloseAt } from '../projects/views';
import type { QuestionDeps } from './question-deps';
import { askedBy, sealAsker, toQuestionView } from './question-views';

/** A question already stored under the id: the same bidder sending the same text again gets it back; anything else is a conflict. */
function replayed(deps: QuestionDeps, existing: Question | null, orgId: string, text: string): TQuestion | null {
  if (!existing) return null;
  if (existing.text === text && askedBy(deps.sealer, existing, orgId)) return toQuestionView(existing);
  throw new AppError('ALREADY_DONE', 'a question with this id exists');
}

/**
 * A registered bidder asks a question about a section before its cut-off. The asker is sealed
 * (AES-GCM under the application's key): the agency reads the text only, and a database
 * administrator cannot link the question to a bidder either. The audit event has no actor.
 */
export async function askQuestion(deps: QuestionDeps, auth: AuthContext, sectionId: string, body: z.output<typeof ZAskBody>): Promise<TQuestion> {
  const orgId = auth.orgId!;
  const section = await deps.prisma.section.findFirst({ where: { id: sectionId, status: { not: 'DRAFT' } } });
  if (!section) throw AppError.notFound('section');
  await requireRegistration(deps.prisma, deps.sealer, sectionId, orgId);
  const again = replayed(deps, await deps.prisma.question.findUnique({ where: { id: body.id } }), orgId, body.text);
  if (again) return again;
  const now = deps.clock.now();
  const closesAt = questionsCloseAt(section);
  if (section.status !== 'PUBLISHED' || now >= closesAt) throw new AppError('QUESTIONS_CLOSED', 'questions on this section are closed', { questionsCloseAt: closesAt.toISOString() });
  try {
    return await deps.prisma.$transaction(async (tx) => {
      // One bidder's questions at once could otherwise both pass the limit.
      await lockSection(tx, sectionId);
      const open = await tx.question.findMany({ where: { sectionId, answer: null } });
      if (open.filter((q) => askedBy(deps.sealer, q, orgId)).length >= MAX_OPEN_QUESTIONS_PER_BIDDER) {
        throw new AppError('TOO_MANY_QUESTIONS', `at most ${MAX_OPEN_QUESTIONS_PER_BIDDER} questions may wait for an answer`, { maxOpen: MAX_OPEN_QUESTIONS_PER_BIDDER });
      }
      const question = await tx.question.create({ data: { id: body.id, sectionId, text: body.text, askerSealed: sealAsker(deps.sealer, sectionId, orgId), askedAt: now } });
      await appendAudit(tx, { actor: null, action: 'question.asked', subjectType: 'section', subjectId: sectionId, data: { questionId: question.id } }, now);
      return toQuestionView(question);
    });
  } catch (error) {
    // The same request twice at once: the second finds the first.
    if (!isUniqueViolation(error)) throw error;
    return replayed(deps, await deps.prisma.question.findUnique({ where: { id: body.id } }), orgId, body.text)!;
  }
}
