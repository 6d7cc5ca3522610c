import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/client';
import { type DatabaseKind, pgDriver, pgliteDriver, type SqlDriver } from './sql-driver';

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  sql: SqlDriver;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; without it an embedded PGlite database is used. */
  url?: string;
  /** PostgreSQL schema to work in (tests isolate themselves this way); `public` when omitted. */
  schema?: string;
  /** Maximum PostgreSQL connections in the pool. */
  poolMax?: number;
  /** Directory of a persistent PGlite database; in memory when omitted. */
  dataDir?: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.url) return openPostgres(options.url, options);
  if (options.dataDir) await mkdir(path.dirname(options.dataDir), { recursive: true });
  const lite = options.dataDir ? await PGlite.create(options.dataDir) : await PGlite.create();
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(lite) });
  return {
    kind: 'pglite',
    prisma,
    sql: pgliteDriver(lite),
    close: async () => {
      await prisma.$disconnect();
      await lite.close();
    },
  };
}

function openPostgres(url: string, options: DatabaseOptions): Database {
  const schema = options.schema;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  // A transaction left open by a stuck caller — a node frozen mid-transaction, whose TCP connection
  // the kernel keeps alive — would hold its row locks (an opening's, the audit chain's)
  // indefinitely; the server ends it after 5 s instead, so another node can take the opening over
  // within its lease (8 s). Every transaction here is short. Waiting for a connection is bounded too.
  const settings = ['-c idle_in_transaction_session_timeout=5000', ...(schema ? [`-c search_path=${schema}`] : [])];
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolMax ?? 10,
    connectionTimeoutMillis: 10_000,
    options: settings.join(' '),
  });
  // An idle client losing its server connection must not take the process down.
  pool.on('error', () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, schema ? { schema } : {}) });
  return {
    kind: 'postgres',
    prisma,
    sql: pgDriver(pool),
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
