// Cancel and refund in a real Chromium over the web shell, against the sandboxes, with profiles whose
// secrets sit in a private keychain: preview, typed-amount confirmation, success, refusal, an unknown
// outcome settled from the dialog, the audit page's filters and export, and a tampered log shown loudly.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type Page, expect, test } from '@playwright/test';
import { createApp } from '../../src-main/core/app.ts';
import { MemoryCredentialStore } from '../../src-main/core/credentials.ts';
import { getProfile } from '../../src-main/core/services/profiles.ts';
import type { Sandboxes } from '../../src-main/sandbox/index.ts';
import { apiActions, armAfterQueries, armFault, clearFaults, firstBankOrders, flashPayOrders, newAuthorizedOrder, registerFirstBankOrders, startActionSandboxes, syncRange } from '../support/action-sandbox.ts';
import { runRecon } from '../support/cli.ts';
import { type ConsoleProcess, startConsole } from '../support/console-process.ts';
import { type PrivateKeyring, keyringAvailable, startPrivateKeyring } from '../support/keyring.ts';

const SCREENS = 'test-results/screens';
let keyring: PrivateKeyring;
let sb: Sandboxes;
let dataDir: string;
let env: Record<string, string>;
let consoleProcess: ConsoleProcess;
const tempDirs: string[] = [];

/** A data dir and keychain service of its own, with both sandbox profiles added (two audit entries). */
async function profilesIn(name: string): Promise<{ dataDir: string; env: Record<string, string> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `recon-e2e-${name}-`));
  tempDirs.push(dir);
  const dirEnv = { ...keyring.env, RECON_DATA_DIR: dir, RECON_KEYCHAIN_SERVICE: `recon-e2e-${name}-${process.pid}` };
  const add = async (args: string[], secrets: Record<string, string>) => {
    const r = await runRecon(['profile', 'add', ...args], { env: { ...dirEnv, ...secrets } });
    if (r.code !== 0) throw new Error(`profile add failed: ${r.stderr}`);
  };
  await add(['--name', 'fp', '--gateway', 'flashpay', '--base-url', sb.flashpay.baseUrl, '--merchant-id', sb.flashpay.merId], { RECON_HASH_KEY: sb.flashpay.hashKey, RECON_HASH_IV: sb.flashpay.hashIv });
  await add(['--name', 'fb', '--gateway', 'firstbank', '--base-url', sb.firstbank.baseUrl, '--merchant-id', sb.firstbank.platformId], { RECON_HASH_KEY: sb.firstbank.hashKey });
  return { dataDir: dir, env: dirEnv };
}

/** The number of entries the audit page's "chain intact" banner counts. */
async function auditEntries(page: Page): Promise<number> {
  const text = await page.getByTestId('audit-ok').textContent();
  const n = /(\d+) 筆/.exec(text ?? '');
  if (!n) throw new Error(`no entry count in ${JSON.stringify(text)}`);
  return Number(n[1]);
}

test.skip(!keyringAvailable().ok, 'needs dbus-daemon and gnome-keyring-daemon for a private keychain');

