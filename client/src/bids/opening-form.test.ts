import type { TOpeningFormField } from '@bidhall/contracts';
import { describe, expect, it } from 'vitest';
import { checkOpeningForm } from './opening-form';

const fields: TOpeningFormField[] = [
  { key: 'price', label: '投标报价', type: 'money', unit: '元', required: true },
  { key: 'durationDays', label: '工期', type: 'integer', unit: '日历天', required: true },
  { key: 'discount', label: '下浮率', type: 'percent', required: false },
  { key: 'quality', label: '质量标准', type: 'text', required: true },
];

describe('checkOpeningForm', () => {
  it('keeps amounts as strings, turns counts and rates into numbers and trims text', () => {
    expect(checkOpeningForm(fields, { price: ' 11500000.5 ', durationDays: '365', discount: '3.5', quality: ' 合格 ' })).toEqual({
      ok: true,
      form: { price: '11500000.5', durationDays: 365, discount: 3.5, quality: '合格' },
    });
  });

  it('leaves out an empty optional field', () => {
    expect(checkOpeningForm(fields, { price: '100', durationDays: '30', discount: '', quality: '合格' })).toEqual({
      ok: true,
      form: { price: '100', durationDays: 30, quality: '合格' },
    });
  });

  it('names every field the tender would refuse', () => {
    const check = checkOpeningForm(fields, { price: '1,000', durationDays: '30.5', discount: '120', quality: '' });
    expect(check.ok).toBe(false);
    if (!check.ok) expect([...check.invalid].sort()).toEqual(['discount', 'durationDays', 'price', 'quality']);
  });

  it('refuses numbers written in a way Number() would bend', () => {
    const check = checkOpeningForm(fields, { price: '100', durationDays: '0x10', quality: '合格' });
    expect(check.ok).toBe(false);
    if (!check.ok) expect([...check.invalid]).toEqual(['durationDays']);
  });
});
