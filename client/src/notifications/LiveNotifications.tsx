import { apiRoutes, type TNotification } from '@bidhall/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { routeKey } from '../api/queries';
import { useSocket } from '../realtime/socket-context';
import { useNotificationTitle } from './title';

const TOAST_MS = 12_000;
const MAX_TOASTS = 3;

/** What a notification may have changed: an amendment moves deadlines, versions, tender documents, answers and the notification list. */
const refreshedBy = [
  apiRoutes.projects.notifications,
  apiRoutes.tenderDocuments.list,
  apiRoutes.questions.mine,
  apiRoutes.questions.published,
  apiRoutes.projects.myRegistrations,
  apiRoutes.projects.portalList,
  apiRoutes.projects.portalGet,
  apiRoutes.projects.list,
  apiRoutes.projects.get,
];

/** Listens for the gateway's `notification` events: refreshes what they affect and shows each one briefly. */
export function LiveNotifications() {
  const { t } = useTranslation();
  const { socket, state } = useSocket();
  const queryClient = useQueryClient();
  const [toasts, setToasts] = useState<TNotification[]>([]);

  useEffect(() => {
    const onNotification = (notification: TNotification) => {
      for (const route of refreshedBy) void queryClient.invalidateQueries({ queryKey: routeKey(route) });
      setToasts((shown) => [...shown.filter((n) => n.id !== notification.id), notification].slice(-MAX_TOASTS));
    };
    socket.on('notification', onNotification);
    return () => {
      socket.off('notification', onNotification);
    };
  }, [socket, queryClient]);

  // Notifications are stored, so any sent while the connection was down are fetched once it is back.
  const wasConnected = useRef(false);
  useEffect(() => {
    if (state !== 'connected') return;
    if (wasConnected.current) void queryClient.invalidateQueries({ queryKey: routeKey(apiRoutes.projects.notifications) });
    wasConnected.current = true;
  }, [state, queryClient]);

  const dismiss = useCallback((id: string) => setToasts((shown) => shown.filter((n) => n.id !== id)), []);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((notification) => (
        <Toast key={notification.id} notification={notification} label={t(`notificationKinds.${notification.kind}`)} onDismiss={dismiss} />
      ))}
    </div>
  );
}

function Toast({ notification, label, onDismiss }: { notification: TNotification; label: string; onDismiss(id: string): void }) {
  const { t } = useTranslation();
  const title = useNotificationTitle();
  const { id } = notification;
  useEffect(() => {
    const timer = setTimeout(() => onDismiss(id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [id, onDismiss]);
  return (
    <div className="toast" data-testid="toast">
      <div className="toast-body">
        <strong>{label}</strong>
        <span>{title(notification)}</span>
        <Link to="/notifications" onClick={() => onDismiss(id)}>
          {t('notifications.view')}
        </Link>
      </div>
      <button type="button" className="toast-close" aria-label={t('notifications.dismiss')} onClick={() => onDismiss(id)}>
        ×
      </button>
    </div>
  );
}
