import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/reliability/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // One throwaway PostgreSQL cluster per run for the PostgreSQL suites (skipped, with the reason, without binaries).
    globalSetup: ['test/support/pg-global-setup.ts'],
  },
});
