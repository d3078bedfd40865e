// The two gateway calls an action needs, behind one shape: a fresh query of the order (cached and
// kept as a raw answer, like sync does) and the money call itself. Nothing here decides anything.
import type { App } from '../app.ts';
import { ActionRefusedError } from '../errors.ts';
import type { FetchLike } from '../gateways/http.ts';
import type { Cents } from '../money.ts';
import { maskPans } from '../pan.ts';
import { orderStore, type OrderRow } from '../store/orders.ts';
import { afterMoneySent } from '../store/fault-hooks.ts';
import { firstBankClientFor, flashPayClientFor } from './gateway-clients.ts';
import type { Profile } from './profiles.ts';

export interface GatewayCallOptions {
  timeoutMs?: number;
  fetch?: FetchLike;
  now?: () => number;
}

export interface FreshOrder {
  order: OrderRow;
  rawAnswerId: number;
}

/** What the gateway said to a money call, ready for the journal and the audit log (no secrets). */
export interface MoneyAnswer {
  statusAfter: string;
  request: string;
  response: string;
  raw: string;
  rawAnswerId: number;
}

function orderRef(order: OrderRow): { orderId: string; reCheckId: string; amountCents: Cents; payType: string } | undefined {
  if (!order.gateway_order_no || !order.pay_type || order.amount <= 0) return undefined;
  return { orderId: order.order_no, reCheckId: order.gateway_order_no, amountCents: order.amount, payType: order.pay_type };
}

/**
 * Asks the gateway for the order's state now and updates the cache. First Bank can only be asked
 * about an order whose ReCheckId, amount and PayType the console already knows.
 */
export async function queryOrderFresh(app: App, profile: Profile, orderNo: string, options: GatewayCallOptions = {}): Promise<FreshOrder> {
  const store = orderStore(app.db);
  const now = options.now ?? Date.now;
  const clientOptions = { timeoutMs: options.timeoutMs, fetch: options.fetch };
  if (profile.gateway === 'flashpay') {
    const client = await flashPayClientFor(app, profile, clientOptions);
    const result = await client.queryOrder(orderNo);
    const nowMs = now();
    const { rawAnswerId } = app.db
      .transaction(() => store.recordFlashPayAnswer(profile.id, result, { operation: '107', source: '107', nowMs, note: 'action re-query' }))
      .immediate();
    return { order: store.get(profile.id, orderNo)!, rawAnswerId };
  }
  const cached = store.get(profile.id, orderNo);
  const ref = cached ? orderRef(cached) : undefined;
  if (!cached || !ref) {
    throw new ActionRefusedError(
      'not_known',
      `First Bank order ${orderNo} is not in the cache with its ReCheckId, amount and PayType (First Bank has no search by order number); ` +
        'sync or import it first. Nothing was sent.',
    );
  }
  const client = await firstBankClientFor(app, profile, clientOptions);
  const result = await client.queryOrder(ref);
  const nowMs = now();
  const { rawAnswerId } = app.db
    .transaction(() => store.recordFirstBankAnswer(profile.id, result, { operation: 'report', source: 'report', nowMs, note: 'action re-query' }))
    .immediate();
  return { order: store.get(profile.id, orderNo)!, rawAnswerId };
}

/** The request summary kept in the journal and audit log before sending (no secrets, no signature). */
export function requestSummary(profile: Profile, order: OrderRow, amount: Cents, reason: string): string {
  if (profile.gateway === 'flashpay') {
    return JSON.stringify({ endpoint: 'querytrade.php', mer_id: profile.merchantId, tx_type: 8, ord_no: order.order_no, amount_cents: amount });
  }
  return JSON.stringify({
    endpoint: 'RefundProcessOnline',
    PlatFormId: profile.merchantId,
    OrderId: order.order_no,
    ReCheckId: order.gateway_order_no,
    PayType: order.pay_type,
    amount_cents: amount,
    RefundDesc: refundDesc(reason),
  });
}

function refundDesc(reason: string): string {
  return reason.trim() || '主控台退款 (console refund)';
}

export type MoneySender = (order: OrderRow, amount: Cents, reason: string) => Promise<MoneyAnswer>;

/**
 * Builds the money call with its client (and secrets) ready, so that everything that can fail
 * before the request leaves happens before the journal says SENT. The call is made once (the
 * clients never retry it): a GatewayError is a definite "no"; anything else leaves the outcome unknown.
 */
export async function moneySender(app: App, profile: Profile, options: GatewayCallOptions = {}): Promise<MoneySender> {
  const store = orderStore(app.db);
  const now = options.now ?? Date.now;
  const clientOptions = { timeoutMs: options.timeoutMs, fetch: options.fetch };
  if (profile.gateway === 'flashpay') {
    const client = await flashPayClientFor(app, profile, clientOptions);
    return async (order, amount) => {
      const result = await client.cancel(order.order_no, amount);
      afterMoneySent(app.db);
      const nowMs = now();
      const { rawAnswerId } = app.db.transaction(() => store.recordFlashPayAnswer(profile.id, result, { operation: 'cancel', source: 'cancel', nowMs })).immediate();
      return { statusAfter: result.order.statusCode, request: result.request, response: result.json, raw: result.raw, rawAnswerId };
    };
  }
  const client = await firstBankClientFor(app, profile, clientOptions);
  return async (order, amount, reason) => {
    const ref = orderRef(order);
    if (!ref) throw new ActionRefusedError('not_known', `First Bank order ${order.order_no} lacks its ReCheckId or PayType in the cache; nothing was sent`);
    const result = await client.refund({ ...ref, amountCents: amount, refundDesc: refundDesc(reason) });
    afterMoneySent(app.db);
    const nowMs = now();
    const raw = maskPans(result.raw);
    const request = JSON.stringify({ ...result.request, HashKey: undefined });
    const rawAnswerId = app.db.transaction(() => {
      const id = store.saveRawAnswer({ profileId: profile.id, atMs: nowMs, operation: 'refund', request, raw, verified: result.signed });
      // A refund answer may omit fields the report carries; the re-query that follows refreshes the cache.
      return id;
    }).immediate();
    return { statusAfter: result.order.transStatusCode ?? '', request, response: maskPans(JSON.stringify(result.fields)), raw, rawAnswerId };
  };
}