test.beforeAll(async () => {
  test.setTimeout(120_000);
  keyring = await startPrivateKeyring();
  sb = await startActionSandboxes();
  ({ dataDir, env } = await profilesIn('actions'));
  // First Bank orders enter the cache from the shop's records (no secrets needed for that).
  const seeding = createApp({ dataDir, shell: 'cli', credentials: new MemoryCredentialStore() });
  await registerFirstBankOrders(seeding, getProfile(seeding, 'fb'), sb);
  seeding.close();
  const { from, to } = syncRange();
  for (const profile of ['fp', 'fb']) {
    const r = await runRecon(['sync', '--profile', profile, '--from', from, '--to', to], { env });
    if (r.code !== 0) throw new Error(`sync ${profile} failed: ${r.stderr}`);
  }
  consoleProcess = await startConsole({ env });
});
test.afterAll(async () => {
  await consoleProcess?.stop();
  await sb?.close();
  await keyring?.stop();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

test('cancel with a typed amount, a refusal, and the audit trail', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const big = await newAuthorizedOrder(sb, 12_800);
  await page.goto(consoleProcess.url);
  await page.getByRole('link', { name: '稽核紀錄' }).click();
  // At least the two `recon profile add` runs are audited (profile.add); other tests may add more.
  await expect(page.getByTestId('audit-ok')).toBeVisible();
  const before = await auditEntries(page);
  expect(before).toBeGreaterThanOrEqual(2);

  const form = page.getByTestId('new-action');
  await form.locator('select[name=profile]').selectOption('fp');
  await form.locator('input[name=orderNo]').fill(big.orderNo);
  await form.getByRole('button', { name: '檢視並確認' }).click();
  const dialog = page.getByTestId('action-dialog');
  await expect(dialog.getByTestId('action-amount')).toHaveText('NT$ 12,800.00');
  await expect(dialog.getByTestId('action-status')).toContainText('02 授權成功');
  await expect(dialog.getByTestId('action-gateway')).toContainText('FlashPay');
  await expect(dialog.getByTestId('action-expected')).toContainText('12 訂單取消');
  const confirm = dialog.getByRole('button', { name: /確認取消授權/ });
  await expect(confirm).toBeDisabled();
  await page.screenshot({ path: `${SCREENS}/actions-1-preview-typed-amount.png` });
  await dialog.locator('input[name=typedAmount]').fill('12,000');
  await expect(confirm).toBeDisabled();
  await dialog.locator('input[name=typedAmount]').fill('12,800');
  await dialog.locator('input[name=operator]').fill('客服 陳小姐');
  await dialog.locator('input[name=reason]').fill('顧客來電取消');
  await expect(confirm).toBeEnabled();
  await page.screenshot({ path: `${SCREENS}/actions-2-typed-confirmed.png` });
  await confirm.click();
  await expect(dialog.getByTestId('action-outcome')).toHaveAttribute('data-state', 'SUCCEEDED');
  await expect(dialog.getByTestId('action-outcome')).toContainText('02 → 12');
  await page.screenshot({ path: `${SCREENS}/actions-3-succeeded.png` });
  await dialog.getByRole('button', { name: '關閉' }).click();
  expect(await apiActions(sb.flashpay.baseUrl, big.orderNo)).toHaveLength(1);

  // Already cancelled: refused before anything is sent, with the reason.
  await form.locator('input[name=orderNo]').fill(big.orderNo);
  await form.getByRole('button', { name: '檢視並確認' }).click();
  await expect(dialog.getByTestId('action-refused')).toContainText('訂單已取消');
  await expect(dialog.getByRole('button', { name: /確認/ })).toHaveCount(0);
  await page.screenshot({ path: `${SCREENS}/actions-4-refused.png` });
  await dialog.getByRole('button', { name: '關閉' }).click();
  expect(await apiActions(sb.flashpay.baseUrl, big.orderNo)).toHaveLength(1);

  // The audit page lists the attempt: intent, sent, succeeded, by the operator typed in the dialog.
  await expect(page.getByTestId('audit-table')).toContainText('客服 陳小姐');
  await expect(page.getByTestId('audit-table')).toContainText('顧客來電取消');
  await expect(page.getByTestId('audit-ok')).toContainText(`${before + 3} 筆`);
  expect(errors).toEqual([]);
});

test('an unknown outcome is shown plainly and settled from the dialog; one refund at the gateway', async ({ page }) => {
  test.setTimeout(120_000);
  // A paid card order below the typed-amount threshold (paid orders carry a ReCheckId, so they are cached).
  const o = (await firstBankOrders(sb)).find((x) => x.status === '2' && x.payType === 'CREDIT' && x.amountCents < 1_000_000)!;
  await page.goto(`${consoleProcess.url}#/audit`);
  await page.getByRole('button', { name: '切換語言' }).click();
  const form = page.getByTestId('new-action');
  await form.locator('select[name=profile]').selectOption('fb');
  await form.locator('input[name=orderNo]').fill(o.orderNo);
  await form.getByRole('button', { name: 'Review' }).click();
  const dialog = page.getByTestId('action-dialog');
  await expect(dialog.getByTestId('action-expected')).toContainText('First Bank refunds the full amount');
  // The refund is applied but its answer dropped, and every re-query fails: the outcome stays unknown.
  // (The re-query before sending passes: a zero delay takes it, the 5xx meet only the later ones.)
  await armFault(sb.firstbank.baseUrl, { op: 'refund', kind: 'drop-after-apply' });
  await armAfterQueries(sb.firstbank.baseUrl, 'report', 1, { kind: 'http500', count: 1000 });
  await dialog.getByRole('button', { name: /Confirm refund/ }).click();
  await expect(dialog.getByText(/Journaled and sent/)).toBeVisible();
  await expect(dialog.getByTestId('action-outcome')).toHaveAttribute('data-state', 'UNKNOWN', { timeout: 60_000 });
  await expect(dialog.getByTestId('action-outcome')).toContainText('Do not send it again');
  await page.screenshot({ path: `${SCREENS}/actions-5-unknown.png` });
  await clearFaults(sb);
  await dialog.getByRole('button', { name: 'Check the outcome again' }).click();
  await expect(dialog.getByTestId('action-outcome')).toHaveAttribute('data-state', 'SUCCEEDED');
  await expect(dialog.getByTestId('action-outcome')).toContainText('confirmed by re-querying');
  await page.screenshot({ path: `${SCREENS}/actions-6-unknown-settled.png` });
  await dialog.getByRole('button', { name: 'Close' }).click();
  expect(await apiActions(sb.firstbank.baseUrl, o.orderNo)).toHaveLength(1);

  // Filter to the unknown entries, then export what is shown.
  await page.locator('select[name=outcome]').selectOption('unknown');
  await page.getByRole('button', { name: 'Filter' }).click();
  const rows = page.getByTestId('audit-table').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(o.orderNo);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv.trim().split('\r\n')).toHaveLength(2);
  expect(csv).toContain(o.orderNo);
  await page.screenshot({ path: `${SCREENS}/actions-7-audit-filtered.png`, fullPage: true });
});

test('a tampered audit log is shown as a red banner naming the first bad entry', async ({ page }) => {
  test.setTimeout(90_000);
  // A console of its own: the tampered log would break every test that ran after this one.
  const own = await profilesIn('tampered');
  const db = new Database(path.join(own.dataDir, 'recon.sqlite'));
  db.exec('DROP TRIGGER audit_log_no_update');
  db.prepare("UPDATE audit_log SET operator = 'someone else' WHERE seq = 2").run();
  db.close();
  const tampered = await startConsole({ env: own.env });
  try {
    await page.goto(`${tampered.url}#/audit`);
    const banner = page.getByTestId('audit-broken');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('稽核紀錄遭竄改');
    await expect(banner).toContainText('第 2 筆');
    await page.screenshot({ path: `${SCREENS}/actions-8-tampered.png` });
  } finally {
    await tampered.stop();
  }
  // The order list of the sandbox is untouched by any of this.
  expect((await flashPayOrders(sb)).length).toBeGreaterThan(0);
});
