import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from './database';
import { migrate } from './migrate';

/**
 * A migrated database of its own for one test file: a fresh schema in the PostgreSQL at
 * DATABASE_URL when that is set, otherwise an in-memory PGlite. `close` drops what it made.
 * `migrate: false` leaves it empty, for tests of the migration runner itself.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<Database> {
  const url = process.env.DATABASE_URL;
  const prepare = async (db: Database) => {
    if (options.migrate !== false) await migrate(db.sql);
    return db;
  };
  if (!url) return prepare(await openDatabase());
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `CREATE SCHEMA ${schema}`);
  const db = await prepare(await openDatabase({ url, schema, poolMax: 4 }));
  return {
    ...db,
    close: async () => {
      await db.close();
      await adminQuery(url, `DROP SCHEMA ${schema} CASCADE`);
    },
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh directory for a test's files (data directory, blob store, recordings). It lies under a
 * dot folder, as the default `.data/` of `npm start` does, so that code refusing dot segments in
 * paths fails in the tests too and not only on a default install.
 */
export async function createTestDir(prefix: string): Promise<string> {
  const parent = path.join(tmpdir(), '.bidhall-tests');
  await mkdir(parent, { recursive: true });
  return mkdtemp(path.join(parent, `${prefix}-`));
}
