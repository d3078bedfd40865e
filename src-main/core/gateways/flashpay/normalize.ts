// A FlashPay order mapped onto the console's normalized order.
import type { NormalizedOrder } from '../../store/orders.ts';
import type { FlashPayOrder } from './orders.ts';
import { FLASHPAY } from './statuses.ts';

export function fromFlashPay(o: FlashPayOrder, verified: boolean): NormalizedOrder {
  return {
    gateway: FLASHPAY.name,
    orderNo: o.ordNo,
    gatewayOrderNo: o.orderNo,
    orderedAtMs: o.orderedAt ? Date.parse(o.orderedAt.utc) : null,
    orderedAtText: o.orderedAt?.original ?? null,
    status: o.status,
    statusCode: o.statusCode,
    amount: o.amount,
    captured: o.captured,
    refunded: o.refunded,
    capturable: o.capturable,
    refundable: o.refundable,
    fee: o.fee,
    feeReturned: o.feeReturned,
    shipping: 0,
    payType: o.payType,
    installments: o.installments,
    bonus: o.useRedeem,
    authCode: o.authCode,
    cardMasked: null,
    payload: JSON.stringify(o.raw),
    verified,
    statusKnown: o.statusKnown,
    changedAtMs: null,
    malformedTimes: o.malformedTimes,
    inexactAmounts: o.inexactAmounts,
  };
}

