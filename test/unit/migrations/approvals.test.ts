// Migration 013: two-person approval requests. A database holding a profile, an action and an audit
// chain upgrades with every row kept and the chain still verifying; the new table takes a request,
// holds at most one PENDING request per order, refuses a non-positive amount, and changes state only
// from PENDING.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/core/store/db.ts';
import { migrations } from '../../../src-main/core/store/migrations.ts';
import m from '../../../src-main/core/store/migrations/013-approvals.ts';
import { AuditLog } from '../../../src-main/core/store/audit.ts';
import { approvalStore } from '../../../src-main/core/store/approvals.ts';
import { databaseBefore } from '../../support/migrations.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const TABLES = ['profiles', 'actions', 'audit_log', 'users', 'settings'];

function snapshot(db: { prepare: (sql: string) => { all: () => unknown[] } }): Record<string, unknown[]> {
  return Object.fromEntries(TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
}

it('upgrades a database with a profile, an action and an audit chain: every row kept, requests usable', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-mig-'));
  dirs.push(dir);
  const old = databaseBefore(dir, m);
  old.prepare(`INSERT INTO profiles (id, name, gateway, environment, trade_url, query_url, merchant_id, created_at) VALUES (7, 'fp', 'flashpay', 'sandbox', 'https://x', 'https://x', 'M1', '2024-01-01')`).run();
  old.prepare(`INSERT INTO actions (id, idempotency_key, profile_id, profile_name, gateway, order_no, kind, operation, amount, operator, reason, shell, owner, state, status_before, created_at_ms, updated_at_ms)
    VALUES (3, 'k1', 7, 'fp', 'flashpay', 'A1', 'refund', 'flashpay:tx8', 6000000, 'amy', '', 'cli', 'h|1', 'SUCCEEDED', '03', 1, 1)`).run();
  old.prepare(`INSERT INTO users (name, role, password_hash, password_salt, password_params, created_at_ms, updated_at_ms) VALUES ('sam', 'support', 'h', 's', '{}', 1, 1)`).run();
  const log = new AuditLog(old);
  log.append({ atMs: 1, operator: 'amy', shell: 'cli', event: 'action.refund.result', outcome: 'succeeded', profile: 'fp', gateway: 'flashpay', orderNo: 'A1', actionId: 3, amount: 6000000, request: '{}', response: '', raw: '', note: '' });
  const before = snapshot(old);
  expect(old.prepare(`SELECT name FROM sqlite_schema WHERE name = 'approval_requests'`).all()).toEqual([]);
  old.close();

  const db = openDatabase(dir);
  expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
  expect(migrations.indexOf(m)).toBe(12);
  expect(snapshot(db)).toEqual(before);
  expect(new AuditLog(db).verify({ key: null, head: null }).ok).toBe(true);

  const store = approvalStore(db);
  const request = { profile_id: 7, profile_name: 'fp', gateway: 'flashpay', order_no: 'A1', kind: 'refund' as const, amount: 6000000, reason: 'r', requester: 'sam', created_at_ms: 1, expires_at_ms: 2 };
  const id = store.insert(request);
  expect(store.get(id)).toMatchObject({ state: 'PENDING', action_id: null });
  expect(() => store.insert(request)).toThrow(/UNIQUE/);
  expect(() => store.insert({ ...request, order_no: 'A2', amount: 0 })).toThrow(/CHECK/);
  expect(store.decide(id, 'APPROVED', 'fay', 'ok', 3)).toBe(true);
  expect(store.decide(id, 'REJECTED', 'fin', 'no', 4)).toBe(false);
  store.recordOutcome(id, 3, 'SUCCEEDED', 'done');
  expect(store.insert(request)).toBeGreaterThan(id);
  expect(() => store.recordOutcome(id, 999, 'SUCCEEDED', '')).toThrow(/FOREIGN KEY/);
  expect(db.pragma('foreign_key_check')).toEqual([]);
  db.close();
});
