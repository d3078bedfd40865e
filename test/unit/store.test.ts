import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DB_FILE, integrityCheck, openDatabase, schemaVersion } from '../../src-main/core/store/db.ts';
import { StoreError } from '../../src-main/core/errors.ts';
import { dataDirFromEnv, defaultDataDir } from '../../src-main/core/paths.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'recon-store-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('SQLite store', () => {
  it('creates the schema in WAL mode at the current version, and reopens without re-running migrations', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion());
    db.prepare("INSERT INTO settings (key, value) VALUES ('k', 'v')").run();
    db.close();
    const again = openDatabase(dir);
    expect(again.prepare("SELECT value FROM settings WHERE key = 'k'").pluck().get()).toBe('v');
    expect(integrityCheck(again)).toEqual(['ok']);
    again.close();
  });

  it('refuses a database written by a newer version and leaves it untouched', () => {
    const dir = tempDir();
    openDatabase(dir).close();
    const raw = new Database(path.join(dir, DB_FILE));
    raw.pragma(`user_version = ${schemaVersion() + 5}`);
    raw.close();
    expect(() => openDatabase(dir)).toThrow(StoreError);
    expect(() => openDatabase(dir)).toThrow(/newer version of the console/);
    const check = new Database(path.join(dir, DB_FILE));
    expect(check.pragma('user_version', { simple: true })).toBe(schemaVersion() + 5);
    check.close();
  });

  it('reports a file that is not a database clearly', () => {
    const dir = tempDir();
    const file = path.join(dir, DB_FILE);
    writeFileSync(file, 'this is not sqlite'.repeat(100));
    expect(() => openDatabase(dir)).toThrow(StoreError);
  });
});

describe('data directory', () => {
  it('honours RECON_DATA_DIR, else the folder Electron would use', () => {
    expect(dataDirFromEnv({ RECON_DATA_DIR: '/tmp/x' })).toBe('/tmp/x');
    expect(defaultDataDir({ HOME: '/home/a' }, 'linux')).toBe('/home/a/.config/Reconciliation Console');
    expect(defaultDataDir({ HOME: '/home/a', XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe('/cfg/Reconciliation Console');
    expect(defaultDataDir({ HOME: '/Users/a' }, 'darwin')).toBe('/Users/a/Library/Application Support/Reconciliation Console');
    expect(defaultDataDir({ HOME: 'C:\\Users\\a', APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toContain('Reconciliation Console');
  });
});
