import { defineConfig } from 'vitest/config';

// Unit tests cover the pure modules only (no DOM), so they run in node.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
