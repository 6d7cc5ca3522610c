import { defineConfig } from 'vitest/config';
import { databaseProjects } from '../vitest.databases.ts';

export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: databaseProjects({ include: ['src/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 }),
  },
});
