import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database';
import { createTestDatabase } from './testing';

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
  await db.sql.query('CREATE TABLE tally (n int NOT NULL)');
});
afterAll(async () => {
  await db.close();
});

const tally = async () => (await db.sql.query<{ n: number }>('SELECT n FROM tally ORDER BY n')).map((r) => r.n);

describe(`the SQL driver (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('commits what a transaction did when it returns and nothing of it when it throws', async () => {
    await db.sql.query('DELETE FROM tally');
    expect(await db.sql.transaction((s) => s.query<{ n: number }>('INSERT INTO tally VALUES (1) RETURNING n'))).toEqual([{ n: 1 }]);
    await expect(
      db.sql.transaction(async (s) => {
        await s.query('INSERT INTO tally VALUES ($1)', [2]);
        throw new Error('changed its mind');
      }),
    ).rejects.toThrow('changed its mind');
    expect(await tally()).toEqual([1]);
  });

  it('keeps statements issued elsewhere meanwhile, the ORM’s included, out of the transaction', async () => {
    await db.sql.query('DELETE FROM tally');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let began!: () => void;
    const inside = new Promise<void>((resolve) => (began = resolve));
    const rolledBack = db.sql.transaction(async (s) => {
      await s.query('INSERT INTO tally VALUES (3)');
      began();
      await held;
      throw new Error('rolled back');
    });
    await inside;
    const outside = [db.prisma.$executeRawUnsafe('INSERT INTO tally VALUES (4)'), db.sql.query('INSERT INTO tally VALUES (5)')];
    release();
    await expect(rolledBack).rejects.toThrow('rolled back');
    await Promise.all(outside);
    expect(await tally()).toEqual([4, 5]);
  });
});

describe.runIf(process.env.DATABASE_URL)('PostgreSQL connections', () => {
  it('end a transaction left idle, so a stuck caller cannot hold its row locks', async () => {
    const [row] = await db.sql.query<{ idle_in_transaction_session_timeout: string }>('SHOW idle_in_transaction_session_timeout');
    expect(row?.idle_in_transaction_session_timeout).toBe('5s');
  });
});
