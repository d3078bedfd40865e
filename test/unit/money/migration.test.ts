// Migration 6 on a database that already holds orders: every order's current money is booked on its
// own order day, First Bank fees come from the profile's schedule, and the daily figures are the ones
// the previous version showed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DB_FILE, openDatabase, schemaVersion } from '../../../src-main/core/store/db.ts';
import { migrations } from '../../../src-main/core/store/migrations.ts';
import m004 from '../../../src-main/core/store/migrations/004-reconcile.ts';
import { type Db } from '../../../src-main/core/store/db.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'recon-m6-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const DAY = (iso: string) => Date.parse(iso);
// [profile, order, ordered at (UTC), status, code, amount, captured, refunded, fee, fee returned]
const ORDERS: Array<[number, string, string, string, string, number, number, number, number, number]> = [
  [1, 'FP-1', '2024-11-29T03:00:00Z', 'settled', '04', 100_000, 100_000, 0, 2_750, 0],
  [1, 'FP-2', '2024-11-30T15:59:59Z', 'refunded', '06', 50_000, 50_000, 50_000, 1_375, 1_375],
  [1, 'FP-3', '2024-11-30T16:00:00Z', 'authorized', '02', 7_000, 0, 0, 0, 0],
  [2, 'FB-1', '2024-11-30T01:00:00Z', 'captured', '2', 1_000, 1_000, 0, 0, 0], // schedule: 0.245 -> 0.25 + 3.00
  [2, 'FB-2', '2024-11-30T02:00:00Z', 'refunded', '3', 50_000, 50_000, 50_000, 0, 0],
  [2, 'FB-3', '2024-11-30T03:00:00Z', 'failed', '6', 9_900, 0, 0, 0, 0],
];

function version4WithData(): void {
  const db = new Database(path.join(dir, DB_FILE));
  const upTo4 = migrations.indexOf(m004) + 1;
  for (const m of migrations.slice(0, upTo4)) db.exec(m);
  db.pragma(`user_version = ${upTo4}`);
  const profile = db.prepare(
    `INSERT INTO profiles (id, name, gateway, environment, trade_url, query_url, merchant_id, fee_rate_ppm, fee_fixed_cents, created_at)
     VALUES (@id, @name, @gateway, 'sandbox', 'http://x/', '', 'M', @ppm, @fixed, '2024-01-01')`,
  );
  profile.run({ id: 1, name: 'fp', gateway: 'flashpay', ppm: null, fixed: null });
  profile.run({ id: 2, name: 'fb', gateway: 'firstbank', ppm: 24_500, fixed: 300 });
  const order = db.prepare(
    `INSERT INTO orders (profile_id, gateway, order_no, ordered_at_ms, taipei_day, status, status_code, amount, captured, refunded, fee, fee_returned, source, updated_at_ms)
     VALUES (@p, @g, @no, @at, @day, @status, @code, @amount, @captured, @refunded, @fee, @feeReturned, 'sync', @at)`,
  );
  for (const [p, no, at, status, code, amount, captured, refunded, fee, feeReturned] of ORDERS) {
    const ms = DAY(at);
    order.run({ p, g: p === 1 ? 'flashpay' : 'firstbank', no, at: ms, day: new Date(ms + 8 * 3600_000).toISOString().slice(0, 10), status, code, amount, captured, refunded, fee, feeReturned });
  }
  db.close();
}

const COLUMNS: Record<string, string> = { order: 'orders', gross: 'gross', capture: 'captured', refund: 'refunded', fee: 'fees', fee_return: 'fees_returned', settle: 'settled' };

/** An order's entries summed per figure, leaving out figures that sum to zero. */
function sums(db: Db, orderNo: string): Record<string, number> {
  const r = db
    .prepare(`SELECT ${Object.values(COLUMNS).map((c) => `SUM(e.${c}) AS ${c}`).join(', ')} FROM money_entries e JOIN orders o ON o.id = e.order_id WHERE o.order_no = ?`)
    .get(orderNo) as Record<string, number>;
  return Object.fromEntries(Object.entries(COLUMNS).filter(([, c]) => r[c] !== 0).map(([k, c]) => [k, r[c]!]));
}

describe('migration 6', () => {
  it('backfills every existing order’s money on its own Taipei day, with the schedule fee for First Bank', () => {
    version4WithData();
    const db = openDatabase(dir);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion());
      expect(sums(db, 'FP-1')).toEqual({ order: 1, gross: 100_000, capture: 100_000, fee: 2_750, settle: 100_000 - 2_750 });
      expect(sums(db, 'FP-2')).toEqual({ order: 1, gross: 50_000, capture: 50_000, refund: 50_000, fee: 1_375, fee_return: 1_375 });
      expect(sums(db, 'FP-3')).toEqual({ order: 1, gross: 7_000 });
      expect(sums(db, 'FB-1')).toEqual({ order: 1, gross: 1_000, capture: 1_000, fee: 325, settle: 1_000 - 325 });
      expect(sums(db, 'FB-2')).toEqual({ order: 1, gross: 50_000, capture: 50_000, refund: 50_000, fee: 1_525, settle: -1_525 });
      expect(sums(db, 'FB-3')).toEqual({ order: 1 });
      const fb1 = db.prepare("SELECT eff_fee, fee_source FROM orders WHERE order_no = 'FB-1'").get();
      expect(fb1).toEqual({ eff_fee: 325, fee_source: 'schedule' });
      // Each order's entries sit on its own Taipei day (FP-2 at 23:59:59 on 11-30, FP-3 at 00:00 on 12-01).
      const days = db.prepare('SELECT o.order_no AS no, MIN(e.booked_day) AS lo, MAX(e.booked_day) AS hi FROM money_entries e JOIN orders o ON o.id = e.order_id GROUP BY o.id').all() as Array<{ no: string; lo: string; hi: string }>;
      const want: Record<string, string> = { 'FP-1': '2024-11-29', 'FP-2': '2024-11-30', 'FP-3': '2024-12-01', 'FB-1': '2024-11-30', 'FB-2': '2024-11-30', 'FB-3': '2024-11-30' };
      for (const d of days) expect([d.no, d.lo, d.hi]).toEqual([d.no, want[d.no], want[d.no]]);
      // The roll-up the settlement reads matches the entries.
      const rolled = db.prepare('SELECT SUM(fees) FROM money_days').pluck().get();
      expect(rolled).toBe(2_750 + 1_375 + 325 + 1_525);
    } finally {
      db.close();
    }
  });
});
