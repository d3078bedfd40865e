// The desktop app through Playwright's Electron driver. Runs only where an Electron binary exists
// (ELECTRON_OVERRIDE_DIST_PATH or a completed `electron` download); otherwise skips and says why.
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../support/console-process.ts';

function electronBinary(): { path?: string; why?: string } {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown as string;
    return existsSync(p) ? { path: p } : { why: `no Electron binary at ${p}` };
  } catch (err) {
    return { why: `no Electron binary (${(err as Error).message.split('\n')[0]}); set ELECTRON_OVERRIDE_DIST_PATH to run this suite` };
  }
}

const binary = electronBinary();
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
