import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { publicEntries } from '../app/navigation';
import { useNavigationFocus } from '../layout/use-navigation-focus';
import { HttpClockProvider } from '../realtime/clock-context';
import { ServerClock } from '../realtime/ServerClock';
import { Brand } from '../ui/Brand';
import { LanguageSwitch } from '../ui/LanguageSwitch';

/** The chrome around the pages anyone may read without signing in. */
export function PublicShell() {
  const { t } = useTranslation();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  useNavigationFocus(main);
  return (
    <HttpClockProvider>
      <div className="shell">
        <a className="skip-link" href="#main">
          {t('app.skipToContent')}
        </a>
        <header className="topbar">
          <div className="topbar-inner">
            <Brand />
            <div className="topbar-status">
              <ServerClock />
            </div>
            <div className="topbar-user">
              <LanguageSwitch />
              <Link className="button button-outline" to="/register">
                {t('register.link')}
              </Link>
              <Link className="button button-primary" to="/login" state={{ from: `${location.pathname}${location.search}` }}>
                {t('login.submit')}
              </Link>
            </div>
          </div>
          <nav className="mainnav" aria-label={t('nav.label')}>
            <ul>
              {publicEntries.map(
                ({ path, label }) =>
                  label && (
                    <li key={path}>
                      <NavLink to={path}>{t(`nav.${label}`)}</NavLink>
                    </li>
                  ),
              )}
            </ul>
          </nav>
        </header>
        <main className="content" id="main" tabIndex={-1} ref={main}>
          <Outlet />
        </main>
      </div>
    </HttpClockProvider>
  );
}
