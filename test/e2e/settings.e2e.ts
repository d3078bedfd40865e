// The Settings page creates a working profile in Chromium: secrets typed into the form go to a real
// (private) keychain, "test connection" talks to the sandbox gateway over the real protocol, and the
// secrets never come back to the page.
import { expect, test } from '@playwright/test';
import path from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import { type ConsoleProcess, startConsole } from '../support/console-process.ts';
import { type PrivateKeyring, keyringAvailable, startPrivateKeyring } from '../support/keyring.ts';
import { callConsole } from '../support/console-api.ts';
import { type Sandboxes, startSandboxes } from '../../src-main/sandbox/index.ts';
import { latinSentences } from '../support/latin-words.ts';

const available = keyringAvailable();
test.skip(!available.ok, available.ok ? '' : `needs a private keychain: ${available.why}`);

let sb: Sandboxes;
let keyring: PrivateKeyring;
let c: ConsoleProcess;

test.beforeAll(async () => {
  sb = await startSandboxes({ seed: 11, days: 10 });
  keyring = await startPrivateKeyring();
  c = await startConsole({ args: ['--no-demo'], env: { ...keyring.env, RECON_KEYCHAIN_SERVICE: `recon-e2e-settings-${process.pid}` } });
});
test.afterAll(async () => {
  await c?.stop();
  await keyring?.stop();
  await sb?.close();
});

test('adds FlashPay and First Bank profiles whose connection tests pass', async ({ page }) => {
  await page.goto(`${c.url}#/settings`);
  await expect(page.getByText('尚未建立設定檔')).toBeVisible();
  const form = page.getByRole('form', { name: '新增設定檔' });

  await form.getByLabel('名稱').fill('我的 FlashPay');
  await form.getByLabel('特店編號').fill(sb.flashpay.merId);
  await form.getByLabel('交易網址').fill(`${sb.flashpay.baseUrl}/trade.php`);
  await form.getByLabel('HashKey 金鑰').fill(sb.flashpay.hashKey);
  await form.getByLabel('HashIV 向量').fill(sb.flashpay.hashIv);
  await form.getByRole('button', { name: '儲存' }).click();
  await expect(form.getByRole('status')).toContainText('已新增設定檔');

  await form.getByLabel('金流').selectOption('firstbank');
  await form.getByLabel('名稱').fill('第一銀行');
  await form.getByLabel('特店編號').fill(sb.firstbank.platformId);
  await form.getByLabel('交易網址').fill(sb.firstbank.baseUrl);
  await form.getByLabel('HashKey 金鑰').fill(sb.firstbank.hashKey);
  await form.getByLabel(/手續費率/).fill('2.2');
  await form.getByRole('button', { name: '儲存' }).click();
  await expect(form.getByRole('status')).toContainText('第一銀行');

  const fp = page.getByTestId('profile-我的 FlashPay');
  await expect(fp).toContainText('金鑰已設定 · 存於系統鑰匙圈');
  await expect(fp).toContainText(sb.flashpay.baseUrl); // the pasted trade.php was trimmed to the base URL
  await fp.getByRole('button', { name: '測試連線' }).click();
  await expect(fp.getByTestId('test-result')).toContainText('✓');
  const fb = page.getByTestId('profile-第一銀行');
  await fb.getByRole('button', { name: '測試連線' }).click();
  await expect(fb.getByTestId('test-result')).toContainText('✓');
  await page.screenshot({ path: 'test-results/screens/settings-profiles.png', fullPage: true });

  // The page can see that secrets are set, never what they are.
  const listed = JSON.stringify(await callConsole(c, 'profiles:list'));
  expect(listed).not.toContain(sb.flashpay.hashKey);
  expect(listed).not.toContain(sb.firstbank.hashKey);
  expect(await page.content()).not.toContain(sb.flashpay.hashIv);
});

