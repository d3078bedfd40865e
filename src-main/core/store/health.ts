// Start-up checks of the database file, and the one typed error for a database that cannot be used:
// what happened, and what to do (restore the latest backup, or start fresh keeping the broken file
// aside). Cheap checks run before every open (header, schema version, the newest pages read); the
// full quick_check runs at start for small files and otherwise in the background or on demand.
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { type Message, msg } from '../../contract/messages/render.ts';
import { StoreError } from '../errors.ts';
import type { Db } from './db.ts';
import { isPostgres } from './engine.ts';

export type DatabaseProblem = 'unreadable' | 'corrupt' | 'empty' | 'newer';

export interface LatestBackup {
  file: string;
  createdAt: string;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Files up to this size get the full quick_check before the console starts (well under a second). */
export const QUICK_CHECK_AT_START_BYTES = 64 * 1024 * 1024;

function what(reason: DatabaseProblem, detail: string): string {
  switch (reason) {
    case 'unreadable':
      return `the database cannot be opened (${detail})`;
    case 'corrupt':
      return `the database is damaged (${detail})`;
    case 'empty':
      return `the database file is empty (${detail}) although the console kept its data there; its contents are lost`;
    case 'newer':
      return detail;
  }
}

function advice(reason: DatabaseProblem, latest: LatestBackup | null): string {
  if (reason === 'newer') return 'update the console, or point RECON_DATA_DIR at another folder';
  const fresh = 'start fresh, keeping the broken file aside: recon restore --fresh';
  return latest
    ? `restore the latest backup (${latest.file}, made ${latest.createdAt}): recon restore --latest; or ${fresh}`
    : `no backup exists; ${fresh}`;
}

/** The same in the catalogue: what happened and what to do, in the user's language. */
function said(reason: DatabaseProblem, file: string, latest: LatestBackup | null): Message {
  const at = latest ? Date.parse(latest.createdAt) : NaN;
  return msg('db.unusable', {
    reason,
    file,
    backup: latest ? latest.file : 'none',
    ...(Number.isFinite(at) ? { backupAtMs: at } : { backupAt: latest?.createdAt ?? '' }),
  });
}

/** One line: what happened and what to do. Shells show it (CLI), or build a screen from its fields. */
export class DatabaseUnusableError extends StoreError {
  readonly reason: DatabaseProblem;
  readonly file: string;
  readonly latestBackup: LatestBackup | null;
  constructor(reason: DatabaseProblem, file: string, detail: string, latestBackup: LatestBackup | null, options?: { cause?: unknown }) {
    // An empty file's detail (0 bytes) says nothing the message does not: none is shown beside it.
    super(`${what(reason, detail)}: ${file}; ${advice(reason, latestBackup)}`, { ...options, msg: said(reason, file, latestBackup), ...(reason === 'empty' ? {} : { detail }) });
    this.reason = reason;
    this.file = file;
    this.latestBackup = latestBackup;
  }
}

/** The checks that need no SQLite: a missing file is fine (a new console); an empty or foreign one is not. */
export function checkFileBeforeOpen(file: string): { reason: DatabaseProblem; detail: string } | null {
  if (!existsSync(file)) return null;
  const size = statSync(file).size;
  // SQLite writes its header as soon as the file is set to WAL, in the same open that creates it:
  // a zero-byte file is a database whose contents were lost (truncated, or replaced by a sync tool).
  if (size === 0) return { reason: 'empty', detail: 'the file has 0 bytes' };
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (!header.equals(SQLITE_HEADER)) return { reason: 'corrupt', detail: 'the file does not start with an SQLite header' };
  return null;
}

/** SQLite's own verdict on an error: the file is damaged, or is not a database at all. */
export function isDamageError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/** An error from a running console that means the file went bad: a person-readable StoreError shape. */
export function storeDamage(err: unknown): { code: string; message: string; detail: string } | null {
  if (!isDamageError(err)) return null;
  return {
    code: 'store',
    message: 'the database is damaged (SQLite: ' + (err as Error).message + '); restore the latest backup: recon restore --latest, or in Settings',
    detail: `SQLite: ${(err as Error).message}`,
  };
}

/** Reads the newest rows of every table: the pages written last are the ones a crash damages. */
export function readNewestPages(db: Db): void {
  // A WITHOUT ROWID table (money_days) has no rowid: its newest pages are the end of its key order.
  const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string; sql: string | null }>;
  for (const t of tables) {
    const name = `"${t.name.replaceAll('"', '""')}"`;
    const withoutRowid = /WITHOUT\s+ROWID/i.test(t.sql ?? '');
    db.prepare(withoutRowid ? `SELECT * FROM ${name} LIMIT 20 OFFSET (SELECT MAX(0, COUNT(*) - 20) FROM ${name})` : `SELECT * FROM ${name} ORDER BY rowid DESC LIMIT 20`).all();
  }
}

/** `PRAGMA quick_check`: ['ok'] when sound; else SQLite's list of problems. */
export function quickCheck(db: Db): string[] {
  return (db.pragma('quick_check') as Array<{ quick_check: string }>).map((r) => r.quick_check);
}

/**
 * The full quick_check of a file on a worker thread with its own read-only connection, so a large
 * database is checked without holding up the console.
 */
export async function quickCheckInBackground(file: string): Promise<{ ok: boolean; problems: string[] }> {
  const { Worker } = await import('node:worker_threads');
  const { createRequire } = await import('node:module');
  const modulePath = createRequire(import.meta.url).resolve('better-sqlite3');
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.modulePath);
    try {
      const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
      const rows = db.pragma('quick_check').map((r) => r.quick_check);
      db.close();
      parentPort.postMessage({ rows });
    } catch (err) {
      parentPort.postMessage({ rows: [String(err && err.message || err)] });
    }`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { file, modulePath } });
    worker.once('message', (m: { rows: string[] }) => {
      const ok = m.rows.length === 1 && m.rows[0] === 'ok';
      resolve({ ok, problems: ok ? [] : m.rows.slice(0, 20) });
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/** Opens a file only to read it (a backup being checked), without creating anything. */
export function openReadOnly(file: string): Db {
  return new Database(file, { readonly: true, fileMustExist: true });
}

/** Facts about the open database for a diagnostics bundle. */
export function databaseFacts(db: Db): { schemaVersion: number; sqlite: string; journalMode: string; postgres?: string } {
  if (isPostgres(db)) {
    return {
      schemaVersion: db.prepare('SELECT COALESCE(MAX(version), 0) FROM schema_version').pluck().get() as number,
      sqlite: '',
      journalMode: '',
      postgres: db.prepare("SELECT current_setting('server_version')").pluck().get() as string,
    };
  }
  return {
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    sqlite: db.prepare('SELECT sqlite_version()').pluck().get() as string,
    journalMode: db.pragma('journal_mode', { simple: true }) as string,
  };
}
