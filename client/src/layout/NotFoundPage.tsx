import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeading } from '../ui/Card';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('notFound.heading')} intro={t('notFound.body')} />
      <Link className="button button-primary" to="/">
        {t('notFound.back')}
      </Link>
    </>
  );
}
