// An independent merchant pays orders on both sandbox gateways through their hosted pages in a real
// Chromium: its checkout page auto-submits the signed trade form, the buyer fills the card page, the
// merchant's server verifies the notification, the browser lands back at the shop, and the merchant
// then queries and cancels/refunds with the console's clients.
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Page, expect, test } from '@playwright/test';
import { buildRequest, openAnswer } from '../../src-main/core/gateways/flashpay/codec.ts';
import { FlashPayClient } from '../../src-main/core/gateways/flashpay/client.ts';
import { parseFlashPayOrder } from '../../src-main/core/gateways/flashpay/orders.ts';
import { FIRSTBANK_PATHS, FirstBankClient } from '../../src-main/core/gateways/firstbank/client.ts';
import { decodeForm, parseNotification, signFields, verify } from '../../src-main/core/gateways/firstbank/codec.ts';
import { type Sandboxes, startSandboxes } from '../../src-main/sandbox/index.ts';

const NOW = '2025-03-20T15:00:00+08:00';

interface Merchant {
  url: string;
  flashpayNotifications: Array<Record<string, unknown>>;
  firstbankNotifications: Array<Record<string, string>>;
  server: Server;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function autoSubmit(action: string, fields: Record<string, string>): string {
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const inputs = Object.entries(fields).map(([n, v]) => `<input type="hidden" name="${esc(n)}" value="${esc(v)}">`).join('');
  return `<!DOCTYPE html><html lang="zh-Hant"><meta charset="utf-8"><title>前往付款…</title><body><p>正在前往付款頁面…</p>
<form id="pay" method="post" action="${esc(action)}">${inputs}</form><script>document.getElementById('pay').submit()</script></body></html>`;
}

function shopPage(title: string, text: string): string {
  return `<!DOCTYPE html><html lang="zh-Hant"><meta charset="utf-8"><title>${title}</title><body><h1>${title}</h1><p data-testid="shop-result">${text}</p></body></html>`;
}

/** The merchant's own site: checkout pages, the return_url / notify endpoints, the landing pages. */
async function startMerchant(sb: Sandboxes): Promise<Merchant> {
  const merchant: Merchant = { url: '', flashpayNotifications: [], firstbankNotifications: [], server: createServer() };
  merchant.server.on('request', (req, res) => {
    void readBody(req).then((body) => {
      const url = new URL(req.url ?? '/', merchant.url);
      const html = (status: number, text: string) => {
        res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
        res.end(text);
      };
      if (url.pathname === '/flashpay/checkout') {
        const ordNo = url.searchParams.get('ord')!;
        const envelope = buildRequest({
          mer_id: sb.flashpay.merId, stage_id: '', sto_id: '', ord_no: ordNo, ord_time: '2025-03-20 14:58:00', tx_type: 101, pay_type: 1,
          amt: Number(url.searchParams.get('amt')), cur: 'NTD', order_desc: '阿里山高山茶禮盒', install_period: url.searchParams.get('inst') ?? '', use_redeem: '',
          cell_phone_no: '0912345678', return_url: `${merchant.url}/flashpay/return`, client_url: `${merchant.url}/flashpay/thanks?ord=${ordNo}`,
        }, sb.flashpay);
        return html(200, autoSubmit(`${sb.flashpay.baseUrl}/trade.php`, { ...envelope }));
      }
      if (url.pathname === '/flashpay/return') {
        const answer = openAnswer(body, sb.flashpay);
        if (answer.kind !== 'data') return html(400, 'not a notification');
        merchant.flashpayNotifications.push(answer.payload);
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('1|OK');
      }
      if (url.pathname === '/flashpay/thanks') return html(200, shopPage('謝謝您的訂購', `訂單 ${url.searchParams.get('ord')} 已送出`));
      if (url.pathname === '/firstbank/checkout') {
        const fields = signFields('trade', {
          PlatFormId: sb.firstbank.platformId, PayType: 'CREDIT', OrderId: url.searchParams.get('ord')!, Amount: url.searchParams.get('amt')!, ShippingFee: '0',
          ProductName: '手沖咖啡豆 半磅', PayTitle: '咖啡豆', ClientIP: '127.0.0.1', TimeZone: '+0800', CreateTime: '2025/03/20 14:58:00',
          TransTime: '2025/03/20 14:58:00', AutoCap: '1', TransType: '0', PeriodNum: '', BonusActionCode: '', TimeoutSecs: '600', CustomResultPage: '1',
          ResURL: `${merchant.url}/firstbank/result`, OrderEmail: 'ipay@firstbank.tw',
        }, sb.firstbank.hashKey);
        return html(200, autoSubmit(`${sb.firstbank.baseUrl}${FIRSTBANK_PATHS.trade}`, fields));
      }
      if (url.pathname === '/firstbank/notify') {
        merchant.firstbankNotifications.push(parseNotification(body, sb.firstbank.hashKey).fields);
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('OK');
      }
      if (url.pathname === '/firstbank/result') {
        const fields = decodeForm(body);
        if (!verify('notify', fields, sb.firstbank.hashKey)) return html(400, shopPage('驗證失敗', 'signature mismatch'));
        return html(200, shopPage('付款結果', `訂單 ${fields.OrderId} 狀態 ${fields.TransStatus}`));
      }
      return html(404, 'not found');
    });
  });
  await new Promise<void>((resolve) => merchant.server.listen(0, '127.0.0.1', resolve));
  merchant.url = `http://127.0.0.1:${(merchant.server.address() as AddressInfo).port}`;
  return merchant;
}

let sb: Sandboxes;
let merchant: Merchant;
test.beforeAll(async () => {
  sb = await startSandboxes({ seed: 11, days: 3, now: NOW, ordersPerDay: 20 });
  merchant = await startMerchant(sb);
  await fetch(`${sb.firstbank.baseUrl}/_sandbox/settings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ notifyUrl: `${merchant.url}/firstbank/notify` }) });
});
test.afterAll(async () => {
  await sb?.close();
  merchant?.server.closeAllConnections();
  await new Promise((resolve) => merchant?.server.close(resolve));
});

const flashPay = () => new FlashPayClient({ tradeBaseUrl: sb.flashpay.baseUrl, queryBaseUrl: sb.flashpay.baseUrl, ...sb.flashpay });
const firstBank = () => new FirstBankClient({ baseUrl: sb.firstbank.baseUrl, platformId: sb.firstbank.platformId, hashKey: sb.firstbank.hashKey });

async function fillCard(page: Page, label: (i: number) => string, number: string): Promise<void> {
  for (let i = 1; i <= 4; i++) await page.getByLabel(label(i), { exact: true }).fill(number.slice((i - 1) * 4, i * 4));
}

test('FlashPay: pay on the hosted card page, get the notification, land on client_url, then query and cancel', async ({ page }) => {
  await page.goto(`${merchant.url}/flashpay/checkout?ord=E2E1001&amt=1280&inst=3`);
  await expect(page).toHaveTitle(/FlashPay/);
  const summary = page.getByRole('region', { name: '訂單資訊' });
  await expect(summary).toContainText('E2E1001');
  await expect(summary).toContainText('1,280.00');
  await expect(summary).toContainText('NTD');
  await expect(summary).toContainText('信用卡');
  await page.screenshot({ path: 'test-results/screens/sandbox-flashpay-card-page.png', fullPage: true });

  await fillCard(page, (i) => `信用卡卡號 第${i}段`, '4311952222222222');
  await page.getByLabel('有效期限 月').selectOption('12');
  await page.getByLabel('有效期限 年').selectOption('2028');
  await page.getByLabel('信用卡安全碼').fill('123');
  await page.getByLabel('電子信箱').fill('buyer@example.tw');
  await page.getByRole('button', { name: /立即付款/ }).click();
  await expect(page.getByRole('alert')).toContainText('請勾選');

  await fillCard(page, (i) => `信用卡卡號 第${i}段`, '4311952222222222');
  await page.getByLabel('有效期限 月').selectOption('12');
  await page.getByLabel('有效期限 年').selectOption('2028');
  await page.getByLabel('信用卡安全碼').fill('123');
  await page.getByLabel('我已詳閱並同意條款').check();
  await page.getByRole('button', { name: /立即付款/ }).click();
  await expect(page).toHaveURL(`${merchant.url}/flashpay/thanks?ord=E2E1001`);
  await expect(page.getByTestId('shop-result')).toHaveText('訂單 E2E1001 已送出');

  // The real shape: no order_status and an empty purchase_date; the console infers 02 from ret_code 00.
  expect(merchant.flashpayNotifications).toEqual([expect.objectContaining({ tx_type: 104, ord_no: 'E2E1001', ret_code: '00', purchase_date: '', tx_amt: '1280.00', install_period: '3' })]);
  expect(merchant.flashpayNotifications[0]).not.toHaveProperty('order_status');
  expect(parseFlashPayOrder(merchant.flashpayNotifications[0]!)).toMatchObject({ statusCode: '02', statusInferred: true, amount: 128_000 });
  const client = flashPay();
  expect((await client.queryOrder('E2E1001')).order).toMatchObject({ statusCode: '02', amount: 128_000 });
  expect((await client.cancel('E2E1001', 128_000)).order.statusCode).toBe('12');
  expect((await client.queryOrder('E2E1001')).order.statusCode).toBe('12');
});

test('FlashPay: the decline card fails the payment (ZF) and still returns the buyer to the shop', async ({ page }) => {
  await page.goto(`${merchant.url}/flashpay/checkout?ord=E2E1002&amt=399`);
  await fillCard(page, (i) => `信用卡卡號 第${i}段`, '4000000000000002');
  await page.getByLabel('有效期限 月').selectOption('01');
  await page.getByLabel('有效期限 年').selectOption('2027');
  await page.getByLabel('信用卡安全碼').fill('456');
  await page.getByLabel('我已詳閱並同意條款').check();
  await page.getByRole('button', { name: /立即付款/ }).click();
  await expect(page).toHaveURL(/\/flashpay\/thanks\?ord=E2E1002$/);
  const declined = merchant.flashpayNotifications.find((n) => n.ord_no === 'E2E1002')!;
  expect(declined).toMatchObject({ ret_code: '05', purchase_date: '' });
  expect(parseFlashPayOrder(declined)).toMatchObject({ statusCode: 'ZF', statusInferred: true });
  expect((await flashPay().queryOrder('E2E1002')).order.statusCode).toBe('ZF');
});

test('First Bank: pay on the hosted card page, get the notification, return to ResURL, then report and refund', async ({ page }) => {
  await page.goto(`${merchant.url}/firstbank/checkout?ord=E2E2001&amt=2400`);
  await expect(page).toHaveTitle(/第一銀行 整合支付平台/);
  const summary = page.getByRole('region', { name: '訂單資訊' });
  await expect(summary).toContainText('E2E2001');
  await expect(summary).toContainText('NT$ 2,400');
  await page.screenshot({ path: 'test-results/screens/sandbox-firstbank-card-page.png', fullPage: true });

  await fillCard(page, (i) => `卡號 第${i}段`, '4311952222222222');
  await page.getByLabel('有效月份').selectOption('06');
  await page.getByLabel('有效年份').selectOption('2029');
  await page.getByLabel('背面末三碼').fill('321');
  await page.getByRole('button', { name: '確認付款' }).click();
  await expect(page).toHaveURL(`${merchant.url}/firstbank/result`);
  await expect(page.getByTestId('shop-result')).toHaveText('訂單 E2E2001 狀態 2');

  const notification = merchant.firstbankNotifications.find((n) => n.OrderId === 'E2E2001')!;
  expect(notification).toMatchObject({ TransStatus: '2', ReturnType: 'AsynReturn', Amount: '2400', ToolStatus: '0000' });
  const ref = { orderId: 'E2E2001', reCheckId: notification.ReCheckId!, amountCents: 240_000, payType: 'CREDIT' };
  const client = firstBank();
  expect((await client.queryOrder(ref)).order).toMatchObject({ paid: true, cardId: '431195******2222' });
  expect((await client.refund({ ...ref, refundDesc: '顧客退貨' })).order.transStatusCode).toBe('3');
  expect((await client.queryOrder(ref)).order.transStatusCode).toBe('3');
  await expect.poll(() => merchant.firstbankNotifications.filter((n) => n.OrderId === 'E2E2001').map((n) => n.TransStatus)).toEqual(['2', '3']);
});

test('First Bank: the decline card ends in TransStatus 6', async ({ page }) => {
  await page.goto(`${merchant.url}/firstbank/checkout?ord=E2E2002&amt=990`);
  await fillCard(page, (i) => `卡號 第${i}段`, '4000000000000002');
  await page.getByLabel('有效月份').selectOption('06');
  await page.getByLabel('有效年份').selectOption('2029');
  await page.getByLabel('背面末三碼').fill('321');
  await page.getByRole('button', { name: '確認付款' }).click();
  await expect(page.getByTestId('shop-result')).toHaveText('訂單 E2E2002 狀態 6');
  const notification = merchant.firstbankNotifications.find((n) => n.OrderId === 'E2E2002')!;
  expect(notification).toMatchObject({ TransStatus: '6', ReturnStatus: '05' });
  const report = await firstBank().queryOrder({ orderId: 'E2E2002', reCheckId: notification.ReCheckId!, amountCents: 99_000, payType: 'CREDIT' });
  expect(report.order).toMatchObject({ paid: false, transStatusCode: '6' });
});
