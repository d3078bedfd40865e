// Migration: exceptions get a "cleared by run" mark. A database holding a queue upgrades with every
// exception kept, open ones still open and listed.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/core/store/db.ts';
import m from '../../../src-main/core/store/migrations/008-exception-clearing.ts';
import { ReconcileStore } from '../../../src-main/core/store/reconcile.ts';
import { databaseBefore } from '../../support/migrations.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

it('upgrades a database holding exceptions from two runs: all stay in the open queue', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-mig-'));
  dirs.push(dir);
  const old = databaseBefore(dir, m);
  old.prepare(`INSERT INTO profiles (id, name, gateway, environment, trade_url, query_url, merchant_id, created_at) VALUES (1, 'fp', 'flashpay', 'sandbox', 'https://x', 'https://x', 'M1', '2024-01-01')`).run();
  for (const [id, from, to] of [[1, '2024-03-01', '2024-03-31'], [2, '2024-03-10', '2024-03-11']] as const) {
    old.prepare(`INSERT INTO reconcile_runs (id, profile_id, from_day, to_day, at_ms, operator, shell, matched, exceptions) VALUES (?, 1, ?, ?, 0, 'amy', 'cli', 0, 1)`).run(id, from, to);
  }
  const insert = old.prepare(`INSERT INTO reconcile_exceptions (profile_id, kind, order_no, detail, taipei_day, first_run_id, last_run_id, first_seen_at_ms, last_seen_at_ms)
    VALUES (1, ?, ?, 'found', ?, ?, ?, 0, 0)`);
  insert.run('amount_mismatch', 'A1', '2024-03-02', 1, 1);
  insert.run('missing_in_ledger', 'B1', '2024-03-10', 2, 2);
  old.close();

  const db = openDatabase(dir);
  const queue = new ReconcileStore(db).list({ profileId: 1, state: 'open' });
  expect(queue.map((e) => [e.order_no, e.active, e.cleared_run_id])).toEqual([
    ['B1', 1, null],
    ['A1', 1, null],
  ]);
  db.close();
});
