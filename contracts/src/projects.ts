import { z } from 'zod';
import { paged, ZId, ZIsoDateTime, ZRegionCode, ZText } from './common';
import { defineRoute } from './http';
import { bondCeilingFen, toFen, ZMoney } from './money';
import { ZDocumentChanges, ZPublicDocument } from './tender-documents';

export const ZProjectType = z.enum(['ENGINEERING', 'GOODS', 'SERVICES']);
export type TProjectType = z.infer<typeof ZProjectType>;

export const ZEvaluationMethod = z.enum(['COMPREHENSIVE', 'LOWEST_EVALUATED_PRICE']);
export type TEvaluationMethod = z.infer<typeof ZEvaluationMethod>;

const ZKey = ZText.regex(/^[a-z][a-zA-Z0-9]{0,39}$/, 'a camelCase identifier');

const ZScoreItem = z.strictObject({
  key: ZKey,
  label: ZText.trim().min(1).max(100),
  maxPoints: z.number().positive().max(100),
});

/** How the benchmark price (评标基准价) is computed from the valid bids' prices. */
export const ZBenchmark = z.discriminatedUnion('kind', [
  /** The lowest valid bid price. */
  z.strictObject({ kind: z.literal('LOWEST_VALID') }),
  /** The mean of the valid prices, optionally without the highest and lowest, lowered by a percentage. */
  z.strictObject({
    kind: z.literal('AVERAGE'),
    excludeHighest: z.number().int().min(0).max(3).default(0),
    excludeLowest: z.number().int().min(0).max(3).default(0),
    downwardPercent: z.number().min(0).max(10).default(0),
  }),
]);

/** Comprehensive scoring (综合评估法): technical + commercial + price points, 100 in all. */
const ZComprehensiveTemplate = z.strictObject({
  method: z.literal('COMPREHENSIVE'),
  technical: z.array(ZScoreItem).min(1).max(30),
  commercial: z.array(ZScoreItem).max(30),
  price: z.strictObject({
    maxPoints: z.number().positive().max(100),
    benchmark: ZBenchmark,
    /** Points lost per percent a price lies above the benchmark. */
    deductPerPercentAbove: z.number().min(0).max(10),
    /** Points lost per percent a price lies below the benchmark. */
    deductPerPercentBelow: z.number().min(0).max(10),
  }),
  /** An expert's score this far from the committee mean (percent) must be explained (评分畸高畸低). */
  deviationAlertPercent: z.number().min(5).max(50).default(20),
});

/** Lowest evaluated price (经评审的最低投标价法): pass/fail review, then price adjustments. */
const ZLowestPriceTemplate = z.strictObject({
  method: z.literal('LOWEST_EVALUATED_PRICE'),
  review: z.array(z.strictObject({ key: ZKey, label: ZText.trim().min(1).max(100) })).min(1).max(30),
  adjustments: z.array(z.strictObject({ key: ZKey, label: ZText.trim().min(1).max(100), maxPercent: z.number().min(0).max(20) })).max(20),
  deviationAlertPercent: z.number().min(5).max(50).default(20),
});

export const ZScoringTemplate = z
  .discriminatedUnion('method', [ZComprehensiveTemplate, ZLowestPriceTemplate])
  .superRefine((t, ctx) => {
    const keys = t.method === 'COMPREHENSIVE' ? [...t.technical, ...t.commercial].map((i) => i.key) : [...t.review, ...t.adjustments].map((i) => i.key);
    if (new Set(keys).size !== keys.length) ctx.addIssue({ code: 'custom', message: 'item keys must be unique' });
    if (t.method === 'COMPREHENSIVE') {
      const total = [...t.technical, ...t.commercial].reduce((sum, i) => sum + i.maxPoints, t.price.maxPoints);
      if (Math.abs(total - 100) > 1e-9) ctx.addIssue({ code: 'custom', message: `points must add up to 100, not ${total}` });
    }
  });
export type TScoringTemplate = z.infer<typeof ZScoringTemplate>;

/** One column of the opening form (开标一览表), announced at the opening (唱标). */
export const ZOpeningFormField = z.strictObject({
  key: ZKey,
  label: ZText.trim().min(1).max(50),
  type: z.enum(['money', 'integer', 'decimal', 'percent', 'text']),
  unit: ZText.trim().max(10).optional(),
  required: z.boolean().default(true),
});
export type TOpeningFormField = z.infer<typeof ZOpeningFormField>;

