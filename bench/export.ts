// Excel export benchmark: the streaming exporter against exceljs's in-memory Workbook writing the same
// rows (same sheets, columns and styles) in the same run, each in its own child process so peak RSS
// is that writer's alone; then a 1M-order streaming export to show memory stays bounded.
//   node bench/export.ts [--orders 100000] [--big 1000000] [--json]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { createApp } from '../src-main/core/app.ts';
import { MemoryCredentialStore } from '../src-main/core/credentials.ts';
import { addProfile } from '../src-main/core/services/profiles.ts';
import { exportWorkbook, measureOrders, pagedOrders } from '../src-main/core/services/export.ts';
import { orderFactsQuery } from '../src-main/core/services/order-facts.ts';
import { dailySettlement } from '../src-main/core/services/settlement.ts';
import { feeColumns, orderColumns, summaryColumns } from '../src-main/core/export/sheets.ts';
import { setFilter, sheetOptions, startTable } from '../src-main/core/export/table.ts';
import { taipeiDayOf } from '../src-main/core/time.ts';
import { type NormalizedOrder, orderStore } from '../src-main/core/store/orders.ts';
import { firstBankTransStatus } from '../src-main/core/gateways/firstbank/statuses.ts';
import { type BenchResult, argValue, benchOrder, mulberry32 } from './lib.ts';

const SELF = fileURLToPath(import.meta.url);
const NOW_MS = Date.parse('2025-01-01T04:00:00Z');
const START_MS = Date.parse('2024-01-01T00:00:00+08:00');
const FILTER = { from: '2024-01-01', to: '2024-12-31' };
const SEED_BATCH = 10_000;

export interface ExportBenchOptions {
  orders?: number;
  /** Orders for the bounded-memory run; 0 skips it. */
  big?: number;
}

interface ChildResult {
  ms: number;
  /** Peak resident set of the process (includes SQLite's mmap window and page cache). */
  peakMb: number;
  /** Peak V8 heap + external buffers, sampled: the writer's own memory. */
  peakJsMb: number;
  bytes: number;
  rows: number;
}

/**
 * Seeds a data folder with n orders across two profiles through the order store, the path a sync
 * takes (money entries, the daily roll-up the Summary reads, First Bank fees from the schedule), in
 * answers of 10k orders.
 */
export function seed(dir: string, n: number): Promise<void> {
  const app = createApp({ dataDir: dir, shell: 'cli', credentials: new MemoryCredentialStore() });
  return (async () => {
    const fp = await addProfile(app, { name: 'bench-flashpay', gateway: 'flashpay', tradeUrl: 'http://127.0.0.1:9', merchantId: 'M0' }, { hashKey: 'k'.repeat(32), hashIv: 'v'.repeat(16) });
    const fb = await addProfile(
      app,
      { name: '第一銀行 bench', gateway: 'firstbank', tradeUrl: 'http://127.0.0.1:9', merchantId: 'M1', feeRatePpm: 22_000, feeFixedCents: 0 },
      { hashKey: 'fb' },
    );
    const store = orderStore(app.db);
    const rand = mulberry32(42);
    const span = 366 * 86_400_000 - 1;
    for (let b = 0; b < n; b += SEED_BATCH) {
      const flashpay: NormalizedOrder[] = [];
      const firstbank: NormalizedOrder[] = [];
      for (let i = b; i < Math.min(n, b + SEED_BATCH); i++) {
        const o = { ...benchOrder(i, START_MS, span, n, rand), cardMasked: '431195******2222' };
        if (i % 3 !== 2) {
          flashpay.push(o);
          continue;
        }
        // First Bank: paid (2), refunded (3) or not paid (1); no fee of its own, no capture step.
        const code = o.captured > 0 ? (o.refunded > 0 ? '3' : '2') : '1';
        firstbank.push({
          ...o, gateway: 'firstbank', statusCode: code, status: firstBankTransStatus(code).normalized, captured: code === '1' ? 0 : o.amount!,
          refunded: code === '3' ? o.amount! : 0, capturable: 0, refundable: code === '2' ? o.amount! : 0, fee: 0, feeReturned: 0,
        });
      }
      app.db.transaction(() => {
        store.upsertMany(fp.id, flashpay, { rawAnswerId: null, source: 'bench', nowMs: NOW_MS });
        store.upsertMany(fb.id, firstbank, { rawAnswerId: null, source: 'bench', nowMs: NOW_MS });
      })();
    }
    app.close();
  })();
}

