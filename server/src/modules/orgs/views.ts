import type { TApplicationStanding, TOrganization, TOrganizationReview, TUser } from '@bidhall/contracts';
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

/** The administrator's view of an application; `applicant` is the organization's first user. */
export const toOrganizationReview = (o: Organization, applicant: Pick<User, 'username' | 'displayName'> | null): TOrganizationReview => ({
  ...toOrganizationView(o),
  contact: o.contactName && o.contactPhone ? { name: o.contactName, phone: o.contactPhone, email: o.contactEmail ?? '' } : null,
  applicant: applicant ? { username: applicant.username, displayName: applicant.displayName } : null,
  statusReason: o.statusReason,
  decidedAt: o.decidedAt?.toISOString() ?? null,
});

/** What the applicant may learn of its own application once it has given the right password. */
export const toApplicationStanding = (o: Organization): TApplicationStanding => ({
  organization: {
    name: o.name,
    kind: o.kind,
    status: o.status,
    registeredAt: o.createdAt.toISOString(),
    decidedAt: o.decidedAt?.toISOString() ?? null,
    reason: o.status === 'ACTIVE' ? null : o.statusReason,
  },
});
