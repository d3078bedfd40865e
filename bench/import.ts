// import: a 15 MB shop-ledger CSV through the contract (ledger:preview, then ledger:import, as the web
// shell calls them) while app:info is asked every 20 ms, in a child process so peak RSS is this work's
// own. The worker reads, maps and writes; the main thread decodes the base64 and hears progress.
// Baseline: the same file read whole on the main thread (readLedgerTable), measured last so that the
// peak RSS reported is the preview's and the import's alone.
// Reports peak RSS (target < 400 MB) and the slowest app:info answer during the preview and during
// the import (target < 100 ms each).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readLedgerTable } from '../src-main/core/ledger/table.ts';
import { addProfile } from '../src-main/core/services/profiles.ts';
import { dispatch } from '../src-main/shell/handlers.ts';
import { type BenchResult, tempBenchApp } from './lib.ts';

const SELF = fileURLToPath(import.meta.url);

/** About `mb` MB of ledger CSV, written straight into one buffer (no array of lines to inflate the heap). */
function ledgerCsv(mb: number): Buffer {
  const target = Math.round(mb * 1024 * 1024);
  const out = Buffer.alloc(target + 256);
  let size = out.write('訂單編號,金額,訂單時間,狀態');
  for (let i = 0; size < target; i++) {
    size += out.write(`\nSHOP${String(i).padStart(9, '0')},${(i % 5000) + 1},2024/03/${String((i % 28) + 1).padStart(2, '0')} 10:${String(i % 60).padStart(2, '0')},已付款`, size);
  }
  return out.subarray(0, size);
}

/** Runs `work` while app:info is called every 20 ms; returns the slowest answer (queueing included). */
async function probeWhile(app: ReturnType<typeof tempBenchApp>, work: () => Promise<unknown>): Promise<number> {
  let worst = 0;
  let due = performance.now() + 20;
  let stop = false;
  const loop = (async () => {
    while (!stop) {
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      await dispatch(app, 'app:info', {});
      worst = Math.max(worst, performance.now() - due);
      due = performance.now() + 20;
    }
  })();
  await work();
  stop = true;
  await loop;
  return worst;
}

async function child(): Promise<void> {
  const app = tempBenchApp();
  try {
    await addProfile(app, { name: 'bench', gateway: 'flashpay', tradeUrl: 'http://127.0.0.1:9', merchantId: 'M1', demo: true }, { hashKey: 'k'.repeat(32), hashIv: 'v'.repeat(16) });
    const bytes = ledgerCsv(14.8);
    const contentBase64 = bytes.toString('base64');
    const mapping = { orderNo: '訂單編號', amount: '金額', date: '訂單時間', status: '狀態' };
    const read = await probeWhile(app, () => dispatch(app, 'ledger:preview', { profile: 'bench', fileName: 'l.csv', contentBase64 }));
    let imported = 0;
    const whole = await probeWhile(app, async () => {
      const r = (await dispatch(app, 'ledger:import', { profile: 'bench', fileName: 'l.csv', contentBase64, mapping })) as { imported: number };
      imported = r.imported;
    });
    const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
    const baseline = await probeWhile(app, () => readLedgerTable(new Uint8Array(bytes)));
    process.stdout.write(`${JSON.stringify({ baseline, read, whole, peakMb, imported, mb: bytes.length / 1024 / 1024 })}\n`);
  } finally {
    app.cleanup();
  }
}

export async function run(): Promise<Record<string, BenchResult>> {
  const r = spawnSync(process.execPath, ['--max-old-space-size=2048', SELF, '--child'], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`bench/import child failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { baseline: number; read: number; whole: number; peakMb: number; imported: number; mb: number };
  const round = (x: number) => Math.round(x * 10) / 10;
  const ratio = (x: number) => Math.round(x * 1000) / 1000;
  return {
    import_responsiveness: {
      value: round(m.read),
      unit: 'ms',
      baseline: round(m.baseline),
      ratio: ratio(m.read / m.baseline),
      target: '< 100 ms',
      note: `slowest app:info (every 20 ms) during ledger:preview of a ${m.mb.toFixed(1)} MB CSV (read in the worker, first rows kept) vs the file read whole on the main thread`,
    },
    import_whole: {
      value: round(m.whole),
      unit: 'ms',
      baseline: round(m.baseline),
      ratio: ratio(m.whole / m.baseline),
      target: '< 100 ms',
      note: `slowest app:info during the whole ledger:import of ${m.imported} rows (read, mapped, staged and committed in the worker) vs the file read whole on the main thread`,
    },
    import_peak_rss: { value: m.peakMb, unit: 'MB', baseline: 400, ratio: ratio(m.peakMb / 400), target: '< 400 MB', note: 'peak RSS of the process over the preview and the import (before the main-thread baseline runs)' },
  };
}

if (process.argv.includes('--child')) await child();
