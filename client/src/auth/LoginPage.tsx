import { type TApplicationStanding, ZApplicationStanding } from '@bidhall/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/http';
import { session } from '../app/services';
import { ApplicationStanding } from '../signup/ApplicationStanding';
import { Brand } from '../ui/Brand';
import { ErrorNotice } from '../ui/errors';
import { LanguageSwitch } from '../ui/LanguageSwitch';
import type { SignOutReason } from './session';

/** A refusal of the right password because the organization is not active says where its application stands. */
function standingOf(error: unknown): TApplicationStanding['organization'] | null {
  if (!(error instanceof ApiError) || (error.code !== 'ACCOUNT_PENDING' && error.code !== 'ACCOUNT_DISABLED')) return null;
  return ZApplicationStanding.safeParse(error.details).data?.organization ?? null;
}

export function LoginPage({ reason }: { reason: SignOutReason }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const [username, setUsername] = useState('');
  const standing = standingOf(error);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const typed = String(form.get('username') ?? '').trim();
      setUsername(typed);
      await session.login({ username: typed, password: String(form.get('password') ?? '') });
    } catch (failure) {
      setError(failure);
      setPending(false);
    }
  };

  return (
    <div className="login-page">
      <header className="login-top">
        <Brand />
        <LanguageSwitch />
      </header>
      <main className="login-main" id="main">
        <section className="login-card" aria-labelledby="login-heading">
          <h1 id="login-heading">{t('login.heading')}</h1>
          <p className="muted">{t('login.intro')}</p>
          {reason === 'expired' && !error && (
            <p className="notice notice-info" role="status">
              {t('login.expired')}
            </p>
          )}
          {standing ? <ApplicationStanding standing={standing} username={username.toLowerCase()} /> : error !== null && <ErrorNotice error={error} />}
          <form className="form" onSubmit={(event) => void submit(event)}>
            <div className="field">
              <label htmlFor="login-username">{t('login.username')}</label>
              <input id="login-username" name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} required maxLength={64} />
            </div>
            <div className="field">
              <label htmlFor="login-password">{t('login.password')}</label>
              <input id="login-password" name="password" type="password" autoComplete="current-password" required maxLength={200} />
            </div>
            <button type="submit" className="button button-primary button-block" disabled={pending}>
              {pending ? t('login.submitting') : t('login.submit')}
            </button>
          </form>
          <p className="login-register">
            {t('login.noAccount')} <Link to="/register">{t('login.registerLink')}</Link>
          </p>
        </section>
        <Link className="login-portal-link" to="/portal">
          {t('login.portalLink')}
        </Link>
        <p className="login-tagline">{t('app.tagline')}</p>
      </main>
    </div>
  );
}
