// Reconciliation in a real Chromium over the web shell.
//  1. On a seeded data folder: upload a Big5 ledger (Chinese headers, ROC dates, bad rows), fix the
//     column mapping, import, see the bad rows, run, filter the queue, open an order, resolve and
//     accept; a re-run keeps the resolutions; the mapping is remembered.
//  2. In demo mode: the sandbox ledger was imported and reconciled at start, so the queue shows
//     exactly the discrepancies the sandbox documents; the notification inspector verifies and
//     ingests a body sealed with the demo credentials and rejects a tampered one; real notifications
//     from the demo's FlashPay sandbox, in its real shape (no order_status) and its rich one, are
//     verified, their status inferred or read, and ingested.
import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createApp } from '../../src-main/core/app.ts';
import { MemoryCredentialStore } from '../../src-main/core/credentials.ts';
import { sealAnswer } from '../../src-main/core/gateways/flashpay/codec.ts';
import { addProfile } from '../../src-main/core/services/profiles.ts';
import { flashPayCredentials } from '../../src-main/sandbox/credentials.ts';
import { type ConsoleProcess, repoRoot, startConsole } from '../support/console-process.ts';
import { callConsole, waitForJobs } from '../support/console-api.ts';
import { big5, csv, putFlashPay } from '../unit/reconcile/helpers.ts';
import { merchantEndpoint, paidFlashPayOrder } from '../unit/sandbox/helpers.ts';
import type { Sandboxes } from '../../src-main/sandbox/index.ts';

const SCREENS = path.join(repoRoot, 'test-results', 'screens');

