import { ZOpeningFormField } from '@bidhall/contracts';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FieldDraft, type FieldType, nextKey, PRICE_FIELD_KEY } from './section-draft';

const FIELD_TYPES = ZOpeningFormField.shape.type.options;
const MAX_FIELDS = 20;
const KEY_PATTERN = '[a-z][a-zA-Z0-9]{0,39}';

const isFieldType = (value: string): value is FieldType => (FIELD_TYPES as readonly string[]).includes(value);

/**
 * The columns of the opening form (开标一览表) announced at the opening. The price comes first and
 * is always a required amount; only its label and unit may be worded differently. Each column has
 * a key the bid files' opening forms use; new columns get one of their own, so the keys stay out of
 * sight unless asked for (for agencies whose bid tools fill the form by key).
 */
export function OpeningFieldsEditor({ fields, onChange }: { fields: FieldDraft[]; onChange(next: FieldDraft[]): void }) {
  const { t } = useTranslation();
  const toggleId = useId();
  const [showKeys, setShowKeys] = useState(false);
  const update = (index: number, patch: Partial<FieldDraft>) => onChange(fields.map((field, i) => (i === index ? { ...field, ...patch } : field)));
  return (
    <div className="item-editor">
      <div className="table-wrap">
        <table className="table table-compact editor-table">
          <thead>
            <tr>
              {showKeys && <th scope="col">{t('openingForm.key')}</th>}
              <th scope="col">{t('openingForm.label')}</th>
              <th scope="col">{t('openingForm.type')}</th>
              <th scope="col">{t('openingForm.unit')}</th>
              <th scope="col">{t('openingForm.required')}</th>
              <th scope="col" className="editor-actions">
                <span className="visually-hidden">{t('template.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field, index) => {
              const fixed = index === 0 && field.key === PRICE_FIELD_KEY;
              const n = index + 1;
              return (
                // Keys are edited in place, so the row's position identifies it.
                <tr key={index} className={fixed ? 'row-fixed' : undefined}>
                  {showKeys && (
                    <td>
                      <input
                        className="mono"
                        aria-label={t('openingForm.keyOf', { n })}
                        value={field.key}
                        readOnly={fixed}
                        onChange={(event) => update(index, { key: event.target.value })}
                        pattern={KEY_PATTERN}
                        title={t('openingForm.keyHint')}
                        required
                        maxLength={40}
                      />
                    </td>
                  )}
                  <td>
                    <input aria-label={t('openingForm.labelOf', { n })} value={field.label} onChange={(event) => update(index, { label: event.target.value })} required maxLength={50} />
                  </td>
                  <td>
                    <select
                      aria-label={t('openingForm.typeOf', { n })}
                      value={field.type}
                      disabled={fixed}
                      onChange={(event) => isFieldType(event.target.value) && update(index, { type: event.target.value })}
                    >
                      {FIELD_TYPES.map((type) => (
                        <option key={type} value={type}>
                          {t(`fieldTypes.${type}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input className="input-short" aria-label={t('openingForm.unitOf', { n })} value={field.unit} onChange={(event) => update(index, { unit: event.target.value })} maxLength={10} />
                  </td>
                  <td className="center">
                    <input
                      type="checkbox"
                      aria-label={t('openingForm.requiredOf', { n })}
                      checked={field.required}
                      disabled={fixed}
                      onChange={(event) => update(index, { required: event.target.checked })}
                    />
                  </td>
                  <td>
                    {fixed ? (
                      <span className="muted small">{t('openingForm.fixed')}</span>
                    ) : (
                      <button
                        type="button"
                        className="button button-quiet button-small"
                        aria-label={t('openingForm.removeOf', { n })}
                        onClick={() => onChange(fields.filter((_, i) => i !== index))}
                      >
                        {t('template.remove')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="item-editor-footer">
        <button
          type="button"
          className="button button-quiet button-small"
          disabled={fields.length >= MAX_FIELDS}
          onClick={() => onChange([...fields, { key: nextKey('field', fields), label: '', type: 'text', unit: '', required: true }])}
        >
          {t('openingForm.add')}
        </button>
        <span className="muted small">{t('openingForm.hint')}</span>
        <label className="checkbox small" htmlFor={toggleId}>
          <input id={toggleId} type="checkbox" checked={showKeys} onChange={(event) => setShowKeys(event.target.checked)} />
          {t('openingForm.showKeys')}
        </label>
      </div>
    </div>
  );
}
