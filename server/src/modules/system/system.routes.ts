import { allRoutes, apiRoutes } from '@bidhall/contracts';
import type { Redis } from 'ioredis';
import { AppError } from '../../lib/app-error';
import { bind, type BoundRoute } from '../../lib/http/route';
import type { Services } from '../../services';
import { buildOpenApiDocument } from './openapi-document';

export function systemRoutes(s: Services): BoundRoute[] {
  const r = apiRoutes.system;
  let openapi: Record<string, unknown> | undefined;
  return [
    bind(r.health, async () => {
      const ok = await s.prisma.$queryRaw`SELECT 1`.then(
        () => true,
        () => false,
      );
      if (!ok) throw new AppError('UNAVAILABLE', 'the database is not reachable');
      const redis = s.redis ? { ok: await pingRedis(s.redis) } : null;
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

const pingRedis = (redis: Redis): Promise<boolean> =>
  Promise.race([
    redis.ping().then(() => true, () => false),
    new Promise<boolean>((resolve) => setTimeout(resolve, 1000, false).unref()),
  ]);