/** The price is always there, first; the tender names the rest (duration, quality, project manager…). */
export const ZOpeningFormFields = z
  .array(ZOpeningFormField)
  .min(1)
  .max(20)
  .refine((fields) => fields[0]?.key === 'price' && fields[0].type === 'money' && fields[0].required, 'the first field must be the required money field "price"')
  .refine((fields) => new Set(fields.map((f) => f.key)).size === fields.length, 'field keys must be unique');

/** Checks a decrypted opening form against the section's fields. */
export function openingFormSchema(fields: readonly TOpeningFormField[]) {
  const byType = {
    money: ZMoney,
    integer: z.number().int().min(0).max(1_000_000_000),
    decimal: z.number().finite(),
    percent: z.number().min(0).max(100),
    text: ZText.trim().min(1).max(200),
  } as const;
  return z.strictObject(Object.fromEntries(fields.map((f) => [f.key, f.required ? byType[f.type] : byType[f.type].optional()])));
}

const ZCode = ZText.trim().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/, 'letters, digits, dash and underscore');

const sectionFields = {
  code: ZCode,
  name: ZText.trim().min(2).max(100),
  estimatedPrice: ZMoney,
  /** 最高投标限价; bids above it are rejected at evaluation. */
  ceilingPrice: ZMoney.nullable(),
  bondAmount: ZMoney,
  bidValidityDays: z.number().int().min(30).max(365),
  /** The bid deadline, which is also the opening time. */
  bidDeadline: ZIsoDateTime,
  /** How long before the deadline bidders may sign in to the opening. */
  signInLeadMinutes: z.number().int().min(5).max(240),
  /** How long bidders have to decrypt their bids once the opening starts. */
  decryptWindowMinutes: z.number().int().min(10).max(240),
  /** Questions (答疑) are taken until this many days before the deadline; 0: until the deadline. */
  questionCutoffDays: z.number().int().min(0).max(30),
  evaluationMethod: ZEvaluationMethod,
  scoringTemplate: ZScoringTemplate,
  openingFormFields: ZOpeningFormFields,
};

type SectionShape = { bondAmount?: string; estimatedPrice?: string; ceilingPrice?: string | null; evaluationMethod?: string; scoringTemplate?: { method: string } };

/** Rules between fields that hold whatever the clock says; the 2 % bond rule has its own error code on the server. */
function checkSection(s: SectionShape, ctx: z.RefinementCtx) {
  if (s.evaluationMethod && s.scoringTemplate && s.scoringTemplate.method !== s.evaluationMethod) {
    ctx.addIssue({ code: 'custom', path: ['scoringTemplate', 'method'], message: 'must match evaluationMethod' });
  }
  if (s.ceilingPrice && s.estimatedPrice && toFen(s.ceilingPrice) > toFen(s.estimatedPrice)) {
    ctx.addIssue({ code: 'custom', path: ['ceilingPrice'], message: 'may not exceed the estimated price' });
  }
}

export const ZSectionInput = z
  .strictObject({
    ...sectionFields,
    ceilingPrice: sectionFields.ceilingPrice.default(null),
    signInLeadMinutes: sectionFields.signInLeadMinutes.default(30),
    decryptWindowMinutes: sectionFields.decryptWindowMinutes.default(30),
    questionCutoffDays: sectionFields.questionCutoffDays.default(0),
  })
  .superRefine(checkSection);
export type TSectionInput = z.input<typeof ZSectionInput>;

/** Whether a bond respects the 2 % ceiling (《招标投标法实施条例》 art. 26). */
export const bondWithinLimit = (bondAmount: string, estimatedPrice: string): boolean => toFen(bondAmount) <= bondCeilingFen(estimatedPrice);

export const ZProjectInput = z.strictObject({
  code: ZCode,
  name: ZText.trim().min(2).max(200),
  type: ZProjectType,
  regionCode: ZRegionCode,
  estimatedPrice: ZMoney,
  /**
   * 依法必须进行招标的项目: the statutory time limits are enforced (20 days from the documents'
   * issue to the deadline, 15 days after an amendment that can affect bid preparation); for
   * other projects they are only warned of. Always stated, never assumed.
   */
  mandatoryTender: z.boolean(),
  tendererOrgId: ZId,
  description: ZText.trim().max(5000).default(''),
});
export type TProjectInput = z.input<typeof ZProjectInput>;

export const ZProjectPatch = ZProjectInput.partial().omit({ tendererOrgId: true });
export const ZSectionPatch = z.strictObject(sectionFields).partial().superRefine(checkSection);

