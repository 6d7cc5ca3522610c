import { z } from 'zod';
import { ZId, ZIsoDateTime, ZText } from './common';
import { defineRoute } from './http';
import { ZSectionIdParams } from './projects';

/** Who sits on a section's evaluation committee (评标委员会) and so may enter its evaluation room. */
export const ZCommitteeMember = z.object({ userId: ZId, displayName: ZText, addedAt: ZIsoDateTime });

export const ZCommittee = z.object({ sectionId: ZId, members: z.array(ZCommitteeMember) });
export type TCommittee = z.infer<typeof ZCommittee>;

export const committeeRoutes = {
  seat: defineRoute({
    method: 'put',
    path: '/api/sections/:sectionId/committee',
    tag: 'experts',
    summary: "Set the experts seated on a section's evaluation committee",
    access: ['SUPERVISOR', 'ADMIN'],
    params: ZSectionIdParams,
    body: z.strictObject({ expertUserIds: z.array(ZId).min(1).max(25).refine((ids) => new Set(ids).size === ids.length, 'each expert once') }),
    response: ZCommittee,
    errors: ['NOT_FOUND', 'INVALID_STATE'],
  }),
  get: defineRoute({
    method: 'get',
    path: '/api/sections/:sectionId/committee',
    tag: 'experts',
    summary: "A section's evaluation committee (supervisors, administrators and its own experts)",
    access: ['SUPERVISOR', 'ADMIN', 'EXPERT'],
    params: ZSectionIdParams,
    response: ZCommittee,
    errors: ['NOT_FOUND'],
  }),
  mine: defineRoute({
    method: 'get',
    path: '/api/expert/committees',
    tag: 'experts',
    summary: 'The sections whose committees the expert sits on',
    access: ['EXPERT'],
    response: z.object({ items: z.array(z.object({ sectionId: ZId, sectionName: ZText, projectName: ZText, addedAt: ZIsoDateTime })) }),
  }),
} as const;
