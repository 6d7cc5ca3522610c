import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

export type DatabaseKind = 'postgres' | 'pglite';

/** Plain SQL on one connection: what the migration runner and a few raw statements need. */
export interface SqlSession {
  /** Runs one or more statements without parameters (simple query protocol). */
  exec(sql: string): Promise<void>;
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface SqlDriver {
  kind: DatabaseKind;
  /** Lends one connection for the duration of `fn`, so session state (locks, BEGIN) stays on it. */
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
}

/** Runs `fn` inside BEGIN … COMMIT on the session; rolls back and rethrows if it fails. */
export async function inTransaction<T>(session: SqlSession, fn: () => Promise<T>): Promise<T> {
  await session.exec('BEGIN');
  try {
    const result = await fn();
    await session.exec('COMMIT');
    return result;
  } catch (error) {
    await session.exec('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export function pgDriver(pool: pg.Pool): SqlDriver {
  return {
    kind: 'postgres',
    withSession: async (fn) => {
      const client = await pool.connect();
      try {
        return await fn({
          exec: async (sql) => {
            await client.query(sql);
          },
          query: async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
            (await client.query(sql, params)).rows as T[],
        });
      } finally {
        client.release();
      }
    },
  };
}

/**
 * PGlite is one session, so advisory locks taken through it are re-entrant and protect nothing
 * between callers in this process; `withSession` callers are queued one after another instead.
 */
export function pgliteDriver(db: PGlite): SqlDriver {
  const session: SqlSession = {
    exec: async (sql) => {
      await db.exec(sql);
    },
    query: async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
      (await db.query<T>(sql, params)).rows,
  };
  let queue: Promise<unknown> = Promise.resolve();
  return {
    kind: 'pglite',
    withSession: <T>(fn: (s: SqlSession) => Promise<T>) => {
      const run = queue.then(() => fn(session));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
