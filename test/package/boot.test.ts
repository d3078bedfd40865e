// The packaged main process, started under Node from the extracted app.asar with a recording Electron
// stand-in, the real database (temp folder) and the real keychain (a private gnome-keyring). Then the
// same check on copies broken on purpose, and the start-up failures a user can meet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createApp } from '../../src-main/core/app.ts';
import { MemoryCredentialStore } from '../../src-main/core/credentials.ts';
import { addProfile } from '../../src-main/core/services/profiles.ts';
import { type PrivateKeyring, keyringAvailable, startPrivateKeyring } from '../support/keyring.ts';
import { DROPPED_FROM_UNPACK } from './broken.ts';
import { type BootTarget, bootExpectingFailure, checkBoot } from './boot/boot.ts';
import { packages } from './support.ts';

const built = packages();
const keyring = keyringAvailable();
if (built && !keyring.ok) console.log(`boot tests skipped: ${keyring.why}`);

const temps: string[] = [];
function tempDir(prefix: string): string {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(d);
  return d;
}
afterAll(() => {
  if (!process.env.KEEP_BOOT_DATA) for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/** A copy of the extracted app with main.cjs edited; the archive (for the natives) stays the same. */
function patchedCopy(target: BootTarget, edit: (mainCjs: string) => string): BootTarget {
  const dir = path.join(tempDir('recon-boot-copy-'), 'app');
  // Everything but node_modules is copied; node_modules (5,000 files) is linked to the original.
  cpSync(target.extractedDir, dir, { recursive: true, filter: (src) => src !== path.join(target.extractedDir, 'node_modules') });
  symlinkSync(path.join(target.extractedDir, 'node_modules'), path.join(dir, 'node_modules'));
  const main = path.join(dir, 'dist', 'electron', 'main.cjs');
  const before = readFileSync(main, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error('the edit changed nothing in main.cjs: update the test to the new bundle');
  writeFileSync(main, after);
  return { extractedDir: dir, archive: target.archive };
}

describe.runIf(built && keyring.ok)('the packaged main process booted under Node', () => {
  let kr: PrivateKeyring;
  beforeAll(async () => {
    kr = await startPrivateKeyring();
  });
  afterAll(async () => kr?.stop());
  const boot = (target: BootTarget, args?: string[]) =>
    checkBoot(target, { env: kr.env, dataDir: tempDir('recon-boot-data-'), keychainService: `recon-boot-${process.pid}-${Math.random().toString(36).slice(2)}`, args });

  // The first start of a new user: demo mode, with the sandboxes and the first sync running.
  it('opens the hardened window, serves the package over app://, answers IPC from the app only, keeps secrets in the keyring, and quits cleanly', async () => {
    const r = await boot(built!.good);
    expect(r.problems, r.output).toEqual([]);
    expect(r.exit.code).toBe(0);
  });

  it('fails when the preload path is wrong (main.cjs names a file the package does not have)', async () => {
    const target = patchedCopy(built!.good, (js) => js.replace(/(__dirname,\s*)"preload\.cjs"/, '$1"preload.js"'));
    const r = await boot(target, ['--no-demo']);
    expect(r.problems).toContain(`window: Unable to load preload script: ${path.join(target.extractedDir, 'dist', 'electron', 'preload.js')}`);
    expect(r.problems.some((p) => p.startsWith('appInfo through the bridge: {"error":"the preload exposed no window.recon"'))).toBe(true);
  });

  it('fails when start() throws, which the app reports in a dialog and a log line before exiting', async () => {
    const target = patchedCopy(built!.good, (js) => js.replace(/async function start\(\) \{/, '$&\n  throw new Error("injected start-up failure");'));
    const r = await boot(target);
    expect(r.problems, r.problems.join('\n')).toContain('the app ended during start-up without a window');
    const dialogs = r.events.filter((e) => e.type === 'dialog').map((e) => e.detail as { title: string; content: string });
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0]!.title).toBe('對帳主控台無法啟動 / The console cannot start');
    // Its own words first, then the id of the log entry with the details.
    expect(dialogs[0]!.content).toMatch(/^injected start-up failure\nunexpected error in the console \(error id [0-9A-F]{8}\)/);
    expect(r.output).toContain('start-up failed: injected start-up failure');
    expect(r.exit.code).toBe(1);
  });

  it('fails on the package built without the renderer in `files` and with keytar missing from `asarUnpack`', async () => {
    // Demo mode: start() needs no keychain, so the check gets as far as the window and the IPC calls.
    const r = await boot(built!.broken);
    expect(r.problems, r.problems.join('\n')).toContain('window: app://renderer/index.html: HTTP 404');
    expect(r.problems.find((p) => p.startsWith('profilesAdd:'))).toContain(`native module ${DROPPED_FROM_UNPACK} is packed inside app.asar`);
  });
});

describe.runIf(built && keyring.ok)('start-up failures end in a dialog, a log line and exit code 1', () => {
  it('a database written by a newer version', async () => {
    const dataDir = tempDir('recon-boot-newer-');
    const db = new Database(path.join(dataDir, 'recon.sqlite'));
    db.pragma('user_version = 999');
    db.close();
    const kr = await startPrivateKeyring();
    try {
      const r = await bootExpectingFailure(built!.good, { ...kr.env, RECON_DATA_DIR: dataDir });
      expect(r.windows).toBe(0);
      expect(r.dialogs).toHaveLength(1);
      expect(r.dialogs[0]!.content).toMatch(/written by a newer version of the console \(schema 999/);
      expect(r.output).toMatch(/start-up failed: .*newer version/);
      expect(r.exit).toBe(1);
    } finally {
      await kr.stop();
    }
  });

  it('real profiles but no keychain on the session bus', async () => {
    const dataDir = tempDir('recon-boot-nokeychain-');
    const core = createApp({ shell: 'cli', dataDir, credentials: new MemoryCredentialStore() });
    await addProfile(core, { name: 'shop', gateway: 'firstbank', tradeUrl: 'https://shop.example/', merchantId: 'SHOP0001' }, { hashKey: 'k' });
    core.close();
    const bus = await startPrivateKeyring({ withKeyring: false });
    try {
      const r = await bootExpectingFailure(built!.good, { ...bus.env, RECON_DATA_DIR: dataDir });
      expect(r.windows).toBe(0);
      expect(r.dialogs).toHaveLength(1);
      // Chinese first (what to do), the English text after it.
      expect(r.dialogs[0]!.content).toMatch(/^系統鑰匙圈無法使用.*gnome-keyring/s);
      expect(r.dialogs[0]!.content).toMatch(/the OS keychain is not available .*gnome-keyring/);
      expect(r.output).toMatch(/start-up failed: the OS keychain is not available/);
      expect(r.exit).toBe(1);
    } finally {
      await bus.stop();
    }
  });
});
