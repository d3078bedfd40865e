// A recording stand-in for the part of Electron's API the packaged main process uses, with
// Electron's own rules where breaking them would fail in the real app (schemes registered before
// `ready`, windows and protocol handlers only after it, one handler per IPC channel, a sandboxed
// preload that may require only what Electron gives it). Anything not modelled here throws, so a
// new Electron call in main.ts shows up as a failing boot test instead of passing silently.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export type Recorded = { kind: string; detail: unknown };

export interface FakeElectron {
  /** The module main.cjs gets from require('electron'). */
  main: Record<string, unknown>;
  records: Recorded[];
  /** Fires `ready`, as Electron does once it has initialised. */
  becomeReady(): void;
  windows: FakeWindow[];
  protocolHandlers: Map<string, (request: Request) => Promise<Response> | Response>;
  ipcHandlers: Map<string, (event: unknown, ...args: unknown[]) => unknown>;
  /** What the preload exposed with contextBridge, per window. */
  mainWorld: Record<string, unknown>;
  onQuit(listener: (how: { exitCode: number; via: 'quit' | 'exit' }) => void): void;
}

export interface FakeWindow extends EventEmitter {
  options: Record<string, unknown>;
  webContents: FakeWebContents;
  loadedUrl: string | null;
  /** loadURL has finished (start() awaits it last). */
  loaded: boolean;
  loadErrors: string[];
  destroyed: boolean;
  close(): void;
}

