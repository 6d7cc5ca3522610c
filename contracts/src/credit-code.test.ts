import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, isValidCreditCode, regionOfCreditCode } from './credit-code';

describe('GB 32100-2015 credit code', () => {
  // Published codes of real registrants, quoted from public business-licence notices.
  const published = ['91350100M000100Y43', '91110000600037341L', '91440300708461136T'];

  it.each(published)('accepts the published code %s', (code) => {
    expect(isValidCreditCode(code)).toBe(true);
  });

  it('rejects every single-character change of the check character', () => {
    const code = published[0]!;
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (const c of alphabet) {
      if (c === code.charAt(17)) continue;
      expect(isValidCreditCode(code.slice(0, 17) + c)).toBe(false);
    }
  });

  it('rejects characters outside the alphabet, wrong length and lower case', () => {
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y433')).toBe(false);
    expect(isValidCreditCode('91350100I000100Y43')).toBe(false);
    expect(isValidCreditCode('91350100m000100y43')).toBe(false);
    expect(isValidCreditCode('9135A100M000100Y43')).toBe(false);
    expect(creditCodeCheckChar('9135010OM000100Y4')).toBeNull();
  });

  it('reads the region code', () => {
    expect(regionOfCreditCode('91350100M000100Y43')).toBe('350100');
  });
});
