import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';

export function Card({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={id}>
      <div className="card-header">
        <h2 id={id}>{title}</h2>
        {actions && <div className="card-actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}

export function PageHeading({ title, intro }: { title: string; intro?: string }) {
  return (
    <div className="page-heading">
      <h1>{title}</h1>
      {intro && <p>{intro}</p>}
    </div>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status">
      {t('common.loading')}
    </p>
  );
}
