// The Electron shell's decisions, tested without an Electron binary: window options, sender checks,
// navigation rules, the app:// file mapping, and the preload bridge against a stubbed `electron`.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { contract } from '../../src-main/contract/channels.ts';
import { methodNames } from '../../src-main/contract/bridge.ts';
import { hardenWebContents, registerIpc, type Envelope, type IpcEventLike } from '../../src-main/shell/electron/ipc.ts';
import {
  APP_ENTRY,
  hardenSession,
  isAllowedNavigation,
  isPermissionAllowed,
  isTrustedSender,
  resolveAppFile,
  safeExternalUrl,
  windowOptions,
} from '../../src-main/shell/electron/security.ts';
import { tempApp } from '../support/app.ts';

const exposed: Record<string, unknown> = {};
const invoked: Array<{ channel: string; payload: unknown }> = [];
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: {
    invoke: async (channel: string, payload: unknown) => {
      invoked.push({ channel, payload });
      return channel === 'jobs:cancel'
        ? { ok: false, error: { code: 'input', message: 'no such job' } }
        : { ok: true, result: { channel } };
    },
    on: vi.fn(),
    off: vi.fn(),
  },
}));

describe('window options', () => {
  it('are hardened', () => {
    const w = windowOptions('/app/preload.cjs');
    expect(w.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(w.width).toBeGreaterThanOrEqual(1280);
    expect(APP_ENTRY.startsWith('app://')).toBe(true);
  });
});

describe('IPC sender checks', () => {
  it('trust only the app top frame on app://renderer', () => {
    expect(isTrustedSender({ url: 'app://renderer/index.html', parent: null })).toBe(true);
    expect(isTrustedSender({ url: 'app://renderer/index.html', parent: {} })).toBe(false);
    expect(isTrustedSender({ url: 'file:///etc/index.html', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'app://other/index.html', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });

  const app = tempApp({ shell: 'electron' });
  afterAll(() => app.cleanup());
  const handlers = new Map<string, (event: IpcEventLike, payload: unknown) => Promise<unknown>>();
  const logs: string[] = [];
  const channels = registerIpc({ handle: (c, l) => handlers.set(c, l) }, app, (l) => logs.push(l));
  const trusted: IpcEventLike = { senderFrame: { url: 'app://renderer/index.html', parent: null } };

  it('register exactly one handler per contract channel', () => {
    expect(channels.sort()).toEqual(Object.keys(contract).sort());
    expect([...handlers.keys()].sort()).toEqual(Object.keys(contract).sort());
  });

  it('answer the trusted frame and validate its payload', async () => {
    const ok = (await handlers.get('app:info')!(trusted, {})) as Envelope;
    expect(ok).toMatchObject({ ok: true, result: { shell: 'electron', dataDir: app.dataDir } });
    const bad = (await handlers.get('jobs:cancel')!(trusted, { jobId: 42 })) as Envelope;
    expect(bad).toMatchObject({ ok: false, error: { code: 'input' } });
  });

  it('refuse a subframe or foreign frame, and log it', async () => {
    const sub = (await handlers.get('app:info')!({ senderFrame: { url: 'app://renderer/index.html', parent: {} } }, {})) as Envelope;
    expect(sub).toEqual({ ok: false, error: { code: 'forbidden', message: 'this frame may not call the console' } });
    const foreign = (await handlers.get('app:info')!({ senderFrame: { url: 'https://evil.example/', parent: null } }, {})) as Envelope;
    expect(foreign.ok).toBe(false);
    expect(logs.join('\n')).toContain('https://evil.example/');
  });
});

describe('navigation and external links', () => {
  it('allow only in-app navigation', () => {
    expect(isAllowedNavigation('app://renderer/index.html#/orders')).toBe(true);
    expect(isAllowedNavigation('https://example.com/')).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd')).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)')).toBe(false);
  });
  it('open only https links outside, through one guarded helper', () => {
    expect(safeExternalUrl('https://www.firstbank.com.tw/')).toBe('https://www.firstbank.com.tw/');
    expect(safeExternalUrl('http://example.com/')).toBeNull();
    expect(safeExternalUrl('file:///etc/passwd')).toBeNull();
    expect(safeExternalUrl('smb://host/share')).toBeNull();
    expect(safeExternalUrl('https://user:pw@example.com/')).toBeNull();
    expect(safeExternalUrl('not a url')).toBeNull();
  });
  it('hardenWebContents denies new windows and foreign navigation, forwarding https to the OS', () => {
    const listeners = new Map<string, (e: { preventDefault(): void }, url: string) => void>();
    let openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
    const opened: string[] = [];
    hardenWebContents(
      { on: (ev, l) => listeners.set(ev, l), setWindowOpenHandler: (h) => (openHandler = h) },
      (u) => opened.push(u),
      isAllowedNavigation,
      safeExternalUrl,
    );
    let prevented = 0;
    const event = { preventDefault: () => void prevented++ };
    listeners.get('will-navigate')!(event, 'https://phish.example/login');
    listeners.get('will-navigate')!(event, 'app://renderer/index.html#/audit');
    listeners.get('will-redirect')!(event, 'file:///etc/passwd');
    listeners.get('will-attach-webview')!(event, '');
    expect(prevented).toBe(3);
    expect(openHandler!({ url: 'https://docs.example/' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'http://docs.example/' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://phish.example/login', 'https://docs.example/']);
  });
  it('deny every permission request', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) expect(isPermissionAllowed(p)).toBe(false);
  });
});

describe('session and DevTools (issue 18)', () => {
  it('answers every permission *check* with no, not only requests', () => {
    let check: ((wc: unknown, permission: string, origin: string, details: unknown) => boolean) | undefined;
    let request: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    hardenSession({
      setPermissionCheckHandler: (h) => (check = h),
      setPermissionRequestHandler: (h) => (request = h),
      setDevicePermissionHandler: () => false,
    });
    expect(check).toBeTypeOf('function');
    for (const p of ['media', 'clipboard-read', 'notifications', 'geolocation', 'hid', 'serial', 'usb', 'fileSystem']) {
      expect(check!(null, p, 'app://renderer', {})).toBe(false);
      const answers: boolean[] = [];
      request!(null, p, (granted) => answers.push(granted));
      expect(answers).toEqual([false]);
    }
  });

  it('has no DevTools in a packaged build, and keeps them for development', () => {
    expect(windowOptions('/app/preload.cjs', { packaged: true }).webPreferences.devTools).toBe(false);
    expect(windowOptions('/app/preload.cjs', { packaged: false }).webPreferences.devTools).toBe(true);
  });

  it('closes DevTools if anything opens them in a packaged build', () => {
    const listeners = new Map<string, (e: { preventDefault(): void }, url: string) => void>();
    let closed = 0;
    const contents = {
      on: (event: string, listener: (e: { preventDefault(): void }, url: string) => void) => listeners.set(event, listener),
      setWindowOpenHandler: () => undefined,
      closeDevTools: () => closed++,
    };
    hardenWebContents(contents, () => undefined, isAllowedNavigation, safeExternalUrl, { devTools: false });
    listeners.get('devtools-opened')!({ preventDefault: () => undefined }, '');
    expect(closed).toBe(1);
  });
});

describe('app:// protocol file mapping', () => {
  it('maps app paths into the renderer folder and refuses escapes', () => {
    expect(resolveAppFile('app://renderer/index.html', '/opt/app/dist/renderer')).toBe('/opt/app/dist/renderer/index.html');
    expect(resolveAppFile('app://renderer/', '/r')).toBe('/r/index.html');
    expect(resolveAppFile('app://renderer/assets/index-abc.js', '/r')).toBe('/r/assets/index-abc.js');
    // URL parsing resolves dot segments against the root, so an escape attempt stays inside.
    expect(resolveAppFile('app://renderer/assets/%2e%2e/%2e%2e/secret', '/r')).toBe('/r/secret');
    expect(resolveAppFile('app://renderer/a%5c..%5c..%5cx', '/r')).toBeNull();
    expect(resolveAppFile('app://other/index.html', '/r')).toBeNull();
    expect(resolveAppFile('file:///r/index.html', '/r')).toBeNull();
  });
});

describe('preload bridge (stubbed electron)', () => {
  it('exposes one named function per channel plus the progress subscription, and no generic invoke', async () => {
    await import('../../src-main/shell/electron/preload.ts');
    const bridge = exposed.recon as Record<string, (req: unknown) => Promise<unknown>>;
    expect(Object.keys(bridge).sort()).toEqual([...Object.values(methodNames), 'onJobProgress'].sort());
    expect(bridge).not.toHaveProperty('invoke');
    await expect(bridge.appInfo!({})).resolves.toEqual({ channel: 'app:info' });
    expect(invoked.at(-1)).toEqual({ channel: 'app:info', payload: {} });
    await expect(bridge.jobsCancel!({ jobId: 'x' })).rejects.toThrow('no such job');
  });
});

interface BuilderConfig {
  appId: string;
  productName: string;
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: string[] };
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
}

describe('electron-builder.yml', () => {
  const config = parse(readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8')) as BuilderConfig;
  it('targets Linux, Windows and macOS', () => {
    expect(config.appId).toBe('tw.recon.console');
    expect(config.productName).toBe('Reconciliation Console');
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.win.target).toContain('nsis');
    expect(config.mac.target).toContain('dmg');
  });
  it('unpacks native modules from the asar', () => {
    expect(config.asarUnpack.join(' ')).toMatch(/better-sqlite3/);
    expect(config.asarUnpack.join(' ')).toMatch(/keytar/);
  });
  it('sets the Electron fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });
});
