// `npm run soak [-- --minutes N]` (default 5; not part of npm test): the console's core under steady
// load for N minutes against the sandbox gateways on loopback. Concurrently, in loops: FlashPay and
// First Bank syncs of moving windows, order pages / totals / details / daily settlement through the
// IPC handler table, and Excel exports. Process RSS and V8 heap are sampled every few seconds.
//
// Pass/fail (exit 1): after a warm-up (a fifth of the run, at most a minute), the V8 heap measured
// after a forced GC must stay within HEAP_BOUND (130%) of the warm-up level, RSS within RSS_BOUND
// (150%, looser: SQLite's page cache and the allocator keep memory the heap does not see), and no
// operation may fail. A leak that survives GC grows across the run and trips the bound. The loops stop
// at the deadline by themselves; a watchdog ends the process if they do not.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../src-main/core/app.ts';
import { MemoryCredentialStore } from '../src-main/core/credentials.ts';
import { parseCents } from '../src-main/core/money.ts';
import { exportWorkbook } from '../src-main/core/services/export.ts';
import { addProfile, type Profile } from '../src-main/core/services/profiles.ts';
import { syncProfile } from '../src-main/core/services/sync.ts';
import { OrderStore } from '../src-main/core/store/orders.ts';
import { addDays, parseGatewayTime, taipeiDayOf } from '../src-main/core/time.ts';
import { startSandboxes } from '../src-main/sandbox/index.ts';
import { dispatch } from '../src-main/shell/handlers.ts';
import { argValue } from './lib.ts';

const HEAP_BOUND = 1.3;
const RSS_BOUND = 1.5;
const SAMPLE_EVERY_MS = 3_000;
/** Forced-GC heap readings (the figure the bound applies to) are taken this often. */
const GC_EVERY_MS = 15_000;
const DAYS = 90;
/** Frozen sandbox clock: the gateways' data stays the same, so memory, not data, is what changes. */
const NOW = '2025-03-20T15:00:00+08:00';

const SELF = fileURLToPath(import.meta.url);
const gc = (globalThis as { gc?: () => void }).gc;

// A forced GC needs --expose-gc; `npm run soak` runs plain `node bench/soak.ts`, so re-run with it.
if (typeof gc !== 'function' && process.env.RECON_SOAK_CHILD !== '1') {
  const child = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, SELF, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, RECON_SOAK_CHILD: '1' },
  });
  process.exit(child.status ?? 1);
}

const minutes = argValue('minutes', 5);
if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60) {
  process.stderr.write(`soak: --minutes must be a number of minutes (0 < N <= 1440), got ${process.argv.join(' ')}\n`);
  process.exit(2);
}
const durationMs = minutes * 60_000;
const warmupMs = Math.min(60_000, durationMs / 5);

