// `recon team import`: a demo desktop (synced over the sandboxes, its ledger reconciled, a cancel
// journaled and audited, an exception resolved, a period closed) copied into an empty team database
// through the real binary: every table arrives row for row, the audit chain verifies on the team
// side, a second run copies nothing, and a team database holding other data refuses the import.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startDemo } from '../../../src-main/shell/demo.ts';
import { executeAction } from '../../../src-main/core/services/actions.ts';
import { listExceptions, resolveException } from '../../../src-main/core/services/reconcile.ts';
import { closePeriod } from '../../../src-main/core/services/periods.ts';
import { formatCents } from '../../../src-main/core/money.ts';
import { addDays } from '../../../src-main/core/time.ts';
import { connectPostgres } from '../../../src-main/core/store/pg/open.ts';
import { tempApp } from '../../support/app.ts';
import { runRecon } from '../../support/cli.ts';
import { dropPgDatabase, freshPgUrl, pgSkipReason, pgUrl } from '../../support/pg.ts';

const TABLES: Array<[string, string]> = [
  ['profiles', 'id'], ['raw_answers', 'id'], ['orders', 'id'], ['order_history', 'id'], ['sync_runs', 'id'], ['sync_chunks', 'run_id, seq'],
  ['actions', 'id'], ['audit_log', 'seq'], ['ledger_mappings', 'profile_id'], ['ledger_imports', 'id'], ['ledger_rows', 'id'],
  ['reconcile_runs', 'id'], ['reconcile_exceptions', 'id'], ['reconcile_resolutions', 'id'], ['money_entries', 'id'], ['money_days', 'day, profile_id'],
  ['period_events', 'id'], ['order_anomalies', 'id'],
];

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function demoDesktop(): Promise<{ file: string; dataDir: string }> {
  const desk = tempApp({ engine: 'sqlite' });
  cleanups.push(() => desk.cleanup());
  const demo = await startDemo(desk, { days: 20 });
  cleanups.push(() => demo.close());
  for (let i = 0; i < 600 && desk.jobs.list().some((j) => j.state === 'running'); i++) await new Promise((r) => setTimeout(r, 100));
  const [fp] = demo.profiles;
  const authorized = desk.db.prepare("SELECT order_no, amount FROM orders WHERE profile_id = ? AND status_code = '02' ORDER BY id LIMIT 1").get(fp!.id) as { order_no: string; amount: number };
  const amount = formatCents(authorized.amount);
  const done = await executeAction(desk, { profile: fp!.name, orderNo: authorized.order_no, kind: 'cancel', amount, operator: 'amy', confirmed: true, typedAmount: amount });
  expect(done.state).toBe('SUCCEEDED');
  const open = listExceptions(desk, { state: 'open' });
  expect(open.length).toBeGreaterThan(0);
  resolveException(desk, open[0]!.id, 'resolved', 'refunded by hand in the shop', { operator: 'amy' });
  const latest = desk.db.prepare('SELECT MIN(taipei_day) FROM orders').pluck().get() as string;
  closePeriod(desk, addDays(latest, 3), 'first days closed', { operator: 'finance' });
  return { file: path.join(desk.dataDir, 'recon.sqlite'), dataDir: desk.dataDir };
}

describe.skipIf(!pgUrl)(`recon team import${pgUrl ? '' : ` (skipped: ${pgSkipReason})`}`, { timeout: 180_000 }, () => {
  it('round-trips a demo desktop into an empty team database, verified, idempotently', async () => {
    const { file } = await demoDesktop();
    const url = freshPgUrl();
    cleanups.push(() => dropPgDatabase(url));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-team-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const env = { RECON_DATABASE_URL: url, RECON_DATA_DIR: dir };

    const first = await runRecon(['team', 'import', '--from', file, '--json'], { env, timeoutMs: 120_000 });
    expect(first.code, first.stderr).toBe(0);
    const r = JSON.parse(first.stdout) as { tables: Record<string, { source: number; copied: number; alreadyThere: number }>; audit: { before: number; after: number } };
    expect(r.tables.orders!.copied).toBeGreaterThan(100);
    expect(r.tables.actions!.copied).toBe(1);
    expect(r.tables.reconcile_resolutions!.copied).toBe(1);
    expect(r.tables.period_events!.copied).toBe(1);
    expect(r.tables.ledger_imports!.copied).toBeGreaterThan(0);
    expect(r.audit.after).toBe(r.audit.before);
    expect(r.audit.after).toBeGreaterThan(3);

    const desk = new Database(file, { readonly: true });
    const team = connectPostgres(url);
    try {
      for (const [table, key] of TABLES) {
        const want = desk.prepare(`SELECT * FROM ${table} ORDER BY ${key}`).all();
        expect(team.prepare(`SELECT * FROM ${table} ORDER BY ${key}`).all(), table).toEqual(want);
      }
      // New rows continue after the copied ids.
      expect(team.prepare("INSERT INTO period_events (action, day, at_ms, operator, shell, reason) VALUES ('reopen', '2030-01-01', 1, 'o', 'cli', 'r')").run().lastInsertRowid).toBe(2);
      team.exec('DELETE FROM period_events WHERE id = 2');
    } finally {
      desk.close();
      team.close();
    }
    const verify = await runRecon(['audit', 'verify'], { env });
    expect(verify.code, verify.stdout).toBe(0);

    const again = await runRecon(['team', 'import', '--from', file, '--json'], { env, timeoutMs: 120_000 });
    expect(again.code, again.stderr).toBe(0);
    const r2 = JSON.parse(again.stdout) as typeof r;
    expect(Object.values(r2.tables).reduce((n, t) => n + t.copied, 0)).toBe(0);
    expect(r2.tables.orders!.alreadyThere).toBe(r.tables.orders!.source);
  });

  it('refuses, writing nothing, when the team database holds other data under the same ids', async () => {
    const { file } = await demoDesktop();
    const url = freshPgUrl({ migrated: true });
    cleanups.push(() => dropPgDatabase(url));
    const team = connectPostgres(url);
    team.exec("INSERT INTO profiles (id, name, gateway, environment, trade_url, query_url, merchant_id, created_at) VALUES (1, 'another desk', 'flashpay', 'sandbox', 'u', 'u', 'm', 'now')");
    team.close();
    const r = await runRecon(['team', 'import', '--from', file], { env: { RECON_DATABASE_URL: url, RECON_DATA_DIR: os.tmpdir() }, timeoutMs: 120_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the team database already holds a different profiles row \(id 1\): it is not this desktop's data; nothing was written/);
    const check = connectPostgres(url);
    try {
      expect(check.prepare('SELECT COUNT(*) FROM orders').pluck().get()).toBe(0);
      expect(check.prepare('SELECT COUNT(*) FROM audit_log').pluck().get()).toBe(0);
    } finally {
      check.close();
    }
  });
});
