// Entry of the web shell: `npm start` runs it where no Electron binary exists. Prints a one-time
// launch URL, writes the token for this user's tools to web-shell.json (0600), opens Chromium in app
// mode on a 0600 page that forwards to another one-time URL, and serves until SIGINT/SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type App, appVersion, createApp } from '../../core/app.ts';
import { ReconError, errorMessage } from '../../core/errors.ts';
import { dataDirFromEnv } from '../../core/paths.ts';
import { acquireInstanceLock } from '../../core/ops/instance-lock.ts';
import { log, logProcessFailures, logUnexpected, setLogger, unexpectedMessage } from '../../core/ops/log.ts';
import { startMaintenance } from '../../core/ops/maintenance.ts';
import { rememberSecret } from '../../core/ops/redact.ts';
import { DatabaseUnusableError } from '../../core/store/health.ts';
import { startRecoveryScreen } from './recovery.ts';
import { newToken } from './security.ts';
import { findRendererDir } from './renderer-dir.ts';
import { startWebShell } from './server.ts';
import { browserArgs, writeLaunchPage, writeRuntimeFile } from './launch.ts';
import { PRINTED_CODE_TTL_MS } from './security.ts';
import { settleAtStart } from '../../core/services/actions.ts';
import { anchorAudit } from '../../core/audit-anchor.ts';
import { type Demo, removeDemoProfiles, shouldRunDemo, startDemo } from '../demo.ts';

function findBrowser(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return undefined;
}

/**
 * Opens the database; when it cannot be used, serves the recovery screen (same port and token as the
 * console will use) until the person restores the latest backup or starts fresh. Never demo mode on
 * top of a lost database: demo mode is decided only on a database that opened.
 */
async function openOrRecover(dataDir: string, port: number, token: string, openBrowser: (url: string) => void): Promise<{ probe: App; port: number }> {
  for (;;) {
    try {
      return { probe: createApp({ shell: 'web', dataDir }), port };
    } catch (err) {
      if (!(err instanceof DatabaseUnusableError)) throw err;
      log().error({ reason: err.reason, file: err.file, detail: err.detail }, 'database unusable at start');
      process.stderr.write(`recon web shell: ${err.message}\n`);
      const screen = await startRecoveryScreen(err, dataDir, token, port);
      // Tools (and the person's scripts) find the recovery screen the way they find the console.
      writeRuntimeFile(dataDir, { origin: `http://127.0.0.1:${screen.port}`, port: screen.port, token });
      process.stdout.write(`Reconciliation console (web shell, recovery screen) at ${screen.url}\n`);
      openBrowser(screen.url);
      port = screen.port;
      await screen.recovered;
    }
  }
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  try {
    await run(argv);
  } catch (err) {
    // One line for a person; the details (and the id) in the log.
    const line = err instanceof ReconError ? err.message : unexpectedMessage(logUnexpected(err, { where: 'web shell start' }));
    process.stderr.write(`recon web shell: ${line.split('\n')[0]}\n`);
    process.exit(1);
  }
}

