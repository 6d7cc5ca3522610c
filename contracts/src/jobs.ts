import { z } from 'zod';
import { ZId, ZIsoDateTime, ZText } from './common';
import { defineRoute } from './http';

export const ZJobState = z.enum(['PENDING', 'RUNNING', 'DONE', 'DEAD']);
export type TJobState = z.infer<typeof ZJobState>;

/** A durable job as operators see it: what it is for, how it went, and why it last failed. */
export const ZJob = z.object({
  id: ZId,
  queue: ZText,
  key: ZText,
  state: ZJobState,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  runAt: ZIsoDateTime,
  lastError: ZText.nullable(),
  createdAt: ZIsoDateTime,
  doneAt: ZIsoDateTime.nullable(),
});
export type TJob = z.infer<typeof ZJob>;

export const jobRoutes = {
  list: defineRoute({
    method: 'get',
    path: '/api/admin/jobs',
    tag: 'system',
    summary: 'Durable jobs, newest first, by state (dead letters first of all) and queue',
    access: ['ADMIN'],
    query: z.strictObject({ state: ZJobState.optional(), queue: ZText.max(100).optional() }),
    response: z.object({ items: z.array(ZJob) }),
  }),
  retry: defineRoute({
    method: 'post',
    path: '/api/admin/jobs/:jobId/retry',
    tag: 'system',
    summary: 'Put a dead letter back to be tried again, with fresh attempts',
    access: ['ADMIN'],
    params: z.strictObject({ jobId: ZId }),
    response: ZJob,
    errors: ['NOT_FOUND', 'INVALID_STATE'],
  }),
} as const;
