import { type ReactNode, type Ref, useId } from 'react';
import { useTranslation } from 'react-i18next';

export function Card({
  title,
  actions,
  children,
  landing,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
  /** Makes the card a place the page can move focus to (`tabIndex={-1}`), through this ref. */
  landing?: Ref<HTMLElement>;
}) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={id} ref={landing} tabIndex={landing ? -1 : undefined}>
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
