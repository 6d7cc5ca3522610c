import type { TEvaluationMethod } from '@bidhall/contracts';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { InputField } from '../ui/fields';
import {
  type BenchmarkKind,
  type ComprehensiveDraft,
  comprehensiveTotal,
  type LowestPriceDraft,
  nextKey,
  type ReviewItemDraft,
  totalsToHundred,
  type WeightedItemDraft,
} from './section-draft';

/** Up to two decimals, as points and percentages are given in tenders. */
const DECIMAL = String.raw`\d{1,3}(\.\d{1,2})?`;
const MAX_ITEMS = 30;

export function ScoringTemplateEditor({
  method,
  comprehensive,
  lowestPrice,
  onComprehensive,
  onLowestPrice,
}: {
  method: TEvaluationMethod;
  comprehensive: ComprehensiveDraft;
  lowestPrice: LowestPriceDraft;
  onComprehensive(next: ComprehensiveDraft): void;
  onLowestPrice(next: LowestPriceDraft): void;
}) {
  return method === 'COMPREHENSIVE' ? (
    <ComprehensiveEditor value={comprehensive} onChange={onComprehensive} />
  ) : (
    <LowestPriceEditor value={lowestPrice} onChange={onLowestPrice} />
  );
}

function ComprehensiveEditor({ value, onChange }: { value: ComprehensiveDraft; onChange(next: ComprehensiveDraft): void }) {
  const { t } = useTranslation();
  const set = (patch: Partial<ComprehensiveDraft>) => onChange({ ...value, ...patch });
  const sum = (items: WeightedItemDraft[]) => items.reduce((total, item) => total + (Number(item.weight) || 0), 0);
  const total = comprehensiveTotal(value);
  const ok = totalsToHundred(total);
  const round = (n: number) => Math.round(n * 100) / 100;
  return (
    <div className="template-editor">
      <WeightedItems
        title={t('template.technical')}
        weightLabel={t('template.points')}
        prefix="technical"
        minItems={1}
        items={value.technical}
        onChange={(technical) => set({ technical })}
      />
      <WeightedItems
        title={t('template.commercial')}
        weightLabel={t('template.points')}
        prefix="commercial"
        minItems={0}
        items={value.commercial}
        onChange={(commercial) => set({ commercial })}
      />
      <div className="item-editor">
        <h4>{t('template.price')}</h4>
        <div className="form-grid">
          <InputField label={t('template.pricePoints')} value={value.pricePoints} onChange={(pricePoints) => set({ pricePoints })} inputMode="decimal" pattern={DECIMAL} required />
          <BenchmarkSelect value={value.benchmark} onChange={(benchmark) => set({ benchmark })} />
          {value.benchmark === 'AVERAGE' && (
            <>
              <InputField
                label={t('template.excludeHighest')}
                value={value.excludeHighest}
                onChange={(excludeHighest) => set({ excludeHighest })}
                type="number"
                min={0}
                max={3}
                required
              />
              <InputField
                label={t('template.excludeLowest')}
                value={value.excludeLowest}
                onChange={(excludeLowest) => set({ excludeLowest })}
                type="number"
                min={0}
                max={3}
                required
              />
              <InputField
                label={t('template.downwardPercent')}
                value={value.downwardPercent}
                onChange={(downwardPercent) => set({ downwardPercent })}
                inputMode="decimal"
                pattern={DECIMAL}
                required
              />
            </>
          )}
          <InputField label={t('template.deductAbove')} value={value.deductAbove} onChange={(deductAbove) => set({ deductAbove })} inputMode="decimal" pattern={DECIMAL} required />
          <InputField label={t('template.deductBelow')} value={value.deductBelow} onChange={(deductBelow) => set({ deductBelow })} inputMode="decimal" pattern={DECIMAL} required />
          <InputField
            label={t('template.deviationPercent')}
            value={value.deviationAlertPercent}
            onChange={(deviationAlertPercent) => set({ deviationAlertPercent })}
            inputMode="decimal"
            pattern={DECIMAL}
            required
          />
        </div>
      </div>
      <p className={`points-total ${ok ? 'points-ok' : 'points-off'}`} role="status" data-testid="points-total" data-total={round(total)}>
        <span>{t('template.breakdown', { technical: round(sum(value.technical)), commercial: round(sum(value.commercial)), price: round(Number(value.pricePoints) || 0) })}</span>
        <strong>{t('template.total', { total: round(total) })}</strong>
        <span>{ok ? t('template.totalOk') : t('template.totalMustBe100')}</span>
      </p>
    </div>
  );
}

