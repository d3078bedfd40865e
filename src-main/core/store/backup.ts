// Backups of the database: online copies through SQLite's backup API (daily, on demand), a copy
// before every migration, and restore. A backup is one SQLite file that carries a small metadata
// table (recon_backup: when, which version, why, the audit log's length and last hash, and the
// audit head anchored outside the database when one is wired in), so a restore can be checked
// before anything is replaced: integrity, schema version, the audit chain, and the head.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { msg } from '../../contract/messages/render.ts';
import { InputError, StoreError } from '../errors.ts';
import { isPostgres } from './engine.ts';
import { AuditLog, type AuditVerdict } from './audit.ts';
import { DB_FILE, type Db, migrate, schemaVersion } from './db.ts';
import { checkFileBeforeOpen, type LatestBackup } from './health.ts';

export const BACKUPS_DIR = 'backups';
export const REPLACED_DIR = 'replaced';
export const BACKUP_META_TABLE = 'recon_backup';
/** Daily and pre-migration backups kept (each kind); manual backups are the user's to delete. */
export const BACKUPS_KEPT = 7;
export const DAY_MS = 24 * 60 * 60 * 1000;

export type BackupKind = 'daily' | 'pre-migration' | 'manual';

export interface BackupMeta {
  format: 'recon-backup/1';
  createdAt: string;
  kind: BackupKind;
  appVersion: string;
  schemaVersion: number;
  auditEntries: number;
  auditLastHash: string | null;
  /** The audit head kept outside the database (keychain), when the console has one; else null. */
  auditHead: string | null;
}

export interface BackupInfo {
  file: string;
  name: string;
  kind: BackupKind;
  createdAtMs: number;
  bytes: number;
}

// The audit head lives outside the database (keychain); whoever anchors it registers here how to
// read it at backup time and how to check a restored chain against the head carried by a backup.
let auditHeadOf: (db: Db) => string | null = () => null;
let auditHeadCheck: (db: Db, head: string | null) => string | null = () => null;

export function useAuditHead(read: (db: Db) => string | null, check: (db: Db, head: string | null) => string | null): void {
  auditHeadOf = read;
  auditHeadCheck = check;
}

export function backupsDir(dataDir: string): string {
  return path.join(dataDir, BACKUPS_DIR);
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[:.]/g, '-');
}

const NAME_RE = /^recon-(daily|pre-migration|manual)-(?:v\d+-)?(?:(\d{4}-\d\d-\d\d)T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z)?.*\.sqlite$/;

/** When a backup was made: the time in its name (copying a folder changes mtimes), else the file's mtime. */
function createdAtOf(m: RegExpExecArray, mtimeMs: number): number {
  if (!m[2]) return mtimeMs;
  const ms = Date.parse(`${m[2]}T${m[3]}:${m[4]}:${m[5]}.${m[6]}Z`);
  return Number.isNaN(ms) ? mtimeMs : ms;
}

export function listBackups(dataDir: string): BackupInfo[] {
  const dir = backupsDir(dataDir);
  if (!existsSync(dir)) return [];
  const out: BackupInfo[] = [];
  for (const name of readdirSync(dir)) {
    const m = NAME_RE.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    const st = statSync(file);
    if (st.size === 0) continue;
    out.push({ file, name, kind: m[1] as BackupKind, createdAtMs: createdAtOf(m, st.mtimeMs), bytes: st.size });
  }
  return out.sort((a, b) => b.createdAtMs - a.createdAtMs);
}

export function latestBackup(dataDir: string): LatestBackup | null {
  const b = listBackups(dataDir)[0];
  return b ? { file: b.file, createdAt: new Date(b.createdAtMs).toISOString() } : null;
}

function auditSummary(db: Db): { entries: number; lastHash: string | null } {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").get();
  if (!has) return { entries: 0, lastHash: null };
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  return { entries: last?.seq ?? 0, lastHash: last?.hash ?? null };
}

