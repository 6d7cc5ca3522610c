import type { TOrganization, TUser } from '@bidhall/contracts';
import type { Organization, User } from '@bidhall/db';

export const toOrganizationView = (o: Organization): TOrganization => ({
  id: o.id,
  name: o.name,
  kind: o.kind,
  creditCode: o.creditCode,
  regionCode: o.regionCode,
  status: o.status,
  createdAt: o.createdAt.toISOString(),
});

export const toUserView = (u: User): TUser => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  orgId: u.orgId,
});
