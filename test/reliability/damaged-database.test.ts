// A database that went bad gives one clear message with what happened and what to do, and offers the
// latest backup; demo mode never starts on top of a lost database. Driven as a user meets it: the real
// `recon` binary (one line on stderr) and the real web shell process (a recovery screen instead of the
// console, with "restore the latest backup" that works).
import { afterEach, describe, expect, it } from 'vitest';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createApp } from '../../src-main/core/app.ts';
import { MemoryCredentialStore } from '../../src-main/core/credentials.ts';
import { addProfile } from '../../src-main/core/services/profiles.ts';
import { backupToFolder } from '../../src-main/core/store/backup.ts';
import { DB_FILE, schemaVersion } from '../../src-main/core/store/db.ts';
import { seedOrders } from '../support/seed.ts';
import { runRecon } from '../support/cli.ts';
import { startConsole } from '../support/console-process.ts';
import { mulberry32 } from '../../src-main/sandbox/prng.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const ORDERS = 4000;

/** A data folder holding a real (non-demo) profile with orders, and a backup of it in backups/. */
async function folderWithBackup(): Promise<{ dataDir: string; file: string; backup: string }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'recon-damaged-'));
  dirs.push(dataDir);
  const app = createApp({ dataDir, shell: 'cli', credentials: new MemoryCredentialStore() });
  const p = await addProfile(app, { name: 'shop', gateway: 'flashpay', tradeUrl: 'http://127.0.0.1:9', merchantId: 'M1' }, { hashKey: 'k'.repeat(32), hashIv: 'v'.repeat(16) });
  seedOrders(app, p, ORDERS, Date.UTC(2026, 9, 1), 60_000);
  const backup = await backupToFolder(app.db, dataDir, 'daily', app.version);
  app.db.pragma('wal_checkpoint(TRUNCATE)');
  app.close();
  return { dataDir, file: path.join(dataDir, DB_FILE), backup: backup.file };
}

function overwriteHeader(file: string): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.from('this is no longer a database header!'), 0, 36, 0);
  closeSync(fd);
}

function noiseMidFile(file: string): void {
  const size = statSync(file).size;
  const rand = mulberry32(7);
  const noise = Buffer.alloc(64 * 1024);
  for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(rand() * 256);
  const fd = openSync(file, 'r+');
  writeSync(fd, noise, 0, noise.length, Math.floor(size / 2 / 4096) * 4096);
  closeSync(fd);
}

