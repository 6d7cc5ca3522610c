import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * Session-level advisory locks on a connection of their own: a lock is held until released or
 * until the connection dies with its process, which is what hands work over to another node.
 */
export interface LockSession {
  /** True when this session now holds (or already held) the lock. */
  tryLock(name: string): Promise<boolean>;
  unlock(name: string): Promise<void>;
  held(): string[];
  close(): Promise<void>;
}

/** A stable 63-bit key for a lock name (PostgreSQL advisory locks take a bigint). */
export const lockKey = (name: string): string => (createHash('sha256').update(name).digest().readBigInt64BE(0) & 0x7fffffffffffffffn).toString();

export async function pgLockSession(url: string, onLost: (error: Error) => void): Promise<LockSession> {
  const client = new pg.Client({ connectionString: url });
  const held = new Set<string>();
  client.on('error', (error) => {
    held.clear();
    onLost(error);
  });
  await client.connect();
  return {
    async tryLock(name) {
      if (held.has(name)) return true;
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [lockKey(name)]);
      if (rows[0]?.ok) held.add(name);
      return held.has(name);
    },
    async unlock(name) {
      if (!held.delete(name)) return;
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [lockKey(name)]);
    },
    held: () => [...held],
    close: async () => {
      held.clear();
      await client.end().catch(() => undefined);
    },
  };
}

/** An embedded database has one process: every lock is this process's. */
export function localLockSession(): LockSession {
  const held = new Set<string>();
  return {
    tryLock: async (name) => {
      held.add(name);
      return true;
    },
    unlock: async (name) => {
      held.delete(name);
    },
    held: () => [...held],
    close: async () => held.clear(),
  };
}
