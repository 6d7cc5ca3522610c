import type { TestProjectInlineConfiguration } from 'vitest/config';

/**
 * The database-facing suites run twice when CI gives them a PostgreSQL: once on it, and once on
 * the embedded PGlite that `npm start` uses, so neither database goes untested. Without
 * DATABASE_URL they run on PGlite alone. Suites that need one PostgreSQL shared by several
 * processes are named `*.pg.test.ts` and run on PostgreSQL only.
 */
export function databaseProjects(test: { include: string[]; testTimeout?: number; hookTimeout?: number }): TestProjectInlineConfiguration[] {
  const pglite: TestProjectInlineConfiguration = {
    extends: true,
    test: { ...test, name: 'pglite', exclude: ['**/*.pg.test.ts', '**/node_modules/**'], env: { DATABASE_URL: '' } },
  };
  if (!process.env.DATABASE_URL) return [pglite];
  return [{ extends: true, test: { ...test, name: 'postgres' } }, pglite];
}
