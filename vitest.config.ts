import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    environment: 'node',
    // PostgreSQL for the collector suites when the machine has it (tests/unit/postgres-global-setup.ts).
    globalSetup: ['tests/unit/postgres-global-setup.ts'],
    // Limits for a hang, not for speed: on a shared machine at a load of 20, opening a PGlite
    // database in a set-up hook took over a minute. Speed is measured by `npm run bench`.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Two cores on CI: keep one free for the work under test.
    maxWorkers: 2,
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
});
