// The desktop app through Playwright's Electron driver, twice: the unpacked app (this checkout, run by
// the Electron binary) and the package electron-builder makes, built with the test fuse set
// (release fuses, but inspector arguments on, which Playwright needs to attach). Runs only where an
// Electron binary exists (ELECTRON_OVERRIDE_DIST_PATH or a completed `electron` download) or a
// test-fuse package is given (RECON_PACKAGED_APP); otherwise skips and says why.
import { _electron as electron, type ElectronApplication, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../support/console-process.ts';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';
import { packageDir } from '../../scripts/package-dir.mjs';

const found = findElectronBinary();
const binary = 'binary' in found ? { path: found.binary } : { path: undefined, why: found.why };
if (!binary.path) console.log(`Electron e2e (unpacked app) skipped: ${binary.why}`);

/** The packaged executable: RECON_PACKAGED_APP, else one built here from the real Electron. */
const EXECUTABLE = { linux: 'recon-console', win32: 'Reconciliation Console.exe', darwin: 'Reconciliation Console.app/Contents/MacOS/Reconciliation Console' }[
  process.platform as 'linux' | 'win32' | 'darwin'
];
const givenPackage = process.env.RECON_PACKAGED_APP;
const packaged: { why?: string } =
  givenPackage && !existsSync(givenPackage)
    ? { why: `RECON_PACKAGED_APP=${givenPackage} does not exist` }
    : !givenPackage && !binary.path
      ? { why: `no test-fuse package (RECON_PACKAGED_APP) and no Electron binary to build one: ${binary.why}` }
      : {};
if (packaged.why) console.log(`Electron e2e (packaged app) skipped: ${packaged.why}`);

async function checkConsoleWindow(app: ElectronApplication): Promise<void> {
  const page = await app.firstWindow();
  expect(page.url()).toMatch(/^app:\/\/renderer\//);
  const hasRequire = await page.evaluate(() => typeof (globalThis as { require?: unknown }).require);
  expect(hasRequire).toBe('undefined');
  await page.getByRole('link', { name: '設定' }).click();
  await expect(page.getByTestId('info-shell')).toHaveText('桌面應用程式 (Electron)');
}

test('the unpacked app opens the hardened window and answers app:info over IPC', async () => {
  test.skip(!binary.path, binary.why ?? '');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'recon-electron-'));
  const app = await electron.launch({ executablePath: binary.path!, args: [repoRoot], env: { ...process.env, RECON_DATA_DIR: dataDir } });
  await checkConsoleWindow(app);
  await app.close();
});

test('the package (test fuses) starts from its own app.asar and answers app:info over IPC', async () => {
  test.skip(Boolean(packaged.why), packaged.why ?? '');
  test.setTimeout(10 * 60_000);
  let executable = givenPackage;
  if (!executable) {
    // electronDist is the folder holding the Electron executable (Electron.app on macOS).
    const dist = process.platform === 'darwin' ? binary.path!.replace(/\/Electron\.app\/.*$/, '') : path.dirname(binary.path!);
    const outDir = path.join(repoRoot, 'test-results', 'electron-package');
    executable = path.join(packageDir({ outDir, electronDist: dist, fuses: 'test', quiet: true }), EXECUTABLE!);
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'recon-electron-pkg-'));
  // No app path argument: with onlyLoadAppFromAsar the package can only run its own app.asar.
  const app = await electron.launch({ executablePath: executable, args: [], env: { ...process.env, RECON_DATA_DIR: dataDir } });
  expect(await app.evaluate(({ app: a }) => a.isPackaged)).toBe(true);
  await checkConsoleWindow(app);
  await app.close();
});