function BenchmarkSelect({ value, onChange }: { value: BenchmarkKind; onChange(next: BenchmarkKind): void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t('template.benchmark')}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value === 'LOWEST_VALID' ? 'LOWEST_VALID' : 'AVERAGE')}>
        <option value="AVERAGE">{t('template.benchmarkKinds.AVERAGE')}</option>
        <option value="LOWEST_VALID">{t('template.benchmarkKinds.LOWEST_VALID')}</option>
      </select>
    </div>
  );
}

function LowestPriceEditor({ value, onChange }: { value: LowestPriceDraft; onChange(next: LowestPriceDraft): void }) {
  const { t } = useTranslation();
  const set = (patch: Partial<LowestPriceDraft>) => onChange({ ...value, ...patch });
  return (
    <div className="template-editor">
      <ReviewItems items={value.review} onChange={(review) => set({ review })} />
      <WeightedItems
        title={t('template.adjustments')}
        weightLabel={t('template.maxPercent')}
        prefix="adjust"
        minItems={0}
        items={value.adjustments}
        onChange={(adjustments) => set({ adjustments })}
      />
      <div className="form-grid">
        <InputField
          label={t('template.deviationPercent')}
          value={value.deviationAlertPercent}
          onChange={(deviationAlertPercent) => set({ deviationAlertPercent })}
          inputMode="decimal"
          pattern={DECIMAL}
          required
        />
      </div>
    </div>
  );
}

function WeightedItems({
  title,
  weightLabel,
  prefix,
  minItems,
  items,
  onChange,
}: {
  title: string;
  weightLabel: string;
  prefix: string;
  minItems: number;
  items: WeightedItemDraft[];
  onChange(next: WeightedItemDraft[]): void;
}) {
  const { t } = useTranslation();
  const update = (index: number, patch: Partial<WeightedItemDraft>) => onChange(items.map((item, i) => (i === index ? { ...item, ...patch } : item)));
  return (
    <div className="item-editor">
      <div className="item-editor-header">
        <h4>{title}</h4>
        <button
          type="button"
          className="button button-quiet button-small"
          disabled={items.length >= MAX_ITEMS}
          onClick={() => onChange([...items, { key: nextKey(prefix, items), label: '', weight: '' }])}
        >
          {t('template.addItem', { list: title })}
        </button>
      </div>
      {items.length === 0 ? (
        <p className="muted small">{t('template.noItems')}</p>
      ) : (
        <table className="table table-compact editor-table">
          <thead>
            <tr>
              <th scope="col">{t('template.item')}</th>
              <th scope="col" className="editor-weight">
                {weightLabel}
              </th>
              <th scope="col" className="editor-actions">
                <span className="visually-hidden">{t('template.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item, index) => (
              <tr key={item.key}>
                <td>
                  <input
                    aria-label={t('template.itemLabel', { list: title, n: index + 1 })}
                    value={item.label}
                    onChange={(event) => update(index, { label: event.target.value })}
                    required
                    maxLength={100}
                  />
                </td>
                <td>
                  <input
                    aria-label={t('template.itemWeight', { list: title, n: index + 1, unit: weightLabel })}
                    value={item.weight}
                    onChange={(event) => update(index, { weight: event.target.value })}
                    inputMode="decimal"
                    pattern={DECIMAL}
                    required
                  />
                </td>
                <td>
                  <button
                    type="button"
                    className="button button-quiet button-small"
                    disabled={items.length <= minItems}
                    aria-label={t('template.removeItem', { list: title, n: index + 1 })}
                    onClick={() => onChange(items.filter((_, i) => i !== index))}
                  >
                    {t('template.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function ReviewItems({ items, onChange }: { items: ReviewItemDraft[]; onChange(next: ReviewItemDraft[]): void }) {
  const { t } = useTranslation();
  const title = t('template.review');
  return (
    <div className="item-editor">
      <div className="item-editor-header">
        <h4>{title}</h4>
        <button
          type="button"
          className="button button-quiet button-small"
          disabled={items.length >= MAX_ITEMS}
          onClick={() => onChange([...items, { key: nextKey('review', items), label: '' }])}
        >
          {t('template.addItem', { list: title })}
        </button>
      </div>
      <ol className="review-items">
        {items.map((item, index) => (
          <li key={item.key}>
            <input
              aria-label={t('template.itemLabel', { list: title, n: index + 1 })}
              value={item.label}
              onChange={(event) => onChange(items.map((it, i) => (i === index ? { ...it, label: event.target.value } : it)))}
              required
              maxLength={100}
            />
            <button
              type="button"
              className="button button-quiet button-small"
              disabled={items.length <= 1}
              aria-label={t('template.removeItem', { list: title, n: index + 1 })}
              onClick={() => onChange(items.filter((_, i) => i !== index))}
            >
              {t('template.remove')}
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
