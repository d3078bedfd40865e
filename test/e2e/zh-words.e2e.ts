// Every word a Taiwanese clerk reads is Chinese. In Chromium, on a demo console of its own, in zh-TW:
// every page, the order drawer and a refused cancel, and the error states a clerk meets (bad Settings
// input, an unreachable gateway, bad ledger rows, a broken audit chain). Each screen is scanned for a
// run of English prose; identifiers, codes, proper names and what a gateway itself said are fine
// (test/support/latin-words.ts says which).
import path from 'node:path';
import Database from 'better-sqlite3';
import { type Page, expect, test } from '@playwright/test';
import { type DemoConsole, startDemoConsole } from '../support/demo-console.ts';
import { callConsole } from '../support/console-api.ts';
import { latinSentences } from '../support/latin-words.ts';

let demo: DemoConsole;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  demo = await startDemoConsole();
});
test.afterAll(async () => {
  await demo?.stop();
});

/**
 * The English prose visible in `where` (the whole page by default). Blocks marked translate="no" hold
 * what a gateway or a record said, as it came (a raw answer, an audit note as written): not scanned.
 */
async function englishIn(page: Page, where = page.locator('body')): Promise<string[]> {
  const text = await where.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    for (const raw of copy.querySelectorAll('[translate="no"]')) raw.remove();
    // innerText needs layout: measure the copy in the page, out of sight.
    copy.style.position = 'absolute';
    copy.style.left = '-10000px';
    document.body.appendChild(copy);
    const t = copy.innerText;
    copy.remove();
    return t;
  });
  return latinSentences(text);
}

const found: Record<string, string[]> = {};
async function scan(page: Page, screen: string, where?: ReturnType<Page['locator']>) {
  const prose = await englishIn(page, where);
  if (prose.length) found[screen] = prose;
  expect.soft(prose, `${screen} shows English prose`).toEqual([]);
}

