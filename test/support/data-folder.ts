// A data folder on the suite's engine (RECON_TEST_ENGINE): the app core opened on it the way `recon`
// opens it, and its database opened directly for a test that reads (or tampers with) what the app
// and the CLI wrote. On SQLite that is the folder's recon.sqlite; on PostgreSQL the team database
// that stands for the folder (the same one runRecon points the CLI at).
import path from 'node:path';
import Database from 'better-sqlite3';
import { type App, type AppOptions, createApp } from '../../src-main/core/app.ts';
import { DB_FILE, type Db } from '../../src-main/core/store/db.ts';
import { connectPostgres } from '../../src-main/core/store/pg/open.ts';
import { pgUrlForDataDir, testEngine } from './pg.ts';

/** The env a process or app on this folder needs: RECON_DATABASE_URL on PostgreSQL, nothing on SQLite. */
export function engineEnvFor(dataDir: string): Record<string, string> {
  return testEngine() === 'postgres' ? { RECON_DATABASE_URL: pgUrlForDataDir(dataDir) } : {};
}

/** createApp on a data folder, on the suite's engine. */
export function appOn(dataDir: string, options: Omit<AppOptions, 'dataDir'>): App {
  const env = { ...(options.env ?? process.env), ...engineEnvFor(dataDir) };
  if (testEngine() === 'sqlite') delete env.RECON_DATABASE_URL;
  return createApp({ ...options, dataDir, env });
}

/**
 * The folder's database, opened directly (not migrated: the app or the CLI made it). Positional and
 * named parameters work on both; SQL that differs between the dialects is the test's to choose
 * (engineOf tells which).
 */
export function rawDb(dataDir: string, options: { readonly?: boolean } = {}): Db {
  if (testEngine() === 'postgres') return connectPostgres(pgUrlForDataDir(dataDir)) as unknown as Db;
  return new Database(path.join(dataDir, DB_FILE), { readonly: options.readonly ?? false });
}

export function engineOf(): 'sqlite' | 'postgres' {
  return testEngine();
}

/** Drops one of the store's guard triggers, as someone tampering with the database would. */
export function dropTrigger(db: Db, name: string, table: string): void {
  db.exec(testEngine() === 'postgres' ? `DROP TRIGGER ${name} ON ${table}` : `DROP TRIGGER ${name}`);
}
