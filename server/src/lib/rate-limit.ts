import type { Redis } from 'ioredis';
import { type IRateLimiterOptions, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';

export type RateLimiter = RateLimiterMemory | RateLimiterRedis;

/** Makes a named limit of the installation: `points` per `durationSeconds` for each key. */
export type RateLimiterFactory = (limit: { name: string; points: number; durationSeconds: number }) => RateLimiter;

/**
 * A limit that holds across API nodes: counted in Redis when the installation has one (one
 * atomic increment per point), in memory otherwise. Should Redis fail, each node goes on
 * counting in memory rather than refusing every request or letting all of them through.
 */
export function createRateLimiter(redis: Redis | null, options: IRateLimiterOptions): RateLimiter {
  if (!redis) return new RateLimiterMemory(options);
  return new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) });
}
