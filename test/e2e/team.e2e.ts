// The team server in Chromium (issue #23): a real `recon serve` process on a throwaway PostgreSQL,
// gateway profiles (secrets in a private keychain, on the server only) synced from the sandboxes, and
// people made with `recon user add`. Chromium trusts the server's self-signed certificate by pinning
// its public key (--ignore-certificate-errors-spki-list), not by ignoring certificate errors.
//
// One browser context per person, each signing in through the page. The steps run in order on one
// server; a later step (support requests a large refund, finance approves) slots in as another test
// with `person('fiona')` already made.
import { X509Certificate, createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { type Browser, type BrowserContext, type Page, chromium, expect, test } from '@playwright/test';
import { createApp } from '../../src-main/core/app.ts';
import { MemoryCredentialStore } from '../../src-main/core/credentials.ts';
import { getProfile } from '../../src-main/core/services/profiles.ts';
import type { Sandboxes } from '../../src-main/sandbox/index.ts';
import { apiActions, firstBankOrders, registerFirstBankOrders, startActionSandboxes, syncRange } from '../support/action-sandbox.ts';
import { describeViolations, seriousViolations } from '../support/axe.ts';
import { chromiumPath } from '../support/chromium.ts';
import { runRecon } from '../support/cli.ts';
import { type ServedProcess, startServe } from '../support/team-serve.ts';
import { type PrivateKeyring, keyringAvailable, startPrivateKeyring } from '../support/keyring.ts';
import { type Cluster, pgBinaries, pgMissingReason, startCluster } from '../support/pg-cluster.ts';

const SHOTS = 'test-results/team-shots';
const PEOPLE = {
  vera: { role: 'viewer', password: 'viewer password 1' },
  anna: { role: 'accountant', password: 'accountant password 1' },
  sam: { role: 'support', password: 'support password 1' },
  fiona: { role: 'finance', password: 'finance password 1' },
} as const;
type Person = keyof typeof PEOPLE;
/** Someone who left: her account is disabled. */
const DORA = 'dora password 1';

let keyring: PrivateKeyring;
let cluster: Cluster;
let sb: Sandboxes;
let dir: string;
let env: Record<string, string>;
let server: ServedProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];

test.describe.configure({ mode: 'serial' });
test.skip(!keyringAvailable().ok, 'needs dbus-daemon and gnome-keyring-daemon for a private keychain');
test.skip(pgBinaries() === null, pgMissingReason);