test.describe('ledger import and the exceptions queue', () => {
  let dataDir: string;
  let c: ConsoleProcess;

  test.beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'recon-e2e-reconcile-'));
    const app = createApp({ dataDir, shell: 'cli', credentials: new MemoryCredentialStore() });
    const fp = await addProfile(app, { name: 'FlashPay 本店', gateway: 'flashpay', tradeUrl: 'http://127.0.0.1:9', merchantId: 'HT00000002' }, { hashKey: 'U9kmXqjovFsBb1BEuEyPiO03uHGIE1Jr', hashIv: 'V4msmb1cSCBUSLWr' });
    const put = (ordNo: string, amount: string, status: string, time: string) => putFlashPay(app, fp, { ordNo, amount, status, time });
    put('S001', '1200.00', '03', '2024-03-05 10:00:00');
    put('S002', '500.00', '04', '2024-03-05 11:00:00');
    put('S003', '800.00', '02', '2024-03-06 09:00:00');
    put('S004', '300.00', '12', '2024-03-06 10:00:00');
    put('S006', '700.00', '03', '2024-03-06 12:00:00');
    put('S007', '250.00', 'ZF', '2024-03-07 09:00:00');
    app.close();
    c = await startConsole({ args: ['--no-demo'], env: { RECON_DATA_DIR: dataDir } });
    mkdirSync(SCREENS, { recursive: true });
  });
  test.afterAll(async () => {
    await c?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const ledger = big5(
    csv([
      ['訂單編號', '實付', '訂單日期', '付款狀態', '備註'],
      ['S001', '1,200', '113/3/5 10:00', '已付款', ''],
      ['S002', '500', '民國 113/03/05', '付款完成', ''],
      ['S003', '850', '113/3/6', '已付款', '改過金額'],
      ['S004', '300', '113/3/6', '已付款', ''],
      ['S100', '2000', '113/3/7', '已付款', '電話轉帳'],
      ['S007', '250', '113/3/7', '待付款', ''],
      ['S008', 'abc', '113/3/7', '已付款', ''],
      ['S009', '100', '113/2/30', '已付款', ''],
    ]),
  );

  test('maps, imports, reconciles and works the queue', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.setViewportSize({ width: 1400, height: 1100 });
    await page.goto(`${c.url}#/reconcile`);
    await expect(page.getByRole('heading', { name: '與商店帳對帳' })).toBeVisible();
    await expect(page.getByTestId('matching-rules')).toContainText('商店帳無此筆');

    await page.getByLabel('商店帳檔案', { exact: true }).setInputFiles({ name: '商店訂單.csv', mimeType: 'text/csv', buffer: Buffer.from(ledger) });
    const mapping = page.getByTestId('ledger-mapping');
    await expect(mapping).toContainText('big5');
    await expect(page.getByTestId('mapping-source')).toHaveText('已依標題自動建議欄位對應，請確認');
    await expect(page.getByLabel('訂單編號', { exact: true })).toHaveValue('訂單編號');
    await expect(page.getByLabel('訂單時間', { exact: true })).toHaveValue('訂單日期');
    // "實付" is not a header the console knows: the amount is unmapped and importing is blocked.
    await expect(page.getByLabel('金額', { exact: true })).toHaveValue('');
    await expect(page.getByRole('button', { name: '匯入商店帳' })).toBeDisabled();
    await expect(page.getByTestId('ledger-preview').locator('tbody tr')).toHaveCount(8);
    await page.getByLabel('金額', { exact: true }).selectOption('實付');
    await expect(page.getByTestId('ledger-preview').locator('th.mapped')).toHaveCount(4);
    await page.screenshot({ path: path.join(SCREENS, 'reconcile-mapping-zh.png'), fullPage: true });

    await page.getByRole('button', { name: '匯入商店帳' }).click();
    const result = page.getByTestId('import-result');
    await expect(result).toContainText('已匯入 6 列（2024-03-05 – 2024-03-07）');
    await expect(result).toContainText('2 列無法讀取');
    const bad = page.getByTestId('bad-rows').locator('tbody tr');
    await expect(bad).toHaveCount(2);
    await expect(bad.nth(0)).toContainText('8');
    await expect(bad.nth(0)).toContainText('實付');
    await expect(bad.nth(0)).toContainText('abc');
    await expect(bad.nth(1)).toContainText('113/2/30');

    await page.getByRole('button', { name: '執行對帳' }).click();
    await expect(page.getByTestId('run-result')).toHaveText('2024-03-05 – 2024-03-07：3 筆相符，4 筆例外');
    const rows = page.getByTestId('exception-row');
    await expect(rows).toHaveCount(4);
    const kinds = await rows.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-order')}`).sort());
    expect(kinds).toEqual(['amount_mismatch:S003', 'missing_at_gateway:S100', 'missing_in_ledger:S006', 'status_mismatch:S004']);
    // The content pane scrolls by itself: bring the queue into view for the screenshot.
    await page.getByRole('region', { name: '例外佇列' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENS, 'reconcile-queue-zh.png') });

    // Filter by kind.
    await page.getByRole('button', { name: '金額不符' }).click();
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('850.00');
    await expect(rows.first()).toContainText('800.00');
    await page.getByRole('button', { name: '全部類型' }).click();
    await expect(rows).toHaveCount(4);

    // Open the order behind an exception: the orders console's drawer.
    await page.locator('[data-order="S006"]').getByRole('button', { name: '開啟訂單' }).click();
    await expect(page.getByTestId('order-drawer')).toContainText('S006');
    await expect(page.getByTestId('detail-amount')).toHaveText('700.00');
    await page.getByRole('region', { name: '例外佇列' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENS, 'reconcile-drawer-zh.png') });
    await page.getByRole('button', { name: '關閉' }).click();

    // Resolve one with a note, accept another.
    const s100 = page.locator('[data-order="S100"]');
    await s100.getByRole('button', { name: '標記已處理…' }).click();
    await expect(s100.getByRole('button', { name: '標記已處理', exact: true })).toBeDisabled();
    await s100.getByLabel('處理說明（已處理時必填）').fill('電話轉帳，已人工入帳');
    await s100.getByRole('button', { name: '標記已處理', exact: true }).click();
    await expect(s100).toContainText('已處理');
    await expect(s100).toContainText('電話轉帳，已人工入帳');
    const s003 = page.locator('[data-order="S003"]');
    await s003.getByRole('button', { name: '標記已處理…' }).click();
    await s003.getByRole('button', { name: '接受差異' }).click();
    await expect(s003).toContainText('已接受');

    // A re-run keeps the resolutions.
    await page.getByRole('button', { name: '執行對帳' }).click();
    await expect(page.getByTestId('run-result')).toContainText('4 筆例外');
    await expect(page.locator('[data-order="S100"]')).toContainText('電話轉帳，已人工入帳');
    await expect(page.locator('[data-order="S003"]')).toContainText('已接受');
    await page.getByLabel('處理').selectOption('open');
    await expect(rows).toHaveCount(2);
    await page.getByLabel('處理').selectOption('');
    await page.getByRole('region', { name: '例外佇列' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENS, 'reconcile-resolved-zh.png') });

    await page.getByRole('button', { name: '切換語言' }).click();
    await expect(page.getByRole('heading', { name: "Reconcile against the shop's ledger" })).toBeVisible();
    await expect(page.locator('[data-order="S004"]')).toContainText('Status mismatch');
    await page.getByRole('region', { name: 'Exceptions queue' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENS, 'reconcile-queue-en.png') });

    // The mapping is remembered for the profile.
    await page.getByLabel('Ledger file', { exact: true }).setInputFiles({ name: 'again.csv', mimeType: 'text/csv', buffer: Buffer.from(ledger) });
    await expect(page.getByTestId('mapping-source')).toHaveText('Using the mapping saved for this profile');
    await expect(page.getByLabel('Amount', { exact: true })).toHaveValue('實付');
    await page.getByRole('button', { name: '切換語言' }).or(page.getByRole('button', { name: 'Switch language' })).click();

    const db = new Database(path.join(dataDir, 'recon.sqlite'), { readonly: true });
    try {
      const audit = db.prepare("SELECT event, note FROM audit_log WHERE event LIKE 'reconcile.%' AND event != 'reconcile.run' ORDER BY seq").all();
      expect(audit).toEqual([
        { event: 'reconcile.resolved', note: '電話轉帳，已人工入帳' },
        { event: 'reconcile.accepted', note: '' },
      ]);
    } finally {
      db.close();
    }
    expect(errors, 'no console errors').toEqual([]);
  });
});