test('every page, dialog and error state reads in Chinese', async ({ page }) => {
  test.setTimeout(300_000);
  const { c, today } = demo;
  // A pending approval request, so the approvals page shows a row and not only its empty state.
  const captured = demo.db
    .prepare("SELECT p.name AS profile, o.order_no AS orderNo FROM orders o JOIN profiles p ON p.id = o.profile_id WHERE o.gateway = 'flashpay' AND o.status_code = '03' LIMIT 1")
    .get() as { profile: string; orderNo: string };
  await callConsole(c, 'approvals:request', { profile: captured.profile, orderNo: captured.orderNo, kind: 'refund', amount: '60,000', reason: '客戶退貨' });

  for (const [hash, heading] of [
    ['#/orders', '訂單'],
    ['#/settlement', '每日結算'],
    ['#/payouts', '撥款'],
    ['#/reconcile', '對帳'],
    ['#/approvals', '核准'],
    ['#/audit', '稽核紀錄'],
    ['#/settings', '設定'],
  ] as const) {
    await page.goto(`${c.url}${hash}`);
    await expect(page.locator('main h1').first()).toContainText(heading);
    await page.waitForLoadState('networkidle');
    await scan(page, hash);
  }
  // The request made above is on the approvals page, in Chinese (scanned in the loop).
  await page.goto(`${c.url}#/approvals`);
  await expect(page.getByTestId('approvals')).toContainText('待核准');
  await expect(page.getByTestId('approvals')).toContainText('NT$ 60,000.00');

  // The drawer of an order, and a cancel the gateway's status refuses (a cancelled FlashPay order).
  const cancelled = demo.db
    .prepare("SELECT profile_id, order_no, taipei_day FROM orders WHERE gateway = 'flashpay' AND status_code = '12' ORDER BY ordered_at_ms DESC LIMIT 1")
    .get() as { profile_id: number; order_no: string; taipei_day: string } | undefined;
  expect(cancelled, 'the demo data has a cancelled FlashPay order').toBeDefined();
  await page.goto(`${c.url}#/orders?from=${cancelled!.taipei_day}&to=${cancelled!.taipei_day}&open=${cancelled!.profile_id}:${cancelled!.order_no}`);
  const drawer = page.getByTestId('order-drawer');
  await expect(drawer).toBeVisible();
  await scan(page, 'order drawer', drawer);
  const paid = demo.db
    .prepare("SELECT p.name AS profile, o.order_no FROM orders o JOIN profiles p ON p.id = o.profile_id WHERE o.gateway = 'flashpay' AND o.status_code = '12' ORDER BY o.ordered_at_ms DESC LIMIT 1")
    .get() as { profile: string; order_no: string };
  const preview = await callConsole<{ allowed: boolean; reason: string }>(c, 'actions:preview', { profile: paid.profile, orderNo: paid.order_no, kind: 'cancel' });
  expect(preview.allowed).toBe(false);
  await page.goto(`${c.url}#/audit`);
  const newAction = page.getByTestId('new-action');
  await newAction.getByLabel('設定檔').selectOption(paid.profile);
  await newAction.getByLabel('訂單編號').fill(paid.order_no);
  await newAction.getByRole('button', { name: '檢視並確認' }).click();
  const refused = page.getByTestId('action-refused');
  await expect(refused).toBeVisible({ timeout: 30_000 });
  await expect(refused).toContainText('訂單已取消（12 訂單取消）');
  await scan(page, 'refused cancel dialog', page.getByRole('dialog'));
  await page.screenshot({ path: 'test-results/screens/zh-refused-cancel.png' });
  await page.keyboard.press('Escape');

  // Settings: bad input, and a profile whose gateway cannot be reached.
  await page.goto(`${c.url}#/settings`);
  const form = page.getByRole('form', { name: '新增設定檔' });
  await form.getByLabel('金流').selectOption('flashpay');
  await form.getByLabel('名稱').fill('');
  await form.getByLabel('特店編號').fill('has space');
  await form.getByLabel('交易網址').fill('htp:/not a url');
  await form.getByLabel('HashKey 金鑰').fill('short');
  await form.getByLabel('HashIV 向量').fill('v');
  await form.getByRole('button', { name: '儲存' }).click();
  await expect(form.getByTestId('error-tradeUrl')).toBeVisible();
  await scan(page, 'settings: bad input', form);
  // The demo FlashPay profile pointed at a port nobody listens on (its keys stay in the demo session).
  const fpProfile = (await callConsole<Array<{ name: string; gateway: string }>>(c, 'profiles:list')).find((p) => p.gateway === 'flashpay')!;
  await callConsole(c, 'profiles:update', { name: fpProfile.name, tradeUrl: 'http://127.0.0.1:39', queryUrl: 'http://127.0.0.1:39' });
  await page.reload();
  const unreachable = page.getByTestId(`profile-${fpProfile.name}`);
  await unreachable.getByRole('button', { name: '測試連線' }).click();
  const verdict = unreachable.getByTestId('test-result');
  await expect(verdict).toContainText('✗', { timeout: 60_000 });
  await expect(verdict).toContainText('無法連線到 FlashPay（127.0.0.1:39 拒絕連線）');
  await scan(page, 'settings: unreachable gateway', unreachable);
  await page.setViewportSize({ width: 1024, height: 700 });
  await unreachable.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/zh-unreachable-1024.png' });
  await page.setViewportSize({ width: 1440, height: 900 });

  // Reconciliation: a ledger with rows that cannot be read.
  await page.goto(`${c.url}#/reconcile?profile=${encodeURIComponent(fpProfile.name)}`);
  const csv = ['訂單編號,金額,訂單日期,狀態', `X001,100,${today.replaceAll('-', '/')},已付款`, 'X002,abc,2026/01/01,已付款', 'X003,100,2026/02/30,已付款', 'X004,100,2026/01/01,出貨中', 'X001,100,2026/01/01,已付款'].join('\n');
  await page.getByLabel('商店帳檔案', { exact: true }).setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: '匯入商店帳' }).click();
  const bad = page.getByTestId('bad-rows');
  await expect(bad.locator('tbody tr')).toHaveCount(4);
  await scan(page, 'reconcile: bad ledger rows', page.getByTestId('import-result'));
  await scan(page, 'reconcile: bad ledger row reasons', bad);
  await bad.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/zh-bad-rows.png' });

  // A broken audit chain, as the Audit page shows it.
  const db = new Database(path.join(c.dataDir, 'recon.sqlite'));
  db.exec('DROP TRIGGER audit_log_no_update');
  db.prepare("UPDATE audit_log SET operator = 'someone else' WHERE seq = 2").run();
  db.close();
  await page.goto(`${c.url}#/audit`);
  await page.getByRole('button', { name: '重新驗證' }).first().click();
  await expect(page.getByTestId('audit-broken')).toBeVisible();
  await scan(page, 'audit: broken chain', page.getByTestId('audit-broken'));

  test.info().annotations.push({ type: 'english prose', description: JSON.stringify(found) });
});
