import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { session } from '../app/services';
import { Brand } from '../ui/Brand';
import { ErrorNotice } from '../ui/errors';
import { LanguageSwitch } from '../ui/LanguageSwitch';
import type { SignOutReason } from './session';

export function LoginPage({ reason }: { reason: SignOutReason }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      await session.login({ username: String(form.get('username') ?? '').trim(), password: String(form.get('password') ?? '') });
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
          {error !== null && <ErrorNotice error={error} />}
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
        </section>
        <Link className="login-portal-link" to="/portal">
          {t('login.portalLink')}
        </Link>
        <p className="login-tagline">{t('app.tagline')}</p>
      </main>
    </div>
  );
}
