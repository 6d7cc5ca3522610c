import type { TApplicationStanding } from '@bidhall/contracts';
import { useTranslation } from 'react-i18next';
import { useDateTimeFormat } from '../ui/format';

type Standing = TApplicationStanding['organization'];

/**
 * Where an organization's application stands, for its applicant: after submitting it, and each
 * time its account tries to sign in before (or instead of) being approved. Says what happens next.
 */
export function ApplicationStanding({ standing, username, justSubmitted = false }: { standing: Standing; username?: string; justSubmitted?: boolean }) {
  const { t } = useTranslation();
  const dateTime = useDateTimeFormat();
  const state = standing.status === 'PENDING' ? 'pending' : standing.status === 'REJECTED' ? 'rejected' : 'suspended';
  return (
    <section className={`application application-${state}`} aria-labelledby="application-heading" data-testid="application-standing" data-status={standing.status}>
      <h2 id="application-heading">{justSubmitted ? t('application.submittedHeading') : t(`application.heading.${state}`)}</h2>
      <p role="status">{justSubmitted ? t('application.submitted', { name: standing.name }) : t(`application.summary.${state}`, { name: standing.name })}</p>
      <dl className="facts">
        <div>
          <dt>{t('orgs.name')}</dt>
          <dd>{standing.name}</dd>
        </div>
        <div>
          <dt>{t('orgs.kind')}</dt>
          <dd>{t(`orgKinds.${standing.kind}`)}</dd>
        </div>
        <div>
          <dt>{t('application.registeredAt')}</dt>
          <dd>{dateTime.format(new Date(standing.registeredAt))}</dd>
        </div>
        {username && (
          <div>
            <dt>{t('register.fields.username')}</dt>
            <dd className="mono">{username}</dd>
          </div>
        )}
        {standing.decidedAt && (
          <div>
            <dt>{t('application.decidedAt')}</dt>
            <dd>{dateTime.format(new Date(standing.decidedAt))}</dd>
          </div>
        )}
        {standing.reason && (
          <div className="facts-wide">
            <dt>{t('application.reason')}</dt>
            <dd data-testid="application-reason">{standing.reason}</dd>
          </div>
        )}
      </dl>
      <h3>{t('application.nextHeading')}</h3>
      <ol className="next-steps">
        {t(`application.next.${state}`, { returnObjects: true }).map((step, index) => (
          <li key={index}>{step}</li>
        ))}
      </ol>
    </section>
  );
}
