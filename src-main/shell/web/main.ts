// Entry of the web shell: `npm start` runs it where no Electron binary exists. Prints the loopback
// URL with its per-launch token, opens Chromium in app mode when a display is available, and serves
// until SIGINT/SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp } from '../../core/app.ts';
import { errorMessage } from '../../core/errors.ts';
import { startWebShell } from './server.ts';
import { settleAtStart } from '../../core/services/actions.ts';
import { anchorAudit } from '../../core/audit-anchor.ts';
import { type Demo, removeDemoProfiles, shouldRunDemo, startDemo } from '../demo.ts';

export function findRendererDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../../../dist/renderer'), path.resolve(here, '../renderer')];
  return candidates.find((c) => existsSync(path.join(c, 'index.html'))) ?? candidates[0]!;
}

function findBrowser(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return undefined;
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, 'no-open': { type: 'boolean' }, demo: { type: 'boolean' }, 'no-demo': { type: 'boolean' } },
    strict: true,
  });
  const probe = createApp({ shell: 'web' });
  const demoMode = shouldRunDemo(probe, { demo: values.demo, noDemo: values['no-demo'] });
  probe.close();
  const app = createApp({ shell: 'web', demo: demoMode });
  // The audit log is sealed with this install's key from the OS keychain (see core/audit-anchor.ts).
  const anchor = await anchorAudit(app);
  if (anchor !== 'anchored') {
    const line = `audit log not anchored (${anchor}): entries are hash-chained only until the OS keychain holds this install's audit key`;
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
  const shell = await startWebShell({ app, rendererDir: findRendererDir(), port: values.port ? Number(values.port) : 0 });
  process.stdout.write(`Reconciliation console (web shell) at ${shell.url}\n`);
  // Cancels/refunds left unknown by an earlier run (a kill, a lost answer) are settled first.
  void settleAtStart(app, (line) => process.stderr.write(`${line}\n`));

  const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) || process.platform !== 'linux';
  const browser = !values['no-open'] && hasDisplay ? findBrowser() : undefined;
  if (browser) {
    const profileDir = path.join(app.dataDir, 'browser-profile');
    mkdirSync(profileDir, { recursive: true });
    const child = spawn(browser, [`--app=${shell.url}`, `--user-data-dir=${profileDir}`, '--no-first-run', '--disable-background-networking'], {
      stdio: 'ignore',
      detached: true,
    });
    child.on('error', () => process.stdout.write('Could not open a browser window; open the URL above yourself.\n'));
    child.unref();
  } else if (!values['no-open']) {
    process.stdout.write('No display or Chromium found: open the URL above in a browser on this machine.\n');
  }

  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await shell.close();
  await demo?.close();
  app.close();
}

const isEntry = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  main().catch((err: unknown) => {
    process.stderr.write(`recon web shell: ${errorMessage(err)}\n`);
    process.exit(1);
  });
}
