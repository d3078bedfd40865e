// The same store work on both engines: SQLite (a file) and PostgreSQL (a throwaway local cluster, or
// RECON_BENCH_PG_URL), each figure on PostgreSQL as a ratio to SQLite on the same orders in the same
// run. ingest: normalized upserts with money entries in 10k-order transactions (orders/s; ratio < 1
// is slower); keyset page at 90% depth, month settlement, all-dates search (ms; ratio > 1 is slower).
// PostgreSQL here runs on loopback with fsync off: it measures the store's round trips, not a disk.
// `--engine-orders N` (default 50,000: every PostgreSQL statement is a round trip to a worker thread
// and the server, so a million takes long on this machine's two cores).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../src-main/core/app.ts';
import { MemoryCredentialStore } from '../src-main/core/credentials.ts';
import { OrderStore } from '../src-main/core/store/orders.ts';
import { listOrders, orderTotals } from '../src-main/core/services/orders-query.ts';
import { dailySettlement } from '../src-main/core/services/settlement.ts';
import { type BenchResult, argValue, benchOrder, benchProfiles, median, mulberry32, timeIt } from './lib.ts';
import { type Cluster, pgBinaries, pgMissingReason, startCluster } from '../test/support/pg-cluster.ts';
import { connectPostgres } from '../src-main/core/store/pg/open.ts';

const YEAR_MS = 365 * 86_400_000;
const START = Date.parse('2025-01-01T00:00:00+08:00');
const BATCH = 10_000;

interface Figures {
  ingest: number;
  page: number;
  settlement: number;
  search: number;
}

async function measure(app: App, total: number): Promise<Figures> {
  const rand = mulberry32(42);
  const orders = Array.from({ length: total }, (_, i) => benchOrder(i, START, YEAR_MS, total, rand));
  const profiles = await benchProfiles(app);
  const store = new OrderStore(app.db);
  const ingest = timeIt(() => {
    for (let b = 0; b < total; b += BATCH) {
      const batch = orders.slice(b, b + BATCH);
      const profile = profiles[(b / BATCH) % profiles.length]!;
      app.db.transaction(() => store.upsertMany(profile.id, batch, { rawAnswerId: null, source: '106', nowMs: Date.now() }))();
    }
  });
  const filter = { from: '2025-01-01', to: '2025-12-31', statuses: ['captured', 'settled'] };
  const depth = Math.floor(orderTotals(app, filter).count * 0.9);
  let cursor: string | null = null;
  for (let seen = 0; seen + 500 <= depth; seen += 500) cursor = listOrders(app, { ...filter, limit: 500, cursor }).nextCursor;
  const pages: number[] = [];
  const settlements: number[] = [];
  const searches: number[] = [];
  const sample = orders[Math.floor(total * 0.37)]!;
  for (let i = 0; i < 7; i++) {
    pages.push(timeIt(() => listOrders(app, { ...filter, limit: 100, cursor })).ms);
    settlements.push(timeIt(() => dailySettlement(app, { from: '2025-06-01', to: '2025-06-30' })).ms);
    for (const search of [sample.orderNo, sample.authCode!, '**4321', '431195******4321']) {
      searches.push(timeIt(() => {
        listOrders(app, { search, limit: 200 });
        orderTotals(app, { search });
      }).ms);
    }
  }
  return { ingest: total / (ingest.ms / 1000), page: median(pages), settlement: median(settlements), search: median(searches) };
}

function appOn(dir: string, url?: string): App {
  return createApp({ dataDir: dir, shell: 'cli', credentials: new MemoryCredentialStore(), env: url ? { ...process.env, RECON_DATABASE_URL: url } : { ...process.env, RECON_DATABASE_URL: undefined } });
}

export async function run(options: { orders?: number } = {}): Promise<Record<string, BenchResult>> {
  const total = options.orders ?? argValue('engine-orders', 50_000);
  let cluster: Cluster | undefined;
  let url = process.env.RECON_BENCH_PG_URL;
  if (!url) {
    if (!pgBinaries()) {
      process.stderr.write(`  engines: PostgreSQL skipped: ${pgMissingReason}\n`);
      return {};
    }
    cluster = await startCluster();
    const admin = connectPostgres(cluster.url);
    admin.exec('CREATE DATABASE recon_bench');
    admin.close();
    url = cluster.urlFor('recon_bench');
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-bench-engines-'));
  try {
    const lite = appOn(dir);
    const sqlite = await measure(lite, total);
    lite.close();
    const team = appOn(dir, url);
    const pg = await measure(team, total);
    team.close();
    const r = (x: number) => Math.round(x * 1000) / 1000;
    const note = `${total.toLocaleString()} orders; PostgreSQL ${cluster ? 'throwaway local cluster, fsync off' : 'RECON_BENCH_PG_URL'}`;
    return {
      pg_ingest: { value: Math.round(pg.ingest), unit: 'orders/s', baseline: Math.round(sqlite.ingest), ratio: r(pg.ingest / sqlite.ingest), target: 'PostgreSQL / SQLite', note },
      pg_keyset_page: { value: r(pg.page), unit: 'ms', baseline: r(sqlite.page), ratio: r(pg.page / sqlite.page), target: 'PostgreSQL / SQLite', note: 'page of 100 at 90% depth' },
      pg_settlement_month: { value: r(pg.settlement), unit: 'ms', baseline: r(sqlite.settlement), ratio: r(pg.settlement / sqlite.settlement), target: 'PostgreSQL / SQLite' },
      pg_search_all_dates: { value: r(pg.search), unit: 'ms', baseline: r(sqlite.search), ratio: r(pg.search / sqlite.search), target: 'PostgreSQL / SQLite', note: 'page + totals, 4 kinds x 7' },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    cluster?.stop();
  }
}
