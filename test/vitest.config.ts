import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file starts its own server processes; two at a time suits a 2-core machine.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
