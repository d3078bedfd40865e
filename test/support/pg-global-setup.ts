// vitest globalSetup: one throwaway PostgreSQL cluster per test run (test/support/pg-cluster.ts), its
// address handed to the test processes in RECON_TEST_PG_URL, stopped and deleted when the run ends.
// Without PostgreSQL binaries the PostgreSQL suites skip and say why (test/support/pg.ts).
import { type Cluster, pgBinaries, pgMissingReason, startCluster } from './pg-cluster.ts';

let cluster: Cluster | undefined;

export async function setup(): Promise<void> {
  if (process.env.RECON_TEST_PG_URL || process.env.RECON_TEST_PG === '0') return;
  if (!pgBinaries()) {
    process.env.RECON_TEST_PG_SKIP = pgMissingReason;
    return;
  }
  cluster = await startCluster();
  process.env.RECON_TEST_PG_URL = cluster.url;
}

export function teardown(): void {
  cluster?.stop();
}