async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, 'no-open': { type: 'boolean' }, demo: { type: 'boolean' }, 'no-demo': { type: 'boolean' } },
    strict: true,
  });
  const dataDir = dataDirFromEnv();
  setLogger(dataDir, 'web');
  logProcessFailures((err, errorId) => {
    process.stderr.write(`recon web shell: ${unexpectedMessage(errorId)}: ${errorMessage(err).split('\n')[0]}\n`);
    process.exit(70);
  });
  log().info({ version: appVersion(), node: process.versions.node }, 'web shell starting');
  // One console per data folder: a second start says which process holds it.
  const lock = acquireInstanceLock(dataDir, 'web shell');
  const token = newToken();
  rememberSecret(token);
  let browserOpened = false;
  const openBrowser = (url: string) => {
    if (browserOpened) return;
    browserOpened = true;
    openInBrowser(url, dataDir, values['no-open'] === true);
  };
  const opened = await openOrRecover(dataDir, values.port ? Number(values.port) : 0, token, openBrowser);
  const probe = opened.probe;
  const demoMode = shouldRunDemo(probe, { demo: values.demo, noDemo: values['no-demo'] });
  probe.close();
  const app = createApp({ shell: 'web', demo: demoMode, dataDir });
  // The audit log is sealed with this install's key from the OS keychain (see core/audit-anchor.ts).
  const anchor = await anchorAudit(app);
  if (anchor !== 'anchored' && anchor !== 'demo') {
    const line = `audit log not anchored (${anchor}): entries are hash-chained only until the OS keychain holds this install's audit key`;
    log().warn(line);
    process.stderr.write(`${line}\n`);
  }
  let demo: Demo | undefined;
  if (demoMode) {
    demo = await startDemo(app);
    process.stdout.write(
      `Demo mode: sandbox FlashPay at ${demo.sandboxes.flashpay.baseUrl}, sandbox First Bank at ${demo.sandboxes.firstbank.baseUrl} ` +
        '(add a real profile in Settings, then start with --no-demo)\n',
    );
  } else {
    await removeDemoProfiles(app);
  }
  const shell = await startWebShell({ app, rendererDir: findRendererDir(), port: opened.port, token });
  const runtimeFile = writeRuntimeFile(app.dataDir, shell);
  process.stdout.write(`Reconciliation console (web shell) at ${shell.launchUrl(PRINTED_CODE_TTL_MS)}\n`);
  process.stdout.write(`(that link works once, for 10 minutes; tools read the token from ${runtimeFile})\n`);
  log().info({ port: shell.port, demo: demoMode }, 'web shell serving');
  // Cancels/refunds left unknown by an earlier run (a kill, a lost answer) are settled first.
  void settleAtStart(app, (line) => {
    log().warn(line);
    process.stderr.write(`${line}\n`);
  });
  const stopMaintenance = startMaintenance(app);
  if (!browserOpened) {
    browserOpened = true;
    openConsoleWindow(app.dataDir, shell.launchUrl(), values['no-open'] === true);
  }

  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  stopMaintenance();
  await shell.close();
  rmSync(runtimeFile, { force: true });
  await demo?.close();
  app.close();
  log().info('web shell stopped');
  lock.release();
}

/** The console window: Chromium opens a private launch page (0600, in the data folder) that forwards
 *  to a one-time code, so no token or code is ever on a command line or in the history. */
function openConsoleWindow(dataDir: string, launchUrl: string, noOpen: boolean): void {
  const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) || process.platform !== 'linux';
  const browser = !noOpen && hasDisplay ? findBrowser() : undefined;
  if (browser) {
    const profileDir = path.join(dataDir, 'browser-profile');
    mkdirSync(profileDir, { recursive: true, mode: 0o700 });
    const launchPage = writeLaunchPage(dataDir, launchUrl);
    // The page's code is single use and short-lived; the page itself goes once the browser has read it.
    setTimeout(() => rmSync(launchPage, { force: true }), 60_000).unref();
    const child = spawn(browser, browserArgs(launchPage, profileDir), { stdio: 'ignore', detached: true });
    child.on('error', () => process.stdout.write('Could not open a browser window; open the URL above yourself.\n'));
    child.unref();
  } else if (!noOpen) {
    process.stdout.write('No display or Chromium found: open the URL above in a browser on this machine.\n');
  }
}

/** The recovery screen (a database that cannot be used): its URL carries a one-time launch code. */
function openInBrowser(url: string, dataDir: string, noOpen: boolean): void {
  const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) || process.platform !== 'linux';
  const browser = !noOpen && hasDisplay ? findBrowser() : undefined;
  if (browser) {
    const profileDir = path.join(dataDir, 'browser-profile');
    mkdirSync(profileDir, { recursive: true, mode: 0o700 });
    const child = spawn(browser, [`--app=${url}`, `--user-data-dir=${profileDir}`, '--no-first-run', '--disable-background-networking'], {
      stdio: 'ignore',
      detached: true,
    });
    child.on('error', () => process.stdout.write('Could not open a browser window; open the URL above yourself.\n'));
    child.unref();
  } else if (!noOpen) {
    process.stdout.write('No display or Chromium found: open the URL above in a browser on this machine.\n');
  }
}

const isEntry = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) await main();
