// The console in a real Chromium over the web shell: the app loads with its token, shows app:info
// from a real round trip through the contract, switches language, and refuses a tokenless visit.
import { expect, test } from '@playwright/test';
import { type ConsoleProcess, startConsole } from '../support/console-process.ts';

let consoleProcess: ConsoleProcess;
test.beforeAll(async () => {
  consoleProcess = await startConsole();
});
test.afterAll(async () => consoleProcess?.stop());

test('prints a loopback URL that is refused without its token', async ({ request }) => {
  expect(consoleProcess.output()).toMatch(/Electron is not available .*; starting the web shell instead\./);
  const refused = await request.get(`${consoleProcess.origin}/`);
  expect(refused.status()).toBe(401);
  const wrong = await request.get(`${consoleProcess.origin}/?token=nope`);
  expect(wrong.status()).toBe(403);
  const ok = await request.get(consoleProcess.url);
  expect(ok.status()).toBe(200);
});

test('loads the console and shows app:info from the core', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(consoleProcess.url);
  await expect(page.getByRole('navigation', { name: '主選單' })).toContainText('對帳主控台');
  await page.getByRole('link', { name: '設定' }).click();
  await expect(page.getByTestId('info-shell')).toHaveText('本機網頁 (127.0.0.1)');
  await expect(page.getByTestId('info-datadir')).toHaveText(consoleProcess.dataDir);
  await expect(page.getByTestId('info-version')).toHaveText(/^\d+\.\d+\.\d+/);
  await page.screenshot({ path: 'test-results/screens/settings-zh.png' });

  await page.getByRole('button', { name: '切換語言' }).click();
  await expect(page.getByRole('link', { name: 'Settings' })).toBeVisible();
  await expect(page.getByTestId('info-shell')).toHaveText('Local web shell (127.0.0.1)');
  await page.screenshot({ path: 'test-results/screens/settings-en.png' });
  expect(errors, 'no console errors (CSP violations included)').toEqual([]);
});
