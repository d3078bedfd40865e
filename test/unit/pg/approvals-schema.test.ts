// PostgreSQL entry 3 (two-person approval, issue #23) over a team database that already holds data at
// schema 2: every row kept, the new table takes a request, holds one PENDING request per order across
// connections, and changes a request's state only from PENDING.
import { afterEach, describe, expect, it } from 'vitest';
import type { PgDatabase } from '../../../src-main/core/store/pg/connection.ts';
import { connectPostgres, migratePostgres, pgSchemaVersion, readPgSchemaVersion } from '../../../src-main/core/store/pg/open.ts';
import { pgMigrations } from '../../../src-main/core/store/pg/migrations.ts';
import { approvalStore } from '../../../src-main/core/store/approvals.ts';
import type { Db } from '../../../src-main/core/store/db.ts';
import { freshPgUrl, pgSkipReason, pgUrl } from '../../support/pg.ts';

const open: PgDatabase[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

const TABLES = ['profiles', 'actions', 'users', 'settings'];
const snapshot = (db: PgDatabase) => Object.fromEntries(TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()]));

describe.skipIf(!pgUrl)(`PostgreSQL entry 3: approval requests${pgUrl ? '' : ` (skipped: ${pgSkipReason})`}`, () => {
  it('upgrades a schema-2 database with data: rows kept, requests usable, one pending per order', () => {
    expect(pgSchemaVersion()).toBe(3);
    const url = freshPgUrl();
    const db = connectPostgres(url);
    open.push(db);
    db.transaction(() => {
      db.exec('CREATE TABLE schema_version (version BIGINT PRIMARY KEY, applied_at_ms BIGINT NOT NULL)');
      db.exec(pgMigrations[0]!);
      db.exec(pgMigrations[1]!);
      db.exec('INSERT INTO schema_version (version, applied_at_ms) VALUES (1, 0), (2, 0)');
    })();
    db.exec(`INSERT INTO profiles (id, name, gateway, environment, trade_url, query_url, merchant_id, created_at) VALUES (7, 'fp', 'flashpay', 'sandbox', 'u', 'u', 'M1', 'now');
      INSERT INTO actions (id, idempotency_key, profile_id, profile_name, gateway, order_no, kind, operation, amount, operator, reason, shell, owner, state, status_before, created_at_ms, updated_at_ms)
        VALUES (3, 'k1', 7, 'fp', 'flashpay', 'A1', 'refund', 'flashpay:tx8', 6000000, 'amy', '', 'cli', 'h|1', 'SUCCEEDED', '03', 1, 1);
      INSERT INTO users (name, role, password_hash, password_salt, password_params, created_at_ms, updated_at_ms) VALUES ('sam', 'support', 'h', 's', '{}', 1, 1);`);
    const before = snapshot(db);
    expect(readPgSchemaVersion(db)).toBe(2);

    expect(migratePostgres(db)).toEqual({ from: 2, to: 3 });
    expect(snapshot(db)).toEqual(before);

    const store = approvalStore(db as unknown as Db);
    const request = { profile_id: 7, profile_name: 'fp', gateway: 'flashpay', order_no: 'A1', kind: 'refund' as const, amount: 6000000, reason: 'r', requester: 'sam', created_at_ms: 1, expires_at_ms: 2 };
    const id = store.insert(request);
    expect(id).toBeGreaterThan(0);
    expect(store.get(id)).toMatchObject({ state: 'PENDING', amount: 6000000 });
    // Another connection (another server process) cannot add a second pending request for the order.
    const other = connectPostgres(url);
    open.push(other);
    expect(() => approvalStore(other as unknown as Db).insert(request)).toThrow(/approval_requests_one_pending/);
    expect(() => store.insert({ ...request, order_no: 'A2', amount: 0 })).toThrow(/check/i);
    expect(approvalStore(other as unknown as Db).decide(id, 'APPROVED', 'fay', 'ok', 3)).toBe(true);
    expect(store.decide(id, 'APPROVED', 'fin', 'ok', 4)).toBe(false);
    store.recordOutcome(id, 3, 'SUCCEEDED', 'done');
    expect(store.get(id)).toMatchObject({ state: 'APPROVED', decided_by: 'fay', action_id: 3, outcome: 'SUCCEEDED' });
  });
});
