import { ZOpeningFormFields, ZScoringTemplate, ZSectionInput } from '@bidhall/contracts';
import { DEMO_REGION, demoOrganizations } from '@bidhall/db';
import type { AuthContext } from '../lib/http/auth-context';
import { addSection, createProject, publishProject } from '../modules/projects/manage-projects';
import type { Services } from '../services';

/** A demo section opens this long after it is created, so a fresh start always has an opening ahead. */
export const DEMO_OPENING_LEAD_MINUTES = 10;

const scoringTemplate = ZScoringTemplate.parse({
  method: 'COMPREHENSIVE',
  technical: [
    { key: 'constructionPlan', label: '施工组织设计', maxPoints: 15 },
    { key: 'projectTeam', label: '项目管理机构', maxPoints: 10 },
    { key: 'qualitySafety', label: '质量与安全保证措施', maxPoints: 5 },
  ],
  commercial: [
    { key: 'track', label: '企业类似工程业绩', maxPoints: 6 },
    { key: 'credit', label: '企业信誉', maxPoints: 4 },
  ],
  price: { maxPoints: 60, benchmark: { kind: 'AVERAGE', excludeHighest: 1, excludeLowest: 1, downwardPercent: 3 }, deductPerPercentAbove: 1, deductPerPercentBelow: 0.5 },
  deviationAlertPercent: 20,
});

const openingFormFields = ZOpeningFormFields.parse([
  { key: 'price', label: '投标报价', type: 'money', unit: '元' },
  { key: 'durationDays', label: '工期', type: 'integer', unit: '日历天' },
  { key: 'quality', label: '质量标准', type: 'text' },
  { key: 'projectManager', label: '项目经理', type: 'text' },
]);

/**
 * Makes sure the demo has a section still open for bids: when the last demo section's deadline
 * has passed (or there is none), a new project is published whose opening is a few minutes away,
 * and every demo bidder is registered for it.
 */
export async function ensureDemoProject(s: Services): Promise<{ projectId: string; bidDeadline: Date } | null> {
  const now = s.clock.now();
  const agencyOrg = await s.prisma.organization.findUnique({ where: { creditCode: byKey('agency').creditCode } });
  const tendererOrg = await s.prisma.organization.findUnique({ where: { creditCode: byKey('tenderer').creditCode } });
  const agencyUser = agencyOrg && (await s.prisma.user.findFirst({ where: { orgId: agencyOrg.id } }));
  if (!agencyOrg || !tendererOrg || !agencyUser) return null;

  const open = await s.prisma.section.findFirst({
    where: { status: 'PUBLISHED', bidDeadline: { gt: new Date(now.getTime() + 60_000) }, project: { agencyOrgId: agencyOrg.id } },
    orderBy: { bidDeadline: 'asc' },
  });
  if (open) return { projectId: open.projectId, bidDeadline: open.bidDeadline };

  const auth: AuthContext = { userId: agencyUser.id, role: 'AGENCY', orgId: agencyOrg.id, name: agencyUser.displayName };
  const deps = { prisma: s.prisma, now };
  const stamp = now.toISOString().slice(0, 16).replace(/\D/g, '');
  const bidDeadline = new Date(Math.ceil((now.getTime() + DEMO_OPENING_LEAD_MINUTES * 60_000) / 60_000) * 60_000);
  const project = await createProject(deps, auth, {
    code: `DC-${stamp}`,
    name: '鼎城市滨江大道改造工程',
    type: 'ENGINEERING',
    regionCode: DEMO_REGION,
    estimatedPrice: '12000000.00',
    tendererOrgId: tendererOrg.id,
    description: '滨江大道（解放路至新港路段）道路、排水及照明改造，全长约 2.6 公里。',
  });
  await addSection(
    deps,
    auth,
    project.id,
    ZSectionInput.parse({
      code: '01',
      name: '施工标段',
      estimatedPrice: '12000000.00',
      ceilingPrice: '11800000.00',
      bondAmount: '200000.00',
      bidValidityDays: 90,
      bidDeadline: bidDeadline.toISOString(),
      signInLeadMinutes: 5,
      decryptWindowMinutes: 30,
      evaluationMethod: 'COMPREHENSIVE',
      scoringTemplate,
      openingFormFields,
    }),
  );
  const published = await publishProject(deps, auth, project.id);
  const bidders = await s.prisma.organization.findMany({ where: { creditCode: { in: demoOrganizations.filter((o) => o.kind === 'BIDDER').map((o) => o.creditCode) } } });
  await s.prisma.sectionRegistration.createMany({
    data: bidders.map((b) => ({ sectionId: published.sections[0]!.id, bidderOrgId: b.id, registeredAt: now })),
    skipDuplicates: true,
  });
  return { projectId: project.id, bidDeadline };
}

const byKey = (key: string) => demoOrganizations.find((o) => o.key === key)!;