function writeMeta(file: string, meta: BackupMeta): void {
  const b = new Database(file);
  try {
    // One self-contained file: no -wal beside it.
    b.pragma('journal_mode = DELETE');
    b.exec(`CREATE TABLE IF NOT EXISTS ${BACKUP_META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
    const put = b.prepare(`INSERT OR REPLACE INTO ${BACKUP_META_TABLE} (key, value) VALUES (@key, @value)`);
    b.transaction(() => {
      for (const [key, value] of Object.entries(meta)) put.run({ key, value: JSON.stringify(value) });
    })();
  } finally {
    b.close();
  }
}

function metaFor(db: Db, kind: BackupKind, appVersion: string, nowMs: number): BackupMeta {
  const audit = auditSummary(db);
  return {
    format: 'recon-backup/1',
    createdAt: new Date(nowMs).toISOString(),
    kind,
    appVersion,
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    auditEntries: audit.entries,
    auditLastHash: audit.lastHash,
    auditHead: auditHeadOf(db),
  };
}

/** An online backup through SQLite's backup API: the console keeps working while pages are copied. */
/** SQLite's backup API has no PostgreSQL counterpart here: a team database is backed up by its server. */
function refuseTeamDatabase(db: Db): void {
  if (isPostgres(db)) throw new StoreError('the team database (PostgreSQL) is backed up with the database server\'s own tools (pg_dump, WAL archiving), not by the console', { msg: msg('backup.team_database', { tools: 'pg_dump' }) });
}

export async function backupTo(db: Db, dest: string, options: { kind: BackupKind; appVersion: string; nowMs?: number }): Promise<{ file: string; meta: BackupMeta; bytes: number }> {
  refuseTeamDatabase(db);
  const nowMs = options.nowMs ?? Date.now();
  if (existsSync(dest)) throw new InputError(`${dest} already exists; choose another file name`, { msg: msg('backup.exists', { path: dest }) });
  mkdirSync(path.dirname(path.resolve(dest)), { recursive: true });
  // Metadata is read before the copy starts, so the head and hash it records are never newer than the copy.
  const meta = metaFor(db, options.kind, options.appVersion, nowMs);
  const partial = `${dest}.partial`;
  rmSync(partial, { force: true });
  try {
    await db.backup(partial);
    writeMeta(partial, meta);
    renameSync(partial, dest);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  return { file: dest, meta, bytes: statSync(dest).size };
}

function prune(dataDir: string, kind: BackupKind, keep: number): void {
  for (const b of listBackups(dataDir).filter((x) => x.kind === kind).slice(keep)) rmSync(b.file, { force: true });
}

/** A backup into the backups folder (the daily one, or one asked for in Settings). */
export async function backupToFolder(db: Db, dataDir: string, kind: 'daily' | 'manual', appVersion: string, nowMs = Date.now()): Promise<{ file: string; meta: BackupMeta; bytes: number }> {
  const dest = path.join(backupsDir(dataDir), `recon-${kind}-${stamp(nowMs)}.sqlite`);
  const done = await backupTo(db, dest, { kind, appVersion, nowMs });
  if (kind === 'daily') prune(dataDir, 'daily', BACKUPS_KEPT);
  return done;
}

/** The daily backup, when the newest one is a day old or there is none. */
export async function dailyBackupIfDue(db: Db, dataDir: string, appVersion: string, nowMs = Date.now()): Promise<string | null> {
  const newest = listBackups(dataDir).find((b) => b.kind === 'daily');
  if (newest && nowMs - newest.createdAtMs < DAY_MS) return null;
  return (await backupToFolder(db, dataDir, 'daily', appVersion, nowMs)).file;
}

/**
 * Before a migration: a copy of the database as it is. VACUUM INTO because opening the database is
 * synchronous and nothing else uses the connection yet; it writes a consistent, compact copy.
 */
export function backupBeforeMigration(db: Db, dataDir: string, fromVersion: number, appVersion: string, nowMs = Date.now()): string {
  mkdirSync(backupsDir(dataDir), { recursive: true, mode: 0o700 });
  const dest = path.join(backupsDir(dataDir), `recon-pre-migration-v${fromVersion}-${stamp(nowMs)}.sqlite`);
  db.prepare('VACUUM INTO ?').run(dest);
  writeMeta(dest, metaFor(db, 'pre-migration', appVersion, nowMs));
  prune(dataDir, 'pre-migration', BACKUPS_KEPT);
  return dest;
}

export interface BackupCheck {
  /** The checked copy, already migrated to this version's schema, ready to take the database's place. */
  staged: string;
  meta: BackupMeta | null;
  schemaVersion: number;
  audit: AuditVerdict;
}

function readMeta(db: Db): BackupMeta | null {
  const has = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '${BACKUP_META_TABLE}'`).get();
  if (!has) return null;
  const rows = db.prepare(`SELECT key, value FROM ${BACKUP_META_TABLE}`).all() as Array<{ key: string; value: string }>;
  return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown])) as unknown as BackupMeta;
}

/**
 * Checks a backup file on a copy, never on the file itself: SQLite header, integrity_check, a schema
 * this version can read, then brings it to this version's schema and verifies the audit chain (and
 * the audit head it carries). Throws an InputError saying what is wrong; the database in use is not
 * touched either way.
 */
