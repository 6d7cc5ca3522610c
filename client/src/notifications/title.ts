import type { TNotification } from '@bidhall/contracts';
import { useDateTimeFormat } from '../ui/format';

const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/** The platform writes instants into titles as ISO strings; they are shown in platform time like every other time. */
export function useNotificationTitle(): (notification: TNotification) => string {
  const dateTime = useDateTimeFormat();
  return (notification) =>
    notification.title.replace(ISO_INSTANT, (iso) => {
      const instant = Date.parse(iso);
      return Number.isNaN(instant) ? iso : dateTime.format(instant);
    });
}
