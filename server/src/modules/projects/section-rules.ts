import { bondCeilingFen, bondWithinLimit, fromFen } from '@bidhall/contracts';
import { AppError } from '../../lib/app-error';

/**
 * Rules that need the server's clock or carry their own error code: the 2 % bond ceiling
 * (《招标投标法实施条例》 art. 26) and a deadline that lies ahead.
 */
export function assertSectionRules(section: { bondAmount: string; estimatedPrice: string; bidDeadline: Date }, now: Date): void {
  if (!bondWithinLimit(section.bondAmount, section.estimatedPrice)) {
    throw new AppError('BOND_EXCEEDS_LIMIT', 'the bid bond may not exceed 2 % of the estimated price', {
      bondAmount: section.bondAmount,
      maximum: fromFen(bondCeilingFen(section.estimatedPrice)),
    });
  }
  if (section.bidDeadline.getTime() <= now.getTime()) {
    throw new AppError('DEADLINE_IN_PAST', 'the bid deadline must lie in the future', { bidDeadline: section.bidDeadline.toISOString(), serverTime: now.toISOString() });
  }
}

/**
 * Bidders must be able to ask questions (答疑) once the section is published: the cut-off, the
 * deadline less `questionCutoffDays`, must lie ahead. Checked on drafts and at publication;
 * an amendment may close the questions early, or reopen them by moving the deadline.
 */
export function assertQuestionCutoff(section: { bidDeadline: Date; questionCutoffDays: number }, now: Date): void {
  const closesAt = new Date(section.bidDeadline.getTime() - section.questionCutoffDays * 86_400_000);
  if (closesAt.getTime() <= now.getTime()) {
    throw new AppError('QUESTION_CUTOFF_IN_PAST', 'the question cut-off (the deadline less the cut-off days) must lie in the future', {
      questionsCloseAt: closesAt.toISOString(),
      serverTime: now.toISOString(),
    });
  }
}
