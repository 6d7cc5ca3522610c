import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { groupYuan } from './money';

/** Announced times (deadlines, openings) are Beijing time whatever the viewer's own zone. */
export const PLATFORM_TIME_ZONE = 'Asia/Shanghai';

export function useDateTimeFormat(): Intl.DateTimeFormat {
  const { i18n } = useTranslation();
  return useMemo(
    () =>
      new Intl.DateTimeFormat(i18n.language, {
        timeZone: PLATFORM_TIME_ZONE,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      }),
    [i18n.language],
  );
}

export function useTimeFormat(): Intl.DateTimeFormat {
  const { i18n } = useTranslation();
  return useMemo(
    () => new Intl.DateTimeFormat(i18n.language, { timeZone: PLATFORM_TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }),
    [i18n.language],
  );
}

/** Amounts in yuan, grouped by thousands, with the currency in the user's language. */
export function useYuan(): (amount: string) => string {
  const { t } = useTranslation();
  return (amount) => t('money.yuan', { amount: groupYuan(amount) });
}
