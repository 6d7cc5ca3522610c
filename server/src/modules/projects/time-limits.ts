import { AppError } from '../../lib/app-error';

/** 《招标投标法》 art. 24: at least 20 days from the issue of the tender documents to the bid deadline. */
export const MIN_DAYS_ISSUE_TO_DEADLINE = 20;
/** 《招标投标法实施条例》 art. 21: a clarification or amendment that can affect bid preparation comes at least 15 days before the deadline. */
export const MIN_DAYS_AMENDMENT_TO_DEADLINE = 15;
const DAY_MS = 86_400_000;

/** The section fields whose change cannot affect how a bid is prepared: the timing of the opening itself. */
const TIMING_ONLY = new Set(['bidDeadline', 'signInLeadMinutes', 'decryptWindowMinutes', 'questionCutoffDays']);

/**
 * Publication: for a project that must be tendered by law, every section's deadline lies at least
 * 20 days after the documents are issued (now); for other projects a shorter one is allowed.
 */
export function assertIssueToDeadline(project: { mandatoryTender: boolean }, section: { code: string; bidDeadline: Date }, now: Date): void {
  const earliest = new Date(now.getTime() + MIN_DAYS_ISSUE_TO_DEADLINE * DAY_MS);
  if (project.mandatoryTender && section.bidDeadline < earliest) {
    throw new AppError('TIME_LIMIT', `for a project that must be tendered by law, the bid deadline lies at least ${MIN_DAYS_ISSUE_TO_DEADLINE} days after the documents are issued`, {
      rule: 'ISSUE_TO_DEADLINE',
      minimumDays: MIN_DAYS_ISSUE_TO_DEADLINE,
      sectionCode: section.code,
      earliestDeadline: earliest.toISOString(),
    });
  }
}

/** Whether an amendment can affect bid preparation: anything but the opening's own timing, or a clarification its author says does. */
export function affectsPreparation(amendment: { fields: string[]; documents: boolean; clarification: string; affectsPreparation?: boolean | undefined }): boolean {
  if (amendment.affectsPreparation !== undefined) return amendment.affectsPreparation || amendment.documents || amendment.fields.some((f) => !TIMING_ONLY.has(f));
  return amendment.documents || amendment.clarification.length > 0 || amendment.fields.some((f) => !TIMING_ONLY.has(f));
}

/**
 * The deadline after an amendment. One that can affect bid preparation, published less than 15
 * days before the deadline, moves it to 15 days after the amendment (or later, if the agency
 * chose later) — for a project that must be tendered by law; others keep what the agency chose.
 */
export function deadlineAfterAmendment(project: { mandatoryTender: boolean }, deadline: Date, affects: boolean, now: Date): { deadline: Date; moved: boolean } {
  const earliest = new Date(Math.ceil((now.getTime() + MIN_DAYS_AMENDMENT_TO_DEADLINE * DAY_MS) / 60_000) * 60_000);
  if (!project.mandatoryTender || !affects || deadline >= earliest) return { deadline, moved: false };
  return { deadline: earliest, moved: true };
}

/** What a section's view says of the limits, so an interface can warn before it is refused (or, for other projects, before it is unwise). */
export function timeLimitsOf(section: { bidDeadline: Date; publishedAt: Date | null }, now: Date) {
  const issue = section.publishedAt ?? now;
  const issueToDeadlineDays = Math.floor((section.bidDeadline.getTime() - issue.getTime()) / DAY_MS);
  const daysToDeadline = (section.bidDeadline.getTime() - now.getTime()) / DAY_MS;
  return {
    issueToDeadlineDays,
    meetsIssueToDeadline: issueToDeadlineDays >= MIN_DAYS_ISSUE_TO_DEADLINE,
    /** An amendment that can affect bid preparation published now would have to move the deadline. */
    amendmentMovesDeadline: daysToDeadline < MIN_DAYS_AMENDMENT_TO_DEADLINE,
  };
}
