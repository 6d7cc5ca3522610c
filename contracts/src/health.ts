import { z } from 'zod';
import { defineRoute } from './http';
import { ZText } from './common';

export const ZHealth = z.object({
  /** `degraded` when a dependency other than the database is down. */
  status: z.enum(['ok', 'degraded']),
  version: ZText,
  uptimeSeconds: z.number(),
  database: z.object({ kind: z.enum(['postgres', 'pglite']), ok: z.boolean() }),
  /** Null when the node runs without Redis (a single node). */
  redis: z.object({ ok: z.boolean() }).nullable(),
  serverTime: z.iso.datetime({ offset: true }),
});
export type THealth = z.infer<typeof ZHealth>;

export const systemRoutes = {
  health: defineRoute({
    method: 'get',
    path: '/api/health',
    tag: 'system',
    summary: 'Liveness and database reachability',
    access: 'public',
    response: ZHealth,
    errors: ['UNAVAILABLE'],
  }),
  time: defineRoute({
    method: 'get',
    path: '/api/time',
    tag: 'system',
    summary: "The server's clock, for clients without a socket to estimate their offset",
    access: 'public',
    response: z.object({ serverTime: z.number() }),
  }),
  openapi: defineRoute({
    method: 'get',
    path: '/api/openapi.json',
    tag: 'system',
    summary: 'This API as an OpenAPI 3.1 document, generated from the contracts',
    access: 'public',
    response: z.record(ZText, z.unknown()),
  }),
} as const;