interface FakeWebContents extends EventEmitter {
  id: number;
  windowOpenHandler: ((details: { url: string }) => unknown) | null;
  sent: Array<{ channel: string; args: unknown[] }>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Modules a sandboxed preload may require (Electron docs, "Process Sandboxing"). */
const SANDBOX_PRELOAD_MODULES = new Set(['electron', 'events', 'timers', 'url']);

function strict<T extends object>(name: string, target: T): T {
  return new Proxy(target, {
    get(t, key, receiver) {
      if (typeof key === 'symbol' || key in t || key === 'then' || key === '__esModule' || key === 'default') return Reflect.get(t, key, receiver);
      throw new Error(`the Electron stand-in does not model ${name}.${key}; add it to test/package/boot/fake-electron.ts`);
    },
  });
}

export function createFakeElectron(options: { appName: string; appVersion: string; onRecord?: (r: Recorded) => void }): FakeElectron {
  const records: Recorded[] = [];
  const record = (kind: string, detail: unknown = null) => {
    records.push({ kind, detail });
    options.onRecord?.({ kind, detail });
  };
  let ready = false;
  let resolveReady!: () => void;
  const readyPromise = new Promise<void>((r) => (resolveReady = r));
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response> | Response>();
  const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const windows: FakeWindow[] = [];
  const mainWorld: Record<string, unknown> = {};
  const quitListeners: Array<(how: { exitCode: number; via: 'quit' | 'exit' }) => void> = [];
  let nextId = 1;

  const app = new EventEmitter() as EventEmitter & Record<string, unknown>;
  Object.assign(app, {
    isPackaged: true,
    name: options.appName,
    whenReady: () => readyPromise,
    isReady: () => ready,
    getVersion: () => options.appVersion,
    getName: () => options.appName,
    requestSingleInstanceLock: () => (record('app.requestSingleInstanceLock'), true),
    releaseSingleInstanceLock: () => record('app.releaseSingleInstanceLock'),
    // Electron's per-user folders, kept inside the test's data folder.
    getPath: (name: string) => path.join(process.env.RECON_DATA_DIR ?? process.cwd(), 'electron-paths', name),
    setAppLogsPath: (p?: string) => record('app.setAppLogsPath', p ?? null),
    quit: () => {
      record('app.quit');
      app.emit('before-quit', { preventDefault() {} });
      app.emit('will-quit', { preventDefault() {} });
      app.emit('quit', {}, 0);
      for (const l of quitListeners) l({ exitCode: 0, via: 'quit' });
    },
    exit: (code = 0) => {
      record('app.exit', code);
      for (const l of quitListeners) l({ exitCode: code, via: 'exit' });
    },
  });

  const protocol = {
    registerSchemesAsPrivileged(schemes: unknown[]) {
      if (ready) throw new Error('protocol.registerSchemesAsPrivileged must be called before the app is ready');
      record('protocol.registerSchemesAsPrivileged', schemes);
    },
    handle(scheme: string, handler: (request: Request) => Promise<Response> | Response) {
      if (!ready) throw new Error('protocol.handle may only be called after the app is ready');
      if (protocolHandlers.has(scheme)) throw new Error(`scheme ${scheme} is already handled`);
      record('protocol.handle', scheme);
      protocolHandlers.set(scheme, handler);
    },
  };

  const net = {
    // Electron's net.fetch reads file: URLs (Node's fetch does not); a missing file rejects.
    async fetch(url: string): Promise<Response> {
      const u = new URL(url);
      if (u.protocol !== 'file:') throw new Error(`the stand-in net.fetch reads file: URLs only, not ${url}`);
      const file = fileURLToPath(u);
      let body: Buffer;
      try {
        body = readFileSync(file);
      } catch {
        throw new Error(`net::ERR_FILE_NOT_FOUND ${url}`);
      }
      return new Response(new Uint8Array(body), { status: 200, headers: { 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream' } });
    },
  };

  const session = {
    defaultSession: strict('session.defaultSession', {
      setPermissionRequestHandler: (h: unknown) => record('session.setPermissionRequestHandler', typeof h),
      setPermissionCheckHandler: (h: unknown) => record('session.setPermissionCheckHandler', typeof h),
      setDevicePermissionHandler: (h: unknown) => record('session.setDevicePermissionHandler', typeof h),
    }),
  };

  const ipcMain = strict('ipcMain', {
    handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) {
      if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      ipcHandlers.set(channel, listener);
    },
    on: (channel: string) => record('ipcMain.on', channel),
  });

  const dialog = strict('dialog', {
    showErrorBox: (title: string, content: string) => record('dialog.showErrorBox', { title, content }),
    // The recovery choice (restore / start fresh / quit): the stand-in always answers with the cancel button.
    showMessageBox: async (options: { message?: string; detail?: string; buttons?: string[]; cancelId?: number }) => {
      record('dialog.showMessageBox', { message: options.message, detail: options.detail, buttons: options.buttons });
      return { response: options.cancelId ?? (options.buttons?.length ?? 1) - 1 };
    },
  });

  const shell = strict('shell', {
    openExternal: async (url: string) => void record('shell.openExternal', url),
  });

  async function serve(url: string): Promise<Response> {
    const scheme = new URL(url).protocol.replace(/:$/, '');
    const handler = protocolHandlers.get(scheme);
    if (!handler) throw new Error(`ERR_UNKNOWN_URL_SCHEME ${url}`);
    return handler(new Request(url));
  }

  // What a renderer would do with the page: run the preload, then fetch the page and what it loads.
  async function load(win: FakeWindow, url: string): Promise<void> {
    const prefs = (win.options.webPreferences ?? {}) as { preload?: string };
    if (prefs.preload) runPreload(win, prefs.preload);
    const page = await serve(url);
    if (page.status !== 200) win.loadErrors.push(`${url}: HTTP ${page.status}`);
    const html = await page.text();
    for (const m of html.matchAll(/<(?:script|link)\b[^>]*?\s(?:src|href)="([^"]+)"/g)) {
      const asset = new URL(m[1]!, url).toString();
      try {
        const r = await serve(asset);
        if (r.status !== 200) win.loadErrors.push(`${asset}: HTTP ${r.status}`);
      } catch (err) {
        win.loadErrors.push(`${asset}: ${(err as Error).message}`);
      }
    }
  }

  function runPreload(win: FakeWindow, file: string): void {
    let code: string;
    try {
      code = readFileSync(file, 'utf8');
    } catch {
      // Electron logs "Unable to load preload script" in the page and goes on without a bridge.
      win.loadErrors.push(`Unable to load preload script: ${file}`);
      return;
    }
    const rendererElectron = {
      contextBridge: {
        exposeInMainWorld(key: string, api: unknown) {
          record('contextBridge.exposeInMainWorld', key);
          mainWorld[key] = api;
        },
      },
      ipcRenderer: {
        async invoke(channel: string, ...args: unknown[]) {
          const handler = ipcHandlers.get(channel);
          if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
          const event = { senderFrame: { url: win.loadedUrl ?? '', parent: null }, sender: win.webContents, processId: 1, frameId: 1 };
          // Arguments and answers cross a process boundary: structured clone, as Electron does.
          return structuredClone(await handler(event, ...structuredClone(args)));
        },
        on: (channel: string) => record('ipcRenderer.on', channel),
        off: (channel: string) => record('ipcRenderer.off', channel),
      },
    };
    const sandboxRequire = (id: string) => {
      if (!SANDBOX_PRELOAD_MODULES.has(id)) throw new Error(`a sandboxed preload cannot require('${id}')`);
      if (id === 'electron') return rendererElectron;
      return { events: EventEmitter, timers: { setTimeout, clearTimeout, setInterval, clearInterval }, url: { URL, URLSearchParams } }[id];
    };
    const mod = { exports: {} };
    const fn = vm.compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file });
    try {
      fn(mod.exports, sandboxRequire, mod, file, path.dirname(file));
    } catch (err) {
      win.loadErrors.push(`preload script failed: ${(err as Error).message}`);
    }
  }

