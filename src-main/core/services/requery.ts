// "Re-query now": ask the gateway about one order (FlashPay 107, First Bank report) and store the
// answer like a sync would.
import type { App } from '../app.ts';
import { InputError } from '../errors.ts';
import { maskPans } from '../pan.ts';
import { OrderStore, fromFirstBank, fromFlashPay } from '../store/orders.ts';
import { type ClientOptions, firstBankClientFor, flashPayClientFor } from './gateway-clients.ts';
import type { Profile } from './profiles.ts';

export async function requeryOrder(app: App, profile: Profile, orderNo: string, options: ClientOptions = {}): Promise<'inserted' | 'updated' | 'unchanged'> {
  const store = new OrderStore(app.db);
  const nowMs = Date.now();
  if (profile.gateway === 'flashpay') {
    const client = await flashPayClientFor(app, profile, options);
    const result = await client.queryOrder(orderNo);
    return app.db.transaction(() => {
      const rawAnswerId = store.saveRawAnswer({ profileId: profile.id, atMs: nowMs, operation: '107', request: result.request, raw: result.raw, verified: true });
      return store.upsert(profile.id, fromFlashPay(result.order, true), { rawAnswerId, source: '107', nowMs });
    })();
  }
  const known = store.get(profile.id, orderNo);
  if (!known?.gateway_order_no || !known.pay_type) {
    throw new InputError(`First Bank needs the order's ReCheckId and PayType to query it; ${orderNo} is not known with them (import it from the ledger or a notification)`);
  }
  const client = await firstBankClientFor(app, profile, options);
  const result = await client.queryOrder({ orderId: orderNo, reCheckId: known.gateway_order_no, amountCents: known.amount, payType: known.pay_type });
  return app.db.transaction(() => {
    const rawAnswerId = store.saveRawAnswer({
      profileId: profile.id,
      atMs: nowMs,
      operation: 'report',
      request: JSON.stringify({ ...result.request, HashKey: undefined }),
      raw: maskPans(result.raw),
      verified: result.signed,
    });
    return store.upsert(profile.id, fromFirstBank(result.order, result.signed), { rawAnswerId, source: 'report', nowMs });
  })();
}
