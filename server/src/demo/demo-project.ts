import { Readable } from 'node:stream';
import { ZOpeningFormFields, ZScoringTemplate, ZSectionInput } from '@bidhall/contracts';
import { DEMO_REGION, demoOrganizations } from '@bidhall/db';
import type { AuthContext } from '../lib/http/auth-context';
import { addSection, createProject, publishProject } from '../modules/projects/manage-projects';
import { registerForSection } from '../modules/projects/registrations';
import { uploadDocument } from '../modules/tender-documents/upload-document';
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
    // Not a project the law requires to be tendered, so its opening can be minutes after start.
    mandatoryTender: false,
    tendererOrgId: tendererOrg.id,
    description: '滨江大道（解放路至新港路段）道路、排水及照明改造，全长约 2.6 公里。',
  });
  const draft = await addSection(
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
  const documents = { prisma: s.prisma, clock: s.clock, sealer: s.bids.sealer, blobs: s.bids.blobs };
  await uploadDocument(documents, auth, draft.sections[0]!.id, '招标文件（示例）.txt', Readable.from([Buffer.from(DEMO_TENDER_DOCUMENT, 'utf8')]));
  const published = await publishProject(deps, auth, project.id);
  const bidders = await s.prisma.organization.findMany({ where: { creditCode: { in: demoOrganizations.filter((o) => o.kind === 'BIDDER').map((o) => o.creditCode) } } });
  for (const bidder of bidders) await registerForSection({ prisma: s.prisma, sealer: s.bids.sealer, now }, bidder.id, published.sections[0]!.id);
  return { projectId: project.id, bidDeadline };
}

/** The demo section's tender document: plain text, so that it says plainly what it is. */
const DEMO_TENDER_DOCUMENT = `鼎城市滨江大道改造工程 施工标段 招标文件（示例）

本文件为演示数据，用于体验“报名并获取招标文件”、校验文件哈希与答疑流程。

第一章 招标公告：滨江大道（解放路至新港路段）道路、排水及照明改造，全长约 2.6 公里。
第二章 投标人须知：投标文件须在投标截止时间前加密上传；逾期上传的投标文件，平台不予接收。
第三章 评标办法：综合评估法，技术 30 分、商务 10 分、价格 60 分。
第四章 工程量清单：详见本标段工程量清单（示例从略）。
`;

const byKey = (key: string) => demoOrganizations.find((o) => o.key === key)!;
