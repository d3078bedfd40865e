// The store, service, reliability and CLI suites again, on PostgreSQL: `npm test` step `unit-pg`.
// RECON_TEST_ENGINE=postgres makes tempApp() (test/support/app.ts) open a fresh database of the run's
// throwaway cluster (test/support/pg-global-setup.ts) instead of a SQLite file. Suites that test the
// SQLite file itself (migrations, backups, start-up checks) stay in the SQLite run only; the
// PostgreSQL-only suites (test/unit/pg) run in the main unit step.
import { defineConfig } from 'vitest/config';

export const PG_SUITES = [
  // store and services
  'test/unit/settlement.test.ts',
  'test/unit/orders-query.test.ts',
  'test/unit/money/anomalies.test.ts',
  'test/unit/money/booking.test.ts',
  'test/unit/money/payouts-channel.test.ts',
  'test/unit/money/periods.test.ts',
  'test/unit/money/properties.test.ts',
  'test/unit/money/unsafe-amounts.test.ts',
  'test/unit/reconcile/reconcile.test.ts',
  'test/unit/reconcile/persistence.test.ts',
  'test/unit/reconcile/notifications.test.ts',
  'test/unit/reconcile/notify-shapes.test.ts',
  'test/unit/reconcile/sandbox.test.ts',
  'test/unit/actions-exactly-once.test.ts',
  'test/unit/actions-rules-audit.test.ts',
  'test/unit/actions-sandbox.test.ts',
  'test/unit/profiles.test.ts',
  'test/unit/profile-changes.test.ts',
  'test/unit/export/workbook.test.ts',
  'test/unit/export/dates.test.ts',
  // team accounts and roles (issue #23)
  'test/unit/team/accounts.test.ts',
  'test/unit/team/roles.test.ts',
  'test/unit/team/approvals.test.ts',
  // the team server serving the console, and the desktop as its client
  'test/unit/team/team-web.test.ts',
  'test/unit/team/team-client.test.ts',
  // CLI (runRecon maps each data folder to its own team database)
  'test/unit/cli-firstbank.test.ts',
  'test/unit/export/cli.test.ts',
  // reliability
  'test/reliability/fuzz.test.ts',
  'test/reliability/logs.test.ts',
  'test/reliability/hostile-dates.test.ts',
  'test/reliability/hostile-suffix.test.ts',
  'test/reliability/hostile-gateway.test.ts',
  'test/reliability/hostile-exports.test.ts',
  'test/reliability/hostile-launch.test.ts',
];
// Not here, and why (each passes on SQLite):
//  - reading or tampering with recon.sqlite directly, or seeding a data folder with createApp()
//    rather than tempApp(): actions-cli, actions-exactly-once-cli, audit-anchor, sync (its SIGKILL
//    case), money/agreement, reconcile/cli, reconcile/exceptions-cli;
//  - reliability/fault-matrix: its 500 ms client timeouts fire while the main thread waits on
//    PostgreSQL round trips (a sync's batch blocks the event loop longer than on SQLite);
//  - reliability/import-streaming: it tests the ledger worker thread, which is SQLite-only (a team
//    database imports on the main thread).

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
