import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Card } from '../ui/Card';
import { OrganizationTable } from './OrganizationTable';

/** The administrator's workspace starts with the applications waiting, and what to check in them. */
export function PendingOrganizationsPanel() {
  const { t } = useTranslation();
  return (
    <Card
      title={t('orgs.pendingHeading')}
      actions={
        <Link className="button button-outline button-small" to="/admin/organizations?status=ALL">
          {t('orgs.allLink')}
        </Link>
      }
    >
      <p className="muted small">{t('orgs.pendingIntro')}</p>
      <OrganizationTable status="PENDING" />
    </Card>
  );
}
