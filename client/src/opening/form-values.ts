import type { TOpeningView } from '@bidhall/contracts';
import { groupYuan } from '../ui/money';

type OpeningFormField = TOpeningView['openingFormFields'][number];

/**
 * One cell of the announcement (唱标): amounts grouped by thousands with their fen, numbers as
 * written, the unit left to the column heading. Money stays a string throughout so no amount
 * passes through floating point.
 */
export function formatFormValue(field: OpeningFormField, value: string | number | undefined): string {
  if (value === undefined || value === '') return '—';
  switch (field.type) {
    case 'money':
      return typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? groupYuan(value) : String(value);
    case 'integer':
      return typeof value === 'number' ? String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : String(value);
    case 'percent':
      return field.unit ? String(value) : `${value} %`;
    default:
      return String(value);
  }
}

/** The column heading with its unit, e.g. 投标报价（元）. */
export const fieldHeading = (field: OpeningFormField, withUnit: (label: string, unit: string) => string): string =>
  field.unit ? withUnit(field.label, field.unit) : field.label;
