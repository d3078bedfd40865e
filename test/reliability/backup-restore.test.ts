// Backups and restore on real SQLite files: an online backup carries its metadata (schema, audit
// length and last hash); a restore checks the backup (integrity, schema, audit chain) on a copy before
// replacing anything and keeps the replaced database; a backup with an altered audit log is refused
// with the database in use untouched; a migration is preceded by a copy of the database as it was.
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src-main/core/app.ts';
import { MemoryCredentialStore } from '../../src-main/core/credentials.ts';
import { InputError } from '../../src-main/core/errors.ts';
import { AuditLog } from '../../src-main/core/store/audit.ts';
import { backupTo, backupToFolder, checkBackup, dailyBackupIfDue, listBackups, restoreFrom, BACKUPS_KEPT, DAY_MS } from '../../src-main/core/store/backup.ts';
import { DB_FILE, openDatabase, schemaVersion } from '../../src-main/core/store/db.ts';
import { migrations } from '../../src-main/core/store/migrations.ts';
import { verifyAudit } from '../../src-main/core/services/audit.ts';
import { seedOrders, seedProfiles } from '../support/seed.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'recon-backup-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function openApp(dataDir: string) {
  return createApp({ dataDir, shell: 'cli', credentials: new MemoryCredentialStore() });
}

function audit(app: ReturnType<typeof openApp>, n: number, note: string): void {
  const log = new AuditLog(app.db);
  for (let i = 0; i < n; i++) {
    log.append({ atMs: Date.UTC(2026, 10, 1) + i, operator: 'tester', shell: 'cli', event: 'refund', outcome: 'succeeded', profile: 'fp-shop', gateway: 'flashpay', orderNo: `F${i}`, actionId: null, amount: 100 * (i + 1), request: '{}', response: '{}', raw: '', note });
  }
}

