import type { TQuestion } from '@bidhall/contracts';
import type { Question } from '@bidhall/db';
import type { Sealer } from '../bids/sealing';

/** Nothing about the asker: neither the agency nor anyone else may learn who asked. */
export const toQuestionView = (q: Question): TQuestion => ({
  id: q.id,
  sectionId: q.sectionId,
  text: q.text,
  askedAt: q.askedAt.toISOString(),
  status: q.answer === null ? 'PENDING' : 'ANSWERED',
  answer: q.answer,
  answeredVersion: q.answeredVersion,
  answeredAt: q.answeredAt?.toISOString() ?? null,
});

/** What `askerSealed` holds. */
interface SealedAsker {
  s: string;
  o: string;
}

export const sealAsker = (sealer: Sealer, sectionId: string, orgId: string): string => sealer.sealValue('question-asker', { s: sectionId, o: orgId } satisfies SealedAsker);

/** Whether the organization asked the question; only the application can tell, by unsealing it. */
export const askedBy = (sealer: Sealer, q: Question, orgId: string): boolean => {
  const asker = sealer.unsealValue<SealedAsker>('question-asker', q.askerSealed);
  return asker.s === q.sectionId && asker.o === orgId;
};