test('a wrong key fails the connection test with the gateway\'s words, and bad input is explained', async ({ page }) => {
  await page.goto(`${c.url}#/settings`);
  const form = page.getByRole('form', { name: '新增設定檔' });
  await form.getByLabel('金流').selectOption('firstbank');
  await form.getByLabel('名稱').fill('錯誤金鑰');
  await form.getByLabel('特店編號').fill(sb.firstbank.platformId);
  await form.getByLabel('交易網址').fill(sb.firstbank.baseUrl);
  await form.getByLabel('HashKey 金鑰').fill('0'.repeat(32));
  await form.getByRole('button', { name: '儲存' }).click();
  const wrong = page.getByTestId('profile-錯誤金鑰');
  await wrong.getByRole('button', { name: '測試連線' }).click();
  await expect(wrong.getByTestId('test-result')).toContainText('✗');
  // In the clerk's language: the signature does not match, the HashKey may be wrong.
  await expect(wrong.getByTestId('test-result')).toContainText('簽章不符');
  await expect(wrong.getByTestId('test-result')).toContainText('HashKey 不對');

  await form.getByLabel('金流').selectOption('flashpay');
  await form.getByLabel('名稱').fill('http 不行');
  await form.getByLabel('特店編號').fill('M1');
  await form.getByLabel('交易網址').fill('http://api.fl-pay.com');
  await form.getByLabel('HashKey 金鑰').fill('k'.repeat(32));
  await form.getByLabel('HashIV 向量').fill('v'.repeat(16));
  await form.getByRole('button', { name: '儲存' }).click();
  await expect(form.getByTestId('error-tradeUrl')).toContainText('網址必須使用 https');
  await expect(page.getByTestId('profile-http 不行')).toHaveCount(0);
});

test('every bad field is named next to itself at once; a profile can be edited in place', async ({ page }) => {
  await page.goto(`${c.url}#/settings`);
  const form = page.getByRole('form', { name: '新增設定檔' });
  await form.getByLabel('金流').selectOption('flashpay');
  await form.getByLabel('名稱').fill('');
  await form.getByLabel('特店編號').fill('has space');
  await form.getByLabel('交易網址').fill('htp:/not a url');
  await form.getByLabel('HashKey 金鑰').fill('short');
  await form.getByLabel('HashIV 向量').fill('v');
  await form.getByRole('button', { name: '儲存' }).click();
  for (const field of ['name', 'merchantId', 'tradeUrl', 'hashKey', 'hashIv']) await expect(form.getByTestId(`error-${field}`)).toBeVisible();
  await expect(form.getByTestId('error-tradeUrl')).toContainText('「htp:/not a url」不是網址');
  for (const field of ['name', 'merchantId', 'tradeUrl', 'hashKey', 'hashIv']) expect(latinSentences((await form.getByTestId(`error-${field}`).textContent()) ?? ''), field).toEqual([]);
  await page.screenshot({ path: 'test-results/screens/settings-field-errors.png', fullPage: true });

  // Edit: rename the FlashPay profile and change its merchant id; its secrets stay.
  const fp = page.getByTestId('profile-我的 FlashPay');
  await fp.getByRole('button', { name: '編輯' }).click();
  const edit = page.getByRole('form', { name: '編輯設定檔 我的 FlashPay' });
  await edit.getByLabel('交易網址').fill('ftp://nope');
  await edit.getByRole('button', { name: '儲存' }).click();
  await expect(edit.getByTestId('error-tradeUrl')).toContainText('「ftp://nope」不是網址');
  await edit.getByLabel('交易網址').fill(sb.flashpay.baseUrl);
  await edit.getByLabel('名稱').fill('門市 FlashPay');
  await edit.getByRole('button', { name: '儲存' }).click();
  const renamed = page.getByTestId('profile-門市 FlashPay');
  await expect(renamed).toBeVisible();
  await expect(renamed).toContainText('金鑰已設定');
  await renamed.getByRole('button', { name: '測試連線' }).click();
  await expect(renamed.getByTestId('test-result')).toContainText('✓');
  const audit = await callConsole<{ entries: Array<{ event: string; note: string }> }>(c, 'audit:list', { filters: {}, page: 0 });
  expect(audit.entries.map((e) => e.event)).toEqual(expect.arrayContaining(['profile.add', 'profile.update']));
});

test('the database holds no secret', async () => {
  await c.stop({ keepData: true });
  for (const f of readdirSync(c.dataDir).filter((n) => n.startsWith('recon.sqlite'))) {
    const bytes = readFileSync(path.join(c.dataDir, f)).toString('latin1');
    for (const secret of [sb.flashpay.hashKey, sb.flashpay.hashIv, sb.firstbank.hashKey]) expect(bytes, f).not.toContain(secret);
  }
});
