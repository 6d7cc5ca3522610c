import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { inTransaction, type SqlDriver } from './sql-driver';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

/** Prisma's own lock key, so this runner and `prisma migrate deploy` never run at the same time. */
const MIGRATION_LOCK_KEY = 72707369;

export interface Migration {
  name: string;
  sql: string;
  /** sha-256 of the file's bytes, hex, as Prisma records it. */
  checksum: string;
}

export class MigrationError extends Error {
  constructor(
    readonly code: 'CHECKSUM_CHANGED' | 'FAILED_MIGRATION' | 'UNKNOWN_MIGRATION' | 'MIGRATION_FAILED',
    message: string,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(`${dir}/${name}/migration.sql`);
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
    }),
  );
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow extends Record<string, unknown> {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

/**
 * Applies every pending migration, each in its own transaction, recording it in
 * `_prisma_migrations` as Prisma does. Idempotent. Refuses to run when an applied migration's
 * file has changed, when one is recorded as unfinished, or when the database has one this code
 * does not know (it was migrated by a newer version).
 */
export async function migrate(driver: SqlDriver, migrations?: Migration[]): Promise<{ applied: string[] }> {
  const all = migrations ?? (await readMigrations());
  return driver.withSession(async (session) => {
    // A session lock held across the per-migration transactions serializes concurrent runners.
    await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await session.exec(CREATE_TABLE);
      const rows = await session.query<AppliedRow>(
        'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
      );
      checkApplied(rows, all);
      const done = new Set(rows.map((r) => r.migration_name));
      const applied: string[] = [];
      for (const m of all.filter((m) => !done.has(m.name))) {
        try {
          await inTransaction(session, async () => {
            await session.exec(m.sql);
            await session.query(
              `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
               VALUES ($1, $2, $3, now(), now(), 1)`,
              [randomUUID(), m.checksum, m.name],
            );
          });
        } catch (error) {
          throw new MigrationError('MIGRATION_FAILED', `migration ${m.name} failed: ${(error as Error).message}`);
        }
        applied.push(m.name);
      }
      return { applied };
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  });
}

function checkApplied(rows: AppliedRow[], all: Migration[]): void {
  const byName = new Map(all.map((m) => [m.name, m]));
  for (const row of rows) {
    const known = byName.get(row.migration_name);
    if (!row.finished_at) {
      throw new MigrationError('FAILED_MIGRATION', `migration ${row.migration_name} is recorded as started but not finished`);
    }
    if (!known) {
      throw new MigrationError('UNKNOWN_MIGRATION', `the database has migration ${row.migration_name}, which this version does not know`);
    }
    if (known.checksum !== row.checksum) {
      throw new MigrationError('CHECKSUM_CHANGED', `migration ${row.migration_name} was modified after it was applied`);
    }
  }
}
