// Migration 012: team accounts. A database holding a profile and an audit chain
// upgrades with every row kept and the chain still verifying; the new tables accept a user, a session
// and sign-in attempts, refuse a second user of the same name in any case, and a removed user takes
// their sessions along.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/core/store/db.ts';
import { migrations } from '../../../src-main/core/store/migrations.ts';
import m from '../../../src-main/core/store/migrations/012-accounts.ts';
import { AuditLog } from '../../../src-main/core/store/audit.ts';
import { accountStore } from '../../../src-main/core/store/accounts.ts';
import { databaseBefore } from '../../support/migrations.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const TABLES = ['profiles', 'orders', 'order_history', 'money_entries', 'period_events', 'audit_log', 'settings'];

function snapshot(db: { prepare: (sql: string) => { all: () => unknown[] } }): Record<string, unknown[]> {
  return Object.fromEntries(TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
}

it('upgrades a database with a profile and a chain of audit entries: every row kept, accounts usable', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-mig-'));
  dirs.push(dir);
  const old = databaseBefore(dir, m);
  old.prepare(`INSERT INTO profiles (id, name, gateway, environment, trade_url, query_url, merchant_id, created_at) VALUES (7, 'fp', 'flashpay', 'sandbox', 'https://x', 'https://x', 'M1', '2024-01-01')`).run();
  const log = new AuditLog(old);
  log.append({ atMs: 1, operator: 'amy', shell: 'cli', event: 'period.close', outcome: 'info', profile: null, gateway: null, orderNo: null, actionId: null, amount: null, request: '{}', response: '', raw: '', note: 'March' });
  log.append({ atMs: 2, operator: 'amy', shell: 'cli', event: 'profile.add', outcome: 'info', profile: 'fp', gateway: 'flashpay', orderNo: null, actionId: null, amount: null, request: '{}', response: '', raw: '', note: '' });
  const before = snapshot(old);
  expect(old.prepare(`SELECT name FROM sqlite_schema WHERE name IN ('users', 'sessions', 'sign_ins')`).all()).toEqual([]);
  old.close();

  const db = openDatabase(dir);
  expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
  expect(migrations.indexOf(m)).toBe(11);
  expect(snapshot(db)).toEqual(before);
  expect(new AuditLog(db).verify({ key: null, head: null }).ok).toBe(true);

  const store = accountStore(db);
  const id = store.insertUser({ name: 'Amy', role: 'finance', password_hash: 'h', password_salt: 's', password_params: '{}', created_at_ms: 1, updated_at_ms: 1 });
  expect(() => store.insertUser({ name: 'amy', role: 'viewer', password_hash: 'h', password_salt: 's', password_params: '{}', created_at_ms: 1, updated_at_ms: 1 })).toThrow(/UNIQUE/);
  expect(store.userByName('AMY')?.id).toBe(id);
  store.insertSession({ id_hash: 'x'.repeat(64), user_id: id, created_at_ms: 1, last_seen_at_ms: 1, expires_at_ms: 2 });
  expect(() => store.insertSession({ id_hash: 'y'.repeat(64), user_id: 999, created_at_ms: 1, last_seen_at_ms: 1, expires_at_ms: 2 })).toThrow(/FOREIGN KEY/);
  store.recordSignIn('amy', 1, 'failed');
  expect(() => db.prepare(`INSERT INTO sign_ins (name, at_ms, outcome) VALUES ('amy', 1, 'maybe')`).run()).toThrow(/CHECK/);
  db.prepare('DELETE FROM users WHERE id = ?').run(id);
  expect(db.prepare('SELECT COUNT(*) FROM sessions').pluck().get()).toBe(0);
  expect(db.pragma('foreign_key_check')).toEqual([]);
  db.close();
});
