import { z } from 'zod';
import { ZCreditCode, ZId, ZIsoDateTime, ZRegionCode, ZText } from './common';
import { defineRoute } from './http';
import { ZOrgKind, ZRegistrableKind, ZRole } from './roles';

export const ZOrgStatus = z.enum(['PENDING', 'ACTIVE', 'REJECTED', 'SUSPENDED']);
export type TOrgStatus = z.infer<typeof ZOrgStatus>;

export const ZUsername = ZText.min(3)
  .max(32)
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'lower-case letters, digits, dot, dash and underscore');

/** At least 10 characters with letters and digits; bcrypt reads only the first 72 bytes, so longer is refused. */
export const ZPassword = ZText.min(10)
  .refine((p) => new TextEncoder().encode(p).length <= 72, 'at most 72 bytes')
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), 'must contain letters and digits');

export const ZOrganization = z.object({
  id: ZId,
  name: ZText,
  kind: ZOrgKind,
  creditCode: ZText,
  regionCode: ZText,
  status: ZOrgStatus,
  createdAt: ZIsoDateTime,
});
export type TOrganization = z.infer<typeof ZOrganization>;

export const ZUser = z.object({
  id: ZId,
  username: ZText,
  displayName: ZText,
  role: ZRole,
  orgId: ZId.nullable(),
});
export type TUser = z.infer<typeof ZUser>;

export const ZMe = z.object({ user: ZUser, organization: ZOrganization.nullable() });
export type TMe = z.infer<typeof ZMe>;

/** A mainland mobile number (11 digits from 1[3-9]) or a landline with its area code, e.g. 0512-68881234 or 0512-68881234-801. */
export const ZPhone = ZText.trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/, 'a mobile number or a landline with its area code');

/**
 * Who at the organization answers the platform's questions about its registration; the
 * administrator reviewing an application uses it to check the details with the applicant.
 */
export const ZContact = z.strictObject({
  name: ZText.trim().min(2).max(50),
  phone: ZPhone,
  email: z.union([z.email().max(100), z.literal('')]).default(''),
});
export type TContact = z.output<typeof ZContact>;

export const ZRegisterBody = z.strictObject({
  organization: z.strictObject({
    name: ZText.trim().min(2).max(100),
    kind: ZRegistrableKind,
    creditCode: ZCreditCode,
    regionCode: ZRegionCode,
    contact: ZContact,
  }),
  user: z.strictObject({
    username: ZUsername,
    displayName: ZText.trim().min(1).max(50),
    password: ZPassword,
  }),
});
export type TRegisterBody = z.input<typeof ZRegisterBody>;

export const ZRegisterResult = z.object({ organization: ZOrganization, user: ZUser });

export const ZLoginBody = z.strictObject({
  username: ZText.min(1).max(64),
  password: ZText.min(1).max(200),
});
export type TLoginBody = z.infer<typeof ZLoginBody>;

/** The access token travels in the body; the refresh token only in an httpOnly cookie. */
export const ZSession = z.object({
  accessToken: ZText,
  expiresAt: ZIsoDateTime,
  user: ZUser,
});
export type TSession = z.infer<typeof ZSession>;

/**
 * An organization as the administrator reviews it: with its contact, the account that applied and
 * the decision so far. Only administrators see this view.
 */
export const ZOrganizationReview = ZOrganization.extend({
  contact: z.object({ name: ZText, phone: ZText, email: ZText }).nullable(),
  /** The first user, who filled in the application; null for organizations the installation created without one. */
  applicant: z.object({ username: ZText, displayName: ZText }).nullable(),
  statusReason: ZText.nullable(),
  decidedAt: ZIsoDateTime.nullable(),
});
export type TOrganizationReview = z.infer<typeof ZOrganizationReview>;

/**
 * The `details` of ACCOUNT_PENDING and ACCOUNT_DISABLED refusals of a correct password: where the
 * organization's application stands, so the applicant learns it (and a rejection's reason).
 */
export const ZApplicationStanding = z.object({
  organization: z.object({
    name: ZText,
    kind: ZOrgKind,
    status: ZOrgStatus,
    registeredAt: ZIsoDateTime,
    decidedAt: ZIsoDateTime.nullable(),
    reason: ZText.nullable(),
  }),
});
export type TApplicationStanding = z.infer<typeof ZApplicationStanding>;

export const ZOrgDecisionBody = z.strictObject({ reason: ZText.trim().min(2).max(500) });
export const ZOrgIdParams = z.strictObject({ orgId: ZId });
export const ZUserIdParams = z.strictObject({ userId: ZId });
export const ZOrgListQuery = z.strictObject({ status: ZOrgStatus.optional() });

