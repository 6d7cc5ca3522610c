// China has kept UTC+8 without daylight saving since 1991, so a fixed offset matches
// Asia/Shanghai and keeps the output independent of the ICU data Node was built with.
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An instant as China Standard Time, e.g. `2026-11-28 17:00:00`. */
export function formatCst(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 time: ${JSON.stringify(iso)}`);
  const d = new Date(ms + CST_OFFSET_MS);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export const groupThousands = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

const MONEY = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/**
 * Yuan with thousands separators and two decimals: `9650000` → `9,650,000.00`. Works on the
 * decimal string so no amount passes through a binary float.
 */
export function formatMoney(amount: string | number): string {
  const text = typeof amount === 'number' ? amount.toFixed(2) : amount.trim();
  const m = MONEY.exec(text);
  if (!m) throw new RangeError(`not an amount in yuan: ${JSON.stringify(amount)}`);
  const [, sign = '', whole = '0', fraction = ''] = m;
  return `${sign}${groupThousands(whole.replace(/^0+(?=\d)/, ''))}.${fraction.padEnd(2, '0')}`;
}

export const formatMoneyYuan = (amount: string | number) => `${formatMoney(amount)} 元`;

/** A byte count exactly, grouped: `1,048,576 字节`. */
export const formatBytes = (bytes: number) => `${groupThousands(String(bytes))} 字节`;
