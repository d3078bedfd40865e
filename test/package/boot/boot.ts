// Test side of the boot check: starts launch.ts on an extracted package, drives it the way Electron
// and a user would, and returns what went wrong as a list of problems (empty when the package boots
// and quits as it should), so broken copies can show which check catches them.
import asar from '@electron/asar';
import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { methodNames } from '../../../src-main/contract/bridge.ts';
import { ELECTRON_CSP } from '../../../src-main/shell/electron/security.ts';
import { root } from '../../../scripts/package-dir.mjs';

const LAUNCHER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'launch.ts');

export interface BootTarget {
  extractedDir: string;
  archive: string;
}

export interface BootEvent {
  type: string;
  detail: unknown;
}

interface Recorded {
  kind: string;
  detail: unknown;
}
export interface BootState {
  records: Recorded[];
  schemes: string[];
  ipcChannels: string[];
  windows: Array<{ options: { webPreferences?: Record<string, unknown> }; loadedUrl: string | null; loadErrors: string[]; hasOpenHandler: boolean; listeners: string[] }>;
  mainWorld: Record<string, string[]>;
}

export class Booted {
  readonly child: ChildProcess;
  readonly eventsFile: string;
  private out = '';
  private nextId = 1;
  private pending = new Map<number, (msg: { result?: unknown; error?: string }) => void>();
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(target: BootTarget, options: { env: Record<string, string>; args?: string[] }) {
    this.eventsFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'recon-boot-')), 'events.jsonl');
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(NODE_|VITEST|ELECTRON_)/.test(k)) env[k] = v;
    this.child = fork(LAUNCHER, [target.extractedDir, target.archive, this.eventsFile, ...(options.args ?? [])], {
      env: { ...env, ...options.env },
      execArgv: [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child.stdout?.on('data', (d: Buffer) => (this.out += d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => (this.out += d.toString()));
    this.child.on('message', (msg: { id: number; result?: unknown; error?: string }) => this.pending.get(msg.id)?.(msg));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  output(): string {
    return this.out;
  }

  events(): BootEvent[] {
    if (!existsSync(this.eventsFile)) return [];
    return readFileSync(this.eventsFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as BootEvent);
  }

  /** Waits for the first event of one of these types, or the process's end. */
  async until(types: string[], waitMs = 45_000): Promise<BootEvent | 'exited' | 'gave up'> {
    let done = false;
    void this.exited.then(() => (done = true));
    const deadline = Date.now() + waitMs;
    for (;;) {
      const hit = this.events().find((e) => types.includes(e.type));
      if (hit) return hit;
      if (done) return 'exited';
      if (Date.now() > deadline) return 'gave up';
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  request<T>(cmd: string, extra: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (msg) => (msg.error ? reject(new Error(msg.error)) : resolve(msg.result as T)));
      this.child.send({ id, cmd, ...extra });
    });
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

export const HARDENED_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
};

/** Every file the renderer folder of the package holds, relative to it. */
export function rendererFiles(archive: string): string[] {
  return asar
    .listPackage(archive, { isPack: false })
    .map((f) => f.replace(/^[\\/]/, '').split(path.sep).join('/'))
    .filter((f) => f.startsWith('dist/renderer/') && !(asar.statFile(archive, f, false) as { files?: unknown }).files)
    .map((f) => f.slice('dist/renderer/'.length));
}

/** Reads a service's entries from the keyring in a fresh process (libsecret keeps its first bus). */
export function keyringEntries(env: Record<string, string>, service: string): Array<{ account: string; password: string }> {
  const r = spawnSync(process.execPath, ['-e', `require('keytar').findCredentials(${JSON.stringify(service)}).then(c => console.log(JSON.stringify(c)), e => { console.error(e.message); process.exit(1); })`], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (r.status !== 0) throw new Error(`cannot read the keyring: ${r.stderr}`);
  return JSON.parse(r.stdout) as Array<{ account: string; password: string }>;
}

export interface BootCheck {
  problems: string[];
  events: BootEvent[];
  output: string;
  exit: { code: number | null; signal: NodeJS.Signals | null };
}

const TEST_PROFILE = { name: 'boot-check', gateway: 'firstbank', environment: 'sandbox', tradeUrl: 'https://boot-check.example/', merchantId: 'BOOT0001' };

/**
 * Boots the package and checks, in order: it reaches a loaded window; the window is hardened and its
 * preload comes from the package; app:// is registered before `ready` and serves every renderer
 * file of the package; the preload's bridge answers over IPC; untrusted frames are refused; a
 * profile's secret reaches the keyring; the database is a real file at the current schema; closing
 * the window quits with exit code 0 and a checkpointed database.
 */
export async function checkBoot(target: BootTarget, options: { env: Record<string, string>; dataDir: string; keychainService: string; args?: string[] }): Promise<BootCheck> {
  const problems: string[] = [];
  const b = new Booted(target, { env: { ...options.env, RECON_DATA_DIR: options.dataDir, RECON_KEYCHAIN_SERVICE: options.keychainService }, args: options.args });
  const finish = async (): Promise<BootCheck> => {
    const exit = await Promise.race([b.exited, new Promise<null>((r) => setTimeout(() => r(null), 20_000))]);
    if (!exit) {
      problems.push('the process did not end after quitting');
      b.kill();
    }
    const events = b.events();
    for (const e of events) if (e.type === 'uncaughtException' || e.type === 'unhandledRejection' || e.type === 'load-failed') problems.push(`${e.type}: ${String(e.detail).split('\n')[0]}`);
    return { problems, events, output: b.output(), exit: exit ?? (await b.exited) };
  };
  const started = await b.until(['window-loaded']);
  if (started === 'exited' || started === 'gave up') {
    problems.push(started === 'exited' ? 'the app ended during start-up without a window' : 'the app did not finish starting');
    if (started === 'gave up') b.kill();
    return finish();
  }
  const state = await b.request<BootState>('state');
  const kinds = state.records.map((r) => r.kind);

  // Window: one, hardened, preload from the package.
  const preload = path.join(target.extractedDir, 'dist', 'electron', 'preload.cjs');
  const win = state.windows[0];
  if (state.windows.length !== 1 || !win) problems.push(`expected one window, got ${state.windows.length}`);
  else {
    const prefs = win.options.webPreferences ?? {};
    for (const [k, v] of Object.entries(HARDENED_WEB_PREFERENCES)) if (prefs[k] !== v) problems.push(`webPreferences.${k} is ${String(prefs[k])}, expected ${String(v)}`);
    if (prefs.preload !== preload) problems.push(`preload is ${String(prefs.preload)}, expected the package's ${preload}`);
    if (win.loadedUrl !== 'app://renderer/index.html') problems.push(`window loaded ${win.loadedUrl}`);
    for (const e of win.loadErrors) problems.push(`window: ${e}`);
    for (const ev of ['will-navigate', 'will-redirect', 'will-attach-webview']) if (!win.listeners.includes(ev)) problems.push(`webContents has no ${ev} guard`);
    if (!win.hasOpenHandler) problems.push('webContents has no window-open handler');
  }
  if (!kinds.includes('BrowserWindow.show')) problems.push('the window was never shown');
  if (!kinds.includes('session.setPermissionRequestHandler')) problems.push('no permission request handler');

  // app:// registered privileged before ready, handled after, serving the package's files.
  const reg = state.records.find((r) => r.kind === 'protocol.registerSchemesAsPrivileged');
  const regScheme = (reg?.detail as Array<{ scheme: string; privileges: Record<string, boolean> }> | undefined)?.find((s) => s.scheme === 'app');
  if (!regScheme || kinds.indexOf('protocol.registerSchemesAsPrivileged') > kinds.indexOf('ready')) problems.push('app:// was not registered as privileged before ready');
  else if (!regScheme.privileges.standard || !regScheme.privileges.secure) problems.push('app:// is not standard and secure');
  if (!state.schemes.includes('app')) problems.push('no protocol handler for app://');
  else {
    for (const rel of rendererFiles(target.archive)) {
      const r = await b.request<{ status?: number; headers?: Record<string, string>; body?: string; error?: string }>('fetch', { url: `app://renderer/${rel}` });
      if (r.error || r.status !== 200) {
        problems.push(`app://renderer/${rel}: ${r.error ?? `HTTP ${r.status}`}`);
        continue;
      }
      if (!Buffer.from(r.body!, 'base64').equals(asar.extractFile(target.archive, `dist/renderer/${rel}`))) problems.push(`app://renderer/${rel} differs from the packaged file`);
      if (r.headers?.['content-security-policy'] !== ELECTRON_CSP) problems.push(`app://renderer/${rel} is served without the CSP`);
    }
    const missing = await b.request<{ status?: number }>('fetch', { url: 'app://renderer/no-such-file.js' });
    if (missing.status !== 404) problems.push(`a missing file answers ${JSON.stringify(missing)}, not 404`);
    const outside = await b.request<{ status?: number }>('fetch', { url: 'app://elsewhere/index.html' });
    if (outside.status !== 404) problems.push('another app:// host is served');
  }

  // IPC through the preload's bridge (a trusted frame), and refused for untrusted ones.
  const expectedMethods = [...Object.values(methodNames), 'onJobProgress'].sort();
  if (JSON.stringify(state.mainWorld.recon) !== JSON.stringify(expectedMethods)) problems.push(`window.recon exposes ${JSON.stringify(state.mainWorld.recon ?? null)}`);
  const info = await b.request<{ result?: { shell?: string; dataDir?: string }; error?: string }>('bridge', { method: 'appInfo', payload: {} });
  if (info.error || info.result?.shell !== 'electron' || info.result?.dataDir !== options.dataDir) problems.push(`appInfo through the bridge: ${JSON.stringify(info)}`);
  for (const frame of [{ url: 'https://evil.example/', parent: null }, { url: 'app://renderer/index.html', parent: {} }, null]) {
    const r = await b.request<{ ok?: boolean; error?: { code?: string } }>('invoke', { channel: 'app:info', payload: {}, frame });
    if (r.ok !== false || r.error?.code !== 'forbidden') problems.push(`app:info from ${JSON.stringify(frame)} was not refused: ${JSON.stringify(r)}`);
  }

  // The keychain: a real profile's secret goes to the keyring through the packaged keytar.
  const secret = `boot-${process.pid}-${Date.now()}`;
  const added = await b.request<{ result?: { secrets?: { hashKey: boolean; store: string } }; error?: string }>('bridge', { method: 'profilesAdd', payload: { ...TEST_PROFILE, hashKey: secret } });
  if (added.error || !added.result?.secrets?.hashKey || added.result.secrets.store !== 'keychain') problems.push(`profilesAdd: ${JSON.stringify(added)}`);
  else if (!keyringEntries(options.env, options.keychainService).some((c) => c.password === secret)) problems.push('the secret is not in the keyring');
  if (!b.events().some((e) => e.type === 'native' && String(e.detail).includes('keytar'))) problems.push('keytar was not loaded from app.asar.unpacked');
  if (!b.events().some((e) => e.type === 'native' && String(e.detail).includes('better-sqlite3'))) problems.push('better-sqlite3 was not loaded from app.asar.unpacked');

  // Quit: closing the last window ends the app cleanly.
  await b.request('close');
  const result = await finish();
  const quitEvent = result.events.find((e) => e.type === 'quit' || e.type === 'exit');
  if (!quitEvent || quitEvent.type !== 'quit' || result.exit.code !== 0) problems.push(`closing the window ended with ${JSON.stringify(quitEvent ?? null)}, exit ${result.exit.code}`);
  const dbFile = path.join(options.dataDir, 'recon.sqlite');
  if (!existsSync(dbFile)) problems.push('no database file in the data folder');
  else {
    // The last connection's close checkpoints the WAL and removes it.
    if (existsSync(`${dbFile}-wal`) && statSync(`${dbFile}-wal`).size > 0) problems.push('the database was not closed (WAL left behind)');
    const db = new Database(dbFile, { readonly: true });
    try {
      const names = db.prepare('SELECT name FROM profiles').pluck().all();
      if (!names.includes(TEST_PROFILE.name)) problems.push('the profile is not in the database');
    } finally {
      db.close();
    }
  }
  return result;
}

/** Starts the package expecting start-up to fail: returns the dialog, the log and the exit code. */
export async function bootExpectingFailure(
  target: BootTarget,
  env: Record<string, string>,
): Promise<{ dialogs: Array<{ title: string; content: string }>; output: string; exit: number | null; windows: number; events: BootEvent[] }> {
  const b = new Booted(target, { env });
  const seen = await b.until(['window-loaded', 'exit', 'quit'], 30_000);
  if (seen !== 'exited' && seen !== 'gave up' && seen.type === 'window-loaded') await b.request('close');
  const exit = await Promise.race([b.exited, new Promise<null>((r) => setTimeout(() => r(null), 20_000))]);
  if (!exit) b.kill();
  const events = b.events();
  return {
    dialogs: dialogsOf(events),
    output: b.output(),
    exit: exit?.code ?? null,
    windows: events.filter((e) => e.type === 'window-loaded').length,
    events,
  };
}

function dialogsOf(events: BootEvent[]): Array<{ title: string; content: string }> {
  return events.filter((e) => e.type === 'dialog').map((e) => e.detail as { title: string; content: string });
}
