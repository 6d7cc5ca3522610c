import { openingEventData, type TOpeningEvent, type TOpeningView, ZDecryption, ZOpeningState } from '@bidhall/contracts';
import { useTranslation } from 'react-i18next';
import { Card } from '../ui/Card';
import { useDateTimeFormat, useTimeFormat } from '../ui/format';

/**
 * The opening's log as this hall received it, newest first: what happened, and when by the
 * server's clock. It is the hall's live region (`role="log"`): screen readers read out each event
 * as it arrives (a phase begins, a bid is announced, an objection is answered), not those already
 * there when the hall opened.
 */
export function HallLog({ view, log }: { view: TOpeningView; log: readonly TOpeningEvent[] }) {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const dateTime = useDateTimeFormat();
  const nameOf = new Map(view.participants.map((p) => [p.bidderOrgId, p.bidderName]));
  const name = (data: Record<string, unknown>) => (typeof data.bidderOrgId === 'string' ? (nameOf.get(data.bidderOrgId) ?? '') : '');

  const describe = (event: TOpeningEvent): string => {
    const { data } = event;
    switch (event.type) {
      case 'STATE_CHANGED': {
        const to = ZOpeningState.safeParse(data.to);
        return to.success ? t('opening.log.STATE_CHANGED', { state: t(`opening.states.${to.data}`) }) : t('opening.log.other');
      }
      case 'BIDS_FROZEN':
        return t('opening.log.BIDS_FROZEN', { n: typeof data.count === 'number' ? data.count : Array.isArray(data.participants) ? data.participants.length : 0 });
      case 'DECRYPTION_RESULT': {
        const result = ZDecryption.safeParse(data.decryption);
        return result.success ? t('opening.log.DECRYPTION_RESULT', { name: name(data), result: t(`opening.decryption.${result.data}`) }) : t('opening.log.other');
      }
      case 'WINDOW_EXTENDED':
        return t('opening.log.WINDOW_EXTENDED', { minutes: Number(data.minutes), reason: String(data.reason ?? '') });
      case 'TIMES_CHANGED': {
        const times = openingEventData.TIMES_CHANGED.safeParse(data);
        return times.success ? t('opening.log.TIMES_CHANGED', { version: times.data.version, deadline: dateTime.format(new Date(times.data.deadlineAt)) }) : t('opening.log.other');
      }
      case 'ANNOUNCED':
        return t('opening.log.ANNOUNCED', { name: typeof data.bidderName === 'string' ? data.bidderName : name(data) });
      case 'ATTENDED': {
        const attendee = openingEventData.ATTENDED.safeParse(data);
        return attendee.success
          ? t('opening.log.ATTENDED', { role: t(`opening.attendance.roles.${attendee.data.role}`), name: attendee.data.name })
          : t('opening.log.other');
      }
      case 'SIGNED_IN':
      case 'OBJECTION_RAISED':
      case 'OBJECTION_ANSWERED':
      case 'BOND_RECORDED':
      case 'CONFIRMED':
      case 'RECORD_ISSUED':
        return t(`opening.log.${event.type}`, { name: name(data) });
    }
  };

  return (
    <Card title={t('opening.log.heading')}>
      <div role="log" aria-label={t('opening.log.heading')}>
        {log.length === 0 ? (
          <p className="empty">{t('opening.log.empty')}</p>
        ) : (
          <ol className="hall-log" reversed data-testid="hall-log">
            {[...log].reverse().map((event) => (
              <li key={event.seq}>
                <time className="hall-log-time" dateTime={event.at}>
                  {time.format(new Date(event.at))}
                </time>
                <span>{describe(event)}</span>
              </li>
            ))}
          </ol>
        )}
      </div>
    </Card>
  );
}
