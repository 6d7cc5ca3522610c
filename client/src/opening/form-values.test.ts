import { describe, expect, it } from 'vitest';
import { fieldHeading, formatFormValue } from './form-values';

const withUnit = (label: string, unit: string) => `${label}（${unit}）`;

describe('formatFormValue', () => {
  it('groups amounts and keeps their fen exact', () => {
    expect(formatFormValue({ key: 'price', label: '投标报价', type: 'money', unit: '元' }, '9650000')).toBe('9,650,000.00');
    expect(formatFormValue({ key: 'price', label: '投标报价', type: 'money', unit: '元' }, '99999999999999.99')).toBe('99,999,999,999,999.99');
  });

  it('shows numbers as written, with a percent sign only when no unit heads the column', () => {
    expect(formatFormValue({ key: 'durationDays', label: '工期', type: 'integer', unit: '日历天' }, 1825)).toBe('1,825');
    expect(formatFormValue({ key: 'rate', label: '下浮率', type: 'percent' }, 3.5)).toBe('3.5 %');
    expect(formatFormValue({ key: 'rate', label: '下浮率', type: 'percent', unit: '%' }, 3.5)).toBe('3.5');
    expect(formatFormValue({ key: 'factor', label: '系数', type: 'decimal' }, 0.125)).toBe('0.125');
  });

  it('marks a missing optional value', () => {
    expect(formatFormValue({ key: 'quality', label: '质量标准', type: 'text' }, undefined)).toBe('—');
    expect(formatFormValue({ key: 'quality', label: '质量标准', type: 'text' }, '合格')).toBe('合格');
  });
});

describe('fieldHeading', () => {
  it('adds the unit when there is one', () => {
    expect(fieldHeading({ key: 'price', label: '投标报价', type: 'money', unit: '元' }, withUnit)).toBe('投标报价（元）');
    expect(fieldHeading({ key: 'quality', label: '质量标准', type: 'text' }, withUnit)).toBe('质量标准');
  });
});
