import { ZMoney } from '@bidhall/contracts';

/** Groups the whole yuan of an amount by thousands and always shows the fen, without going through floating point. */
export function groupYuan(amount: string): string {
  const [whole = '0', fraction = ''] = amount.split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction.padEnd(2, '0')}`;
}

/** Whether the text is an amount the platform accepts (yuan, at most two decimals). */
export const isMoney = (text: string): boolean => ZMoney.safeParse(text).success;
