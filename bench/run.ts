// `npm run bench [-- --json] [-- --orders N] [-- --only name,name]`: every benchmark, each against a
// baseline measured in the same run on the same data, so a noisy machine moves both sides alike.
// Prints a readable table; with --json, ends with one line {"benchmarks": {...}}.
import os from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './lib.ts';

const json = process.argv.includes('--json');
const ordersArg = process.argv.indexOf('--orders');
const orders = ordersArg >= 0 ? Number(process.argv[ordersArg + 1]) : 1_000_000;
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg >= 0 ? process.argv[onlyArg + 1]!.split(',') : null;

const suites: Array<{ name: string; file: string; options: Record<string, unknown> }> = [
  { name: 'ingest-query', file: './ingest-query.ts', options: { orders } },
  { name: 'export', file: './export.ts', options: {} },
  { name: 'sync', file: './sync.ts', options: {} },
  { name: 'codec', file: './codec.ts', options: {} },
  { name: 'ui', file: './ui.ts', options: {} },
  { name: 'import', file: './import.ts', options: {} },
  // Both store engines on the same orders: PostgreSQL as ratios to SQLite (a throwaway cluster).
  { name: 'engines', file: './engines.ts', options: {} },
];

const all: Record<string, BenchResult> = {};
const log = (line: string) => process.stderr.write(`${line}\n`);
log(`bench on ${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`);
for (const suite of suites) {
  if (only && !only.includes(suite.name)) continue;
  if (!existsSync(fileURLToPath(new URL(suite.file, import.meta.url)))) {
    log(`- ${suite.name}: not present, skipped`);
    continue;
  }
  const t0 = performance.now();
  log(`- ${suite.name} ...`);
  const mod = (await import(suite.file)) as { run(options: Record<string, unknown>): Promise<Record<string, BenchResult>> };
  const results = (await mod.run(suite.options)) as Record<string, BenchResult> & { benchmarks?: Record<string, BenchResult> };
  // A suite may answer in the --json line's own shape ({benchmarks: {...}}).
  Object.assign(all, results.benchmarks ?? results);
  log(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const rows = Object.entries(all).map(([name, r]) => [name, `${r.value} ${r.unit}`, `${r.baseline}`, `${r.ratio}`, r.target ?? '', r.note ?? '']);
const head = ['benchmark', 'value', 'baseline', 'ratio', 'target', 'note'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(fmt(head));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(fmt(r));
if (json) console.log(JSON.stringify({ benchmarks: all }));
