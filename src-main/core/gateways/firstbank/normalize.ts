// A First Bank order mapped onto the console's normalized order.
import { maskPans } from '../../pan.ts';
import type { NormalizedOrder } from '../../store/orders.ts';
import type { FirstBankOrder } from './orders.ts';
import { FIRSTBANK } from './statuses.ts';

/** First Bank reports no capture step: a paid (2) order counts as captured, a refunded (3) one as refunded. */
export function fromFirstBank(o: FirstBankOrder, verified: boolean): NormalizedOrder {
  const amount = o.amount;
  const code = o.transStatusCode ?? '';
  const paidOnce = code === '2' || code === '3' || code === '4';
  const captured = paidOnce && amount !== null ? amount : 0;
  const refunded = code === '3' && amount !== null ? amount : 0;
  return {
    gateway: FIRSTBANK.name,
    orderNo: o.orderId,
    gatewayOrderNo: o.reCheckId,
    orderedAtMs: o.transTime ? Date.parse(o.transTime.utc) : null,
    orderedAtText: o.transTime?.original ?? null,
    status: o.status,
    statusCode: code,
    amount,
    captured,
    refunded,
    capturable: 0,
    refundable: code === '2' && amount !== null ? amount : 0,
    fee: o.fee,
    feeReturned: 0,
    shipping: o.shippingFee,
    payType: o.payType,
    installments: o.periodNum ? Number.parseInt(o.periodNum, 10) || 0 : 0,
    bonus: o.transType === '2',
    authCode: o.authCode,
    cardMasked: o.cardId,
    payload: maskPans(JSON.stringify(o.raw)),
    verified,
    // A report without TransStatus (a refund answer) says nothing about the status; only a code
    // outside the documented table is unknown.
    statusKnown: o.transStatusCode === null ? true : o.statusKnown,
    changedAtMs: o.lastStatusChangeAt ? Date.parse(o.lastStatusChangeAt.utc) : null,
    malformedTimes: o.malformedTimes,
    inexactAmounts: o.inexactAmounts,
  };
}