/** The streamed workbook's Summary holds the core's daily settlement: its total row, to the cent. */
async function checkSummary(dir: string, file: string): Promise<void> {
  const app = createApp({ dataDir: dir, shell: 'cli', credentials: new MemoryCredentialStore() });
  const report = dailySettlement(app, { ...FILTER, nowMs: NOW_MS });
  app.close();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('Summary');
  if (!ws) throw new Error('the workbook has no Summary sheet');
  const n = report.rows.length;
  const total = ws.getRow(n + 2);
  const cached = (col: number) => (total.getCell(col).value as ExcelJS.CellFormulaValue | null)?.result;
  // Columns: D orders, F captured, G refunded, H fees, J net (summaryColumns).
  const got = { label: total.getCell(1).value, orders: cached(4), captured: cached(6), fees: cached(8), net: cached(10) };
  const want = { label: '合計 Total', orders: report.totals.orders, captured: report.totals.captured / 100, fees: report.totals.fees / 100, net: report.totals.net / 100 };
  if (n === 0 || report.totals.orders === 0 || report.totals.fees === 0 || JSON.stringify(got) !== JSON.stringify(want)) {
    throw new Error(`the Summary sheet does not hold the daily settlement (${n} rows): got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  }
}

/** exceljs's in-memory Workbook, built from the same queries, columns and styles, then written. */
async function inMemoryExport(dir: string, out: string): Promise<number> {
  const app = createApp({ dataDir: dir, shell: 'cli', credentials: new MemoryCredentialStore() });
  const report = dailySettlement(app, { ...FILTER, nowMs: NOW_MS });
  const names = ['bench-flashpay', '第一銀行 bench'];
  const facts = orderFactsQuery(FILTER, taipeiDayOf(NOW_MS));
  const { widths } = measureOrders(app, facts, names);
  const wb = new ExcelJS.Workbook();
  const summary = wb.addWorksheet('Summary', sheetOptions('bench'));
  const st = startTable(summary, summaryColumns(names));
  for (const r of report.rows) st.write(r);
  const ordersSheet = wb.addWorksheet('Orders', sheetOptions('bench'));
  const columns = orderColumns(widths);
  const table = startTable(ordersSheet, columns);
  for (const o of pagedOrders(app, facts, 5000)) table.write(o);
  setFilter(ordersSheet, columns.length, table.rows());
  const fees = wb.addWorksheet('Fees', sheetOptions('bench'));
  const ft = startTable(fees, feeColumns(names, report.rows));
  for (const r of report.rows) ft.write(r);
  await wb.xlsx.writeFile(out);
  app.close();
  return table.rows();
}

async function child(kind: 'stream' | 'memory', dir: string, out: string): Promise<void> {
  let peakJs = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakJs = Math.max(peakJs, m.heapTotal + m.external);
  };
  const sampler = setInterval(sample, 100);
  const t0 = performance.now();
  let rows: number;
  if (kind === 'stream') {
    const app = createApp({ dataDir: dir, shell: 'cli', credentials: new MemoryCredentialStore() });
    rows = (await exportWorkbook(app, { filter: FILTER, out, nowMs: NOW_MS })).orders;
    app.close();
  } else {
    rows = await inMemoryExport(dir, out);
  }
  const ms = performance.now() - t0;
  clearInterval(sampler);
  sample();
  const result: ChildResult = { ms, peakMb: process.resourceUsage().maxRSS / 1024, peakJsMb: peakJs / 2 ** 20, bytes: statSync(out).size, rows };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runChild(kind: 'stream' | 'memory', dir: string, out: string): ChildResult {
  const r = spawnSync(process.execPath, [SELF, '--child', kind, '--dir', dir, '--out', out], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`bench child ${kind} failed (${r.status ?? r.signal}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as ChildResult;
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

export async function run(options: ExportBenchOptions = {}): Promise<{ benchmarks: Record<string, BenchResult> }> {
  const n = options.orders ?? 100_000;
  const big = options.big ?? 1_000_000;
  const work = mkdtempSync(path.join(os.tmpdir(), 'recon-bench-export-'));
  try {
    const dir = path.join(work, 'data');
    await seed(dir, n);
    const stream = runChild('stream', dir, path.join(work, 'stream.xlsx'));
    await checkSummary(dir, path.join(work, 'stream.xlsx'));
    const memory = runChild('memory', dir, path.join(work, 'memory.xlsx'));
    if (stream.rows !== n || memory.rows !== n) throw new Error(`row counts differ: stream ${stream.rows}, memory ${memory.rows}, seeded ${n}`);
    const benchmarks: Record<string, BenchResult> = {
      export_time: {
        value: round(stream.ms),
        unit: 'ms',
        baseline: round(memory.ms),
        ratio: round(stream.ms / memory.ms, 3),
        target: '<= 1 (streaming at least as fast as the in-memory Workbook)',
        note: `${n} orders; files ${round(stream.bytes / 1e6, 2)} MB (stream) vs ${round(memory.bytes / 1e6, 2)} MB (in-memory)`,
      },
      export_memory: {
        value: round(stream.peakMb),
        unit: 'MB peak RSS',
        baseline: round(memory.peakMb),
        ratio: round(stream.peakMb / memory.peakMb, 3),
        target: '<= 0.5',
        note: `${n} orders, each writer in its own process; JS heap + buffers ${round(stream.peakJsMb)} MB vs ${round(memory.peakJsMb)} MB`,
      },
    };
    if (big > 0) {
      rmSync(dir, { recursive: true, force: true });
      const bigDir = path.join(work, 'big');
      await seed(bigDir, big);
      const large = runChild('stream', bigDir, path.join(work, 'big.xlsx'));
      if (large.rows !== big) throw new Error(`1M export wrote ${large.rows} rows, seeded ${big}`);
      benchmarks.export_1m = {
        value: round(large.peakJsMb),
        unit: 'MB peak JS heap + buffers',
        baseline: round(stream.peakJsMb),
        ratio: round(large.peakJsMb / stream.peakJsMb, 3),
        target: `about 1: ${big} orders need no more writer memory than ${n}`,
        note:
          `${big} orders streamed in ${round(large.ms / 1000, 1)} s, ${round(large.bytes / 1e6, 1)} MB file; peak RSS ${round(large.peakMb)} MB ` +
          `vs ${round(stream.peakMb)} MB at ${n} (RSS also holds SQLite's mmap window, up to 256 MB, and 64 MB page cache, which fill with a bigger database)`,
      };
    }
    return { benchmarks };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function table(b: Record<string, BenchResult>): string {
  const lines = [`${'benchmark'.padEnd(14)} ${'value'.padStart(12)} ${'baseline'.padStart(12)} ${'ratio'.padStart(7)}  unit / note`];
  for (const [name, r] of Object.entries(b)) {
    lines.push(`${name.padEnd(14)} ${String(r.value).padStart(12)} ${String(r.baseline).padStart(12)} ${String(r.ratio).padStart(7)}  ${r.unit}; ${r.note ?? ''}`);
  }
  return lines.join('\n');
}

const isEntry = process.argv[1] !== undefined && path.resolve(process.argv[1]) === SELF;
if (isEntry) {
  const childKind = process.argv[process.argv.indexOf('--child') + 1];
  if (process.argv.includes('--child') && (childKind === 'stream' || childKind === 'memory')) {
    const arg = (name: string) => process.argv[process.argv.indexOf(`--${name}`) + 1]!;
    await child(childKind, arg('dir'), arg('out'));
  } else {
    const result = await run({ orders: argValue('orders', 100_000), big: argValue('big', 1_000_000) });
    if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
    else process.stdout.write(`${table(result.benchmarks)}\n`);
  }
}
