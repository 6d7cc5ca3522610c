import type { Redis } from 'ioredis';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../../lib/app-error';
import { createRateLimiter, type RateLimiter } from '../../lib/rate-limit';

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
  /**
   * Reserves one password evaluation for the account and for the address, atomically, before
   * the password is compared; throws RATE_LIMITED or ACCOUNT_LOCKED when either has none left.
   * The reservation stands as a failure unless `succeeded` is called, so however many guesses
   * arrive at once, and on however many nodes, no more than the limit are ever evaluated.
   */
  reserve(account: string, ip: string): Promise<{ succeeded(): Promise<void> }>;
  /** Counts one registration from the address; throws RATE_LIMITED past the hourly limit. */
  consumeRegistration(ip: string): Promise<void>;
}

/**
 * Counts password evaluations per account and per address. Counters live in Redis when one is
 * given (every API node sees the same counts; each reservation is one atomic increment there),
 * otherwise in memory.
 */
export function createLoginThrottle(options: { limits?: ThrottleLimits; redis?: Redis; namespace?: string }): LoginThrottle {
  const limits = options.limits ?? defaultThrottleLimits;
  const ns = options.namespace ?? 'bidhall';
  const make = (opts: { keyPrefix: string; points: number; duration: number; blockDuration?: number }) => createRateLimiter(options.redis ?? null, opts);
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
  const consumeOrThrow = async (limiter: RateLimiter, key: string, code: 'ACCOUNT_LOCKED' | 'RATE_LIMITED') => {
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw locked(code, rejection);
      throw rejection;
    }
  };

  return {
    async reserve(account, ip) {
      const key = accountKey(account);
      await consumeOrThrow(byIp, ip, 'RATE_LIMITED');
      try {
        await consumeOrThrow(byAccount, key, 'ACCOUNT_LOCKED');
      } catch (error) {
        // Nothing is evaluated against a locked account, so the address is not charged for it.
        await byIp.reward(ip, 1);
        throw error;
      }
      return {
        // A success clears the account's failures and gives the address its point back.
        succeeded: async () => {
          await Promise.all([byAccount.delete(key), byIp.reward(ip, 1)]);
        },
      };
    },
    consumeRegistration: (ip) => consumeOrThrow(registrations, ip, 'RATE_LIMITED'),
  };
}