/** Fields an amendment (澄清 · 修改) may change once the section is published. */
export const ZSectionChanges = z
  .strictObject({
    ceilingPrice: sectionFields.ceilingPrice,
    bondAmount: sectionFields.bondAmount,
    bidValidityDays: sectionFields.bidValidityDays,
    bidDeadline: sectionFields.bidDeadline,
    signInLeadMinutes: sectionFields.signInLeadMinutes,
    decryptWindowMinutes: sectionFields.decryptWindowMinutes,
    questionCutoffDays: sectionFields.questionCutoffDays,
    scoringTemplate: sectionFields.scoringTemplate,
    openingFormFields: sectionFields.openingFormFields,
  })
  .partial();

export const ZAmendmentBody = z
  .strictObject({
    reason: ZText.trim().min(2).max(500),
    /** Clarifying text published with the amendment. */
    clarification: ZText.trim().max(10_000).default(''),
    changes: ZSectionChanges.default({}),
    /** Tender document files the amendment publishes, replaces or withdraws. */
    documents: ZDocumentChanges.optional(),
    /**
     * Whether it can affect the preparation of bids (条例 art. 21). Changed documents or terms always
     * can; for a clarification alone the agency says, and it is taken to unless told otherwise.
     */
    affectsPreparation: z.boolean().optional(),
  })
  .refine(
    (a) => a.clarification.length > 0 || Object.keys(a.changes).length > 0 || (a.documents && a.documents.add.length + a.documents.replace.length + a.documents.remove.length > 0),
    'an amendment clarifies or changes something',
  );
export type TAmendmentBody = z.input<typeof ZAmendmentBody>;

export const ZSectionStatus = z.enum(['DRAFT', 'PUBLISHED', 'OPENING', 'EVALUATING', 'AWARDED', 'FAILED']);
/** The status with the clock applied: a published section before its deadline is BIDDING. */
export const ZSectionPhase = z.enum(['DRAFT', 'BIDDING', 'OPENING', 'EVALUATING', 'AWARDED', 'FAILED']);
export type TSectionPhase = z.infer<typeof ZSectionPhase>;

export const ZSection = z.object({
  id: ZId,
  projectId: ZId,
  code: ZText,
  name: ZText,
  estimatedPrice: ZMoney,
  ceilingPrice: ZMoney.nullable(),
  bondAmount: ZMoney,
  bidValidityDays: z.number().int(),
  bidDeadline: ZIsoDateTime,
  signInLeadMinutes: z.number().int(),
  decryptWindowMinutes: z.number().int(),
  questionCutoffDays: z.number().int(),
  /** When questions close: the deadline less `questionCutoffDays`. */
  questionsCloseAt: ZIsoDateTime,
  evaluationMethod: ZEvaluationMethod,
  scoringTemplate: ZScoringTemplate,
  openingFormFields: z.array(ZOpeningFormField),
  status: ZSectionStatus,
  phase: ZSectionPhase,
  /** Where the section stands against the statutory time limits (enforced only for a project that must be tendered by law). */
  timeLimits: z.object({
    /** Whole days from the documents' issue (publication; now for a draft) to the deadline. */
    issueToDeadlineDays: z.number().int(),
    meetsIssueToDeadline: z.boolean(),
    /** An amendment that can affect bid preparation, published now, would have to move the deadline. */
    amendmentMovesDeadline: z.boolean(),
  }),
  /** 1 when published; each amendment adds one. */
  version: z.number().int(),
  publishedAt: ZIsoDateTime.nullable(),
});
export type TSection = z.infer<typeof ZSection>;

const ZOrgRef = z.object({ id: ZId, name: ZText });

export const ZProject = z.object({
  id: ZId,
  code: ZText,
  name: ZText,
  type: ZProjectType,
  regionCode: ZText,
  estimatedPrice: ZMoney,
  description: ZText,
  mandatoryTender: z.boolean(),
  tenderer: ZOrgRef,
  agency: ZOrgRef,
  status: z.enum(['DRAFT', 'PUBLISHED']),
  publishedAt: ZIsoDateTime.nullable(),
  createdAt: ZIsoDateTime,
  sections: z.array(ZSection),
});
export type TProject = z.infer<typeof ZProject>;

export const ZAmendment = z.object({
  id: ZId,
  sectionId: ZId,
  version: z.number().int(),
  reason: ZText,
  clarification: ZText,
  /** Each changed field with its value before and after. */
  changes: z.record(ZText, z.object({ from: z.unknown(), to: z.unknown() })),
  publishedAt: ZIsoDateTime,
});
export type TAmendment = z.infer<typeof ZAmendment>;

