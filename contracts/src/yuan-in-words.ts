import { ZMoney } from './money';

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const IN_GROUP = ['仟', '佰', '拾', ''] as const;
const GROUPS = ['', '万', '亿', '万亿'] as const;

/** 万亿 shares its 亿 with a non-zero 亿 group that follows: 玖万玖仟亿, not 玖万亿玖仟亿. */
const groupUnit = (index: number, nextGroup: string): string => (index === 3 && Number(nextGroup) > 0 ? '万' : GROUPS[index] ?? '');

/**
 * An amount in yuan written out in capital numerals (人民币大写), the way the opening form and
 * cheques spell prices so a digit cannot be altered unnoticed; zeros follow the usual rules of
 * 《支付结算办法》 (one 零 for a run of zeros, 整 after 元 when there is no 角 or 分). Takes the amount
 * as `ZMoney` text, so no price goes through a binary float; anything else is a RangeError.
 */
export function yuanInWords(amount: string): string {
  if (!ZMoney.safeParse(amount).success) throw new RangeError(`not an amount in yuan: ${JSON.stringify(amount)}`);
  const [whole = '0', fraction = ''] = amount.split('.');
  const jiao = Number(fraction[0] ?? '0');
  const fen = Number(fraction[1] ?? '0');

  let words = '';
  let owedZero = false;
  const groupCount = Math.ceil(whole.length / 4);
  const padded = whole.padStart(groupCount * 4, '0');
  for (let g = 0; g < groupCount; g++) {
    const group = padded.slice(g * 4, g * 4 + 4);
    for (let i = 0; i < 4; i++) {
      const digit = Number(group[i]);
      if (digit === 0) {
        owedZero = words !== '';
        continue;
      }
      if (owedZero) words += '零';
      owedZero = false;
      words += DIGITS.charAt(digit) + (IN_GROUP[i] ?? '');
    }
    if (Number(group) > 0) words += groupUnit(groupCount - 1 - g, padded.slice(g * 4 + 4, g * 4 + 8));
  }

  if (jiao === 0 && fen === 0) return `${words || '零'}元整`;
  if (words) words += '元';
  if (jiao > 0) words += `${DIGITS.charAt(jiao)}角`;
  else if (words) words += '零';
  if (fen > 0) words += `${DIGITS.charAt(fen)}分`;
  return words;
}
