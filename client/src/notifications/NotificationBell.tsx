import { apiRoutes } from '@bidhall/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../api/queries';
import { useSignedInUser } from '../auth/use-session';
import { isUnread, useLastSeen } from './last-seen';

export function NotificationBell() {
  const { t } = useTranslation();
  const user = useSignedInUser();
  const lastSeen = useLastSeen(user.id);
  const notifications = useApiQuery(apiRoutes.projects.notifications);
  const unread = notifications.data?.items.filter((n) => isUnread(n, lastSeen)).length ?? 0;
  // The badge's count is a word of the link's name (WCAG 2.5.3, label in name): not in parentheses,
  // which name matching sets aside.
  return (
    <Link className="bell" to="/notifications" data-testid="notification-bell" data-unread={unread} aria-label={t('notifications.bell', { n: unread })} title={t('notifications.bell', { n: unread })}>
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M12 3a6 6 0 0 0-6 6v3.6L4.3 15.4A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.6L18 12.6V9a6 6 0 0 0-6-6Zm-2.5 15.5a2.5 2.5 0 0 0 5 0" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
      </svg>
      {unread > 0 && (
        <span className="bell-badge" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </Link>
  );
}
