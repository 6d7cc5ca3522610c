import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from './database';
import { migrate, MigrationError, readMigrations, type Migration } from './migrate';
import { createTestDatabase } from './testing';

const open: Database[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.close()));
});
const emptyDb = async () => {
  const db = await createTestDatabase({ migrate: false });
  open.push(db);
  return db;
};
const fake = (name: string, sql: string): Migration => ({ name, sql, checksum: `c-${sql.length}-${name}` });
const tables = async (db: Database) =>
  (
    await db.sql.withSession((s) =>
      s.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`,
      ),
    )
  ).map((r) => r.name);
const recorded = async (db: Database) =>
  db.sql.withSession((s) =>
    s.query<{ migration_name: string; checksum: string; applied_steps_count: number }>(
      'SELECT migration_name, checksum, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    ),
  );

describe('migration runner', () => {
  it('applies the committed migrations once and records them as Prisma does', async () => {
    const db = await emptyDb();
    const committed = await readMigrations();
    expect(committed.length).toBeGreaterThan(0);
    const first = await migrate(db.sql);
    expect(first.applied).toEqual(committed.map((m) => m.name));
    expect(await migrate(db.sql)).toEqual({ applied: [] });
    const rows = await recorded(db);
    expect(rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count])).toEqual(
      committed.map((m) => [m.name, m.checksum, 1]),
    );
    expect(committed.every((m) => /^[0-9a-f]{64}$/.test(m.checksum))).toBe(true);
  });

  it('refuses to run when an applied migration was edited, and changes nothing', async () => {
    const db = await emptyDb();
    await migrate(db.sql, [fake('001_a', 'CREATE TABLE a (x int)')]);
    const edited = [fake('001_a', 'CREATE TABLE a (x bigint)'), fake('002_b', 'CREATE TABLE b (x int)')];
    await expect(migrate(db.sql, edited)).rejects.toMatchObject({ code: 'CHECKSUM_CHANGED' });
    expect(await tables(db)).not.toContain('b');
  });

  it('keeps earlier migrations when a later one fails, and rolls back all of the failed one', async () => {
    const db = await emptyDb();
    const list = [
      fake('001_ok', 'CREATE TABLE ok_table (x int)'),
      fake('002_bad', 'CREATE TABLE half_table (x int); SELECT no_such_function();'),
    ];
    const error = await migrate(db.sql, list).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).code).toBe('MIGRATION_FAILED');
    expect((error as MigrationError).message).toContain('002_bad');
    expect(await tables(db)).toContain('ok_table');
    expect(await tables(db)).not.toContain('half_table');
    expect((await recorded(db)).map((r) => r.migration_name)).toEqual(['001_ok']);
    // Fixing the failed migration lets the next run finish the job.
    const fixed = [list[0]!, fake('002_bad', 'CREATE TABLE half_table (x int)')];
    expect(await migrate(db.sql, fixed)).toEqual({ applied: ['002_bad'] });
  });

  it('refuses a database migrated by a newer version', async () => {
    const db = await emptyDb();
    await migrate(db.sql, [fake('001_a', 'SELECT 1'), fake('002_future', 'SELECT 2')]);
    await expect(migrate(db.sql, [fake('001_a', 'SELECT 1')])).rejects.toMatchObject({ code: 'UNKNOWN_MIGRATION' });
  });

  it('serializes runners that start at the same time', async () => {
    const db = await emptyDb();
    const list = [fake('001_a', 'CREATE TABLE once_only (x int)'), fake('002_b', 'CREATE TABLE twice_not (x int)')];
    const results = await Promise.all([migrate(db.sql, list), migrate(db.sql, list), migrate(db.sql, list)]);
    expect(results.flatMap((r) => r.applied).sort()).toEqual(['001_a', '002_b']);
    expect((await recorded(db)).length).toBe(2);
  });
});
