// "Re-query now": ask the gateway about one order (FlashPay 107, First Bank report) and store the
// answer like a sync would.
import type { App } from '../app.ts';
import { InputError } from '../errors.ts';
import { orderStore } from '../store/orders.ts';
import { type ClientOptions, firstBankClientFor, flashPayClientFor } from './gateway-clients.ts';
import type { Profile } from './profiles.ts';

export async function requeryOrder(app: App, profile: Profile, orderNo: string, options: ClientOptions = {}): Promise<'inserted' | 'updated' | 'unchanged'> {
  const store = orderStore(app.db);
  const nowMs = Date.now();
  if (profile.gateway === 'flashpay') {
    const client = await flashPayClientFor(app, profile, options);
    const result = await client.queryOrder(orderNo);
    return app.db.transaction(() => store.recordFlashPayAnswer(profile.id, result, { operation: '107', source: '107', nowMs }))().outcome;
  }
  const known = store.get(profile.id, orderNo);
  if (!known?.gateway_order_no || !known.pay_type) {
    throw new InputError(`First Bank needs the order's ReCheckId and PayType to query it; ${orderNo} is not known with them (import it from the ledger or a notification)`);
  }
  const client = await firstBankClientFor(app, profile, options);
  const result = await client.queryOrder({ orderId: orderNo, reCheckId: known.gateway_order_no, amountCents: known.amount, payType: known.pay_type });
  return app.db.transaction(() => store.recordFirstBankAnswer(profile.id, result, { operation: 'report', source: 'report', nowMs }))().outcome;
}
