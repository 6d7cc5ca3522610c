/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters from a 31-symbol
 * alphabet (no I, O, S, V, Z); position 18 is a check character over positions 1-17.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** The check character for the first 17 characters, or null if one is outside the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17.charAt(i));
    if (value < 0) return null;
    sum += value * WEIGHTS[i]!;
  }
  return ALPHABET.charAt((31 - (sum % 31)) % 31);
}

export function isValidCreditCode(code: string): boolean {
  return SHAPE.test(code) && creditCodeCheckChar(code.slice(0, 17)) === code.charAt(17);
}

/** The 6-digit administrative division code (行政区划代码) embedded at positions 3-8. */
export const regionOfCreditCode = (code: string): string => code.slice(2, 8);

/**
 * What is wrong with a code being typed, for a message that says where: the first problem found,
 * reading left to right, so that a form can explain it while the user types.
 */
export type CreditCodeProblem =
  | { problem: 'EMPTY' }
  | { problem: 'TOO_SHORT'; length: number }
  | { problem: 'TOO_LONG'; length: number }
  /** A character outside the code's alphabet (I, O, S, V and Z are never used), at a 1-based position. */
  | { problem: 'BAD_CHARACTER'; position: number; character: string }
  /** Positions 3-8 are the administrative division code and hold digits only. */
  | { problem: 'REGION_NOT_DIGITS'; position: number }
  /** Every character is possible but the check character does not match the first 17: a typo. */
  | { problem: 'CHECK_MISMATCH' };

export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (code.length === 0) return { problem: 'EMPTY' };
  for (let i = 0; i < Math.min(code.length, 18); i++) {
    const character = code.charAt(i);
    if (i >= 2 && i < 8 && !/\d/.test(character)) {
      return ALPHABET.includes(character) ? { problem: 'REGION_NOT_DIGITS', position: i + 1 } : { problem: 'BAD_CHARACTER', position: i + 1, character };
    }
    if (!ALPHABET.includes(character)) return { problem: 'BAD_CHARACTER', position: i + 1, character };
  }
  if (code.length < 18) return { problem: 'TOO_SHORT', length: code.length };
  if (code.length > 18) return { problem: 'TOO_LONG', length: code.length };
  return isValidCreditCode(code) ? null : { problem: 'CHECK_MISMATCH' };
}
