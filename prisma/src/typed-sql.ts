import { type Compilable, DummyDriver, type InferResult, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type { DB } from './generated/kysely/types';
import type { SqlQuery } from './sql-driver';

/**
 * SQL typed against the schema (Kysely, table types generated from schema.prisma by
 * prisma-kysely). It never connects: a query is compiled to text and parameters and run by the
 * caller's own driver session (`SqlQuery`), so it works the same on PostgreSQL and PGlite and
 * inside the caller's transaction, whichever opened it.
 */
export const typedSql = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** Runs a typed query on a connection (or in a transaction) of the caller's. */
export async function runTyped<Q extends Compilable>(sql: SqlQuery, query: Q): Promise<InferResult<Q>> {
  const { sql: text, parameters } = query.compile();
  return (await sql.query(text, [...parameters])) as InferResult<Q>;
}

export type { DB as TypedTables } from './generated/kysely/types';
