import { type TSection, ZSectionChanges, ZSectionInput } from '@bidhall/contracts';
import { describe, expect, it } from 'vitest';
import {
  comprehensiveTotal,
  type DraftDefaults,
  defaultDeadline,
  draftOfSection,
  newSectionDraft,
  nextKey,
  toSectionChanges,
  toSectionInput,
  totalsToHundred,
} from './section-draft';

const defaults: DraftDefaults = {
  technical: ['施工组织设计', '项目管理机构', '质量与安全保证措施'],
  commercial: ['企业类似工程业绩', '企业信誉'],
  review: ['形式评审', '资格评审', '响应性评审'],
  price: { label: '投标报价', unit: '元' },
  duration: { label: '工期', unit: '日历天' },
  quality: '质量标准',
  projectManager: '项目经理',
};

const serverNowMs = Date.parse('2026-11-28T13:00:00Z');

describe('a new section draft', () => {
  it('becomes a valid section once named and given a bond', () => {
    const draft = { ...newSectionDraft(defaults, { code: '01', estimatedPrice: '12000000.00', serverNowMs }), name: '施工标段', bondAmount: '200000.00' };
    const parsed = ZSectionInput.safeParse(toSectionInput(draft));
    expect(parsed.error?.issues).toBeUndefined();
    expect(parsed.data).toMatchObject({ code: '01', ceilingPrice: null, bidDeadline: '2026-12-19T01:30:00.000Z', openingFormFields: [{ key: 'price', type: 'money', required: true }, {}, {}, {}] });
  });

  it('starts with comprehensive points that add up to 100', () => {
    const draft = newSectionDraft(defaults, { code: '01', estimatedPrice: '1.00', serverNowMs });
    expect(comprehensiveTotal(draft.comprehensive)).toBe(100);
    expect(totalsToHundred(comprehensiveTotal({ ...draft.comprehensive, pricePoints: '59.5' }))).toBe(false);
  });

  it('converts a lowest-evaluated-price template', () => {
    const draft = newSectionDraft(defaults, { code: '02', estimatedPrice: '500000.00', serverNowMs });
    const lowest = {
      ...draft,
      name: '监理标段',
      bondAmount: '10000.00',
      evaluationMethod: 'LOWEST_EVALUATED_PRICE' as const,
      lowestPrice: { ...draft.lowestPrice, adjustments: [{ key: 'adjust1', label: '付款条件偏差', weight: '2.5' }] },
    };
    const parsed = ZSectionInput.parse(toSectionInput(lowest));
    expect(parsed.scoringTemplate).toEqual({
      method: 'LOWEST_EVALUATED_PRICE',
      review: [
        { key: 'review1', label: '形式评审' },
        { key: 'review2', label: '资格评审' },
        { key: 'review3', label: '响应性评审' },
      ],
      adjustments: [{ key: 'adjust1', label: '付款条件偏差', maxPercent: 2.5 }],
      deviationAlertPercent: 20,
    });
  });

  it('sends a blank number as NaN, which the platform rejects at the field', () => {
    const draft = { ...newSectionDraft(defaults, { code: '01', estimatedPrice: '1.00', serverNowMs }), bidValidityDays: ' ' };
    expect(toSectionInput(draft).bidValidityDays).toBeNaN();
  });
});

describe('defaultDeadline', () => {
  it('is 09:30 Beijing time three weeks ahead, whatever the hour now', () => {
    expect(defaultDeadline(Date.parse('2026-11-28T17:00:00Z'))).toBe('2026-12-20T09:30');
  });
});

describe('draftOfSection', () => {
  const input = ZSectionInput.parse(
    toSectionInput({ ...newSectionDraft(defaults, { code: '01', estimatedPrice: '12000000.00', serverNowMs }), name: '施工标段', bondAmount: '200000.00', ceilingPrice: '11800000.00' }),
  );
  const section = {
    id: '5b0e4f0a-7c36-4b8e-9a43-1c1f0d6f2f10',
    projectId: '0c9d9a9e-3f55-4f38-8d7a-0a3d8b1e4c22',
    version: 1,
    status: 'PUBLISHED',
    phase: 'BIDDING',
    timeLimits: { issueToDeadlineDays: 23, meetsIssueToDeadline: true, amendmentMovesDeadline: false },
    publishedAt: '2026-11-28T12:00:00.000Z',
    ...input,
    questionsCloseAt: input.bidDeadline,
  } satisfies TSection;

  it('gives back the section it was made from', () => {
    expect(ZSectionInput.parse(toSectionInput(draftOfSection(section, defaults)))).toEqual(input);
  });

  it('builds amendment changes from the chosen fields only', () => {
    const draft = { ...draftOfSection(section, defaults), bidDeadline: '2026-12-21T10:00', bondAmount: '150000.00' };
    const changes = toSectionChanges(draft, new Set(['bidDeadline'] as const));
    expect(ZSectionChanges.parse(changes)).toEqual({ bidDeadline: '2026-12-21T02:00:00.000Z' });
    expect(toSectionChanges(draft, new Set(['ceilingPrice'] as const))).toEqual({ ceilingPrice: '11800000.00' });
    expect(toSectionChanges({ ...draft, questionCutoffDays: '3' }, new Set(['questionCutoffDays'] as const))).toEqual({ questionCutoffDays: 3 });
  });
});

describe('nextKey', () => {
  it('skips keys in use', () => {
    expect(nextKey('technical', [{ key: 'technical1' }, { key: 'technical3' }])).toBe('technical4');
    expect(nextKey('technical', [{ key: 'technical3' }, { key: 'constructionPlan' }])).toBe('technical4');
    expect(nextKey('commercial', [])).toBe('commercial1');
  });
});
