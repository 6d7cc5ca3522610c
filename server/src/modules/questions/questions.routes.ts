import { apiRoutes } from '@bidhall/contracts';
import { bind, type BoundRoute } from '../../lib/http/route';
import type { Services } from '../../services';
import { answerQuestions } from './answer-questions';
import { askQuestion } from './ask-question';
import type { QuestionDeps } from './question-deps';
import { myQuestions, publishedAnswers, questionInbox } from './read-questions';

export function questionRoutes(s: Services): BoundRoute[] {
  const r = apiRoutes.questions;
  const deps: QuestionDeps = { prisma: s.prisma, clock: s.clock, sealer: s.bids.sealer, events: s.events };
  return [
    bind(r.ask, async ({ auth, params, body }) => askQuestion(deps, auth, params.sectionId, body)),
    bind(r.mine, async ({ auth, params }) => myQuestions(deps, auth, params.sectionId)),
    bind(r.inbox, async ({ auth, params }) => questionInbox(deps, auth, params.sectionId)),
    bind(r.answer, async ({ auth, params, body }) => answerQuestions(deps, auth, params.sectionId, body)),
    bind(r.published, async ({ params }) => publishedAnswers(deps, params.sectionId)),
  ];
}
