// Settings' backups and support in Chromium on the web shell: back up now, check the database, save
// the diagnostics bundle (a real zip download), and restore a listed backup.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { type ConsoleProcess, startConsole } from '../support/console-process.ts';

let c: ConsoleProcess;

test.beforeAll(async () => {
  c = await startConsole({ args: ['--no-demo'] });
});
test.afterAll(async () => {
  await c?.stop();
});

test('backs up, checks, saves diagnostics and restores from Settings', async ({ page }) => {
  await page.goto(`${c.url}#/settings`);
  const panel = page.getByTestId('maintenance');
  await expect(panel.getByRole('heading', { name: '備份與支援' })).toBeVisible();

  await panel.getByRole('button', { name: '立即備份' }).click();
  await expect(panel.getByRole('status')).toContainText('已備份：recon-manual-');
  await expect(panel.getByTestId('backups').getByRole('row').filter({ hasText: 'manual' })).toHaveCount(1);

  await panel.getByRole('button', { name: '檢查資料庫' }).click();
  await expect(panel.getByRole('status')).toHaveText('資料庫完整。');

  const downloading = page.waitForEvent('download');
  await panel.getByRole('button', { name: '匯出診斷資料' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^recon-diagnostics-.*\.zip$/);
  const zip = readFileSync((await download.path())!);
  expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
  await expect(panel.getByRole('status')).toContainText('不含密鑰');

  page.once('dialog', (d) => void d.accept());
  await panel.getByTestId('backups').getByRole('row').filter({ hasText: 'manual' }).getByRole('button', { name: '還原' }).click();
  await expect(panel.getByRole('status')).toContainText('稽核紀錄已驗證');
  // The console goes on working on the restored database.
  await page.reload();
  await expect(page.getByTestId('info-version')).toBeVisible();
});
