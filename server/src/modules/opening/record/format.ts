import { formatMoney, groupThousands } from '../../../lib/documents/format';
import type { OpeningRecordField } from './record-input';

/** The unit a column header shows: the tender's own, else the one the type implies. */
export function fieldUnit(field: OpeningRecordField): string | null {
  if (field.unit) return field.unit;
  if (field.type === 'money') return '元';
  if (field.type === 'percent') return '%';
  return null;
}

export const fieldHeader = (field: OpeningRecordField) => {
  const unit = fieldUnit(field);
  return unit ? `${field.label}（${unit}）` : field.label;
};

/** A value of the opening form as announced; the unit is in the column header. */
export function formatFieldValue(field: OpeningRecordField, value: string | number | undefined): string {
  if (value === undefined || value === '') return '—';
  switch (field.type) {
    case 'money':
      return formatMoney(value);
    case 'integer':
      return typeof value === 'number' ? groupThousands(String(value)) : value;
    default:
      return String(value);
  }
}