  class BrowserWindow extends EventEmitter implements FakeWindow {
    static getAllWindows = () => windows.filter((w) => !w.destroyed);
    static getFocusedWindow = () => windows.find((w) => !w.destroyed) ?? null;
    options: Record<string, unknown>;
    webContents: FakeWebContents;
    loadedUrl: string | null = null;
    loaded = false;
    loadErrors: string[] = [];
    destroyed = false;
    constructor(opts: Record<string, unknown>) {
      super();
      if (!ready) throw new Error('Cannot create BrowserWindow before app is ready');
      this.options = opts;
      const wc = new EventEmitter() as FakeWebContents & Record<string, unknown>;
      Object.assign(wc, {
        id: nextId++,
        windowOpenHandler: null,
        sent: [],
        setWindowOpenHandler: (h: (details: { url: string }) => unknown) => (wc.windowOpenHandler = h),
        send: (channel: string, ...args: unknown[]) => wc.sent.push({ channel, args }),
        getURL: () => this.loadedUrl ?? '',
        isDevToolsOpened: () => false,
        closeDevTools: () => record('webContents.closeDevTools'),
        openDevTools: () => record('webContents.openDevTools'),
        isDestroyed: () => this.destroyed,
      });
      this.webContents = strict('webContents', wc);
      windows.push(this);
      record('new BrowserWindow', opts);
      app.emit('web-contents-created', {}, this.webContents);
    }
    async loadURL(url: string): Promise<void> {
      record('BrowserWindow.loadURL', url);
      this.loadedUrl = url;
      await load(this, url);
      this.webContents.emit('did-finish-load');
      this.emit('ready-to-show');
      this.loaded = true;
    }
    show() {
      record('BrowserWindow.show');
    }
    focus() {
      record('BrowserWindow.focus');
    }
    isDestroyed() {
      return this.destroyed;
    }
    close() {
      if (this.destroyed) return;
      this.emit('close', { preventDefault() {} });
      this.destroyed = true;
      this.emit('closed');
      if (BrowserWindow.getAllWindows().length === 0) app.emit('window-all-closed');
    }
  }

  const main = strict('electron', {
    app: strict('app', app),
    BrowserWindow,
    protocol: strict('protocol', protocol),
    net: strict('net', net),
    session: strict('session', session),
    ipcMain,
    dialog,
    shell,
    Menu: strict('Menu', { setApplicationMenu: (menu: unknown) => record('Menu.setApplicationMenu', menu) }),
  });

  return {
    main,
    records,
    becomeReady() {
      ready = true;
      record('ready');
      app.emit('ready', {}, {});
      resolveReady();
    },
    windows,
    protocolHandlers,
    ipcHandlers,
    mainWorld,
    onQuit: (l) => quitListeners.push(l),
  };
}
