import type { TAmendmentBody, TEvaluationMethod, TOpeningFormField, TScoringTemplate, TSection, TSectionInput } from '@bidhall/contracts';
import { isoToZonedInput, zonedInputToIso } from '../ui/zoned-time';

/** Announced times are entered and shown as Beijing wall-clock time. */
const TIME_ZONE = 'Asia/Shanghai';

type Comprehensive = Extract<TScoringTemplate, { method: 'COMPREHENSIVE' }>;
type LowestPrice = Extract<TScoringTemplate, { method: 'LOWEST_EVALUATED_PRICE' }>;
export type BenchmarkKind = Comprehensive['price']['benchmark']['kind'];
export type FieldType = TOpeningFormField['type'];

/*
 * The section form edits text, not numbers: a half-typed "0." must survive a re-render. The
 * server validates the converted input; the form only shows hints (bond ceiling, points total).
 */

/** A scored item (points) or a price adjustment (percent). */
export interface WeightedItemDraft {
  key: string;
  label: string;
  weight: string;
}

export interface ReviewItemDraft {
  key: string;
  label: string;
}

export interface ComprehensiveDraft {
  technical: WeightedItemDraft[];
  commercial: WeightedItemDraft[];
  pricePoints: string;
  benchmark: BenchmarkKind;
  excludeHighest: string;
  excludeLowest: string;
  downwardPercent: string;
  deductAbove: string;
  deductBelow: string;
  deviationAlertPercent: string;
}

export interface LowestPriceDraft {
  review: ReviewItemDraft[];
  adjustments: WeightedItemDraft[];
  deviationAlertPercent: string;
}

export interface FieldDraft {
  key: string;
  label: string;
  type: FieldType;
  unit: string;
  required: boolean;
}

export interface SectionDraft {
  code: string;
  name: string;
  estimatedPrice: string;
  /** Empty when the tender sets no ceiling price. */
  ceilingPrice: string;
  bondAmount: string;
  bidValidityDays: string;
  /** A `datetime-local` value in Beijing time. */
  bidDeadline: string;
  signInLeadMinutes: string;
  decryptWindowMinutes: string;
  /** Days before the deadline that questions (答疑) close. */
  questionCutoffDays: string;
  evaluationMethod: TEvaluationMethod;
  /** Both templates are kept, so switching the method back and forth loses no edits. */
  comprehensive: ComprehensiveDraft;
  lowestPrice: LowestPriceDraft;
  openingFormFields: FieldDraft[];
}

/** Item labels a new section starts with, in the user's language. */
export interface DraftDefaults {
  technical: readonly [string, string, string];
  commercial: readonly [string, string];
  review: readonly [string, string, string];
  price: { label: string; unit: string };
  duration: { label: string; unit: string };
  quality: string;
  projectManager: string;
}

export const PRICE_FIELD_KEY = 'price';

const text = (n: number): string => String(n);

/** Blank stays NaN, which the server reports as a validation failure at the field's path. */
const num = (value: string): number => (value.trim() === '' ? Number.NaN : Number(value));

