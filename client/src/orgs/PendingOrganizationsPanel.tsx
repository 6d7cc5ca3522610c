import { useTranslation } from 'react-i18next';
import { Card } from '../ui/Card';
import { OrganizationTable } from './OrganizationTable';

export function PendingOrganizationsPanel() {
  const { t } = useTranslation();
  return (
    <Card title={t('orgs.pendingHeading')}>
      <OrganizationTable status="PENDING" />
    </Card>
  );
}
