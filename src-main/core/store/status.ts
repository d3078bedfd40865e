// `recon db status` / `recon db migrate`: which engine the console uses, where, at which schema, and
// how many orders, actions and audit entries it holds; and bringing the schema up to date on purpose
// (a team upgrades its database once, before the desktops do).
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DB_FILE, openDatabase, schemaVersion } from './db.ts';
import { connectPostgres, migratePostgres, pgSchemaVersion, readPgSchemaVersion } from './pg/open.ts';
import type { PgDatabase } from './pg/connection.ts';

export interface StoreStatus {
  engine: 'sqlite' | 'postgres';
  /** The SQLite file, or the PostgreSQL URL without its password. */
  location: string;
  exists: boolean;
  /** The schema the database is at, and the one this console writes. */
  schema: number;
  expected: number;
  state: 'current' | 'needs-migration' | 'newer' | 'empty';
  counts: { orders: number; actions: number; auditEntries: number } | null;
}

const COUNTS = `SELECT (SELECT COUNT(*) FROM orders) AS orders, (SELECT COUNT(*) FROM actions) AS actions,
  (SELECT COUNT(*) FROM audit_log) AS "auditEntries"`;

function stateOf(schema: number, expected: number): StoreStatus['state'] {
  if (schema === 0) return 'empty';
  if (schema > expected) return 'newer';
  return schema === expected ? 'current' : 'needs-migration';
}

/** The store's status, read without changing anything (no migration, no file created). */
export function storeStatus(target: { url?: string; dataDir: string }): StoreStatus {
  if (target.url) {
    const db = connectPostgres(target.url);
    try {
      const schema = readPgSchemaVersion(db);
      const expected = pgSchemaVersion();
      return { engine: 'postgres', location: db.name, exists: true, schema, expected, state: stateOf(schema, expected), counts: schema > 0 ? countsOf(db) : null };
    } finally {
      db.close();
    }
  }
  const file = path.join(target.dataDir, DB_FILE);
  const expected = schemaVersion();
  if (!existsSync(file)) return { engine: 'sqlite', location: file, exists: false, schema: 0, expected, state: 'empty', counts: null };
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const schema = db.pragma('user_version', { simple: true }) as number;
    return { engine: 'sqlite', location: file, exists: true, schema, expected, state: stateOf(schema, expected), counts: schema > 0 ? (db.prepare(COUNTS).get() as StoreStatus['counts']) : null };
  } finally {
    db.close();
  }
}

function countsOf(db: PgDatabase): StoreStatus['counts'] {
  return db.prepare(COUNTS).get() as StoreStatus['counts'];
}

/** Brings the store to this console's schema; returns the versions before and after. */
export function migrateStore(target: { url?: string; dataDir: string; appVersion: string }): { engine: 'sqlite' | 'postgres'; location: string; from: number; to: number } {
  if (target.url) {
    const db = connectPostgres(target.url);
    try {
      return { engine: 'postgres', location: db.name, ...migratePostgres(db) };
    } finally {
      db.close();
    }
  }
  const before = storeStatus(target).schema;
  // openDatabase runs the start-up checks, the backup before a migration, and the migration itself.
  openDatabase(target.dataDir, { appVersion: target.appVersion }).close();
  return { engine: 'sqlite', location: path.join(target.dataDir, DB_FILE), from: before, to: schemaVersion() };
}
