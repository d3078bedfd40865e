// Migration 11: the daily roll-up is written by the money-entry store, no longer by a trigger. A
// database holding orders, entries and roll-ups upgrades with its figures unchanged, and money booked
// afterwards (one order, and a whole answer) is rolled up exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../../src-main/core/store/db.ts';
import m from '../../../src-main/core/store/migrations/011-money-days-rollup.ts';
import { orderStore, type NormalizedOrder } from '../../../src-main/core/store/orders.ts';
import { databaseBefore } from '../../support/migrations.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const AT = Date.parse('2025-03-02T02:00:00Z');
function answer(orderNo: string, cents: number, code = '04'): NormalizedOrder {
  return {
    gateway: 'flashpay', orderNo, gatewayOrderNo: null, orderedAtMs: AT, orderedAtText: null, status: code === '04' ? 'settled' : 'captured', statusCode: code,
    statusKnown: true, amount: cents, captured: cents, refunded: 0, capturable: 0, refundable: cents, fee: 100, feeReturned: 0, shipping: 0,
    payType: '1', installments: 0, bonus: false, authCode: null, cardMasked: null, payload: '{}', verified: true,
  };
}
const days = (db: Db) => db.prepare('SELECT day, profile_id, orders, captured_orders, captured, fees, settled FROM money_days ORDER BY day').all();

it('upgrades a database holding booked money: the roll-up is unchanged, and later bookings are rolled up once', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-mig-'));
  dirs.push(dir);
  const old = databaseBefore(dir, m);
  old.prepare(`INSERT INTO profiles (id, name, gateway, environment, trade_url, query_url, merchant_id, created_at) VALUES (1, 'fp', 'flashpay', 'sandbox', 'https://x', 'https://x', 'M1', '2024-01-01')`).run();
  // Booked by the previous version: its trigger rolled the entry up.
  old.prepare(`INSERT INTO orders (id, profile_id, gateway, order_no, ordered_at_ms, taipei_day, status, status_code, amount, captured, fee, eff_fee, source, updated_at_ms)
    VALUES (1, 1, 'flashpay', 'OLD-1', @at, '2025-03-02', 'settled', '04', 50000, 50000, 100, 100, '106', @at)`).run({ at: AT });
  old.prepare(`INSERT INTO money_entries (order_id, profile_id, orders, gross, captured, fees, settled, at_ms, event_day, booked_day, basis, source, recorded_at_ms)
    VALUES (1, 1, 1, 50000, 50000, 100, 49900, @at, '2025-03-02', '2025-03-02', 'order_time', '106', @at)`).run({ at: AT });
  const before = days(old);
  expect(before).toEqual([{ day: '2025-03-02', profile_id: 1, orders: 1, captured_orders: 1, captured: 50000, fees: 100, settled: 49900 }]);
  old.close();

  const db = openDatabase(dir);
  try {
    expect(days(db)).toEqual(before);
    const store = orderStore(db);
    db.transaction(() => store.upsert(1, answer('NEW-1', 10_000), { rawAnswerId: null, source: '106', nowMs: AT }))();
    db.transaction(() => store.upsertMany(1, [answer('NEW-2', 20_000), answer('NEW-3', 30_000, '03')], { rawAnswerId: null, source: '106', nowMs: AT }))();
    expect(days(db)).toEqual([{ day: '2025-03-02', profile_id: 1, orders: 4, captured_orders: 4, captured: 110_000, fees: 400, settled: 49900 + 9900 + 19900 }]);
  } finally {
    db.close();
  }
});
