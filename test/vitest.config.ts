import { defineConfig } from 'vitest/config';
import { databaseProjects } from '../vitest.databases.ts';

export default defineConfig({
  test: {
    // Each file starts its own server processes; two at a time suits a 2-core machine.
    maxWorkers: 2,
    fileParallelism: true,
    projects: databaseProjects({ include: ['src/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 }),
  },
});
