// Talks to the sandboxes only over HTTP, as an independent client would: the console's real clients
// for the gateway protocols, raw fetch for the control API and the hosted pages.
import { type IncomingMessage, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildRequest } from '../../../src-main/core/gateways/flashpay/codec.ts';
import { FlashPayClient } from '../../../src-main/core/gateways/flashpay/client.ts';
import { FIRSTBANK_PATHS, FirstBankClient } from '../../../src-main/core/gateways/firstbank/client.ts';
import { encodeForm, signFields } from '../../../src-main/core/gateways/firstbank/codec.ts';
import { type Sandboxes, type StartSandboxesOptions, startSandboxes } from '../../../src-main/sandbox/index.ts';

/** 15:00 Taipei: mid-afternoon, so today's orders exist and 02 orders wait for tonight's capture. */
export const TEST_NOW = '2025-03-20T15:00:00+08:00';

export function startTestSandboxes(options: StartSandboxesOptions = {}): Promise<Sandboxes> {
  return startSandboxes({ seed: 42, days: 30, now: TEST_NOW, ordersPerDay: { min: 20, max: 30 }, ...options });
}

const noSleep = async (): Promise<void> => undefined;

export function flashPayClient(sb: Sandboxes, timeoutMs = 10_000): FlashPayClient {
  return new FlashPayClient({ tradeBaseUrl: sb.flashpay.baseUrl, queryBaseUrl: sb.flashpay.baseUrl, ...sb.flashpay, timeoutMs, sleep: noSleep });
}

export function firstBankClient(sb: Sandboxes, timeoutMs = 10_000): FirstBankClient {
  return new FirstBankClient({ baseUrl: sb.firstbank.baseUrl, platformId: sb.firstbank.platformId, hashKey: sb.firstbank.hashKey, timeoutMs, sleep: noSleep });
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
}

export async function postJson<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

export interface FlashPayOrderView {
  ord_no: string; order_no: string; tx_amt: string; order_status: string; ord_time: string; purchase_date: string;
  tot_pay_amt: string; tot_ret_amt: string; can_pay_amt: string; can_ret_amt: string; service_fee: string; refund_service_fee: string;
  install_period: number; use_redeem: string; amountCents: number; serviceFeeCents: number; refundServiceFeeCents: number; source: string;
}

export interface FirstBankOrderView {
  OrderId: string; ReCheckId: string; Amount: string; PayType: string; TransStatus: string; TransTime: string; Fee: string;
  TransType: string; PeriodNum: string; amountCents: number; source: string;
}

export interface ActionView { op: string; orderNo: string; amountCents: number; amount: string; time: string; resultStatus: string; source: string }
export interface NotificationView { orderNo: string; url: string; body: string; attempts: Array<{ atMs: number; outcome: string; answer: string }>; nextDueMs: number | null; delivered: boolean }

export const flashPayOrders = async (sb: Sandboxes): Promise<FlashPayOrderView[]> =>
  (await getJson<{ orders: FlashPayOrderView[] }>(`${sb.flashpay.baseUrl}/_sandbox/orders`)).orders;
export const firstBankOrders = async (sb: Sandboxes): Promise<FirstBankOrderView[]> =>
  (await getJson<{ orders: FirstBankOrderView[] }>(`${sb.firstbank.baseUrl}/_sandbox/orders`)).orders;
export const actionsOf = async (baseUrl: string): Promise<ActionView[]> => (await getJson<{ actions: ActionView[] }>(`${baseUrl}/_sandbox/actions`)).actions;
export const notificationsOf = async (baseUrl: string): Promise<NotificationView[]> =>
  (await getJson<{ notifications: NotificationView[] }>(`${baseUrl}/_sandbox/notifications`)).notifications;

export function advanceHours(baseUrl: string, hours: number): Promise<{ now: string; nowMs: number }> {
  return postJson(`${baseUrl}/_sandbox/clock`, { advanceHours: hours });
}

export function armFault(baseUrl: string, fault: { op: string; kind: string; count?: number; ms?: number }): Promise<unknown> {
  return postJson(`${baseUrl}/_sandbox/faults`, fault);
}

