// Migration 010: profiles, orders and actions lose the CHECK that named the two gateways, so a third
// gateway's rows can be stored. A database holding orders, their history and money entries, an
// action and an anomaly upgrades with every row, id and reference kept.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/core/store/db.ts';
import { migrations } from '../../../src-main/core/store/migrations.ts';
import m from '../../../src-main/core/store/migrations/010-open-gateways.ts';
import { parseFlashPayOrder } from '../../../src-main/core/gateways/flashpay/orders.ts';
import { OrderStore, fromFlashPay } from '../../../src-main/core/store/orders.ts';
import { databaseBefore } from '../../support/migrations.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const insertProfile = `INSERT INTO profiles (id, name, gateway, environment, trade_url, query_url, merchant_id, created_at)
  VALUES (@id, @name, @gateway, 'sandbox', 'https://x', 'https://x', 'M1', '2024-01-01')`;

function counts(db: { prepare: (sql: string) => { pluck: () => { get: () => unknown } } }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const t of ['profiles', 'orders', 'order_history', 'money_entries', 'money_days', 'actions', 'order_anomalies']) {
    out[t] = db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get();
  }
  return out;
}

it('upgrades a database holding orders, money entries and an action: every row kept, and a third gateway can be stored', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-mig-'));
  dirs.push(dir);
  const old = databaseBefore(dir, m);
  old.prepare(insertProfile).run({ id: 7, name: 'fp', gateway: 'flashpay' });
  // Before the upgrade the schema itself refuses a gateway it does not name.
  expect(() => old.prepare(insertProfile).run({ id: 8, name: 'tp', gateway: 'thirdpay' })).toThrow(/CHECK constraint/);
  const store = new OrderStore(old);
  const put = (ordNo: string, status: string, amount: string) =>
    store.upsert(7, fromFlashPay(parseFlashPayOrder({ ord_no: ordNo, mer_id: 'M1', tx_amt: amount, tot_pay_amt: status === '02' ? '0' : amount, order_status: status, ord_time: '2024-03-05 14:03:00+08', ret_code: '00' }), true), {
      rawAnswerId: null,
      source: '106',
      nowMs: Date.UTC(2024, 2, 5, 7),
    });
  put('A1', '02', '1200.00');
  put('A1', '03', '1200.00');
  put('B2', '04', '350.50');
  old
    .prepare(
      `INSERT INTO actions (id, idempotency_key, profile_id, profile_name, gateway, order_no, kind, operation, amount, operator, reason, shell, owner, state, status_before, created_at_ms, updated_at_ms)
       VALUES (3, 'k-1', 7, 'fp', 'flashpay', 'A1', 'cancel', 'flashpay:tx8', 120000, 'amy', '', 'cli', 'h|1', 'SUCCEEDED', '03', 1, 1)`,
    )
    .run();
  const orderB2 = old.prepare(`SELECT id FROM orders WHERE order_no = 'B2'`).pluck().get() as number;
  old.prepare(`INSERT INTO order_anomalies (order_id, profile_id, at_ms, codes, answer, state) VALUES (?, 7, 1, 'amount', '{}', 'open')`).run(orderB2);
  const before = counts(old);
  const ordersBefore = old.prepare('SELECT * FROM orders ORDER BY id').all();
  const entriesBefore = old.prepare('SELECT e.*, o.order_no FROM money_entries e JOIN orders o ON o.id = e.order_id ORDER BY e.id').all();
  old.close();

  const db = openDatabase(dir);
  expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
  expect(counts(db)).toEqual(before);
  expect(db.prepare('SELECT * FROM orders ORDER BY id').all()).toEqual(ordersBefore);
  // Money entries still point at their orders (ids kept, nothing cascaded away by the rebuild).
  expect(db.prepare('SELECT e.*, o.order_no FROM money_entries e JOIN orders o ON o.id = e.order_id ORDER BY e.id').all()).toEqual(entriesBefore);
  expect(db.pragma('foreign_key_check')).toEqual([]);
  expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  // The history trigger came back with the table.
  const historyBefore = db.prepare('SELECT COUNT(*) FROM order_history').pluck().get() as number;
  new OrderStore(db).upsert(7, fromFlashPay(parseFlashPayOrder({ ord_no: 'A1', mer_id: 'M1', tx_amt: '1200.00', tot_pay_amt: '1200.00', tot_ret_amt: '1200.00', order_status: '06', ord_time: '2024-03-05 14:03:00+08', ret_code: '00' }), true), {
    rawAnswerId: null,
    source: '107',
    nowMs: Date.UTC(2024, 2, 6, 7),
  });
  expect(db.prepare('SELECT COUNT(*) FROM order_history').pluck().get()).toBe(historyBefore + 1);
  // The indexes came back too, and the one-open-action-per-order rule still holds.
  const indexes = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name IN ('orders', 'actions') AND sql IS NOT NULL ORDER BY name`).pluck().all();
  expect(indexes).toEqual([
    'actions_one_open_per_order', 'actions_open', 'actions_order', 'orders_auth_code', 'orders_card_last4', 'orders_gateway_order_no', 'orders_order_no',
    'orders_profile_time', 'orders_status_time', 'orders_time',
  ]);
  // A third gateway's profile is now the registry's business, not the schema's.
  db.prepare(insertProfile).run({ id: 8, name: 'tp', gateway: 'thirdpay' });
  expect(db.prepare('SELECT gateway FROM profiles WHERE id = 8').pluck().get()).toBe('thirdpay');
  // Deleting a profile still cascades to its orders (the foreign keys survived the rebuild).
  db.prepare('DELETE FROM profiles WHERE id = 7').run();
  expect(db.prepare('SELECT COUNT(*) FROM orders').pluck().get()).toBe(0);
  db.close();
});
