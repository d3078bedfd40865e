// Entry of the web shell: `npm start` runs it where no Electron binary exists. Prints a one-time
// launch URL, writes the token for this user's tools to web-shell.json (0600), opens Chromium in app
// mode on a 0600 page that forwards to another one-time URL, and serves until SIGINT/SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp } from '../../core/app.ts';
import { errorMessage } from '../../core/errors.ts';
import { startWebShell } from './server.ts';
import { browserArgs, writeLaunchPage, writeRuntimeFile } from './launch.ts';
import { PRINTED_CODE_TTL_MS } from './security.ts';
import { settleAtStart } from '../../core/services/actions.ts';
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
  const runtimeFile = writeRuntimeFile(app.dataDir, shell);
  process.stdout.write(`Reconciliation console (web shell) at ${shell.launchUrl(PRINTED_CODE_TTL_MS)}\n`);
  process.stdout.write(`(that link works once, for 10 minutes; tools read the token from ${runtimeFile})\n`);
  // Cancels/refunds left unknown by an earlier run (a kill, a lost answer) are settled first.
  void settleAtStart(app, (line) => process.stderr.write(`${line}\n`));

  const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) || process.platform !== 'linux';
  const browser = !values['no-open'] && hasDisplay ? findBrowser() : undefined;
  if (browser) {
    const profileDir = path.join(app.dataDir, 'browser-profile');
    mkdirSync(profileDir, { recursive: true, mode: 0o700 });
    const launchPage = writeLaunchPage(app.dataDir, shell.launchUrl());
    // The page's code is single use and short-lived; the page itself goes once the browser has read it.
    setTimeout(() => rmSync(launchPage, { force: true }), 60_000).unref();
    const child = spawn(browser, browserArgs(launchPage, profileDir), {
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
  rmSync(runtimeFile, { force: true });
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