/** Claims of a bidhall access token (besides iss, aud, iat, exp). */
export const ZAccessClaims = z.object({
  sub: ZId,
  /** The session (refresh family) the token was issued for; the token dies with it. */
  sid: ZId,
  role: ZRole,
  org: ZId.nullable(),
  name: ZText,
});
export type TAccessClaims = z.infer<typeof ZAccessClaims>;

export const authRoutes = {
  register: defineRoute({
    method: 'post',
    path: '/api/auth/register',
    tag: 'auth',
    summary: 'Register an organization and its first user; agencies, institutions and regulators wait for approval',
    access: 'public',
    body: ZRegisterBody,
    response: ZRegisterResult,
    status: 201,
    errors: ['USERNAME_TAKEN', 'CREDIT_CODE_TAKEN', 'RATE_LIMITED'],
  }),
  login: defineRoute({
    method: 'post',
    path: '/api/auth/login',
    tag: 'auth',
    summary: 'Sign in; sets the refresh cookie and returns a short-lived access token. A correct password of an organization that is not active is refused with its application standing in the details',
    access: 'public',
    body: ZLoginBody,
    response: ZSession,
    errors: ['INVALID_CREDENTIALS', 'ACCOUNT_PENDING', 'ACCOUNT_DISABLED', 'ACCOUNT_LOCKED', 'RATE_LIMITED'],
  }),
  refresh: defineRoute({
    method: 'post',
    path: '/api/auth/refresh',
    tag: 'auth',
    summary: 'Rotate the refresh cookie and return a new access token; a reused token revokes its family',
    access: 'public',
    response: ZSession,
    errors: ['REFRESH_INVALID', 'REFRESH_REUSED', 'ACCOUNT_DISABLED'],
  }),
  logout: defineRoute({
    method: 'post',
    path: '/api/auth/logout',
    tag: 'auth',
    summary: 'Revoke the session behind the refresh cookie and clear it',
    access: 'public',
    response: null,
    status: 204,
  }),
  me: defineRoute({
    method: 'get',
    path: '/api/auth/me',
    tag: 'auth',
    summary: 'The signed-in user and organization',
    access: 'authenticated',
    response: ZMe,
  }),
  listOrganizations: defineRoute({
    method: 'get',
    path: '/api/admin/organizations',
    tag: 'auth',
    summary: 'Organizations, optionally by status (pending approvals first of all)',
    access: ['ADMIN'],
    query: ZOrgListQuery,
    response: z.object({ items: z.array(ZOrganizationReview) }),
  }),
  approveOrganization: defineRoute({
    method: 'post',
    path: '/api/admin/organizations/:orgId/approve',
    tag: 'auth',
    summary: 'Approve a pending organization',
    access: ['ADMIN'],
    params: ZOrgIdParams,
    response: ZOrganization,
    errors: ['NOT_FOUND', 'INVALID_STATE'],
  }),
  rejectOrganization: defineRoute({
    method: 'post',
    path: '/api/admin/organizations/:orgId/reject',
    tag: 'auth',
    summary: 'Reject a pending organization, with the reason',
    access: ['ADMIN'],
    params: ZOrgIdParams,
    body: ZOrgDecisionBody,
    response: ZOrganization,
    errors: ['NOT_FOUND', 'INVALID_STATE'],
  }),
  suspendOrganization: defineRoute({
    method: 'post',
    path: '/api/admin/organizations/:orgId/suspend',
    tag: 'auth',
    summary: "Suspend an active organization, with the reason: its users' sessions end at once, on every node",
    access: ['ADMIN'],
    params: ZOrgIdParams,
    body: ZOrgDecisionBody,
    response: ZOrganization,
    errors: ['NOT_FOUND', 'INVALID_STATE'],
  }),
  reinstateOrganization: defineRoute({
    method: 'post',
    path: '/api/admin/organizations/:orgId/reinstate',
    tag: 'auth',
    summary: 'Reinstate a suspended organization; its users sign in again',
    access: ['ADMIN'],
    params: ZOrgIdParams,
    body: ZOrgDecisionBody,
    response: ZOrganization,
    errors: ['NOT_FOUND', 'INVALID_STATE'],
  }),
  disableUser: defineRoute({
    method: 'post',
    path: '/api/admin/users/:userId/disable',
    tag: 'auth',
    summary: "Disable a user account, with the reason: the user's sessions end at once, on every node",
    access: ['ADMIN'],
    params: ZUserIdParams,
    body: ZOrgDecisionBody,
    response: ZUser,
    errors: ['NOT_FOUND', 'INVALID_STATE'],
  }),
} as const;
