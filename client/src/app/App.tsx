import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { LoginPage } from '../auth/LoginPage';
import { useSession } from '../auth/use-session';
import { AppShell } from '../layout/AppShell';
import { PublicShell } from '../portal/PublicShell';
import { SocketProvider } from '../realtime/socket-context';
import { publicEntries } from './navigation';
import { session } from './services';

export function App() {
  const { t } = useTranslation();
  const state = useSession();
  if (state.status === 'restoring') {
    return (
      <p className="splash" role="status">
        {t('login.restoring')}
      </p>
    );
  }
  if (state.status === 'signed-out') {
    return (
      <Routes>
        <Route path="/login" element={<LoginPage reason={state.reason} />} />
        <Route element={<PublicShell />}>
          {publicEntries.map(({ path, Page }) => (
            <Route key={path} path={path} element={<Page />} />
          ))}
        </Route>
        <Route path="*" element={<ToLogin keepTarget={state.reason !== 'logout'} />} />
      </Routes>
    );
  }
  return (
    <SocketProvider key={state.session.user.id} session={session}>
      <AppShell user={state.session.user} />
    </SocketProvider>
  );
}

/** Sends the visitor to sign in, remembering the page asked for unless they just signed out. */
function ToLogin({ keepTarget }: { keepTarget: boolean }) {
  const location = useLocation();
  const target = `${location.pathname}${location.search}`;
  return <Navigate to="/login" replace state={keepTarget && target !== '/' ? { from: target } : undefined} />;
}
