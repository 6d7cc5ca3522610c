import { exceedsCeiling, type TOpeningFormField, yuanInWords } from '@bidhall/contracts';
import { type InputHTMLAttributes, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useYuan } from '../ui/format';
import { isMoney } from '../ui/money';
import type { FormDraft } from './opening-form';

/** Text inputs throughout, with the keyboard each value needs; what is typed is checked against the tender's schema on submit. */
const INPUTS: Record<TOpeningFormField['type'], InputHTMLAttributes<HTMLInputElement>> = {
  money: { inputMode: 'decimal', placeholder: '0.00' },
  integer: { inputMode: 'numeric' },
  decimal: { inputMode: 'decimal' },
  percent: { inputMode: 'decimal' },
  text: { maxLength: 200 },
};

/** The opening form (开标一览表) as the tender names its columns; what is typed here is sealed in the envelope. */
export function OpeningFormInputs({
  fields,
  draft,
  invalid,
  ceilingPrice,
  onChange,
}: {
  fields: readonly TOpeningFormField[];
  draft: FormDraft;
  invalid: ReadonlySet<string>;
  ceilingPrice: string | null;
  onChange(key: string, value: string): void;
}) {
  return (
    <div className="form-grid opening-form">
      {fields.map((field) => (
        <OpeningFormInput
          key={field.key}
          field={field}
          value={draft[field.key] ?? ''}
          invalid={invalid.has(field.key)}
          ceilingPrice={field.key === 'price' ? ceilingPrice : null}
          onChange={(value) => onChange(field.key, value)}
        />
      ))}
    </div>
  );
}

function OpeningFormInput({
  field,
  value,
  invalid,
  ceilingPrice,
  onChange,
}: {
  field: TOpeningFormField;
  value: string;
  invalid: boolean;
  ceilingPrice: string | null;
  onChange(value: string): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const yuan = useYuan();
  const unit = field.unit ?? (field.type === 'percent' ? '%' : undefined);
  const amount = field.type === 'money' && isMoney(value.trim()) ? value.trim() : null;
  const overCeiling = exceedsCeiling(amount, ceilingPrice);
  const hintId = `${id}-hint`;
  return (
    <div className={`field ${field.type === 'money' ? 'field-wide' : ''}`}>
      <label htmlFor={id}>
        {field.label}
        {!field.required && <span className="muted small"> {t('bid.form.optional')}</span>}
      </label>
      <div className="input-unit">
        <input
          id={id}
          name={field.key}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          required={field.required}
          aria-invalid={invalid}
          aria-describedby={hintId}
          autoComplete="off"
          {...INPUTS[field.type]}
        />
        {unit && <span className="input-unit-suffix">{unit}</span>}
      </div>
      <p className="field-hint" id={hintId}>
        {invalid ? (
          <span className="hint-over">{t(`bid.form.invalid.${field.type}`)}</span>
        ) : amount !== null ? (
          <>
            <span data-testid="price-words">
              {yuan(amount)} · {t('bid.form.inWords', { words: yuanInWords(amount) })}
            </span>
            {overCeiling && ceilingPrice && <span className="hint-over"> {t('bid.form.overCeiling', { ceiling: yuan(ceilingPrice) })}</span>}
          </>
        ) : (
          t(`bid.form.hint.${field.type}`)
        )}
      </p>
    </div>
  );
}
