import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

export type DatabaseKind = 'postgres' | 'pglite';

/** Plain SQL on one connection: what the migration runner and a few raw statements need. */
export interface SqlSession {
  /** Runs one or more statements without parameters (simple query protocol). */
  exec(sql: string): Promise<void>;
  query<T extends object>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** What a statement needs of a connection: enough for code that runs either in or out of a transaction. */
export type SqlQuery = Pick<SqlSession, 'query'>;

/**
 * The database without the ORM, for the few paths where its per-statement cost shows (an opening
 * action is repeated for every host click and bidder request of a full hall).
 */
export interface SqlDriver extends SqlQuery {
  kind: DatabaseKind;
  /** Lends one connection for the duration of `fn`, so session state (locks, BEGIN) stays on it. */
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /** Runs `fn` in one transaction on one connection: committed when it returns, rolled back when it throws. */
  transaction<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
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
  const withSession = async <T>(fn: (session: SqlSession) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      return await fn({
        exec: async (sql) => {
          await client.query(sql);
        },
        query: async <R extends object>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as R[],
      });
    } finally {
      client.release();
    }
  };
  return {
    kind: 'postgres',
    query: async <R extends object>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as R[],
    withSession,
    transaction: (fn) => withSession((session) => inTransaction(session, () => fn(session))),
  };
}

/**
 * PGlite is one session, so advisory locks taken through it are re-entrant and protect nothing
 * between callers in this process; `withSession` callers are queued one after another instead.
 * Transactions go through PGlite's own, which holds every other statement (the ORM's included)
 * until it ends, so nothing from outside runs inside it.
 */
export function pgliteDriver(db: PGlite): SqlDriver {
  const session: SqlSession = {
    exec: async (sql) => {
      await db.exec(sql);
    },
    query: async <T extends object>(sql: string, params: unknown[] = []) =>
      (await db.query<T>(sql, params)).rows,
  };
  let queue: Promise<unknown> = Promise.resolve();
  return {
    kind: 'pglite',
    query: session.query,
    withSession: <T>(fn: (s: SqlSession) => Promise<T>) => {
      const run = queue.then(() => fn(session));
      queue = run.catch(() => undefined);
      return run;
    },
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          exec: async (sql) => {
            await tx.exec(sql);
          },
          query: async <R extends object>(sql: string, params: unknown[] = []) => (await tx.query<R>(sql, params)).rows,
        }),
      ),
  };
}