export const ZProjectListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  status: z.enum(['DRAFT', 'PUBLISHED']).optional(),
});

export const ZPortalQuery = z.strictObject({
  q: ZText.trim().max(100).optional(),
  regionCode: ZText.regex(/^\d{2,6}$/, 'a region code or its prefix').optional(),
  type: ZProjectType.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** A section as the announcement shows it: with the names, sizes and hashes of its current tender documents. */
export const ZAnnouncedSection = ZSection.extend({ documents: z.array(ZPublicDocument) });
export type TAnnouncedSection = z.infer<typeof ZAnnouncedSection>;

/** A published project as the public sees it (招标公告). */
export const ZAnnouncement = ZProject.omit({ status: true, createdAt: true }).extend({
  publishedAt: ZIsoDateTime,
  sections: z.array(ZAnnouncedSection),
  amendments: z.array(ZAmendment),
});
export type TAnnouncement = z.infer<typeof ZAnnouncement>;

export const ZProjectIdParams = z.strictObject({ projectId: ZId });
export const ZSectionIdParams = z.strictObject({ sectionId: ZId });

export const ZRegistration = z.object({ sectionId: ZId, registeredAt: ZIsoDateTime });

export const ZNotification = z.object({
  id: ZId,
  kind: z.enum(['AMENDMENT_PUBLISHED', 'DEADLINE_CHANGED']),
  title: ZText,
  data: z.record(ZText, z.unknown()),
  createdAt: ZIsoDateTime,
  readAt: ZIsoDateTime.nullable(),
});
export type TNotification = z.infer<typeof ZNotification>;

/**
 * The `data` of an amendment's notification: enough for a client to say, in its own language,
 * what changed (a moved deadline also carries `bidDeadline: { from, to }`). Notifications stored
 * before these were written carry only the ids and the version.
 */
export const ZAmendmentNotificationData = z.object({
  projectId: ZId,
  projectName: ZText,
  sectionId: ZId,
  sectionName: ZText,
  version: z.number().int(),
  /** The section's fields the amendment changed, in the order of the amendment form. */
  fields: z.array(ZSectionChanges.keyof()),
  /** Whether the amendment published a clarification text. */
  clarified: z.boolean(),
  /** Whether it published, replaced or withdrew tender documents. */
  documents: z.boolean(),
});
export type TAmendmentNotificationData = z.infer<typeof ZAmendmentNotificationData>;

export const projectRoutes = {
  create: defineRoute({
    method: 'post',
    path: '/api/projects',
    tag: 'projects',
    summary: 'Create a draft project for a tenderer',
    access: ['AGENCY'],
    body: ZProjectInput,
    response: ZProject,
    status: 201,
    errors: ['PROJECT_CODE_TAKEN', 'NOT_FOUND'],
  }),
  list: defineRoute({
    method: 'get',
    path: '/api/projects',
    tag: 'projects',
    summary: "Projects the caller's organization runs or owns (all of them for supervisors)",
    access: ['AGENCY', 'TENDERER', 'SUPERVISOR', 'ADMIN'],
    query: ZProjectListQuery,
    response: paged(ZProject),
  }),
  get: defineRoute({
    method: 'get',
    path: '/api/projects/:projectId',
    tag: 'projects',
    summary: 'One project with its sections',
    access: ['AGENCY', 'TENDERER', 'SUPERVISOR', 'ADMIN'],
    params: ZProjectIdParams,
    response: ZProject,
    errors: ['NOT_FOUND'],
  }),
  update: defineRoute({
    method: 'patch',
    path: '/api/projects/:projectId',
    tag: 'projects',
    summary: 'Edit a draft project',
    access: ['AGENCY'],
    params: ZProjectIdParams,
    body: ZProjectPatch,
    response: ZProject,
    errors: ['NOT_FOUND', 'INVALID_STATE', 'PROJECT_CODE_TAKEN'],
  }),
  addSection: defineRoute({
    method: 'post',
    path: '/api/projects/:projectId/sections',
    tag: 'projects',
    summary: 'Add a section (标段) to a draft project',
    access: ['AGENCY'],
    params: ZProjectIdParams,
    body: ZSectionInput,
    response: ZProject,
    status: 201,
    errors: ['NOT_FOUND', 'INVALID_STATE', 'SECTION_CODE_TAKEN', 'BOND_EXCEEDS_LIMIT', 'DEADLINE_IN_PAST', 'QUESTION_CUTOFF_IN_PAST'],
  }),
  updateSection: defineRoute({
    method: 'patch',
    path: '/api/sections/:sectionId',
    tag: 'projects',
    summary: 'Edit a draft section',
    access: ['AGENCY'],
    params: ZSectionIdParams,
    body: ZSectionPatch,
    response: ZProject,
    errors: ['NOT_FOUND', 'INVALID_STATE', 'SECTION_CODE_TAKEN', 'BOND_EXCEEDS_LIMIT', 'DEADLINE_IN_PAST', 'QUESTION_CUTOFF_IN_PAST'],
  }),
  deleteSection: defineRoute({
    method: 'delete',
    path: '/api/sections/:sectionId',
    tag: 'projects',
    summary: 'Remove a draft section',
    access: ['AGENCY'],
    params: ZSectionIdParams,
    response: ZProject,
    errors: ['NOT_FOUND', 'INVALID_STATE'],
  }),
  publish: defineRoute({
    method: 'post',
    path: '/api/projects/:projectId/publish',
    tag: 'projects',
    summary: 'Publish the announcement (招标公告); bidding opens on every section',
    access: ['AGENCY'],
    params: ZProjectIdParams,
    response: ZProject,
    errors: ['NOT_FOUND', 'INVALID_STATE', 'BOND_EXCEEDS_LIMIT', 'DEADLINE_IN_PAST', 'QUESTION_CUTOFF_IN_PAST'],
  }),
  amend: defineRoute({
    method: 'post',
    path: '/api/sections/:sectionId/amendments',
    tag: 'projects',
    summary: 'Publish a clarification or amendment (澄清 · 修改) before the deadline, as a new version',
    access: ['AGENCY'],
    params: ZSectionIdParams,
    body: ZAmendmentBody,
    response: ZAmendment,
    status: 201,
    errors: ['NOT_FOUND', 'INVALID_STATE', 'DEADLINE_PASSED', 'BOND_EXCEEDS_LIMIT', 'DEADLINE_IN_PAST'],
  }),
  portalList: defineRoute({
    method: 'get',
    path: '/api/portal/announcements',
    tag: 'projects',
    summary: 'Published announcements, searchable by code, name, region and type (no sign-in)',
    access: 'public',
    query: ZPortalQuery,
    response: paged(ZAnnouncement),
  }),
  portalGet: defineRoute({
    method: 'get',
    path: '/api/portal/announcements/:projectId',
    tag: 'projects',
    summary: 'One published announcement with its amendments (no sign-in)',
    access: 'public',
    params: ZProjectIdParams,
    response: ZAnnouncement,
    errors: ['NOT_FOUND'],
  }),
  register: defineRoute({
    method: 'put',
    path: '/api/sections/:sectionId/registration',
    tag: 'projects',
    summary: "Register for a section (获取招标文件): the bidder may then download its tender documents, ask questions and receives its amendments; nobody else learns of it",
    access: ['BIDDER'],
    params: ZSectionIdParams,
    response: ZRegistration,
    errors: ['NOT_FOUND', 'DEADLINE_PASSED'],
  }),
  myRegistrations: defineRoute({
    method: 'get',
    path: '/api/bidder/registrations',
    tag: 'projects',
    summary: "The sections the bidder's organization registered for",
    access: ['BIDDER'],
    response: z.object({ items: z.array(ZRegistration.extend({ projectId: ZId, projectName: ZText, sectionName: ZText, bidDeadline: ZIsoDateTime })) }),
  }),
  tenderers: defineRoute({
    method: 'get',
    path: '/api/directory/tenderers',
    tag: 'projects',
    summary: 'Active tenderer organizations an agency may run a project for',
    access: ['AGENCY'],
    response: z.object({ items: z.array(z.object({ id: ZId, name: ZText, creditCode: ZText, regionCode: ZText })) }),
  }),
  readNotification: defineRoute({
    method: 'post',
    path: '/api/notifications/:notificationId/read',
    tag: 'projects',
    summary: 'Mark a notification of the organization as read',
    access: 'authenticated',
    params: z.strictObject({ notificationId: ZId }),
    response: ZNotification,
    errors: ['NOT_FOUND'],
  }),
  notifications: defineRoute({
    method: 'get',
    path: '/api/notifications',
    tag: 'projects',
    summary: "Notifications to the caller's organization, newest first",
    access: 'authenticated',
    response: z.object({ items: z.array(ZNotification) }),
  }),
} as const;
