// The store, service, reliability and CLI suites again, on PostgreSQL: `npm test` step `unit-pg`.
// RECON_TEST_ENGINE=postgres makes tempApp() (test/support/app.ts) open a fresh database of the run's
// throwaway cluster (test/support/pg-global-setup.ts) instead of a SQLite file. Suites that test the
// SQLite file itself (migrations, backups, start-up checks) stay in the SQLite run only; the
// PostgreSQL-only suites (test/unit/pg) run in the main unit step.
import { defineConfig } from 'vitest/config';

export const PG_SUITES = [
  'test/unit/settlement.test.ts',
  'test/unit/orders-query.test.ts',
  'test/unit/money/**/*.test.ts',
  'test/unit/reconcile/**/*.test.ts',
  'test/unit/actions-exactly-once.test.ts',
  'test/unit/actions-rules-audit.test.ts',
  'test/unit/actions-sandbox.test.ts',
  'test/unit/profiles.test.ts',
  'test/unit/profile-changes.test.ts',
  'test/unit/sync.test.ts',
  'test/unit/export/**/*.test.ts',
];

export default defineConfig({
  test: {
    include: PG_SUITES,
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: { RECON_TEST_ENGINE: 'postgres' },
    globalSetup: ['test/support/pg-global-setup.ts'],
  },
});