/** base64(SHA-256(SubjectPublicKeyInfo)): what Chromium's SPKI pin list takes. */
function spkiPin(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

const serve = (): Promise<ServedProcess> => startServe({ ...process.env, ...env, LANG: 'C' });

/** A fresh browser (own cookies) for one person, at `viewport`, in zh-TW unless told. */
async function newPage(viewport = { width: 1440, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-TW', acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { errors?: string[] }).errors = errors;
  return page;
}

async function signIn(page: Page, who: Person, hash = ''): Promise<void> {
  await page.goto(`${server.url}/${hash}`);
  await expect(page.getByRole('heading', { name: '登入' })).toBeVisible();
  await page.getByLabel('帳號').fill(who);
  await page.getByLabel('密碼').fill(PEOPLE[who].password);
  await page.getByRole('button', { name: '登入' }).click();
  await expect(page.getByTestId('session-name')).toHaveText(who);
}

/** An API call from inside the page, with the page's own session cookie (as a script on it could). */
function callFromPage(page: Page, channel: string, body: unknown): Promise<{ status: number; body: { ok: boolean; error?: { code: string; msg?: { code: string } } } }> {
  return page.evaluate(
    async ([c, b]) => {
      const r = await fetch(`./api/call/${c}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(b) });
      return { status: r.status, body: await r.json() };
    },
    [channel, body] as const,
  );
}

const { from, to } = syncRange();
const ordersHash = `#/orders?from=${from}&to=${to}`;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  mkdirSync(SHOTS, { recursive: true });
  keyring = await startPrivateKeyring();
  cluster = await startCluster();
  sb = await startActionSandboxes();
  dir = mkdtempSync(path.join(os.tmpdir(), 'recon-e2e-team-'));
  env = { ...keyring.env, RECON_DATA_DIR: dir, RECON_DATABASE_URL: cluster.url, RECON_KEYCHAIN_SERVICE: `recon-e2e-team-${process.pid}` };
  const recon = async (args: string[], extra: Record<string, string> = {}) => {
    const r = await runRecon(args, { env: { ...env, ...extra }, timeoutMs: 120_000 });
    if (r.code !== 0) throw new Error(`recon ${args.join(' ')} failed: ${r.stderr}`);
  };
  await recon(['profile', 'add', '--name', 'fp', '--gateway', 'flashpay', '--base-url', sb.flashpay.baseUrl, '--merchant-id', sb.flashpay.merId], { RECON_HASH_KEY: sb.flashpay.hashKey, RECON_HASH_IV: sb.flashpay.hashIv });
  await recon(['profile', 'add', '--name', 'fb', '--gateway', 'firstbank', '--base-url', sb.firstbank.baseUrl, '--merchant-id', sb.firstbank.platformId], { RECON_HASH_KEY: sb.firstbank.hashKey });
  const seeding = createApp({ dataDir: dir, shell: 'cli', credentials: new MemoryCredentialStore(), env: { ...process.env, ...env } });
  try {
    await registerFirstBankOrders(seeding, getProfile(seeding, 'fb'), sb);
  } finally {
    seeding.close();
  }
  for (const profile of ['fp', 'fb']) await recon(['sync', '--profile', profile, '--from', from, '--to', to]);
  for (const [name, p] of Object.entries(PEOPLE)) await recon(['user', 'add', '--name', name, '--role', p.role], { RECON_PASSWORD: p.password });
  await recon(['user', 'add', '--name', 'dora', '--role', 'support'], { RECON_PASSWORD: DORA });
  await recon(['user', 'disable', '--name', 'dora']);
  server = await serve();
  const pin = spkiPin(readFileSync(path.join(dir, 'tls', 'cert.pem'), 'utf8'));
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--ignore-certificate-errors-spki-list=${pin}`],
  });
});

test.afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  server?.child.kill('SIGTERM');
  await server?.exited;
  await sb?.close();
  cluster?.stop();
  await keyring?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('Chromium refuses the server without the pin (the pin is what makes it trusted)', async () => {
  const plain = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await plain.newPage();
    await expect(page.goto(`${server.url}/`)).rejects.toThrow(/ERR_CERT/);
  } finally {
    await plain.close();
  }
});

test('sign-in page: coded errors shown, at two sizes', async () => {
  const page = await newPage();
  await page.goto(`${server.url}/`);
  await expect(page.getByRole('heading', { name: '登入' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/signin-1440x900.png` });
  expect(describeViolations(await seriousViolations(page))).toBe('');
  await page.getByLabel('帳號').fill('vera');
  await page.getByLabel('密碼').fill('not the password');
  await page.getByRole('button', { name: '登入' }).click();
  await expect(page.getByTestId('signin-error')).toHaveText('帳號或密碼不正確。');
  await page.screenshot({ path: `${SHOTS}/signin-wrong-password-1440x900.png` });
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.screenshot({ path: `${SHOTS}/signin-wrong-password-1024x700.png` });

  // Five failures lock a name (one nobody has, so the people below are untouched), with the time.
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('帳號').fill('ghost');
    await page.getByLabel('密碼').fill(`guess ${i}`);
    await page.getByRole('button', { name: '登入' }).click();
    await expect(page.getByTestId('signin-error')).toHaveText('帳號或密碼不正確。');
    await expect(page.getByRole('button', { name: '登入' })).toBeDisabled();
  }
  await page.getByLabel('密碼').fill('guess 6');
  await page.getByRole('button', { name: '登入' }).click();
  await expect(page.getByTestId('signin-error')).toHaveText(/^登入失敗次數過多，帳號暫時鎖定：請於 \S.*\d{2}:\d{2}.* 之後再試。$/);
  await page.screenshot({ path: `${SHOTS}/signin-locked-1024x700.png` });

  // A disabled account says so (its password is right).
  await page.getByLabel('帳號').fill('dora');
  await page.getByLabel('密碼').fill(DORA);
  await page.getByRole('button', { name: '登入' }).click();
  await expect(page.getByTestId('signin-error')).toHaveText('這個帳號已停用：請洽管理員。');
});

test('viewer signs in, sees orders; refund and export controls are hidden, and a direct refund call is refused', async () => {
  const page = await newPage();
  await signIn(page, 'vera', ordersHash);
  await expect(page.getByTestId('session-role')).toHaveText('檢視者');
  await expect(page.getByTestId('orders-scroller').locator('[role=row]').nth(1)).toBeVisible();
  // What a viewer may not do is not offered: export, sync, the audit page, settings.
  await expect(page.getByTestId('orders-export')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '同步此區間' })).toHaveCount(0);
  const nav = page.getByRole('navigation');
  await expect(nav.getByRole('link', { name: '訂單' })).toBeVisible();
  await expect(nav.getByRole('link', { name: '稽核紀錄' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: '設定' })).toHaveCount(0);
  // Opening an order shows no cancel/refund button.
  await page.getByTestId('orders-scroller').locator('[role=row]').nth(1).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expect(page.getByRole('dialog').getByRole('button', { name: /退款|取消授權/ })).toHaveCount(0);
  await page.keyboard.press('Escape');
  expect(describeViolations(await seriousViolations(page))).toBe('');
  await page.screenshot({ path: `${SHOTS}/viewer-orders-1440x900.png` });
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.screenshot({ path: `${SHOTS}/viewer-orders-1024x700.png` });

  const o = (await firstBankOrders(sb)).find((x) => x.status === '2' && x.payType === 'CREDIT')!;
  const direct = await callFromPage(page, 'actions:execute', { profile: 'fb', orderNo: o.orderNo, kind: 'refund', confirmation: { confirmed: true } });
  expect([direct.status, direct.body.error?.code, direct.body.error?.msg?.code]).toEqual([403, 'forbidden', 'team.forbidden']);
  expect(await apiActions(sb.firstbank.baseUrl, o.orderNo)).toHaveLength(0);
  expect((page as Page & { errors?: string[] }).errors).toEqual([]);
});

