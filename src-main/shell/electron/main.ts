// The Electron main process: a thin shell over the core. All decisions live in security.ts and ipc.ts.
import { BrowserWindow, app, ipcMain, net, protocol, session, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApp, type App } from '../../core/app.ts';
import { hardenWebContents, registerIpc } from './ipc.ts';
import { settleAtStart } from '../../core/services/actions.ts';
import { anchorAudit } from '../../core/audit-anchor.ts';
import { type Demo, removeDemoProfiles, shouldRunDemo, startDemo } from '../demo.ts';
import {
  APP_ENTRY,
  APP_SCHEME,
  ELECTRON_CSP,
  isAllowedNavigation,
  isPermissionAllowed,
  resolveAppFile,
  safeExternalUrl,
  windowOptions,
} from './security.ts';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

const distDir = path.resolve(__dirname, '..');
const rendererDir = path.join(distDir, 'renderer');
let core: App | undefined;
let demo: Demo | undefined;

function openExternal(url: string): void {
  const safe = safeExternalUrl(url);
  if (safe) void shell.openExternal(safe);
}

async function start(): Promise<void> {
  const probe = createApp({ shell: 'electron' });
  const demoMode = shouldRunDemo(probe, { demo: process.argv.includes('--demo'), noDemo: process.argv.includes('--no-demo') });
  probe.close();
  core = createApp({ shell: 'electron', demo: demoMode });
  // The audit log is sealed with this install's key from the OS keychain (see core/audit-anchor.ts).
  const anchor = await anchorAudit(core);
  if (anchor !== 'anchored') {
    const line = `audit log not anchored (${anchor}): entries are hash-chained only until the OS keychain holds this install's audit key`;
    console.warn(line);
  }
  if (demoMode) demo = await startDemo(core);
  else await removeDemoProfiles(core);

  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(request.url, rendererDir, path.sep);
    if (!file) return new Response('not found', { status: 404 });
    const answer = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(answer.headers);
    headers.set('Content-Security-Policy', ELECTRON_CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(answer.body, { status: answer.status, headers });
  });

  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(isPermissionAllowed(permission)));
  registerIpc(ipcMain, core, (line) => console.warn(line));
  // Cancels/refunds left unknown by an earlier run (a kill, a lost answer) are settled first.
  void settleAtStart(core, (line) => console.warn(line));
  core.jobs.onProgress((p) => {
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send('job:progress', p);
  });

  // web-contents-created (below) hardens this window's contents as it is created.
  const win = new BrowserWindow(windowOptions(path.join(__dirname, 'preload.cjs')));
  win.once('ready-to-show', () => win.show());
  await win.loadURL(APP_ENTRY);
}

app.on('web-contents-created', (_e, contents) => {
  hardenWebContents(contents, openExternal, isAllowedNavigation, safeExternalUrl);
});
app.on('window-all-closed', () => {
  void (demo?.close() ?? Promise.resolve()).finally(() => {
    core?.close();
    app.quit();
  });
});
app.whenReady().then(start, (err: unknown) => {
  console.error(err);
  app.exit(1);
});
