// The Electron main process: a thin shell over the core. All decisions live in security.ts and ipc.ts.
import { BrowserWindow, app, dialog, ipcMain, net, protocol, session, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { appVersion, createApp, type App } from '../../core/app.ts';
import { KeytarCredentialStore } from '../../core/credentials.ts';
import { ReconError, errorMessage } from '../../core/errors.ts';
import { renderMessage } from '../../contract/messages/render.ts';
import { dataDirFromEnv } from '../../core/paths.ts';
import { type InstanceLock, acquireInstanceLock } from '../../core/ops/instance-lock.ts';
import { log, logProcessFailures, logUnexpected, setLogger, unexpectedMessage } from '../../core/ops/log.ts';
import { startMaintenance } from '../../core/ops/maintenance.ts';
import { DatabaseUnusableError } from '../../core/store/health.ts';
import { latestBackup, restoreFrom, startFresh } from '../../core/store/backup.ts';
import { hardenWebContents, registerIpc } from './ipc.ts';
import { TeamConnection } from '../team/connection.ts';
import { exportsDir } from '../../core/services/export.ts';
import type { JobProgress } from '../../contract/channels.ts';
import { settleAtStart } from '../../core/services/actions.ts';
import { anchorAudit } from '../../core/audit-anchor.ts';
import { type Demo, removeDemoProfiles, shouldRunDemo, startDemo } from '../demo.ts';
import {
  APP_ENTRY,
  APP_SCHEME,
  ELECTRON_CSP,
  hardenSession,
  isAllowedNavigation,
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

const dataDir = dataDirFromEnv();
let folderLock: InstanceLock | undefined;

/**
 * Opens the database; when it cannot be used, a dialog says what happened and offers to restore the
 * latest backup (checked first) or to start fresh keeping the broken file aside. Demo mode is only
 * ever decided on a database that opened.
 */
async function openOrRecover(): Promise<App | undefined> {
  for (;;) {
    try {
      return createApp({ shell: 'electron', dataDir });
    } catch (err) {
      // A newer version's database has nothing to offer here: it ends in the start-up error dialog.
      if (!(err instanceof DatabaseUnusableError) || err.reason === 'newer') throw err;
      log().error({ reason: err.reason, file: err.file, detail: err.detail }, 'database unusable at start');
      const latest = latestBackup(dataDir);
      const buttons = [...(latest ? ['還原最新備份 Restore the latest backup'] : []), '重新開始（保留損毀檔案）Start fresh', '結束 Quit'];
      const { response } = await dialog.showMessageBox({ type: 'error', title: 'Reconciliation Console', message: '資料庫無法使用 The database cannot be used', detail: bothLanguages(err), buttons, cancelId: buttons.length - 1, noLink: true });
      const choice = buttons[response] ?? '';
      try {
        if (choice.includes('Restore') && latest) await restoreFrom(latest.file, dataDir);
        else if (choice.includes('Start fresh')) startFresh(dataDir);
        else return undefined;
      } catch (e) {
        dialog.showErrorBox('Reconciliation Console', bothLanguages(e));
      }
    }
  }
}

async function start(): Promise<void> {
  folderLock = acquireInstanceLock(dataDir, 'desktop app');
  const probe = await openOrRecover();
  if (!probe) {
    app.quit();
    return;
  }
  const demoMode = shouldRunDemo(probe, { demo: process.argv.includes('--demo'), noDemo: process.argv.includes('--no-demo') });
  probe.close();
  core = createApp({ shell: 'electron', demo: demoMode, dataDir });
  // The audit log is sealed with this install's key from the OS keychain (see core/audit-anchor.ts).
  const anchor = await anchorAudit(core);
  if (anchor !== 'anchored' && anchor !== 'demo') {
    const line = `audit log not anchored (${anchor}): entries are hash-chained only until the OS keychain holds this install's audit key`;
    log().warn(line);
    console.warn(line);
  }
  if (demoMode) demo = await startDemo(core);
  else {
    // Real profiles need the keychain: say so at start, not at the first sync.
    if (core.credentials instanceof KeytarCredentialStore) await core.credentials.probe();
    await removeDemoProfiles(core);
  }

  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(request.url, rendererDir, path.sep);
    if (!file) return new Response('not found', { status: 404 });
    // net.fetch rejects for a missing file; the page should get a plain 404 instead.
    const answer = await net.fetch(pathToFileURL(file).toString()).catch(() => null);
    if (!answer) return new Response('not found', { status: 404 });
    const headers = new Headers(answer.headers);
    headers.set('Content-Security-Policy', ELECTRON_CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(answer.body, { status: answer.status, headers });
  });

  hardenSession(session.defaultSession);
  const team = new TeamConnection({ downloadsDir: exportsDir(core) });
  registerIpc(ipcMain, core, (line) => log().warn(line), team);
  // Cancels/refunds left unknown by an earlier run (a kill, a lost answer) are settled first.
  void settleAtStart(core, (line) => log().warn(line));
  startMaintenance(core);
  const toWindows = (p: JobProgress) => {
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send('job:progress', p);
  };
  // While linked to a team server (connected, or signed out of it) the windows hear the server's
  // jobs, never this desktop's own.
  core.jobs.onProgress((p) => !team.linked && toWindows(p));
  team.onProgress(toWindows);

  // web-contents-created (below) hardens this window's contents as it is created.
  const win = new BrowserWindow(windowOptions(path.join(__dirname, 'preload.cjs'), { packaged: app.isPackaged }));
  win.once('ready-to-show', () => win.show());
  await win.loadURL(APP_ENTRY);
}

/** A dialog's text for a console error: its catalogue message in zh-TW, then the English (as the dialogs' titles). */
function bothLanguages(err: unknown): string {
  return err instanceof ReconError && err.msg ? `${renderMessage(err.msg, 'zh-TW')}\n\n${err.message}` : errorMessage(err);
}

// A failed start would otherwise leave a process with no window and no word: say what happened,
// in a dialog, the log and stderr, then end.
function failStart(err: unknown): void {
  // What went wrong in its own words, and for anything unexpected the id of its log entry too.
  const message = err instanceof ReconError ? err.message : `${errorMessage(err)}\n${unexpectedMessage(logUnexpected(err, { where: 'electron start' }))}`;
  if (err instanceof ReconError) log().error({ err, code: err.code }, 'start failed');
  console.error(`recon-console: start-up failed: ${message.replace(/\n/g, ' · ')}`);
  dialog.showErrorBox('對帳主控台無法啟動 / The console cannot start', err instanceof ReconError ? bothLanguages(err) : message);
  void (demo?.close() ?? Promise.resolve()).finally(() => {
    core?.close();
    folderLock?.release();
    app.exit(1);
  });
}

try {
  setLogger(dataDir, 'electron');
} catch (err) {
  console.error(`cannot write the log in ${dataDir}: ${errorMessage(err)}`);
}
logProcessFailures((err, errorId) => {
  dialog.showErrorBox('Reconciliation Console', `${unexpectedMessage(errorId)}\n${errorMessage(err)}`);
  app.exit(70);
});
log().info({ version: appVersion(), electron: process.versions.electron }, 'desktop app starting');

// One desktop app per user session: a second start focuses the first window and ends.
const primary = app.requestSingleInstanceLock();
if (!primary) {
  log().info('another instance is running; handing over to it');
  app.quit();
} else {
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    }
  });
}

app.on('web-contents-created', (_e, contents) => {
  hardenWebContents(contents, openExternal, isAllowedNavigation, safeExternalUrl, { devTools: !app.isPackaged });
});
app.on('window-all-closed', () => {
  void (demo?.close() ?? Promise.resolve()).finally(() => {
    core?.close();
    folderLock?.release();
    app.quit();
  });
});
if (primary) app.whenReady().then(start).catch(failStart);