const mb = (bytes: number) => bytes / 1024 / 1024;
function heapAfterGc(): number | null {
  if (typeof gc !== 'function') return null;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

interface Sample {
  atMs: number;
  rss: number;
  heapUsed: number;
  heapAfterGc: number | null;
  external: number;
  ops: string;
}

const counts = { syncs: 0, queries: 0, exports: 0 };
const failures: string[] = [];
const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-soak-'));
const outDir = mkdtempSync(path.join(os.tmpdir(), 'recon-soak-out-'));
const sb = await startSandboxes({ seed: 1, days: DAYS, now: NOW });
const app = createApp({ dataDir: dir, shell: 'cli', credentials: new MemoryCredentialStore() });

try {
  const fp = await addProfile(app, { name: 'soak-flashpay', gateway: 'flashpay', tradeUrl: sb.flashpay.baseUrl, merchantId: sb.flashpay.merId }, sb.flashpay);
  const fb = await addProfile(
    app,
    { name: 'soak-firstbank', gateway: 'firstbank', tradeUrl: sb.firstbank.baseUrl, merchantId: sb.firstbank.platformId, feeRatePpm: 22_000 },
    { hashKey: sb.firstbank.hashKey },
  );
  // First Bank has no range query: its orders become known as a ledger import would make them.
  const fbOrders = ((await (await fetch(`${sb.firstbank.baseUrl}/_sandbox/orders`)).json()) as { orders: Array<Record<string, string>> }).orders;
  const store = new OrderStore(app.db);
  app.db.transaction(() => {
    for (const o of fbOrders) {
      if (!o.ReCheckId || !o.TransTime || !o.PayType || !o.Amount) continue;
      store.registerKnown(fb.id, { gateway: 'firstbank', orderNo: o.OrderId!, gatewayOrderNo: o.ReCheckId, amount: parseCents(o.Amount), payType: o.PayType, orderedAtMs: Date.parse(parseGatewayTime(o.TransTime).utc) }, { source: 'soak', nowMs: Date.now() });
    }
  })();
  const today = taipeiDayOf(Date.parse(NOW));
  const first = addDays(today, -(DAYS - 1));
  for (const p of [fp, fb]) {
    const s = await syncProfile(app, p, { from: first, to: today });
    if (s.state !== 'done') throw new Error(`the initial sync of ${p.name} failed: ${s.errors.join('; ')}`);
  }
  const orderCount = app.db.prepare('SELECT COUNT(*) FROM orders').pluck().get() as number;
  process.stderr.write(`soak: ${minutes} min, warm-up ${Math.round(warmupMs / 1000)} s, ${orderCount} orders cached; Node ${process.versions.node}, forced GC ${typeof gc === 'function' ? 'on' : 'OFF'}\n`);

  // The run (and its warm-up) starts now, with the data in place.
  const started = Date.now();
  const deadline = started + durationMs;
  // The loops stop at the deadline; this is only for a loop stuck on something that never returns.
  setTimeout(() => {
    process.stderr.write('soak: the loops did not stop within two minutes of the deadline\n');
    process.exit(2);
  }, durationMs + 120_000).unref();

  let tick = 0;
  /** Windows that move through the 90 days, so syncs, queries and exports touch different data. */
  const windowOf = (span: number): { from: string; to: string } => {
    tick++;
    const end = addDays(today, -(tick % (DAYS - span)));
    return { from: addDays(end, -(span - 1)), to: end };
  };
  const running = () => Date.now() < deadline;
  const guard = async (what: string, work: () => Promise<void>): Promise<void> => {
    try {
      await work();
    } catch (err) {
      failures.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const syncLoop = async (profile: Profile, span: number) => {
    while (running()) {
      await guard(`sync ${profile.name}`, async () => {
        const s = await syncProfile(app, profile, windowOf(span));
        if (s.state !== 'done') throw new Error(s.errors.join('; '));
        counts.syncs++;
      });
    }
  };
  const queryLoop = async () => {
    while (running()) {
      await guard('queries', async () => {
        const w = windowOf(30);
        let cursor: string | null = null;
        // Scroll a whole window page by page, as the virtualized table does.
        do {
          const page = (await dispatch(app, 'orders:list', { ...w, limit: 200, cursor })) as { rows: Array<{ profileId: number; orderNo: string }>; nextCursor: string | null };
          cursor = page.nextCursor;
          const row = page.rows[0];
          if (row) await dispatch(app, 'orders:get', { profileId: row.profileId, orderNo: row.orderNo });
          counts.queries++;
        } while (cursor && running());
        await dispatch(app, 'orders:totals', { ...w, statuses: ['captured', 'settled'] });
        await dispatch(app, 'settlement:daily', w);
        counts.queries += 2;
      });
      // Yield: the syncs' answers are waiting on the same event loop.
      await new Promise((r) => setImmediate(r));
    }
  };
  const exportLoop = async () => {
    while (running()) {
      await guard('export', async () => {
        const out = path.join(outDir, `soak-${counts.exports}.xlsx`);
        await exportWorkbook(app, { filter: windowOf(60), out, kind: 'settlement' });
        rmSync(out);
        counts.exports++;
      });
    }
  };

  const samples: Sample[] = [];
  let lastGcAt = 0;
  let warmupHeap: number | null = null;
  let warmupRss = 0;
  const sample = () => {
    const now = Date.now();
    let afterGc: number | null = null;
    if (warmupHeap === null && now - started >= warmupMs) {
      afterGc = heapAfterGc();
      warmupHeap = afterGc;
      warmupRss = process.memoryUsage().rss;
      lastGcAt = now;
    } else if (now - lastGcAt >= GC_EVERY_MS) {
      afterGc = heapAfterGc();
      lastGcAt = now;
    }
    const m = process.memoryUsage();
    samples.push({ atMs: now - started, rss: m.rss, heapUsed: m.heapUsed, heapAfterGc: afterGc, external: m.external, ops: `${counts.syncs}/${counts.queries}/${counts.exports}` });
  };
  sample();
  const sampler = setInterval(sample, SAMPLE_EVERY_MS);
  await Promise.all([syncLoop(fp, 20), syncLoop(fb, 7), queryLoop(), exportLoop()]);
  clearInterval(sampler);
  const finalHeap = heapAfterGc();
  const final = process.memoryUsage();
  samples.push({ atMs: Date.now() - started, rss: final.rss, heapUsed: final.heapUsed, heapAfterGc: finalHeap, external: final.external, ops: `${counts.syncs}/${counts.queries}/${counts.exports}` });

  const rows = samples.map((s) => [
    (s.atMs / 1000).toFixed(0),
    mb(s.rss).toFixed(1),
    mb(s.heapUsed).toFixed(1),
    s.heapAfterGc === null ? '' : mb(s.heapAfterGc).toFixed(1),
    mb(s.external).toFixed(1),
    s.ops,
  ]);
  const head = ['t (s)', 'RSS MB', 'heap MB', 'heap after GC MB', 'external MB', 'syncs/queries/exports'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  console.log(fmt(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(fmt(r));

  const dbBytes = readdirSync(dir).reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);
  console.log(`\n${counts.syncs} syncs, ${counts.queries} queries, ${counts.exports} exports in ${((Date.now() - started) / 1000).toFixed(0)} s; database ${mb(dbBytes).toFixed(1)} MB`);
  const verdicts: string[] = [];
  if (warmupHeap === null || finalHeap === null) {
    verdicts.push('no forced-GC heap reading (warm-up longer than the run, or no --expose-gc)');
  } else {
    const heapRatio = finalHeap / warmupHeap;
    const rssRatio = final.rss / warmupRss;
    console.log(`heap after GC: warm-up ${mb(warmupHeap).toFixed(1)} MB -> end ${mb(finalHeap).toFixed(1)} MB (${(heapRatio * 100).toFixed(0)}%, bound ${HEAP_BOUND * 100}%)`);
    console.log(`RSS:           warm-up ${mb(warmupRss).toFixed(1)} MB -> end ${mb(final.rss).toFixed(1)} MB (${(rssRatio * 100).toFixed(0)}%, bound ${RSS_BOUND * 100}%)`);
    if (heapRatio > HEAP_BOUND) verdicts.push(`the heap grew to ${(heapRatio * 100).toFixed(0)}% of its warm-up level`);
    if (rssRatio > RSS_BOUND) verdicts.push(`RSS grew to ${(rssRatio * 100).toFixed(0)}% of its warm-up level`);
  }
  if (counts.syncs === 0 || counts.queries === 0 || counts.exports === 0) verdicts.push(`a loop never completed (${JSON.stringify(counts)})`);
  verdicts.push(...failures.slice(0, 10).map((f) => `failed: ${f}`));
  if (failures.length > 10) verdicts.push(`... and ${failures.length - 10} more failures`);
  console.log(verdicts.length === 0 ? 'PASS' : `FAIL\n${verdicts.map((v) => `  - ${v}`).join('\n')}`);
  process.exitCode = verdicts.length === 0 ? 0 : 1;
} finally {
  app.close();
  await sb.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
}
