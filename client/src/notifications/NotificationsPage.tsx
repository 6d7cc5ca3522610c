import { apiRoutes, type TNotification } from '@bidhall/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../api/queries';
import { useSignedInUser } from '../auth/use-session';
import { Card, PageHeading } from '../ui/Card';
import { useDateTimeFormat } from '../ui/format';
import { QueryState } from '../ui/QueryState';
import { isUnread, markSeen, useLastSeen } from './last-seen';
import { useNotificationTitle } from './title';

export function NotificationsPage() {
  const { t } = useTranslation();
  const user = useSignedInUser();
  const notifications = useApiQuery(apiRoutes.projects.notifications);
  const lastSeen = useLastSeen(user.id);
  // What was new when the page opened stays marked as new while the user reads it.
  const [seenBefore] = useState(lastSeen);
  const newest = notifications.data?.items[0]?.createdAt;
  useEffect(() => {
    if (newest) markSeen(user.id, newest);
  }, [newest, user.id]);

  return (
    <>
      <PageHeading title={t('notifications.heading')} intro={t('notifications.intro')} />
      <Card title={t('notifications.listHeading')}>
        <QueryState query={notifications} isEmpty={(data) => data.items.length === 0} empty={t('notifications.empty')}>
          {(data) => (
            <ul className="notification-list">
              {data.items.map((n) => (
                <NotificationItem key={n.id} notification={n} isNew={isUnread(n, seenBefore)} />
              ))}
            </ul>
          )}
        </QueryState>
      </Card>
    </>
  );
}

function deadlineChange(data: Record<string, unknown>): { from: string; to: string } | null {
  const change = data.bidDeadline;
  if (typeof change !== 'object' || change === null || !('from' in change) || !('to' in change)) return null;
  return typeof change.from === 'string' && typeof change.to === 'string' ? { from: change.from, to: change.to } : null;
}

function NotificationItem({ notification, isNew }: { notification: TNotification; isNew: boolean }) {
  const { t } = useTranslation();
  const dateTime = useDateTimeFormat();
  const title = useNotificationTitle();
  const moved = notification.kind === 'DEADLINE_CHANGED' ? deadlineChange(notification.data) : null;
  const projectId = typeof notification.data.projectId === 'string' ? notification.data.projectId : null;
  return (
    <li className={`notification ${isNew ? 'notification-new' : ''}`} data-testid="notification" data-kind={notification.kind}>
      <div className="notification-meta">
        <span className={`tag tag-kind-${notification.kind.toLowerCase()}`}>{t(`notificationKinds.${notification.kind}`)}</span>
        {isNew && <span className="tag tag-new">{t('notifications.new')}</span>}
        <time className="muted small" dateTime={notification.createdAt}>
          {dateTime.format(new Date(notification.createdAt))}
        </time>
      </div>
      <p className="notification-title">{title(notification)}</p>
      {moved && (
        <p className="notification-change">
          {t('notifications.deadlineMoved', { from: dateTime.format(new Date(moved.from)), to: dateTime.format(new Date(moved.to)) })}
        </p>
      )}
      {projectId && (
        <Link className="small" to={`/portal/${projectId}`}>
          {t('notifications.openAnnouncement')}
        </Link>
      )}
    </li>
  );
}
