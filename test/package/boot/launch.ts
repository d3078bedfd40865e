// Child process: starts a packaged app's main process (extracted from app.asar) under Node with the
// Electron stand-in, the way Electron would: package.json "main", then `ready`. Also enforces what
// the package layout promises: every require resolves inside the package (nothing from the
// developer's node_modules), and native modules load from app.asar.unpacked, never from inside the
// archive. Answers the test's requests over the IPC channel; events go to a JSON-lines file, which
// survives an abrupt app.exit().
//
//   node launch.ts <extracted app dir> <app.asar> <events file> [app args...]
import asar from '@electron/asar';
import Module, { builtinModules } from 'node:module';
import { appendFileSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { createFakeElectron } from './fake-electron.ts';

const [appDir, archive, eventsFile, ...appArgs] = process.argv.slice(2) as [string, string, string, ...string[]];
const emit = (type: string, detail: unknown = null) => appendFileSync(eventsFile, `${JSON.stringify({ type, detail })}\n`);

const pkg = JSON.parse(readFileSync(path.join(appDir, 'package.json'), 'utf8')) as { name: string; version: string; main?: string };
const electron = createFakeElectron({
  appName: pkg.name,
  appVersion: pkg.version,
  onRecord: (r) => {
    if (r.kind === 'dialog.showErrorBox') emit('dialog', r.detail);
  },
});
// A test's edited copy of the app may link node_modules to the original extraction: both are the package.
const roots = [...new Set([appDir, path.dirname(realpathSync(path.join(appDir, 'node_modules')))])];
const rootOf = (file: string) => roots.find((r) => file === r || file.startsWith(r + path.sep));
const inside = (file: string) => rootOf(file) !== undefined;
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

type ModuleInternals = typeof Module & {
  _load(request: string, parent: { filename?: string } | null, isMain: boolean): unknown;
  _resolveFilename(request: string, parent: { filename?: string } | null, ...rest: unknown[]): string;
  _extensions: Record<string, (module: { exports: unknown }, filename: string) => void>;
};
const M = Module as ModuleInternals;
const load = M._load;
M._load = function (request, parent, isMain) {
  if (request === 'electron' && parent?.filename && inside(parent.filename)) return electron.main;
  return load.call(this, request, parent, isMain);
};
const resolve = M._resolveFilename;
M._resolveFilename = function (request, parent, ...rest) {
  const file = resolve.call(this, request, parent, ...rest);
  if (parent?.filename && inside(parent.filename) && !builtins.has(file) && !inside(file)) {
    throw new Error(`require('${request}') from ${path.relative(appDir, parent.filename)} resolved outside the package, to ${file}`);
  }
  return file;
};
M._extensions['.node'] = (module, filename) => {
  const root = rootOf(filename);
  if (!root) throw new Error(`native module ${filename} is outside the package`);
  const rel = path.relative(root, filename).split(path.sep).join('/');
  const entry = asar.statFile(archive, rel, true) as { unpacked?: boolean };
  if (!entry.unpacked) {
    throw new Error(`native module ${rel} is packed inside app.asar; Electron would have to copy it to a temp file to load it (asarUnpack must list it)`);
  }
  emit('native', rel);
  process.dlopen(module, path.join(`${archive}.unpacked`, ...rel.split('/')));
};

electron.onQuit(({ exitCode, via }) => {
  emit(via, exitCode);
  // Electron ends the process here; the events file already holds everything.
  process.exitCode = exitCode;
  setImmediate(() => process.exit(exitCode));
});
process.on('uncaughtException', (err) => {
  emit('uncaughtException', String(err?.stack ?? err));
  process.exit(70);
});
process.on('unhandledRejection', (err) => {
  emit('unhandledRejection', String((err as Error)?.stack ?? err));
});

// Electron's argv in a packaged app: the executable, then the user's arguments.
process.argv = [path.join(path.dirname(path.dirname(archive)), pkg.name), ...appArgs];

interface Request {
  id: number;
  cmd: 'state' | 'fetch' | 'invoke' | 'bridge' | 'close';
  url?: string;
  channel?: string;
  payload?: unknown;
  frame?: { url: string; parent: unknown } | null;
  method?: string;
}

async function answer(req: Request): Promise<unknown> {
  switch (req.cmd) {
    case 'state':
      return {
        records: electron.records,
        schemes: [...electron.protocolHandlers.keys()],
        ipcChannels: [...electron.ipcHandlers.keys()],
        windows: electron.windows.map((w) => ({ options: w.options, loadedUrl: w.loadedUrl, loadErrors: w.loadErrors, hasOpenHandler: Boolean(w.webContents.windowOpenHandler), listeners: w.webContents.eventNames() })),
        mainWorld: Object.fromEntries(Object.entries(electron.mainWorld).map(([k, v]) => [k, Object.keys(v as object).sort()])),
      };
    case 'fetch': {
      const handler = electron.protocolHandlers.get(new URL(req.url!).protocol.replace(/:$/, ''));
      if (!handler) return { error: 'no handler for this scheme' };
      try {
        const r = await handler(new globalThis.Request(req.url!));
        const body = Buffer.from(await r.arrayBuffer());
        return { status: r.status, headers: Object.fromEntries(r.headers), body: body.toString('base64') };
      } catch (err) {
        return { error: (err as Error).message };
      }
    }
    case 'invoke': {
      const handler = electron.ipcHandlers.get(req.channel!);
      if (!handler) return { error: `no handler for ${req.channel}` };
      return structuredClone(await handler({ senderFrame: req.frame, sender: electron.windows[0]?.webContents, processId: 1, frameId: 1 }, req.payload));
    }
    case 'bridge': {
      const bridge = electron.mainWorld.recon as Record<string, (r: unknown) => Promise<unknown>> | undefined;
      if (!bridge) return { error: 'the preload exposed no window.recon' };
      try {
        return { result: await bridge[req.method!]!(req.payload) };
      } catch (err) {
        return { error: (err as Error).message, code: (err as { code?: string }).code };
      }
    }
    case 'close':
      for (const w of electron.windows) w.close();
      return null;
  }
}
process.on('message', (req: Request) => {
  void answer(req).then(
    (result) => process.send?.({ id: req.id, result }),
    (err: unknown) => process.send?.({ id: req.id, error: String((err as Error)?.stack ?? err) }),
  );
});

if (pkg.main !== 'dist/electron/main.cjs') emit('note', `package.json main is ${pkg.main}`);
const main = path.join(appDir, pkg.main ?? 'index.js');
try {
  Module.createRequire(main)(main);
} catch (err) {
  emit('load-failed', String((err as Error)?.stack ?? err));
  process.exit(71);
}
emit('loaded');
// Electron fires `ready` after the main script's first turn.
setImmediate(() => electron.becomeReady());

// start() ends with loadURL; tell the test once the window has loaded (or start-up gave up).
const poll = setInterval(() => {
  const w = electron.windows[0];
  if (w?.loaded) {
    clearInterval(poll);
    emit('window-loaded', w.loadedUrl);
  }
}, 20);
poll.unref();
