import { allAuditActions, apiRoutes, auditSubjectTypes, type TAuditEventView } from '@bidhall/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { routeKey } from '../api/queries';
import { api } from '../app/services';
import { Card, Loading, PageHeading } from '../ui/Card';
import { ErrorNotice } from '../ui/errors';
import { useDateTimeFormat } from '../ui/format';
import { AuditChainPanel } from './AuditChainPanel';

const PAGE_SIZE = 50;

export function AuditPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('audit.pageHeading')} />
      <div className="panels">
        <AuditChainPanel />
        <Card title={t('audit.eventsHeading')}>
          <AuditEvents />
        </Card>
      </div>
    </>
  );
}

function AuditEvents() {
  const { t } = useTranslation();
  const dateTime = useDateTimeFormat();
  const events = useInfiniteQuery({
    queryKey: routeKey(apiRoutes.audit.events, { pageSize: PAGE_SIZE }),
    queryFn: ({ pageParam, signal }) => api.call(apiRoutes.audit.events, { query: { afterSeq: pageParam, limit: PAGE_SIZE } }, { signal }),
    initialPageParam: 0,
    getNextPageParam: (last) => (last.items.length === PAGE_SIZE ? last.items.at(-1)?.seq : undefined),
  });
  if (events.isPending) return <Loading />;
  if (events.isError) return <ErrorNotice error={events.error} onRetry={() => void events.refetch()} />;
  const items = events.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <p className="empty">{t('audit.noEvents')}</p>;
  return (
    <>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('audit.seq')}</th>
              <th scope="col">{t('audit.at')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.subject')}</th>
              <th scope="col">{t('audit.actor')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((event) => (
              <tr key={event.seq} data-testid="audit-event" data-action={event.action}>
                <td className="mono">{event.seq}</td>
                <td className="nowrap">{dateTime.format(new Date(event.at))}</td>
                <td>
                  <AuditAction action={event.action} />
                </td>
                <td>
                  <AuditSubject event={event} />
                </td>
                <td>
                  <AuditActor event={event} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {events.hasNextPage && (
        <div className="card-footer">
          <button type="button" className="button button-outline" disabled={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
            {events.isFetchingNextPage ? t('common.loading') : t('audit.loadMore')}
          </button>
        </div>
      )}
    </>
  );
}

const isKnown = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/** The action in words; one this version does not know (written by a newer one) keeps its code, said to be one. */
function AuditAction({ action }: { action: string }) {
  const { t } = useTranslation();
  if (isKnown(allAuditActions, action)) return <span title={action}>{t(`auditActions.${action}`)}</span>;
  return (
    <span>
      {t('audit.unknownAction')} <code className="small">{action}</code>
    </span>
  );
}

/** What the event is about, by name where the platform gave one; a bid is never named (the name would be its bidder's). */
function AuditSubject({ event }: { event: TAuditEventView }) {
  const { t } = useTranslation();
  const type = isKnown(auditSubjectTypes, event.subjectType) ? t(`auditSubjects.${event.subjectType}`) : t('audit.unknownSubject');
  return (
    <>
      <span>{type}</span>{' '}
      {event.subjectName ? <span>{event.subjectName}</span> : <span className="mono muted small" title={event.subjectId}>{t('audit.reference', { id: event.subjectId.slice(0, 8) })}</span>}
    </>
  );
}

function AuditActor({ event }: { event: TAuditEventView }) {
  const { t } = useTranslation();
  if (!event.actorId) return <span className="muted">{t('audit.system')}</span>;
  return (
    <span title={event.actorId}>
      {event.actorName ?? t('audit.unknownUser')}
      {event.actorOrgName && <span className="muted small"> · {event.actorOrgName}</span>}
    </span>
  );
}
