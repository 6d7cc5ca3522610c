import { type TNotification, ZAmendmentNotificationData } from '@bidhall/contracts';
import { useTranslation } from 'react-i18next';
import { useDateTimeFormat } from '../ui/format';

const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/**
 * A notification's title in the reader's language. An amendment's is worded from its data: the
 * section, the version and what changed. Older notifications, stored without that, keep the
 * platform's title, with instants written as ISO strings shown in platform time like every other time.
 */
export function useNotificationTitle(): (notification: TNotification) => string {
  const { t } = useTranslation();
  const dateTime = useDateTimeFormat();
  return (notification) => {
    const amendment = ZAmendmentNotificationData.safeParse(notification.data);
    if (amendment.success) {
      const { projectName, sectionName, version, fields, clarified, documents } = amendment.data;
      const what = [
        ...fields.map((field) => t(`sectionFields.${field}`)),
        ...(documents ? [t('notifications.documents')] : []),
        ...(clarified ? [t('notifications.clarification')] : []),
      ];
      return t('notifications.amended', { project: projectName, section: sectionName, version, what: what.join(t('template.listSeparator')) });
    }
    return notification.title.replace(ISO_INSTANT, (iso) => {
      const instant = Date.parse(iso);
      return Number.isNaN(instant) ? iso : dateTime.format(instant);
    });
  };
}