test.describe('demo mode: the sandbox ledger and the notification inspector', () => {
  let c: ConsoleProcess;
  let db: Database.Database;

  test.beforeAll(async () => {
    c = await startConsole({ args: ['--demo'] });
    const jobs = await waitForJobs(c);
    expect(jobs.flatMap((j) => j.errors)).toEqual([]);
    db = new Database(path.join(c.dataDir, 'recon.sqlite'), { readonly: true });
  });
  test.afterAll(async () => {
    db?.close();
    await c?.stop();
  });

  test('the queue shows the documented discrepancies; re-query works from it', async ({ page }) => {
    await page.setViewportSize({ width: 1400, height: 1000 });
    const profiles = db.prepare('SELECT name, gateway, trade_url FROM profiles ORDER BY gateway DESC').all() as Array<{ name: string; gateway: string; trade_url: string }>;
    for (const p of profiles) {
      const documented = (await (await fetch(`${p.trade_url}/_sandbox/ledger-discrepancies`)).json()) as { discrepancies: Array<{ kind: string; orderNo: string }> };
      const KIND: Record<string, string> = { missing: 'missing_in_ledger', extra: 'missing_at_gateway', amount: 'amount_mismatch', status: 'status_mismatch' };
      const expected = documented.discrepancies.map((d) => `${KIND[d.kind]}:${d.orderNo}`).sort();
      await page.goto(`${c.url}#/reconcile?profile=${encodeURIComponent(p.name)}`);
      const rows = page.getByTestId('exception-row');
      // Only the hash changes between profiles, so the previous queue may still be on screen: poll.
      await expect.poll(() => rows.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-order')}`).sort())).toEqual(expected);
      if (p.gateway === 'flashpay') {
        await page.getByRole('region', { name: '例外佇列' }).scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(SCREENS, 'reconcile-demo-flashpay.png') });
        const missing = rows.and(page.locator('[data-kind="missing_in_ledger"]'));
        await missing.getByRole('button', { name: '立即重新查詢' }).click();
        await expect(missing).toContainText(/無變更|已更新/);
        await expect(rows).toHaveCount(expected.length);
      }
    }
  });

  test('the inspector verifies, rejects tampering, and ingests', async ({ page }) => {
    await page.setViewportSize({ width: 1400, height: 1000 });
    const fp = db.prepare("SELECT name, merchant_id FROM profiles WHERE gateway = 'flashpay'").get() as { name: string; merchant_id: string };
    const creds = flashPayCredentials(1);
    expect(creds.merId).toBe(fp.merchant_id);
    const payload = { ver: '1.0.0', tx_type: 104, mer_id: creds.merId, order_no: 'FP99000001', ord_no: 'LATE0001', ord_time: '2025-03-20 14:03:00+08', ret_code: '00', tx_amt: '1280.00', amt: '0.00' };
    const good = sealAnswer(JSON.stringify(payload), creds);
    const tampered = good.replace(/dat=([0-9a-f])/, (_, d: string) => `dat=${d === '0' ? '1' : '0'}`);
    await page.goto(`${c.url}#/reconcile?profile=${encodeURIComponent(fp.name)}&tab=inspector`);
    await page.getByLabel('通知內容').fill(`${good}\n\n${tampered}`);
    await page.getByRole('button', { name: '驗證並解碼' }).click();
    const items = page.getByTestId('notification');
    await expect(items).toHaveCount(2);
    await expect(items.nth(0)).toHaveAttribute('data-ok', 'true');
    await expect(items.nth(0)).toContainText('LATE0001');
    await expect(items.nth(0)).toContainText('1,280.00');
    await expect(items.nth(1)).toHaveAttribute('data-ok', 'false');
    await expect(items.nth(1)).toContainText('FlashPay 回應的檢查碼（chk）與內容不符');
    await items.nth(0).locator('summary').click();
    await page.screenshot({ path: path.join(SCREENS, 'reconcile-inspector-zh.png'), fullPage: true });
    const html = await page.content();
    expect(html).not.toContain(creds.hashKey);
    expect(html).not.toContain(creds.hashIv);

    await page.getByRole('button', { name: '寫入有效通知到快取' }).click();
    await expect(page.getByTestId('ingested')).toHaveText('已寫入 1 筆');
    const profileId = db.prepare('SELECT id FROM profiles WHERE name = ?').pluck().get(fp.name) as number;
    const detail = await callConsole<{ order: { orderNo: string; statusCode: string; amount: number; source: string } }>(c, 'orders:get', { profileId, orderNo: 'LATE0001' });
    expect(detail.order).toMatchObject({ orderNo: 'LATE0001', statusCode: '02', amount: 128000, source: 'notify' });
  });

  test('real notifications from the demo sandbox: the real shape is inferred, the rich one read, both ingested', async ({ page }) => {
    await page.setViewportSize({ width: 1400, height: 1000 });
    const fp = db.prepare("SELECT id, name, trade_url FROM profiles WHERE gateway = 'flashpay'").get() as { id: number; name: string; trade_url: string };
    const sb = { flashpay: { baseUrl: fp.trade_url, ...flashPayCredentials(1) } } as unknown as Sandboxes;
    const shop = await merchantEndpoint(['1|OK']);
    try {
      const shapes = [['real', 'LIVE0001'], ['rich', 'LIVE0002']] as const;
      for (const [shape, ordNo] of shapes) {
        await fetch(`${fp.trade_url}/_sandbox/settings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ notificationShape: shape }) });
        await paidFlashPayOrder(sb, ordNo, { return_url: shop.url, amt: 880 });
      }
      await fetch(`${fp.trade_url}/_sandbox/settings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ notificationShape: 'real' }) });
      expect(shop.received).toHaveLength(2);
      await page.goto(`${c.url}#/reconcile?profile=${encodeURIComponent(fp.name)}&tab=inspector`);
      await page.getByLabel('通知內容').fill(shop.received.join('\n\n'));
      await page.getByRole('button', { name: '驗證並解碼' }).click();
      const items = page.getByTestId('notification');
      await expect(items).toHaveCount(2);
      for (const i of [0, 1]) await expect(items.nth(i)).toHaveAttribute('data-ok', 'true');
      await expect(items.nth(0)).toContainText('LIVE0001');
      await expect(items.nth(0)).toContainText('沒有 order_status：狀態 02 是由 ret_code 00 推斷');
      await expect(items.nth(1)).toContainText('LIVE0002');
      await expect(items.nth(1)).not.toContainText('inferred from ret_code');
      await page.getByRole('button', { name: '寫入有效通知到快取' }).click();
      await expect(page.getByTestId('ingested')).toHaveText('已寫入 2 筆');
      for (const [, ordNo] of shapes) {
        const detail = await callConsole<{ order: { statusCode: string; amount: number; source: string } }>(c, 'orders:get', { profileId: fp.id, orderNo: ordNo });
        expect(detail.order).toMatchObject({ statusCode: '02', amount: 88_000, source: 'notify' });
      }
    } finally {
      await shop.close();
    }
  });
});
