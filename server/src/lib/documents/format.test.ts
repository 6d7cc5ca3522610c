import { describe, expect, it } from 'vitest';
import { formatBytes, formatCst, formatMoney, formatMoneyYuan } from './format';

describe('document formatting', () => {
  it('groups yuan by thousands with two decimals, without floating point', () => {
    expect(formatMoney('9650000')).toBe('9,650,000.00');
    expect(formatMoney('9650000.5')).toBe('9,650,000.50');
    expect(formatMoney('99999999999999.99')).toBe('99,999,999,999,999.99');
    expect(formatMoney('0.07')).toBe('0.07');
    expect(formatMoney('000123.4')).toBe('123.40');
    expect(formatMoney(1234.5)).toBe('1,234.50');
    expect(formatMoneyYuan('200000')).toBe('200,000.00 元');
    expect(() => formatMoney('12,000')).toThrow(RangeError);
    expect(() => formatMoney('1.234')).toThrow(RangeError);
  });

  it('shows instants in China Standard Time whatever offset they were written with', () => {
    expect(formatCst('2026-11-28T09:00:00.000Z')).toBe('2026-11-28 17:00:00');
    expect(formatCst('2026-11-28T17:00:00+08:00')).toBe('2026-11-28 17:00:00');
    expect(formatCst('2026-12-31T16:30:59.999Z')).toBe('2027-01-01 00:30:59');
    expect(() => formatCst('yesterday')).toThrow(RangeError);
  });

  it('writes byte counts exactly', () => {
    expect(formatBytes(0)).toBe('0 字节');
    expect(formatBytes(1_048_576)).toBe('1,048,576 字节');
  });
});
