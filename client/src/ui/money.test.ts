import { describe, expect, it } from 'vitest';
import { groupYuan, isMoney } from './money';

describe('groupYuan', () => {
  it('groups thousands and pads the fen', () => {
    expect(groupYuan('12000000.00')).toBe('12,000,000.00');
    expect(groupYuan('1234567.5')).toBe('1,234,567.50');
    expect(groupYuan('999')).toBe('999.00');
    expect(groupYuan('0.05')).toBe('0.05');
  });

  it('keeps amounts beyond floating-point precision exact', () => {
    expect(groupYuan('99999999999999.99')).toBe('99,999,999,999,999.99');
  });
});

describe('isMoney', () => {
  it('accepts yuan with at most two decimals', () => {
    expect(isMoney('200000.00')).toBe(true);
    expect(isMoney('200000.001')).toBe(false);
    expect(isMoney('2e5')).toBe(false);
    expect(isMoney('')).toBe(false);
  });
});
