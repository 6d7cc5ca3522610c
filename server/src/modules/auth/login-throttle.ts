import type { Redis } from 'ioredis';
import { type IRateLimiterOptions, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../../lib/app-error';

export interface ThrottleLimits {
  /** Failed logins of one account, within `windowSeconds`, before it is locked. */
  accountFailures: number;
  /** Failed logins from one address, within `windowSeconds`, before it is refused. */
  ipFailures: number;
  windowSeconds: number;
  /** How long a lock lasts, in seconds. */
  lockSeconds: number;
  /** Registrations per address per hour. */
  registrationsPerHour: number;
}

export const defaultThrottleLimits: ThrottleLimits = {
  accountFailures: 5,
  ipFailures: 30,
  windowSeconds: 15 * 60,
  lockSeconds: 15 * 60,
  registrationsPerHour: 10,
};

export interface LoginThrottle {
  /** Throws ACCOUNT_LOCKED or RATE_LIMITED when the attempt must not even be evaluated. */
  check(account: string, ip: string): Promise<void>;
  recordFailure(account: string, ip: string): Promise<void>;
  recordSuccess(account: string): Promise<void>;
  /** Counts one registration from the address; throws RATE_LIMITED past the hourly limit. */
  consumeRegistration(ip: string): Promise<void>;
}

/**
 * Counts failures per account and per address. Counters live in Redis when one is given (so
 * every API node sees the same counts), otherwise in memory.
 */
export function createLoginThrottle(options: { limits?: ThrottleLimits; redis?: Redis; namespace?: string }): LoginThrottle {
  const limits = options.limits ?? defaultThrottleLimits;
  const ns = options.namespace ?? 'bidhall';
  const make = (opts: IRateLimiterOptions) =>
    options.redis ? new RateLimiterRedis({ ...opts, storeClient: options.redis }) : new RateLimiterMemory(opts);
  const byAccount = make({ keyPrefix: `${ns}:login-account`, points: limits.accountFailures, duration: limits.windowSeconds, blockDuration: limits.lockSeconds });
  const byIp = make({ keyPrefix: `${ns}:login-ip`, points: limits.ipFailures, duration: limits.windowSeconds, blockDuration: limits.lockSeconds });
  const registrations = make({ keyPrefix: `${ns}:register-ip`, points: limits.registrationsPerHour, duration: 3600 });
  const accountKey = (account: string) => account.trim().toLowerCase();
  const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

  const locked = (code: 'ACCOUNT_LOCKED' | 'RATE_LIMITED', res: RateLimiterRes) =>
    new AppError(
      code,
      code === 'ACCOUNT_LOCKED' ? 'too many failed logins for this account; try again later' : 'too many attempts from this address; try again later',
      { retryAfterSeconds: retryAfter(res) },
    );

  // A consume() past the limit rejects with the limiter's state rather than an Error.
  const consumeOrThrow = async (limiter: RateLimiterMemory | RateLimiterRedis, key: string, code: 'ACCOUNT_LOCKED' | 'RATE_LIMITED') => {
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw locked(code, rejection);
      throw rejection;
    }
  };

  return {
    async check(account, ip) {
      const [ipState, accountState] = await Promise.all([byIp.get(ip), byAccount.get(accountKey(account))]);
      if (ipState && ipState.consumedPoints >= limits.ipFailures) throw locked('RATE_LIMITED', ipState);
      if (accountState && accountState.consumedPoints >= limits.accountFailures) throw locked('ACCOUNT_LOCKED', accountState);
    },
    async recordFailure(account, ip) {
      await Promise.all([
        byIp.consume(ip).catch(ignoreLimit),
        byAccount.consume(accountKey(account)).catch(ignoreLimit),
      ]);
    },
    async recordSuccess(account) {
      await byAccount.delete(accountKey(account));
    },
    consumeRegistration: (ip) => consumeOrThrow(registrations, ip, 'RATE_LIMITED'),
  };
}

/** Reaching the limit while recording a failure is expected; the next check() reports the lock. */
function ignoreLimit(rejection: unknown): void {
  if (!(rejection instanceof RateLimiterRes)) throw rejection;
}
