import type { TAmendment, ZAnswerBody } from '@bidhall/contracts';
import type { z } from 'zod';
import { AppError } from '../../lib/app-error';
import type { AuthContext } from '../../lib/http/auth-context';
import { appendAudit } from '../audit/audit-log';
import { amendSection } from '../projects/amend-section';
import type { QuestionDeps } from './question-deps';

const DEFAULT_REASON = '答疑澄清';

/**
 * The agency answers questions: each question is published with its answer — never its asker —
 * as a clarification (澄清), the section's next version, through the amendment path, so every
 * registered bidder is told as of any amendment. A question answered meanwhile is ALREADY_DONE
 * and nothing is published.
 */
export async function answerQuestions(deps: QuestionDeps, auth: AuthContext, sectionId: string, body: z.output<typeof ZAnswerBody>): Promise<TAmendment> {
  const ids = body.answers.map((a) => a.questionId);
  const questions = await deps.prisma.question.findMany({ where: { id: { in: ids }, sectionId, section: { project: { agencyOrgId: auth.orgId ?? '' } } } });
  if (questions.length !== ids.length) throw AppError.notFound('question');
  const byId = new Map(questions.map((q) => [q.id, q]));
  const clarification = body.answers.map((a, i) => `${i + 1}. 问：${byId.get(a.questionId)!.text}\n答：${a.answer}`).join('\n\n');
  return amendSection(
    { prisma: deps.prisma, events: deps.events, sealer: deps.sealer, clock: deps.clock },
    auth,
    sectionId,
    { reason: body.reason ?? DEFAULT_REASON, clarification, changes: {} },
    async (tx, { version, now }) => {
      for (const a of body.answers) {
        const done = await tx.question.updateMany({ where: { id: a.questionId, answer: null }, data: { answer: a.answer, answeredVersion: version, answeredAt: now, answeredById: auth.userId } });
        if (done.count !== 1) throw new AppError('ALREADY_DONE', 'a question was answered meanwhile', { questionId: a.questionId });
      }
      await appendAudit(tx, { actor: { id: auth.userId, orgId: auth.orgId }, action: 'questions.answered', subjectType: 'section', subjectId: sectionId, data: { version, questionIds: ids } }, now);
    },
  );
}
