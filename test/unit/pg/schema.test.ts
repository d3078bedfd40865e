// The team database's schema: migrated once, in one transaction, recorded in schema_version; a newer
// database refused; and the history rules SQLite enforces with triggers enforced by PostgreSQL too.
import { afterEach, describe, expect, it } from 'vitest';
import type { PgError, PgDatabase } from '../../../src-main/core/store/pg/connection.ts';
import { connectPostgres, migratePostgres, openPostgres, pgSchemaVersion, readPgSchemaVersion } from '../../../src-main/core/store/pg/open.ts';
import { StoreError } from '../../../src-main/core/errors.ts';
import { freshPgUrl, pgSkipReason, pgUrl } from '../../support/pg.ts';

const open: PgDatabase[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});
function migrated(): PgDatabase {
  const db = connectPostgres(freshPgUrl());
  open.push(db);
  migratePostgres(db);
  return db;
}
const AUDIT = `INSERT INTO audit_log (at_ms, operator, shell, event, outcome, request, response, raw, note, prev_hash, hash)
  VALUES (1, 'o', 'cli', 'e', 'info', '', '', '', '', '', 'h')`;

describe.skipIf(!pgUrl)(`PostgreSQL schema${pgUrl ? '' : ` (skipped: ${pgSkipReason})`}`, () => {
  it('migrates an empty database to the current version once, and refuses a newer one', () => {
    const url = freshPgUrl();
    openPostgres(url).close();
    const db = connectPostgres(url);
    open.push(db);
    expect(readPgSchemaVersion(db)).toBe(pgSchemaVersion());
    expect(migratePostgres(db)).toEqual({ from: pgSchemaVersion(), to: pgSchemaVersion() });
    expect(db.prepare("SELECT value FROM settings WHERE key = 'actions.settleSeconds'").pluck().get()).toBe('60');
    db.prepare('INSERT INTO schema_version (version, applied_at_ms) VALUES (@v, 0)').run({ v: pgSchemaVersion() + 3 });
    expect(() => openPostgres(url)).toThrow(StoreError);
    expect(() => openPostgres(url)).toThrow(/newer version of the console \(schema \d+/);
  });

  it('keeps the audit log append-only: no UPDATE, DELETE or TRUNCATE', () => {
    const db = migrated();
    db.exec(AUDIT);
    expect(() => db.exec("UPDATE audit_log SET note = 'x'")).toThrow(/audit log is append-only: entries cannot be changed/);
    expect(() => db.exec('DELETE FROM audit_log')).toThrow(/entries cannot be deleted/);
    expect(() => db.exec('TRUNCATE audit_log')).toThrow(/cannot be truncated/);
    expect(db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get()).toBe(1);
  });

  it('never rewrites money entries, period events or resolutions; order changes become history', () => {
    const db = migrated();
    db.exec(`INSERT INTO profiles (name, gateway, environment, trade_url, query_url, merchant_id, created_at) VALUES ('p', 'flashpay', 'sandbox', 'u', 'u', 'm', 'now');
      INSERT INTO orders (profile_id, gateway, order_no, status, status_code, amount, source, updated_at_ms) VALUES (1, 'flashpay', 'A1', 'authorized', '02', 100, '106', 1);
      INSERT INTO money_entries (order_id, profile_id, orders, gross, at_ms, event_day, booked_day, basis, source, recorded_at_ms)
        VALUES (1, 1, 1, 100, 1, '2026-12-01', '2026-12-01', 'order_time', '106', 1);
      INSERT INTO period_events (action, day, at_ms, operator, shell, reason) VALUES ('close', '2026-11-30', 1, 'o', 'cli', '');`);
    const refused = (sql: string) => {
      try {
        db.exec(sql);
      } catch (err) {
        return (err as PgError).code;
      }
      return 'accepted';
    };
    expect(refused('UPDATE money_entries SET gross = 1')).toBe('RC001');
    expect(refused("UPDATE period_events SET day = '2026-12-31'")).toBe('RC001');
    db.exec(`UPDATE orders SET status = 'captured', status_code = '03', captured = 100, updated_at_ms = 2 WHERE id = 1;
      UPDATE orders SET payload = 'same money, no history' WHERE id = 1`);
    expect(db.prepare('SELECT status_code, captured FROM order_history ORDER BY id').all()).toEqual([
      { status_code: '02', captured: 0 },
      { status_code: '03', captured: 100 },
    ]);
  });

  it('holds one open action per order across connections (the partial unique index)', () => {
    const a = migrated();
    const b = connectPostgres(a.name.replace('***', ''));
    open.push(b);
    a.exec("INSERT INTO profiles (name, gateway, environment, trade_url, query_url, merchant_id, created_at) VALUES ('p', 'flashpay', 'sandbox', 'u', 'u', 'm', 'now')");
    const intent = (key: string) => `INSERT INTO actions (idempotency_key, profile_id, profile_name, gateway, order_no, kind, operation, amount, operator, reason, shell, owner, state, status_before, created_at_ms, updated_at_ms)
      VALUES ('${key}', 1, 'p', 'flashpay', 'A1', 'refund', '', 100, 'o', '', 'cli', 'h', 'INTENT', '03', 1, 1)`;
    a.exec(intent('k1'));
    expect(() => b.exec(intent('k2'))).toThrow(/actions_one_open_per_order/);
    a.exec("UPDATE actions SET state = 'SUCCEEDED'");
    b.exec(intent('k3'));
  });
});