/** Opens a backup as someone with a hex editor would: the append-only triggers do not stop them. */
function dropAuditGuards(file: string): Database.Database {
  const db = new Database(file);
  for (const name of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'").pluck().all() as string[]) db.exec(`DROP TRIGGER "${name}"`);
  return db;
}

function countOrders(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM orders').pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('backup and restore', () => {
  it('round trip: the restored database is the backed-up one, its audit chain verified, the replaced one kept', async () => {
    const dataDir = tempDir();
    const app = openApp(dataDir);
    const { fp } = await seedProfiles(app);
    seedOrders(app, fp, 300, Date.UTC(2026, 9, 1), 60_000);
    audit(app, 5, 'before the backup');
    const out = path.join(tempDir(), 'manual.sqlite');
    const made = await backupTo(app.db, out, { kind: 'manual', appVersion: app.version });
    expect(made.meta).toMatchObject({ format: 'recon-backup/1', kind: 'manual', schemaVersion: schemaVersion(), auditEntries: 5 });
    expect(made.meta.auditLastHash).toMatch(/^[0-9a-f]{64}$/);
    // One self-contained file.
    expect(existsSync(`${out}-wal`)).toBe(false);

    // Life goes on after the backup: more orders, more audit entries.
    seedOrders(app, fp, 500, Date.UTC(2026, 10, 1), 60_000, 2);
    audit(app, 3, 'after the backup');
    app.close();

    const restored = await restoreFrom(out, dataDir);
    expect(restored.auditEntries).toBe(5);
    expect(restored.meta?.auditEntries).toBe(5);
    expect(restored.replaced).not.toBeNull();
    // Nothing is deleted: the replaced database, with the later audit entries, is kept aside.
    expect(new AuditLog(new Database(restored.replaced!)).verify()).toMatchObject({ ok: true, entries: 8 });

    const again = openApp(dataDir);
    try {
      expect(await verifyAudit(again)).toMatchObject({ ok: true, entries: 5 });
      expect(again.db.prepare('SELECT count(*) FROM orders').pluck().get()).toBe(300);
      // The backup's own metadata table does not come along into the live database.
      expect(again.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'recon_backup'").pluck().get()).toBe(0);
    } finally {
      again.close();
    }
  });

  it('a backup whose audit log was altered is refused, and the database in use is untouched', async () => {
    const dataDir = tempDir();
    const app = openApp(dataDir);
    audit(app, 4, 'original');
    const out = path.join(tempDir(), 'tampered.sqlite');
    await backupTo(app.db, out, { kind: 'manual', appVersion: app.version });
    audit(app, 2, 'later');
    app.close();
    // Someone rewrites an amount in the backup (first removing the guard against it).
    const t = dropAuditGuards(out);
    t.prepare('UPDATE audit_log SET amount = 999999 WHERE seq = 2').run();
    t.close();

    await expect(restoreFrom(out, dataDir)).rejects.toThrow(/altered audit log \(entry 2/);
    await expect(restoreFrom(out, dataDir)).rejects.toBeInstanceOf(InputError);
    expect(readdirSync(dataDir)).not.toContain('replaced');
    const still = openApp(dataDir);
    expect(await verifyAudit(still)).toMatchObject({ ok: true, entries: 6 });
    still.close();
  });

  it('a backup cut off at its last audit entries (a rewrite that deletes the tail) is refused', async () => {
    const dataDir = tempDir();
    const app = openApp(dataDir);
    audit(app, 4, 'original');
    const out = path.join(tempDir(), 'cut.sqlite');
    await backupTo(app.db, out, { kind: 'manual', appVersion: app.version });
    app.close();
    const t = dropAuditGuards(out);
    t.prepare('DELETE FROM audit_log WHERE seq > 2').run();
    t.close();
    await expect(checkBackup(out, dataDir)).rejects.toThrow(/does not end where the backup recorded it/);
  });

  it('a damaged, empty, foreign or newer backup is refused before anything is replaced', async () => {
    const dataDir = tempDir();
    const app = openApp(dataDir);
    const out = path.join(tempDir(), 'b.sqlite');
    await backupTo(app.db, out, { kind: 'manual', appVersion: app.version });
    app.close();
    const newer = new Database(out);
    newer.pragma(`user_version = ${schemaVersion() + 1}`);
    newer.close();
    await expect(restoreFrom(out, dataDir)).rejects.toThrow(/newer version of the console/);
    const empty = path.join(tempDir(), 'empty.sqlite');
    (await import('node:fs')).writeFileSync(empty, '');
    await expect(restoreFrom(empty, dataDir)).rejects.toThrow(/the file is empty/);
    const text = path.join(tempDir(), 'notes.sqlite');
    (await import('node:fs')).writeFileSync(text, 'not a database'.repeat(500));
    await expect(restoreFrom(text, dataDir)).rejects.toThrow(/not an SQLite database/);
    await expect(restoreFrom(path.join(dataDir, 'missing.sqlite'), dataDir)).rejects.toThrow(/does not exist/);
    expect(readdirSync(dataDir)).not.toContain('replaced');
  });

  it('daily backups: one a day, the last few kept', async () => {
    const dataDir = tempDir();
    const app = openApp(dataDir);
    try {
      const t0 = Date.UTC(2026, 10, 1, 2);
      expect(await dailyBackupIfDue(app.db, dataDir, app.version, t0)).not.toBeNull();
      let made = 1;
      for (let day = 1; day <= BACKUPS_KEPT + 2; day++) {
        // Twice on the same day: only the first writes.
        expect(await dailyBackupIfDue(app.db, dataDir, app.version, t0 + day * DAY_MS)).not.toBeNull();
        expect(await dailyBackupIfDue(app.db, dataDir, app.version, t0 + day * DAY_MS + 1000)).toBeNull();
        made++;
      }
      expect(made).toBeGreaterThan(BACKUPS_KEPT);
      expect(listBackups(dataDir).filter((b) => b.kind === 'daily')).toHaveLength(BACKUPS_KEPT);
      // A manual backup is never pruned.
      await backupToFolder(app.db, dataDir, 'manual', app.version);
      expect(listBackups(dataDir).map((b) => b.kind)).toContain('manual');
    } finally {
      app.close();
    }
  });

  it('a migration is preceded by a copy of the database as it was (upgrade from schema 3 holding data)', () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, DB_FILE);
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    for (const m of migrations.slice(0, 3)) old.exec(m);
    old.pragma('user_version = 3');
    old.prepare("INSERT INTO settings (key, value) VALUES ('kept', 'yes')").run();
    old.close();

    const db = openDatabase(dataDir, { appVersion: '9.9.9' });
    expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion());
    db.close();
    const copies = listBackups(dataDir);
    expect(copies.map((b) => b.kind)).toEqual(['pre-migration']);
    expect(copies[0]!.name).toMatch(/^recon-pre-migration-v3-/);
    const copy = new Database(copies[0]!.file, { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(3);
    expect(copy.prepare("SELECT value FROM settings WHERE key = 'kept'").pluck().get()).toBe('yes');
    expect(JSON.parse(copy.prepare("SELECT value FROM recon_backup WHERE key = 'appVersion'").pluck().get() as string)).toBe('9.9.9');
    copy.close();
    // Opening an up-to-date database makes no copy.
    openDatabase(dataDir).close();
    expect(listBackups(dataDir)).toHaveLength(1);
    // And the copy restores (migrated on the way in).
    return restoreFrom(copies[0]!.file, dataDir).then(() => expect(countOrders(file)).toBe(0));
  });
});
