import { allRoutes, apiRoutes } from '@bidhall/contracts';
import { AppError } from '../../lib/app-error';
import { bind, type BoundRoute } from '../../lib/http/route';
import { within } from '../../lib/within';
import type { Services } from '../../services';
import { buildOpenApiDocument } from './openapi-document';

export function systemRoutes(s: Services): BoundRoute[] {
  const r = apiRoutes.system;
  let openapi: Record<string, unknown> | undefined;
  return [
    // Answers within 2 s whatever the dependencies do: a load balancer's probe must not hang on a
    // stalled database (a full pool, a long lock) any more than on a dead one.
    bind(r.health, async () => {
      const [ok, redisOk] = await Promise.all([
        within(s.db.sql.query('SELECT 1 AS ok').then(() => true), PROBE_MS, false),
        s.redis ? within(s.redis.ping().then(() => true), PROBE_MS, false) : Promise.resolve(null),
      ]);
      if (!ok) throw new AppError('UNAVAILABLE', 'the database does not answer');
      const redis = redisOk === null ? null : { ok: redisOk };
      const now = s.clock.now();
      return {
        status: redis && !redis.ok ? ('degraded' as const) : ('ok' as const),
        version: s.version,
        uptimeSeconds: Math.round((now.getTime() - s.startedAt.getTime()) / 1000),
        database: { kind: s.db.kind, ok },
        redis,
        serverTime: now.toISOString(),
      };
    }),
    bind(r.time, async () => ({ serverTime: s.clock.now().getTime() })),
    bind(r.openapi, async () => (openapi ??= buildOpenApiDocument(allRoutes(), s.version))),
  ];
}

/** How long the health probe waits for each dependency, answering within 2 s in all. */
const PROBE_MS = 1500;