/** A merchant endpoint that records what it receives and answers from a script (last answer repeats). */
export interface MerchantEndpoint {
  url: string;
  received: string[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

export async function merchantEndpoint(answers: string[] | ((body: string) => string)): Promise<MerchantEndpoint> {
  const received: string[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      received.push(body);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(typeof answers === 'function' ? answers(body) : (answers[Math.min(received.length - 1, answers.length - 1)] ?? ''));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`,
    received,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export function flashPayTradePayload(sb: Sandboxes, ordNo: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    mer_id: sb.flashpay.merId, stage_id: '', sto_id: '', ord_no: ordNo, ord_time: '2025-03-20 14:55:00', tx_type: 101, pay_type: 1,
    amt: 1280, cur: 'NTD', order_desc: '手沖咖啡豆 半磅', install_period: '', use_redeem: '', cell_phone_no: '0912345678',
    return_url: 'http://127.0.0.1:9/unused', client_url: 'http://127.0.0.1:9/thanks', ...overrides,
  };
}

/** POSTs the trade form (the envelope) like the merchant page's auto-submit; returns status and HTML. */
export async function postFlashPayTrade(sb: Sandboxes, payload: Record<string, unknown>): Promise<{ status: number; body: string }> {
  const envelope = buildRequest(payload, sb.flashpay);
  const response = await fetch(`${sb.flashpay.baseUrl}/trade.php`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...envelope }).toString(),
  });
  return { status: response.status, body: await response.text() };
}

export function sessionOf(html: string): string {
  const m = /name="session" value="([^"]+)"/.exec(html);
  if (!m) throw new Error(`no payment session in the page: ${html.slice(0, 200)}`);
  return m[1]!;
}

export interface CardInput { number: string; month?: string; year?: string; cvv?: string; agree?: boolean }

function cardFields(card: CardInput): Record<string, string> {
  const digits = card.number.replace(/\D/g, '');
  return {
    card1: digits.slice(0, 4), card2: digits.slice(4, 8), card3: digits.slice(8, 12), card4: digits.slice(12),
    exp_month: card.month ?? '12', exp_year: card.year ?? '2028', cvv: card.cvv ?? '123',
  };
}

/** Submits the hosted card page; redirects are not followed so the test sees where the buyer goes. */
export async function payFlashPay(sb: Sandboxes, session: string, card: CardInput): Promise<Response> {
  const fields = { session, ...cardFields(card), phone: '0912345678', email: 'buyer@example.tw', ...(card.agree === false ? {} : { agree: '1' }) };
  return fetch(`${sb.flashpay.baseUrl}/pay.php`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
}

/** Creates and pays a FlashPay order through trade.php and the card page. */
export async function paidFlashPayOrder(sb: Sandboxes, ordNo: string, overrides: Record<string, unknown> = {}, card: CardInput = { number: '4311952222222222' }): Promise<Response> {
  const trade = await postFlashPayTrade(sb, flashPayTradePayload(sb, ordNo, overrides));
  return payFlashPay(sb, sessionOf(trade.body), card);
}

export function firstBankTradeFields(orderId: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    PayType: 'CREDIT', OrderId: orderId, Amount: '1200', ShippingFee: '0', ProductName: '阿里山高山茶禮盒', PayTitle: '茶葉', ClientIP: '127.0.0.1',
    TimeZone: '+0800', CreateTime: '2025/03/20 14:55:00', TransTime: '2025/03/20 14:55:00', AutoCap: '1', TransType: '0', PeriodNum: '',
    BonusActionCode: '', TimeoutSecs: '600', CustomResultPage: '1', ResURL: 'http://127.0.0.1:9/result', OrderEmail: 'ipay@firstbank.tw', ...overrides,
  };
}

export async function postFirstBankTrade(sb: Sandboxes, fields: Record<string, string>, hashKey = sb.firstbank.hashKey): Promise<{ status: number; body: string }> {
  const signed = signFields('trade', { PlatFormId: sb.firstbank.platformId, ...fields }, hashKey);
  const response = await fetch(`${sb.firstbank.baseUrl}${FIRSTBANK_PATHS.trade}`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' }, body: encodeForm(signed),
  });
  return { status: response.status, body: await response.text() };
}

export async function payFirstBank(sb: Sandboxes, session: string, card?: CardInput): Promise<{ status: number; body: string }> {
  const fields = { session, ...(card ? cardFields(card) : {}) };
  const response = await fetch(`${sb.firstbank.baseUrl}/PayServerOnline/Pay`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual',
  });
  return { status: response.status, body: await response.text() };
}
