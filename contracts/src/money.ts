import { ZText } from './common';

/** An amount in yuan as a decimal string with at most two decimals, e.g. "12345678.90". */
export const ZMoney = ZText.regex(/^(0|[1-9]\d{0,13})(\.\d{1,2})?$/, 'an amount in yuan with at most two decimals, e.g. "12345678.90"');

/** Integer fen, so comparisons such as the 2 % bond ceiling are exact. */
export function toFen(amount: string): bigint {
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
}

export function fromFen(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** The bid bond ceiling (投标保证金不得超过标段估算价的 2%), rounded down to the fen. */
export const bondCeilingFen = (estimatedPrice: string): bigint => (toFen(estimatedPrice) * 2n) / 100n;

/**
 * Whether a bid price is above the section's ceiling price (最高投标限价). A fact for the record and
 * the hall, not a verdict: the evaluation committee decides whether to reject (条例 art. 51).
 * False when there is no ceiling or the price is not an amount.
 */
export function exceedsCeiling(price: unknown, ceilingPrice: string | null): boolean {
  if (ceilingPrice === null || typeof price !== 'string' || !ZMoney.safeParse(price).success) return false;
  return toFen(price) > toFen(ceilingPrice);
}