/** The smallest `${prefix}${n}` not used yet; item keys must be unique within a template. */
export function nextKey(prefix: string, taken: readonly { key: string }[]): string {
  const used = new Set(taken.map((item) => item.key));
  let n = taken.length + 1;
  while (used.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

function defaultComprehensive(d: DraftDefaults): ComprehensiveDraft {
  return {
    technical: [
      { key: 'technical1', label: d.technical[0], weight: '15' },
      { key: 'technical2', label: d.technical[1], weight: '10' },
      { key: 'technical3', label: d.technical[2], weight: '5' },
    ],
    commercial: [
      { key: 'commercial1', label: d.commercial[0], weight: '6' },
      { key: 'commercial2', label: d.commercial[1], weight: '4' },
    ],
    pricePoints: '60',
    benchmark: 'AVERAGE',
    excludeHighest: '1',
    excludeLowest: '1',
    downwardPercent: '3',
    deductAbove: '1',
    deductBelow: '0.5',
    deviationAlertPercent: '20',
  };
}

function defaultLowestPrice(d: DraftDefaults): LowestPriceDraft {
  return {
    review: d.review.map((label, i) => ({ key: `review${i + 1}`, label })),
    adjustments: [],
    deviationAlertPercent: '20',
  };
}

function comprehensiveDraftOf(t: Comprehensive): ComprehensiveDraft {
  const weighted = (items: Comprehensive['technical']) => items.map((i) => ({ key: i.key, label: i.label, weight: text(i.maxPoints) }));
  const { benchmark } = t.price;
  return {
    technical: weighted(t.technical),
    commercial: weighted(t.commercial),
    pricePoints: text(t.price.maxPoints),
    benchmark: benchmark.kind,
    excludeHighest: benchmark.kind === 'AVERAGE' ? text(benchmark.excludeHighest) : '0',
    excludeLowest: benchmark.kind === 'AVERAGE' ? text(benchmark.excludeLowest) : '0',
    downwardPercent: benchmark.kind === 'AVERAGE' ? text(benchmark.downwardPercent) : '0',
    deductAbove: text(t.price.deductPerPercentAbove),
    deductBelow: text(t.price.deductPerPercentBelow),
    deviationAlertPercent: text(t.deviationAlertPercent),
  };
}

function lowestPriceDraftOf(t: LowestPrice): LowestPriceDraft {
  return {
    review: t.review.map((i) => ({ key: i.key, label: i.label })),
    adjustments: t.adjustments.map((i) => ({ key: i.key, label: i.label, weight: text(i.maxPercent) })),
    deviationAlertPercent: text(t.deviationAlertPercent),
  };
}

const fieldDraftOf = (f: TOpeningFormField): FieldDraft => ({ key: f.key, label: f.label, type: f.type, unit: f.unit ?? '', required: f.required });

/** Twenty days from the documents to the deadline is the legal minimum for most tenders; 09:30 is the usual opening hour. */
export function defaultDeadline(serverNowMs: number): string {
  const day = isoToZonedInput(new Date(serverNowMs + 21 * 86_400_000).toISOString(), TIME_ZONE).slice(0, 10);
  return `${day}T09:30`;
}

export function newSectionDraft(d: DraftDefaults, options: { code: string; estimatedPrice: string; serverNowMs: number }): SectionDraft {
  return {
    code: options.code,
    name: '',
    estimatedPrice: options.estimatedPrice,
    ceilingPrice: '',
    bondAmount: '',
    bidValidityDays: '90',
    bidDeadline: defaultDeadline(options.serverNowMs),
    signInLeadMinutes: '30',
    decryptWindowMinutes: '30',
    questionCutoffDays: '0',
    evaluationMethod: 'COMPREHENSIVE',
    comprehensive: defaultComprehensive(d),
    lowestPrice: defaultLowestPrice(d),
    openingFormFields: [
      { key: PRICE_FIELD_KEY, label: d.price.label, type: 'money', unit: d.price.unit, required: true },
      { key: 'durationDays', label: d.duration.label, type: 'integer', unit: d.duration.unit, required: true },
      { key: 'quality', label: d.quality, type: 'text', unit: '', required: true },
      { key: 'projectManager', label: d.projectManager, type: 'text', unit: '', required: true },
    ],
  };
}

export function draftOfSection(s: TSection, d: DraftDefaults): SectionDraft {
  const template = s.scoringTemplate;
  return {
    code: s.code,
    name: s.name,
    estimatedPrice: s.estimatedPrice,
    ceilingPrice: s.ceilingPrice ?? '',
    bondAmount: s.bondAmount,
    bidValidityDays: text(s.bidValidityDays),
    bidDeadline: isoToZonedInput(s.bidDeadline, TIME_ZONE),
    signInLeadMinutes: text(s.signInLeadMinutes),
    decryptWindowMinutes: text(s.decryptWindowMinutes),
    questionCutoffDays: text(s.questionCutoffDays),
    evaluationMethod: s.evaluationMethod,
    comprehensive: template.method === 'COMPREHENSIVE' ? comprehensiveDraftOf(template) : defaultComprehensive(d),
    lowestPrice: template.method === 'LOWEST_EVALUATED_PRICE' ? lowestPriceDraftOf(template) : defaultLowestPrice(d),
    openingFormFields: s.openingFormFields.map(fieldDraftOf),
  };
}

/** Technical, commercial and price points together; a comprehensive template must come to exactly 100. */
export function comprehensiveTotal(c: ComprehensiveDraft): number {
  const points = (value: string) => Number(value) || 0;
  return [...c.technical, ...c.commercial].reduce((sum, item) => sum + points(item.weight), points(c.pricePoints));
}

/** The same tolerance the platform applies. */
export const totalsToHundred = (total: number): boolean => Math.abs(total - 100) <= 1e-9;

export function toScoringTemplate(draft: SectionDraft): TSectionInput['scoringTemplate'] {
  if (draft.evaluationMethod === 'LOWEST_EVALUATED_PRICE') {
    const l = draft.lowestPrice;
    return {
      method: 'LOWEST_EVALUATED_PRICE',
      review: l.review.map((i) => ({ key: i.key, label: i.label })),
      adjustments: l.adjustments.map((i) => ({ key: i.key, label: i.label, maxPercent: num(i.weight) })),
      deviationAlertPercent: num(l.deviationAlertPercent),
    };
  }
  const c = draft.comprehensive;
  const scored = (items: WeightedItemDraft[]) => items.map((i) => ({ key: i.key, label: i.label, maxPoints: num(i.weight) }));
  return {
    method: 'COMPREHENSIVE',
    technical: scored(c.technical),
    commercial: scored(c.commercial),
    price: {
      maxPoints: num(c.pricePoints),
      benchmark:
        c.benchmark === 'AVERAGE'
          ? { kind: 'AVERAGE', excludeHighest: num(c.excludeHighest), excludeLowest: num(c.excludeLowest), downwardPercent: num(c.downwardPercent) }
          : { kind: 'LOWEST_VALID' },
      deductPerPercentAbove: num(c.deductAbove),
      deductPerPercentBelow: num(c.deductBelow),
    },
    deviationAlertPercent: num(c.deviationAlertPercent),
  };
}

export const toOpeningFormFields = (fields: FieldDraft[]): TSectionInput['openingFormFields'] =>
  fields.map((f) => ({ key: f.key.trim(), label: f.label, type: f.type, required: f.required, ...(f.unit.trim() ? { unit: f.unit.trim() } : {}) }));

export function toSectionInput(draft: SectionDraft): TSectionInput {
  const ceiling = draft.ceilingPrice.trim();
  return {
    code: draft.code.trim(),
    name: draft.name.trim(),
    estimatedPrice: draft.estimatedPrice.trim(),
    ceilingPrice: ceiling === '' ? null : ceiling,
    bondAmount: draft.bondAmount.trim(),
    bidValidityDays: num(draft.bidValidityDays),
    // An incomplete value goes as typed, so the platform names the field that is wrong.
    bidDeadline: zonedInputToIso(draft.bidDeadline, TIME_ZONE) ?? draft.bidDeadline,
    signInLeadMinutes: num(draft.signInLeadMinutes),
    decryptWindowMinutes: num(draft.decryptWindowMinutes),
    questionCutoffDays: num(draft.questionCutoffDays),
    evaluationMethod: draft.evaluationMethod,
    scoringTemplate: toScoringTemplate(draft),
    openingFormFields: toOpeningFormFields(draft.openingFormFields),
  };
}

/** What an amendment (澄清 · 修改) may change once a section is published, in display order. */
export const AMENDABLE_FIELDS = [
  'bidDeadline',
  'questionCutoffDays',
  'bondAmount',
  'ceilingPrice',
  'bidValidityDays',
  'signInLeadMinutes',
  'decryptWindowMinutes',
  'scoringTemplate',
  'openingFormFields',
] as const;
export type AmendableField = (typeof AMENDABLE_FIELDS)[number];
export type SectionChanges = NonNullable<TAmendmentBody['changes']>;

export function toSectionChanges(draft: SectionDraft, fields: ReadonlySet<AmendableField>): SectionChanges {
  const input = toSectionInput(draft);
  return Object.fromEntries(AMENDABLE_FIELDS.filter((f) => fields.has(f)).map((f) => [f, input[f]])) as SectionChanges;
}