export async function checkBackup(from: string, dataDir: string): Promise<BackupCheck> {
  if (!existsSync(from)) throw new InputError(`${from} does not exist`, { msg: msg('restore.missing', { path: from }) });
  const pre = checkFileBeforeOpen(from);
  if (pre) {
    throw new InputError(`${from} is not a usable backup: ${pre.reason === 'empty' ? 'the file is empty' : 'it is not an SQLite database'}`, {
      msg: msg('restore.not_backup', { path: from, why: pre.reason === 'empty' ? 'empty' : 'not_sqlite' }),
    });
  }
  const staged = path.join(dataDir, `${DB_FILE}.restoring`);
  for (const f of [staged, `${staged}-wal`, `${staged}-shm`]) rmSync(f, { force: true });
  const source = new Database(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(staged);
  } catch (err) {
    rmSync(staged, { force: true });
    throw new InputError(`${from} cannot be read as a database: ${(err as Error).message}`, { cause: err, msg: msg('restore.unreadable', { path: from }), detail: (err as Error).message });
  } finally {
    source.close();
  }
  let db: Db | undefined;
  try {
    db = new Database(staged);
    const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
    if (integrity.length !== 1 || integrity[0] !== 'ok') {
      const problems = integrity.slice(0, 3).join('; ');
      throw new InputError(`${from} is damaged: ${problems}`, { msg: msg('restore.damaged', { path: from }), detail: problems });
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < 1) throw new InputError(`${from} is not a console database (no schema version)`, { msg: msg('restore.no_schema', { path: from }) });
    if (version > schemaVersion()) {
      throw new InputError(`${from} was written by a newer version of the console (schema ${version}, this version knows ${schemaVersion()}); update the console first`, {
        msg: msg('restore.newer', { path: from, version, known: schemaVersion() }),
      });
    }
    const meta = readMeta(db);
    db.exec(`DROP TABLE IF EXISTS ${BACKUP_META_TABLE}`);
    migrate(db);
    const audit = new AuditLog(db).verify();
    if (!audit.ok) {
      throw new InputError(`${from} holds an altered audit log (entry ${audit.firstBad?.seq}: ${audit.firstBad?.reason}); it was not restored`, {
        msg: msg('restore.audit_altered', { path: from, seq: audit.firstBad?.seq ?? null }),
        detail: audit.firstBad?.reason,
      });
    }
    if (meta && meta.auditLastHash !== null) {
      const last = auditSummary(db);
      if (last.entries !== meta.auditEntries || last.lastHash !== meta.auditLastHash) {
        throw new InputError(`${from}: the audit log does not end where the backup recorded it (entry ${meta.auditEntries}); it was not restored`, {
          msg: msg('restore.audit_end', { path: from, entries: meta.auditEntries }),
        });
      }
    }
    const headProblem = auditHeadCheck(db, meta?.auditHead ?? null);
    if (headProblem) throw new InputError(`${from}: ${headProblem}; it was not restored`, { msg: msg('restore.audit_head', { path: from }), detail: headProblem });
    db.pragma('journal_mode = DELETE');
    db.close();
    db = undefined;
    return { staged, meta, schemaVersion: version, audit };
  } catch (err) {
    db?.close();
    rmSync(staged, { force: true });
    if (err instanceof InputError) throw err;
    throw new InputError(`${from} is not a usable backup: ${(err as Error).message}`, { cause: err, msg: msg('restore.unusable', { path: from }), detail: (err as Error).message });
  }
}

/** Moves the database files (main, -wal, -shm) aside under `dir`, so nothing is ever deleted. */
export function moveDatabaseAside(dataDir: string, dirName: string, nowMs = Date.now()): string | null {
  const file = path.join(dataDir, DB_FILE);
  if (!existsSync(file)) return null;
  const dir = path.join(dataDir, dirName);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const dest = path.join(dir, `recon-${stamp(nowMs)}.sqlite`);
  renameSync(file, dest);
  for (const suffix of ['-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, dest + suffix);
  return dest;
}

/**
 * Replaces the database with a checked backup. The caller has closed every connection to the
 * database (and holds the data folder's lock). The replaced database is kept in replaced/.
 */
export async function restoreFrom(from: string, dataDir: string): Promise<{ replaced: string | null; meta: BackupMeta | null; auditEntries: number }> {
  const checked = await checkBackup(from, dataDir);
  const replaced = moveDatabaseAside(dataDir, REPLACED_DIR);
  renameSync(checked.staged, path.join(dataDir, DB_FILE));
  return { replaced, meta: checked.meta, auditEntries: checked.audit.entries };
}

/** Start fresh after a loss: the broken database goes to replaced/, the next start creates a new one. */
export function startFresh(dataDir: string): string | null {
  return moveDatabaseAside(dataDir, REPLACED_DIR);
}
