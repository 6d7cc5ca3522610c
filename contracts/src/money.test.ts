import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bondCeilingFen, exceedsCeiling, fromFen, toFen, ZMoney } from './money';

describe('money', () => {
  it('round-trips fen through strings', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (fen) => {
        expect(toFen(fromFen(fen))).toBe(fen);
        expect(ZMoney.safeParse(fromFen(fen)).success).toBe(true);
      }),
    );
  });

  it('puts the bond ceiling at exactly 2 % of the estimated price', () => {
    expect(fromFen(bondCeilingFen('1000000'))).toBe('20000.00');
    expect(fromFen(bondCeilingFen('12345678.99'))).toBe('246913.57');
    expect(toFen('246913.58') > bondCeilingFen('12345678.99')).toBe(true);
  });

  it('refuses malformed amounts', () => {
    for (const bad of ['-1', '01', '1.234', '1e6', '', ' 1', '1,000', 'NaN']) expect(ZMoney.safeParse(bad).success).toBe(false);
  });

  it('tells a price above the ceiling by the fen, and says nothing without a ceiling or a price', () => {
    expect(exceedsCeiling('9980000.01', '9980000.00')).toBe(true);
    expect(exceedsCeiling('9980000.00', '9980000')).toBe(false);
    expect(exceedsCeiling('9979999.99', '9980000.00')).toBe(false);
    expect(exceedsCeiling('9980000.01', null)).toBe(false);
    for (const notAPrice of [undefined, null, 9980001, '', 'abc', '1,000']) expect(exceedsCeiling(notAPrice, '1.00')).toBe(false);
  });
});
