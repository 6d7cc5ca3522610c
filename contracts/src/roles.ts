import { z } from 'zod';

/** What an organization is to the platform. */
export const ZOrgKind = z.enum(['PLATFORM', 'TENDERER', 'AGENCY', 'BIDDER', 'INSTITUTION', 'REGULATOR']);
export type TOrgKind = z.infer<typeof ZOrgKind>;

/** What a user may do; derived from the organization's kind, except experts who act as individuals. */
export const ZRole = z.enum(['ADMIN', 'TENDERER', 'AGENCY', 'BIDDER', 'INSTITUTION', 'SUPERVISOR', 'EXPERT']);
export type TRole = z.infer<typeof ZRole>;

export const roleOfOrgKind = {
  PLATFORM: 'ADMIN',
  TENDERER: 'TENDERER',
  AGENCY: 'AGENCY',
  BIDDER: 'BIDDER',
  INSTITUTION: 'INSTITUTION',
  REGULATOR: 'SUPERVISOR',
} as const satisfies Record<TOrgKind, TRole>;

/** Kinds that can register themselves; the platform operator is created by the installation. */
export const ZRegistrableKind = ZOrgKind.exclude(['PLATFORM']);
/** Kinds whose registration waits for an administrator (others are active at once). */
export const kindsNeedingApproval: readonly TOrgKind[] = ['AGENCY', 'INSTITUTION', 'REGULATOR'];