const CASES: Array<{ name: string; damage: (file: string) => void; says: RegExp }> = [
  { name: 'an overwritten header', damage: overwriteHeader, says: /the database is damaged \(the file does not start with an SQLite header\)/ },
  { name: '64 KiB of noise mid-file', damage: noiseMidFile, says: /the database is damaged \(SQLite/ },
  { name: 'a zero-byte file', damage: (f) => writeFileSync(f, ''), says: /the database file is empty \(the file has 0 bytes\) although the console kept its data there; its contents are lost/ },
];

describe('a damaged database, from the command line', () => {
  for (const c of CASES) {
    it(`${c.name}: one line saying what happened, offering the latest backup; recon restore --latest brings the data back`, async () => {
      const { dataDir, file, backup } = await folderWithBackup();
      c.damage(file);
      const env = { RECON_DATA_DIR: dataDir };
      const r = await runRecon(['orders', '--json'], { env });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(c.says);
      expect(lines[0]).toContain(`restore the latest backup (${backup}`);
      expect(lines[0]).toContain('recon restore --latest');
      expect(lines[0]).toContain('recon restore --fresh');

      const restored = await runRecon(['restore', '--latest'], { env });
      expect(restored.code, restored.stderr).toBe(0);
      expect(restored.stdout).toMatch(/audit log verified/);
      // The broken file is kept aside, never deleted.
      expect(readdirSync(path.join(dataDir, 'replaced')).filter((f) => f.endsWith('.sqlite'))).toHaveLength(1);
      const after = await runRecon(['orders', '--json'], { env });
      expect(after.code, after.stderr).toBe(0);
      expect((JSON.parse(after.stdout) as unknown[]).length).toBeGreaterThan(0);
    }, 60_000);
  }

  it('a database from a newer version: one line, update the console; nothing offered that would lose it', async () => {
    const { dataDir, file } = await folderWithBackup();
    const db = new Database(file);
    db.pragma(`user_version = ${schemaVersion() + 1}`);
    db.close();
    const r = await runRecon(['orders', '--json'], { env: { RECON_DATA_DIR: dataDir } });
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/written by a newer version of the console .*update the console/);
  });

  it('no backup: says so, and offers to start fresh keeping the broken file aside', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'recon-damaged-'));
    dirs.push(dataDir);
    createApp({ dataDir, shell: 'cli', credentials: new MemoryCredentialStore() }).close();
    overwriteHeader(path.join(dataDir, DB_FILE));
    const env = { RECON_DATA_DIR: dataDir };
    const r = await runRecon(['profile', 'list'], { env });
    expect(r.stderr).toMatch(/no backup exists; start fresh, keeping the broken file aside: recon restore --fresh/);
    const fresh = await runRecon(['restore', '--fresh'], { env });
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(readdirSync(path.join(dataDir, 'replaced'))).toHaveLength(1);
    expect((await runRecon(['profile', 'list'], { env })).code).toBe(0);
  });
});

describe('a damaged database, in the web shell', () => {
  it('a zero-byte database does not enter demo mode: a recovery screen offers the latest backup, which restores the data', async () => {
    const { dataDir, file } = await folderWithBackup();
    writeFileSync(file, '');
    // With no profile left in the (new, empty) database the console used to start demo mode here.
    const c = await startConsole({ env: { RECON_DATA_DIR: dataDir } });
    try {
      expect(c.output()).toContain('recovery screen');
      expect(c.output()).not.toContain('Demo mode');
      const page = await fetch(c.url);
      expect(page.status).toBe(503);
      const html = await page.text();
      expect(html).toContain('The database is empty: its data is lost');
      expect(html).toContain('Restore the latest backup');
      // The API of the console is not there: nothing runs on an empty database.
      const api = await fetch(`${c.origin}/api/call/orders:list`, { method: 'POST', headers: { 'x-recon-token': c.token, 'content-type': 'application/json' }, body: '{}' });
      expect(api.status).not.toBe(200);

      const restore = await fetch(`${c.origin}/recover/latest`, { method: 'POST', headers: { 'x-recon-token': c.token, origin: c.origin } });
      expect(restore.status, await restore.clone().text()).toBe(200);
      expect(await restore.text()).toContain('audit log verified');
      // The console itself starts on the same address, with the restored data and no demo profiles.
      await expect.poll(() => c.output(), { timeout: 30_000 }).toContain('Reconciliation console (web shell) at');
      const profiles = await (await fetch(`${c.origin}/api/call/profiles:list`, { method: 'POST', headers: { 'x-recon-token': c.token, 'content-type': 'application/json' }, body: '{}' })).json() as { result: Array<{ name: string; demo: boolean }> };
      expect(profiles.result.map((p) => [p.name, p.demo])).toEqual([['shop', false]]);
      const orders = await (await fetch(`${c.origin}/api/call/orders:list`, { method: 'POST', headers: { 'x-recon-token': c.token, 'content-type': 'application/json' }, body: JSON.stringify({ from: '2026-10-01', to: '2026-10-31', limit: 10 }) })).json() as { ok: boolean; result: { rows: unknown[] } };
      expect(orders.ok, JSON.stringify(orders)).toBe(true);
      expect(orders.result.rows.length).toBe(10);
    } finally {
      await c.stop({ keepData: true });
    }
  }, 90_000);
});
