// `npm test`: everything CI runs, in order: typecheck, lint, build, unit (vitest), unit-pg (the
// store, service, reliability and CLI suites on PostgreSQL), package (the
// desktop package built and booted under Node), e2e (Playwright
// on the web shell in Chromium), Electron e2e (skips with a reason where no binary exists).
// Ends with one summary line: "tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const results = path.join(root, 'test-results');
mkdirSync(results, { recursive: true });
const only = process.argv.slice(2);

const steps = [
  ['typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']],
  ['typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.renderer.json']],
  ['typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.test.json']],
  ['lint', bin('eslint'), ['--max-warnings', '0', '.']],
  ['build', process.execPath, ['scripts/build.mjs']],
  ['unit', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${path.join(results, 'vitest.json')}`]],
  // The store, service, reliability and CLI suites again on PostgreSQL (vitest.pg.config.ts), in a
  // throwaway cluster started and stopped by the run (test/support/pg-global-setup.ts).
  ['unit-pg', bin('vitest'), ['run', '-c', 'vitest.pg.config.ts', '--reporter=default', '--reporter=json', `--outputFile=${path.join(results, 'vitest-pg.json')}`]],
  // The desktop package: electron-builder --dir with a stand-in Electron, its contents and its main
  // process booted under Node (test/package; skips with a reason off Linux).
  ['package', bin('vitest'), ['run', '-c', 'test/package/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile=${path.join(results, 'package.json')}`]],
  ['e2e', bin('playwright'), ['test', '-c', 'test/e2e/playwright.config.ts', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(results, 'e2e.json') }],
  ['electron', bin('playwright'), ['test', '-c', 'test/electron/playwright.config.ts', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(results, 'electron.json') }],
];

// A desktop window needs a display: on a headless Linux, run the Electron suite under Xvfb.
const electronStep = steps.find((s) => s[0] === 'electron');
if (process.platform === 'linux' && !process.env.DISPLAY && spawnSync('sh', ['-c', 'command -v xvfb-run']).status === 0) {
  electronStep[2] = ['-a', electronStep[1], ...electronStep[2]];
  electronStep[1] = 'xvfb-run';
}

// Without PostgreSQL binaries (initdb) the PostgreSQL run is skipped, and says so.
const pgMissing =
  !process.env.RECON_PG_BIN && spawnSync('sh', ['-c', 'ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null']).status !== 0;
if (pgMissing) {
  steps.splice(steps.findIndex((st) => st[0] === 'unit-pg'), 1);
  console.log('unit-pg skipped: PostgreSQL binaries (initdb, pg_ctl) not found; install Debian `postgresql` or set RECON_PG_BIN');
}

const failedSteps = [];
for (const [name, cmd, args, env] of steps) {
  if (only.length && !only.includes(name)) continue;
  const started = Date.now();
  console.log(`\n=== ${name}: ${path.basename(cmd)} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    failedSteps.push(name);
    console.log(`=== ${name} FAILED (exit ${r.status ?? r.signal}) after ${secs}s`);
  } else {
    console.log(`=== ${name} ok in ${secs}s`);
  }
}

function readJson(file) {
  try {
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  } catch {
    return null;
  }
}
let passed = 0;
let failed = 0;
let skipped = 0;
for (const [step, file] of [['unit', 'vitest.json'], ['unit-pg', 'vitest-pg.json'], ['package', 'package.json']]) {
  const vitest = readJson(path.join(results, file));
  if (!vitest || (only.length && !only.includes(step))) continue;
  passed += vitest.numPassedTests ?? 0;
  failed += vitest.numFailedTests ?? 0;
  skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
}
for (const [step, file] of [['e2e', 'e2e.json'], ['electron', 'electron.json']]) {
  const pw = readJson(path.join(results, file));
  if (!pw || (only.length && !only.includes(step))) continue;
  passed += pw.stats?.expected ?? 0;
  failed += (pw.stats?.unexpected ?? 0) + (pw.stats?.flaky ?? 0);
  skipped += pw.stats?.skipped ?? 0;
}
if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
console.log(`tests: ${passed} passed, ${failed + (failedSteps.length && !failed ? 1 : 0)} failed, ${skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);
