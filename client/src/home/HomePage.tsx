import type { TRole } from '@bidhall/contracts';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditChainPanel } from '../audit/AuditChainPanel';
import { useSignedInUser } from '../auth/use-session';
import { PendingOrganizationsPanel } from '../orgs/PendingOrganizationsPanel';
import { PageHeading } from '../ui/Card';
import { ProfileCard } from './ProfileCard';

/** What each role's workspace shows beside the account card, most urgent first. */
const homePanels: Record<TRole, readonly ComponentType[]> = {
  ADMIN: [PendingOrganizationsPanel, AuditChainPanel],
  SUPERVISOR: [AuditChainPanel],
  TENDERER: [],
  AGENCY: [],
  BIDDER: [],
  INSTITUTION: [],
  EXPERT: [],
};

export function HomePage() {
  const { t } = useTranslation();
  const { role } = useSignedInUser();
  return (
    <>
      <PageHeading title={t(`workspace.${role}`)} intro={t(`workspaceIntro.${role}`)} />
      <div className="panels">
        {homePanels[role].map((Panel, index) => (
          <Panel key={index} />
        ))}
        <ProfileCard />
      </div>
    </>
  );
}
