import type { TAttendee, TOpeningState, TOpeningView } from '@bidhall/contracts';
import { useTranslation } from 'react-i18next';
import { useServerNow } from '../realtime/server-time';
import { Card } from '../ui/Card';
import { Countdown } from '../ui/Countdown';
import { useDateTimeFormat, useTimeFormat } from '../ui/format';
import { nextDeadline } from './hall-session';

const STAGES: readonly TOpeningState[] = ['SIGN_IN', 'DEADLINE', 'DECRYPTING', 'ANNOUNCING', 'CONFIRMING', 'CLOSED'];
/** Who besides the bidders is shown present, in the record's order. */
const ATTENDING: readonly TAttendee['role'][] = ['AGENCY', 'TENDERER', 'SUPERVISOR', 'ADMIN'];

function OpeningStateTag({ state }: { state: TOpeningState }) {
  const { t } = useTranslation();
  return (
    <span className={`tag tag-opening-${state.toLowerCase()}`} data-testid="opening-state" data-state={state}>
      {t(`opening.states.${state}`)}
    </span>
  );
}

/** Where the opening stands, with the time left to its next deadline by the server's clock. */
export function HallStatus({ view }: { view: TOpeningView }) {
  const { t } = useTranslation();
  const dateTime = useDateTimeFormat();
  const time = useTimeFormat();
  const now = useServerNow();
  const due = nextDeadline(view);
  const reached = view.state === 'FAILED' ? STAGES.indexOf('DEADLINE') : STAGES.indexOf(view.state);
  const times = (['signInAt', 'deadlineAt', 'autoStartAt', 'decryptEndsAt', 'confirmEndsAt', 'closedAt'] as const).filter(
    (key) => view.times[key] && !(key === 'autoStartAt' && view.times.decryptEndsAt),
  );
  return (
    <Card title={t('opening.status.heading')} actions={<OpeningStateTag state={view.state} />}>
      <ol className="stage-steps" aria-label={t('opening.status.stages')}>
        {STAGES.map((stage, index) => {
          const failedHere = view.state === 'FAILED' && index === reached;
          const current = index === reached;
          return (
            <li
              key={stage}
              className={`stage-step ${current ? 'stage-step-current' : index < reached ? 'stage-step-done' : ''} ${failedHere ? 'stage-step-failed' : ''}`}
              aria-current={current ? 'step' : undefined}
            >
              <span className="stage-step-dot" aria-hidden="true" />
              {failedHere ? t('opening.states.FAILED') : t(`opening.states.${stage}`)}
            </li>
          );
        })}
      </ol>
      <div className="hall-clock">
        {due && (
          <div className="hall-clock-next">
            <span className="deadline-label">{t(`opening.status.next.${due.state}`)}</span>
            <time className="deadline-time" dateTime={due.at}>
              {dateTime.format(new Date(due.at))}
            </time>
            <span className="hall-countdown">
              <Countdown until={due.at} />
            </span>
            {now !== null && now > Date.parse(due.at) && <span className="muted small">{t('opening.status.processing')}</span>}
          </div>
        )}
        <div className="hall-clock-now">
          <span className="deadline-label">{t('opening.status.serverTime')}</span>
          {now === null ? (
            <span className="muted">{t('header.syncing')}</span>
          ) : (
            <time className="hall-server-time" data-testid="hall-server-time" dateTime={new Date(now).toISOString()}>
              {time.format(now)}
            </time>
          )}
        </div>
      </div>
      <dl className="facts">
        {times.map((key) => (
          <div key={key}>
            <dt>{t(`opening.times.${key}`)}</dt>
            <dd>
              <time dateTime={view.times[key]!}>{dateTime.format(new Date(view.times[key]!))}</time>
            </dd>
          </div>
        ))}
      </dl>
      <dl className="facts hall-attendance" data-testid="attendance" aria-label={t('opening.attendance.heading')}>
        {ATTENDING.map((role) => {
          const names = view.attendance.filter((a) => a.role === role).map((a) => a.name);
          // The administrators' presence is listed only when they came; the others are expected.
          if (role === 'ADMIN' && names.length === 0) return null;
          return (
            <div key={role}>
              <dt>{t(`opening.attendance.roles.${role}`)}</dt>
              <dd>{names.length ? names.join(t('opening.attendance.separator')) : <span className="muted">{t('opening.attendance.none')}</span>}</dd>
            </div>
          );
        })}
      </dl>
      {view.extension && (
        <p className="notice notice-info" data-testid="extension">
          {t('opening.status.extended', { time: dateTime.format(new Date(view.extension.until)), reason: view.extension.reason })}
        </p>
      )}
    </Card>
  );
}
