import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bondCeilingFen, fromFen, toFen, ZMoney } from './money';

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
});
