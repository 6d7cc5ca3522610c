import type { TAmendment, TOpeningFormField, TProject, TScoringTemplate, TSection, TSectionPhase } from '@bidhall/contracts';
import type { Amendment, Organization, Prisma, Project, Section } from '@bidhall/db';
import { timeLimitsOf } from './time-limits';

/** The stored status with the clock applied: bids are accepted while a published section's deadline is ahead. */
export function phaseOf(section: Pick<Section, 'status' | 'bidDeadline'>, now: Date): TSectionPhase {
  if (section.status === 'PUBLISHED') return now < section.bidDeadline ? 'BIDDING' : 'OPENING';
  return section.status;
}

/** When a section stops taking questions (答疑): its deadline less the cut-off days. */
export const questionsCloseAt = (s: Pick<Section, 'bidDeadline' | 'questionCutoffDays'>): Date => new Date(s.bidDeadline.getTime() - s.questionCutoffDays * 86_400_000);

export const toSectionView = (s: Section, now: Date): TSection => ({
  id: s.id,
  projectId: s.projectId,
  code: s.code,
  name: s.name,
  estimatedPrice: s.estimatedPrice.toFixed(2),
  ceilingPrice: s.ceilingPrice?.toFixed(2) ?? null,
  bondAmount: s.bondAmount.toFixed(2),
  bidValidityDays: s.bidValidityDays,
  bidDeadline: s.bidDeadline.toISOString(),
  signInLeadMinutes: s.signInLeadMinutes,
  decryptWindowMinutes: s.decryptWindowMinutes,
  questionCutoffDays: s.questionCutoffDays,
  questionsCloseAt: questionsCloseAt(s).toISOString(),
  evaluationMethod: s.evaluationMethod,
  scoringTemplate: s.scoringTemplate as TScoringTemplate,
  openingFormFields: s.openingFormFields as TOpeningFormField[],
  status: s.status,
  phase: phaseOf(s, now),
  timeLimits: timeLimitsOf(s, now),
  version: s.version,
  publishedAt: s.publishedAt?.toISOString() ?? null,
});

export type ProjectWithParts = Project & { sections: Section[]; tenderer: Organization; agency: Organization };

export const projectInclude = {
  sections: { orderBy: { code: 'asc' } },
  tenderer: true,
  agency: true,
} satisfies Prisma.ProjectInclude;

export const toProjectView = (p: ProjectWithParts, now: Date): TProject => ({
  id: p.id,
  code: p.code,
  name: p.name,
  type: p.type,
  regionCode: p.regionCode,
  estimatedPrice: p.estimatedPrice.toFixed(2),
  mandatoryTender: p.mandatoryTender,
  description: p.description,
  tenderer: { id: p.tenderer.id, name: p.tenderer.name },
  agency: { id: p.agency.id, name: p.agency.name },
  status: p.status,
  publishedAt: p.publishedAt?.toISOString() ?? null,
  createdAt: p.createdAt.toISOString(),
  sections: p.sections.map((s) => toSectionView(s, now)),
});

export const toAmendmentView = (a: Amendment): TAmendment => ({
  id: a.id,
  sectionId: a.sectionId,
  version: a.version,
  reason: a.reason,
  clarification: a.clarification,
  changes: a.changes as TAmendment['changes'],
  publishedAt: a.publishedAt.toISOString(),
});
