// A console core wired to running sandboxes, with both profiles synced, for the cancel/refund tests.
// The sandboxes are reached only over HTTP: orders and faults through the /_sandbox/ control API.
import type { App } from '../../src-main/core/app.ts';
import { parseCents } from '../../src-main/core/money.ts';
import { addProfile, type Profile } from '../../src-main/core/services/profiles.ts';
import { syncProfile } from '../../src-main/core/services/sync.ts';
import { OrderStore } from '../../src-main/core/store/orders.ts';
import { addDays, parseGatewayTime, taipeiDayOf } from '../../src-main/core/time.ts';
import { type Sandboxes, startSandboxes } from '../../src-main/sandbox/index.ts';
import { paidFlashPayOrder } from '../unit/sandbox/helpers.ts';

/** 15:00 Taipei, frozen: today's orders exist and 02 orders wait for tonight's capture. */
export const SANDBOX_NOW = '2025-03-20T15:00:00+08:00';
export const SANDBOX_DAYS = 30;

export function startActionSandboxes(): Promise<Sandboxes> {
  return startSandboxes({ seed: 42, days: SANDBOX_DAYS, now: SANDBOX_NOW, ordersPerDay: { min: 20, max: 30 } });
}

export function syncRange(): { from: string; to: string } {
  const to = taipeiDayOf(Date.parse(SANDBOX_NOW));
  return { from: addDays(to, -SANDBOX_DAYS), to };
}

export interface SandboxOrder {
  orderNo: string;
  status: string;
  amountCents: number;
  payType?: string;
}

export interface SandboxAction {
  op: string;
  orderNo: string;
  amountCents: number;
  resultStatus: string;
  source: string;
}

async function getJson<T>(url: string): Promise<T> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url} answered ${r.status}`);
  return (await r.json()) as T;
}

export async function flashPayOrders(sb: Sandboxes): Promise<SandboxOrder[]> {
  const body = await getJson<{ orders: Array<{ ord_no: string; order_status: string; amountCents: number }> }>(`${sb.flashpay.baseUrl}/_sandbox/orders`);
  return body.orders.map((o) => ({ orderNo: o.ord_no, status: o.order_status, amountCents: o.amountCents }));
}

export async function firstBankOrders(sb: Sandboxes): Promise<SandboxOrder[]> {
  const body = await getJson<{ orders: Array<{ OrderId: string; TransStatus: string; amountCents: number; PayType: string }> }>(`${sb.firstbank.baseUrl}/_sandbox/orders`);
  return body.orders.map((o) => ({ orderNo: o.OrderId, status: o.TransStatus, amountCents: o.amountCents, payType: o.PayType }));
}

/** Money actions the gateway served through its API (not the seeded history) for one order. */
export async function apiActions(baseUrl: string, orderNo: string): Promise<SandboxAction[]> {
  const body = await getJson<{ actions: SandboxAction[] }>(`${baseUrl}/_sandbox/actions`);
  return body.actions.filter((a) => a.source === 'api' && a.orderNo === orderNo);
}

export async function armFault(baseUrl: string, fault: { op: string; kind: string; count?: number; ms?: number }): Promise<void> {
  const r = await fetch(`${baseUrl}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) });
  if (!r.ok) throw new Error(`arming ${JSON.stringify(fault)} failed: ${r.status} ${await r.text()}`);
}

/**
 * FlashPay serves the query (107) and the cancel (8) on the same querytrade.php, so a fault armed for
 * "the next querytrade request" would hit the re-query the console makes before sending. A harmless
 * zero-length delay armed first takes that request; the fault then meets the money call.
 */
export async function armAfterQueries(baseUrl: string, op: string, queriesBefore: number, fault: { kind: string; count?: number; ms?: number }): Promise<void> {
  if (queriesBefore > 0) await armFault(baseUrl, { op, kind: 'delay', ms: 0, count: queriesBefore });
  await armFault(baseUrl, { op, ...fault });
}

export async function clearFaults(sb: Sandboxes): Promise<void> {
  await armFault(sb.flashpay.baseUrl, { op: '*', kind: 'none' });
  await armFault(sb.firstbank.baseUrl, { op: '*', kind: 'none' });
}

/** First Bank has no range query: the shop's own records (the sandbox's order list) enter the cache first. */
export async function registerFirstBankOrders(app: App, profile: Profile, sb: Sandboxes): Promise<void> {
  const body = await getJson<{ orders: Array<Record<string, string>> }>(`${sb.firstbank.baseUrl}/_sandbox/orders`);
  const store = new OrderStore(app.db);
  const nowMs = Date.now();
  app.db.transaction(() => {
    for (const o of body.orders) {
      if (!o.OrderId || !o.ReCheckId || !o.PayType || !o.Amount) continue;
      const at = o.TransTime ? Date.parse(parseGatewayTime(String(o.TransTime)).utc) : null;
      store.registerKnown(
        profile.id,
        { gateway: 'firstbank', orderNo: o.OrderId, gatewayOrderNo: o.ReCheckId, amount: parseCents(String(o.Amount)), payType: o.PayType, orderedAtMs: at },
        { source: 'test-import', nowMs },
      );
    }
  })();
}

/** Adds both sandbox profiles (secrets in whatever store the app uses for `demo`) and syncs them. */
export async function seedProfiles(app: App, sb: Sandboxes, options: { demo: boolean }): Promise<{ fp: Profile; fb: Profile }> {
  const fp = await addProfile(
    app,
    { name: 'fp', gateway: 'flashpay', environment: 'sandbox', tradeUrl: sb.flashpay.baseUrl, merchantId: sb.flashpay.merId, demo: options.demo },
    { hashKey: sb.flashpay.hashKey, hashIv: sb.flashpay.hashIv },
  );
  const fb = await addProfile(
    app,
    { name: 'fb', gateway: 'firstbank', environment: 'sandbox', tradeUrl: sb.firstbank.baseUrl, merchantId: sb.firstbank.platformId, demo: options.demo },
    { hashKey: sb.firstbank.hashKey },
  );
  await registerFirstBankOrders(app, fb, sb);
  const range = syncRange();
  const a = await syncProfile(app, fp, range);
  const b = await syncProfile(app, fb, range);
  if (a.state !== 'done' || b.state !== 'done') throw new Error(`seeding sync failed: ${[...a.errors, ...b.errors].join('; ')}`);
  return { fp, fb };
}

let created = 0;

/**
 * A fresh authorized (02) FlashPay order, paid through trade.php and the hosted card page: the seed
 * has only today's few, and every cancel test needs its own.
 */
export async function newAuthorizedOrder(sb: Sandboxes, amountDollars = 1280): Promise<SandboxOrder> {
  const orderNo = `T${process.pid % 10000}${Date.now() % 1_000_000}${created++}`;
  const paid = await paidFlashPayOrder(sb, orderNo, { amt: amountDollars });
  if (paid.status !== 303) throw new Error(`paying ${orderNo} answered ${paid.status}`);
  const o = (await flashPayOrders(sb)).find((x) => x.orderNo === orderNo);
  if (o?.status !== '02') throw new Error(`${orderNo} is ${o?.status ?? 'missing'}, not 02`);
  return o;
}
