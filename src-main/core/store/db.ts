// The SQLite store: one file in the data directory, WAL, numbered migrations applied in a single
// transaction guarded by user_version. A database written by a newer version is refused, never
// "upgraded down".
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { msg } from '../../contract/messages/render.ts';
import { StoreError } from '../errors.ts';
import { migrations } from './migrations.ts';
import { backupBeforeMigration, latestBackup } from './backup.ts';
import { type DatabaseProblem, DatabaseUnusableError, QUICK_CHECK_AT_START_BYTES, checkFileBeforeOpen, isDamageError, quickCheck, readNewestPages } from './health.ts';

export type Db = Database.Database;

export const DB_FILE = 'recon.sqlite';

export function schemaVersion(): number {
  return migrations.length;
}

export interface OpenOptions {
  file?: string;
  /** The version recorded in backups made before a migration. */
  appVersion?: string;
}

/**
 * Opens (or creates) the database after the start-up checks: a missing file is a new console; an
 * empty, foreign, damaged or newer file is a DatabaseUnusableError saying what to do. A database
 * that needs migrating is copied to backups/ first.
 */
export function openDatabase(dataDir: string, options: OpenOptions = {}): Db {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = options.file ?? path.join(dataDir, DB_FILE);
  const unusable = (reason: DatabaseProblem, detail: string, cause?: unknown) =>
    new DatabaseUnusableError(reason, file, detail, latestBackup(dataDir), cause === undefined ? undefined : { cause });
  const problem = checkFileBeforeOpen(file);
  if (problem) throw unusable(problem.reason, problem.detail);
  const existed = existsSync(file);
  let db: Db;
  try {
    db = new Database(file);
  } catch (err) {
    throw unusable(isDamageError(err) ? 'corrupt' : 'unreadable', (err as Error).message, err);
  }
  try {
    db.pragma('journal_mode = WAL');
    // FULL: the action journal and the audit log must survive a power cut once written.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // The defaults (2 MB page cache, no mmap) are sized for phones; a desktop cache of a million
    // orders wants its indexes in memory.
    db.pragma('cache_size = -65536');
    db.pragma('mmap_size = 268435456');
    db.pragma('temp_store = MEMORY');
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > schemaVersion()) {
      throw unusable('newer', `the database was written by a newer version of the console (schema ${current}, this version knows ${schemaVersion()})`);
    }
    if (existed) {
      readNewestPages(db);
      // A small file is checked in full before anything runs on it; a large one in the background.
      if (statSync(file).size <= QUICK_CHECK_AT_START_BYTES) {
        const verdict = quickCheck(db);
        if (verdict.length !== 1 || verdict[0] !== 'ok') throw unusable('corrupt', `SQLite quick_check: ${verdict.slice(0, 2).join('; ')}`);
      }
    }
    if (current > 0 && current < schemaVersion()) backupBeforeMigration(db, dataDir, current, options.appVersion ?? '');
    migrate(db);
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    if (isDamageError(err)) throw unusable('corrupt', `SQLite: ${(err as Error).message}`, err);
    throw new StoreError(`the database ${file} cannot be used: ${(err as Error).message}`, { cause: err, msg: msg('db.cannot_use', { file }), detail: (err as Error).message });
  }
  return db;
}

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const target = migrations.length;
  if (current > target) {
    throw new StoreError(
      `the database was written by a newer version of the console (schema ${current}, this version knows ${target}); ` +
        'update the console, or point RECON_DATA_DIR at another folder',
      { msg: msg('db.newer', { version: current, known: target }) },
    );
  }
  if (current === target) return;
  // A migration that rebuilds a table (SQLite cannot drop a constraint in place) must not let the
  // drop cascade to the rows that reference it: foreign keys are off while migrations run (the
  // pragma is a no-op inside a transaction, so it is set around it), and checked before commit.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (let v = current; v < target; v++) {
        db.exec(migrations[v]!);
      }
      const broken = db.pragma('foreign_key_check') as Array<{ table: string; rowid: number; parent: string }>;
      if (broken.length > 0) {
        const first = broken[0]!;
        throw new StoreError(`the upgrade would leave ${broken.length} rows pointing at missing rows (first: ${first.table} row ${first.rowid} -> ${first.parent}); nothing was changed`, {
          msg: msg('db.upgrade_broken', { count: broken.length, table: first.table, rowid: first.rowid, parent: first.parent }),
        });
      }
      db.pragma(`user_version = ${target}`);
    }).immediate();
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
}

/** `PRAGMA integrity_check`: ['ok'] when the file is sound, else SQLite's list of problems. */
export function integrityCheck(db: Db): string[] {
  return (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
}
