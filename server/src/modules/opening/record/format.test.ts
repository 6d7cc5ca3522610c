import { describe, expect, it } from 'vitest';
import { fieldHeader, formatFieldValue } from './format';

describe('record formatting', () => {
  it('puts the unit in the column header and the bare value in the cell', () => {
    expect(fieldHeader({ key: 'price', label: '投标报价', type: 'money' })).toBe('投标报价（元）');
    expect(fieldHeader({ key: 'price', label: '投标报价', type: 'money', unit: '万元' })).toBe('投标报价（万元）');
    expect(fieldHeader({ key: 'rate', label: '下浮率', type: 'percent' })).toBe('下浮率（%）');
    expect(fieldHeader({ key: 'pm', label: '项目经理', type: 'text' })).toBe('项目经理');
    expect(formatFieldValue({ key: 'price', label: '投标报价', type: 'money' }, '9650000.00')).toBe('9,650,000.00');
    expect(formatFieldValue({ key: 'days', label: '工期', type: 'integer' }, 365)).toBe('365');
    expect(formatFieldValue({ key: 'rate', label: '下浮率', type: 'decimal' }, 3.125)).toBe('3.125');
    expect(formatFieldValue({ key: 'pm', label: '项目经理', type: 'text' }, undefined)).toBe('—');
  });
});
