import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

const UNITS = ['B', 'KB', 'MB', 'GB'] as const;

/** A byte count for people: binary multiples with one decimal above a kilobyte. */
export function useBytes(): (bytes: number) => string {
  const { i18n } = useTranslation();
  const formats = useMemo(
    () => ({ whole: new Intl.NumberFormat(i18n.language), decimal: new Intl.NumberFormat(i18n.language, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) }),
    [i18n.language],
  );
  return (bytes) => {
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return `${unit === 0 ? formats.whole.format(value) : formats.decimal.format(value)} ${UNITS[unit]}`;
  };
}

/** The exact count, grouped, for where every byte matters (receipts). */
export function useExactBytes(): (bytes: number) => string {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => new Intl.NumberFormat(i18n.language), [i18n.language]);
  return (bytes) => t('bid.exactBytes', { n: format.format(bytes) });
}