test('accountant exports the orders and downloads the workbook', async () => {
  const page = await newPage();
  await signIn(page, 'anna', ordersHash);
  await expect(page.getByTestId('session-role')).toHaveText('會計');
  await page.getByTestId('orders-export').click();
  const link = page.getByTestId('orders-export-download');
  await expect(link).toBeVisible({ timeout: 60_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await download.path());
  expect(workbook.worksheets.length).toBeGreaterThan(0);
  expect(workbook.worksheets[0]!.rowCount).toBeGreaterThan(1);
  // No refund for an accountant either.
  await page.goto(`${server.url}/#/audit`);
  await expect(page.getByTestId('audit-ok')).toBeVisible();
  await expect(page.getByTestId('new-action')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/accountant-audit-1440x900.png` });
});

test('support refunds a small amount, recorded under their name; then signs out', async () => {
  const page = await newPage();
  await signIn(page, 'sam', '#/audit');
  await expect(page.getByTestId('session-role')).toHaveText('客服');
  const o = (await firstBankOrders(sb)).find((x) => x.status === '2' && x.payType === 'CREDIT' && x.amountCents < 1_000_000)!;
  const form = page.getByTestId('new-action');
  await form.locator('select[name=profile]').selectOption('fb');
  await form.locator('input[name=orderNo]').fill(o.orderNo);
  await form.getByRole('button', { name: '檢視並確認' }).click();
  const dialog = page.getByTestId('action-dialog');
  // The operator is the signed-in person: shown, not typed.
  await expect(dialog.locator('input[name=operator]')).toHaveValue('sam');
  await expect(dialog.locator('input[name=operator]')).not.toBeEditable();
  await dialog.locator('input[name=reason]').fill('顧客退貨');
  await dialog.getByRole('button', { name: /確認退款/ }).click();
  await expect(dialog.getByTestId('action-outcome')).toHaveAttribute('data-state', 'SUCCEEDED', { timeout: 60_000 });
  await dialog.getByRole('button', { name: '關閉' }).click();
  expect(await apiActions(sb.firstbank.baseUrl, o.orderNo)).toHaveLength(1);
  // Recorded under the signed-in name.
  await expect(page.getByTestId('audit-table')).toContainText(o.orderNo);
  await expect(page.getByTestId('audit-table').locator('tr', { hasText: o.orderNo }).first()).toContainText('sam');

  await page.getByTestId('sign-out').click();
  await expect(page.getByRole('heading', { name: '登入' })).toBeVisible();
  const after = await callFromPage(page, 'orders:list', {});
  expect([after.status, after.body.error?.msg?.code]).toEqual([401, 'team.no_session']);
});

test('support asks for a large refund, finance approves it, the accountant sees it; nothing is sent before', async () => {
  // Refunds already made by the steps above are left alone: the largest untouched credit order.
  const candidates = (await firstBankOrders(sb)).filter((x) => x.status === '2' && x.payType === 'CREDIT');
  const touched = await Promise.all(candidates.map(async (x) => (await apiActions(sb.firstbank.baseUrl, x.orderNo)).length > 0));
  const o = candidates.filter((_, i) => !touched[i]).sort((a, b) => b.amountCents - a.amountCents)[0]!;
  // The administrator sets the threshold at this order's amount, from another folder on the same database.
  const adminDir = mkdtempSync(path.join(os.tmpdir(), 'recon-e2e-team-admin-'));
  const policy = await runRecon(['approvals', 'policy', '--threshold', String(Math.floor(o.amountCents / 100))], { env: { ...env, RECON_DATA_DIR: adminDir } });
  rmSync(adminDir, { recursive: true, force: true });
  expect([policy.code, policy.stderr]).toEqual([0, '']);

  const sam = await newPage();
  await signIn(sam, 'sam', '#/audit');
  const form = sam.getByTestId('new-action');
  await form.locator('select[name=profile]').selectOption('fb');
  await form.locator('input[name=orderNo]').fill(o.orderNo);
  await form.getByRole('button', { name: '檢視並確認' }).click();
  const dialog = sam.getByTestId('action-dialog');
  await expect(dialog.getByTestId('approval-note')).toBeVisible();
  await dialog.locator('input[name=reason]').fill('整筆退貨');
  await dialog.getByRole('button', { name: '提出核准申請' }).click();
  await expect(dialog.getByTestId('approval-requested')).toBeVisible();
  await dialog.getByRole('button', { name: '關閉' }).click();
  expect(await apiActions(sb.firstbank.baseUrl, o.orderNo)).toHaveLength(0);
  // Going around the dialog does not help: the server refuses the refund itself.
  const around = await callFromPage(sam, 'actions:execute', { profile: 'fb', orderNo: o.orderNo, kind: 'refund', amount: String(o.amountCents / 100), operator: 'sam', confirmation: { confirmed: true, typedAmount: String(o.amountCents / 100) } });
  expect([around.status, around.body.error?.code]).toEqual([422, 'refused']);
  expect(JSON.stringify(around.body.error?.msg)).toContain('approvals.required');
  // Her own request: no approve button for the requester.
  await sam.goto(`${server.url}/#/approvals`);
  const own = sam.locator('tr', { hasText: o.orderNo });
  await expect(own).toHaveAttribute('data-state', 'PENDING');
  await expect(own.locator('[data-testid^=approve-]')).toHaveCount(0);
  expect(await apiActions(sb.firstbank.baseUrl, o.orderNo)).toHaveLength(0);

  const fiona = await newPage();
  await signIn(fiona, 'fiona', '#/approvals');
  const row = fiona.locator('tr', { hasText: o.orderNo });
  await expect(row).toHaveAttribute('data-state', 'PENDING');
  await row.locator('input[name^=reason-]').fill('已與顧客確認');
  await fiona.setViewportSize({ width: 1024, height: 700 });
  await fiona.screenshot({ path: `${SHOTS}/finance-approvals-pending-1024x700.png` });
  await fiona.setViewportSize({ width: 1440, height: 900 });
  await row.locator('[data-testid^=approve-]').click();
  // It leaves the pending list; the page says what became of it, in words.
  const decided = fiona.getByTestId('approval-decided');
  await expect(decided).toHaveAttribute('data-state', 'APPROVED', { timeout: 60_000 });
  await expect(decided).toContainText(o.orderNo);
  await expect(decided).toContainText('已完成');
  await expect(row).toHaveCount(0);
  await fiona.screenshot({ path: `${SHOTS}/finance-approvals-1440x900.png` });
  expect(await apiActions(sb.firstbank.baseUrl, o.orderNo)).toHaveLength(1);

  // The accountant sees the refund in the audit log, made by fiona at sam's request.
  const anna = await newPage();
  await signIn(anna, 'anna', '#/audit');
  const entry = anna.getByTestId('audit-table').locator('tr', { hasText: o.orderNo }).first();
  await expect(entry).toContainText('fiona');
  await expect(anna.getByRole('navigation').getByRole('link', { name: '核准' })).toHaveCount(0);
});

test('a session that ends on the server returns to sign-in with the reason', async () => {
  const page = await newPage({ width: 1024, height: 700 });
  await signIn(page, 'fiona', ordersHash);
  await expect(page.getByTestId('session-role')).toHaveText('財務');
  await page.screenshot({ path: `${SHOTS}/finance-orders-1024x700.png` });
  // Ended from outside (an administrator resets the password from another folder on the same
  // database, since the server holds its own): the next call answers 401.
  const adminDir = mkdtempSync(path.join(os.tmpdir(), 'recon-e2e-team-admin-'));
  const r = await runRecon(['user', 'reset-password', '--name', 'fiona'], { env: { ...env, RECON_DATA_DIR: adminDir, RECON_PASSWORD: 'finance password 2' } });
  rmSync(adminDir, { recursive: true, force: true });
  expect([r.code, r.stderr]).toEqual([0, '']);
  await page.getByRole('navigation').getByRole('link', { name: '每日結算' }).click();
  await expect(page.getByRole('heading', { name: '登入' })).toBeVisible();
  await expect(page.getByTestId('signin-notice')).toHaveText('請先登入。');
});
