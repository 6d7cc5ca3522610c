import type { TUser } from '@bidhall/contracts';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import { navEntriesFor } from '../app/navigation';
import { session } from '../app/services';
import { useMe } from '../auth/use-me';
import { LiveNotifications } from '../notifications/LiveNotifications';
import { NotificationBell } from '../notifications/NotificationBell';
import { ConnectionBadge } from '../realtime/ConnectionBadge';
import { ServerClock } from '../realtime/ServerClock';
import { Brand } from '../ui/Brand';
import { useFocusRecovery } from '../ui/focus-recovery';
import { LanguageSwitch } from '../ui/LanguageSwitch';
import { NotFoundPage } from './NotFoundPage';
import { useNavigationFocus } from './use-navigation-focus';

export function AppShell({ user }: { user: TUser }) {
  const { t } = useTranslation();
  const me = useMe();
  const entries = navEntriesFor(user.role);
  const main = useRef<HTMLElement>(null);
  useNavigationFocus(main);
  // Pages that update live (the opening hall above all) keep the keyboard's place when a focused control goes.
  useFocusRecovery(main);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Brand />
          <div className="topbar-status">
            <ServerClock />
            <ConnectionBadge />
          </div>
          <div className="topbar-user">
            <LanguageSwitch />
            <NotificationBell />
            <div className="current-user" data-testid="current-user">
              <span className="visually-hidden">{t('header.account')}</span>
              <span className="current-user-name">{user.displayName}</span>
              <span className="current-user-org">{me.data?.organization?.name ?? t(`roles.${user.role}`)}</span>
            </div>
            <button type="button" className="button button-outline" onClick={() => void session.logout()}>
              {t('header.logout')}
            </button>
          </div>
        </div>
        <nav className="mainnav" aria-label={t('nav.label')}>
          <ul>
            {entries.map(
              ({ path, label }) =>
                label && (
                  <li key={path}>
                    <NavLink to={path} end={path === '/'}>
                      {t(`nav.${label}`)}
                    </NavLink>
                  </li>
                ),
            )}
          </ul>
        </nav>
      </header>
      <main className="content" id="main" tabIndex={-1} ref={main}>
        <Routes>
          {entries.map(({ path, Page }) => (
            <Route key={path} path={path} element={<Page />} />
          ))}
          <Route path="/login" element={<AfterLogin />} />
          {/* A new organization's first sign-in starts from its sign-up page. */}
          <Route path="/register" element={<AfterLogin />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </main>
      <LiveNotifications />
    </div>
  );
}

/** Back to the page that sent the user to sign in, or to the workspace. */
function AfterLogin() {
  const from: unknown = useLocation().state;
  const target = typeof from === 'object' && from !== null && 'from' in from && typeof from.from === 'string' ? from.from : '/';
  return <Navigate to={target} replace />;
}
