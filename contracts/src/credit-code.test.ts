import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, creditCodeProblem, isValidCreditCode, regionOfCreditCode } from './credit-code';

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

describe('creditCodeProblem', () => {
  it('finds nothing wrong with a valid code', () => {
    expect(creditCodeProblem('91350100M000100Y43')).toBeNull();
  });

  it('says how far a code has got while it is typed', () => {
    expect(creditCodeProblem('')).toEqual({ problem: 'EMPTY' });
    expect(creditCodeProblem('9135')).toEqual({ problem: 'TOO_SHORT', length: 4 });
    expect(creditCodeProblem('91350100M000100Y433')).toEqual({ problem: 'TOO_LONG', length: 19 });
  });

  it('names the first character outside the alphabet and where it is', () => {
    expect(creditCodeProblem('91350100I000100Y43')).toEqual({ problem: 'BAD_CHARACTER', position: 9, character: 'I' });
    expect(creditCodeProblem('9135010')).toEqual({ problem: 'TOO_SHORT', length: 7 });
    expect(creditCodeProblem('9o')).toEqual({ problem: 'BAD_CHARACTER', position: 2, character: 'o' });
    expect(creditCodeProblem('91350-')).toEqual({ problem: 'BAD_CHARACTER', position: 6, character: '-' });
  });

  it('wants digits in the region part, even where a letter of the alphabet is typed', () => {
    expect(creditCodeProblem('9135A100M000100Y43')).toEqual({ problem: 'REGION_NOT_DIGITS', position: 5 });
  });

  it('reports a wrong check character once the code is complete, and agrees with isValidCreditCode', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toEqual({ problem: 'CHECK_MISMATCH' });
    for (const code of ['91350100M000100Y43', '91350100M000100Y44', '9135A100M000100Y43', '91110000600037341L']) {
      expect(creditCodeProblem(code) === null).toBe(isValidCreditCode(code));
    }
  });
});
