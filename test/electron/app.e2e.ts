// The desktop app through Playwright's Electron driver. Runs only where an Electron binary exists
// (ELECTRON_OVERRIDE_DIST_PATH or a completed `electron` download); otherwise skips and says why.
import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../support/console-process.ts';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';

const found = findElectronBinary();
const binary = 'binary' in found ? { path: found.binary } : { path: undefined, why: found.why };
if (!binary.path) console.log(`Electron e2e skipped: ${binary.why}`);

test.skip(!binary.path, binary.why ?? '');

test('opens the hardened window and answers app:info over IPC', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'recon-electron-'));
  const app = await electron.launch({ executablePath: binary.path!, args: [repoRoot], env: { ...process.env, RECON_DATA_DIR: dataDir } });
  const page = await app.firstWindow();
  expect(page.url()).toMatch(/^app:\/\/renderer\//);
  const hasRequire = await page.evaluate(() => typeof (globalThis as { require?: unknown }).require);
  expect(hasRequire).toBe('undefined');
  await page.getByRole('link', { name: '設定' }).click();
  await expect(page.getByTestId('info-shell')).toHaveText('桌面應用程式 (Electron)');
  await app.close();
});
