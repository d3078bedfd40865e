// What a cancel or refund may do, decided from the order's latest known state and what each API can
// do, before anything is sent. Pure: no database, no network, so every case is a unit test.
//  - FlashPay has one money action, tx_type 8 (取消授權), for the full order amount. On an authorized
//    order (02) it voids the authorization; on a captured (03) or settled (04) order the gateway turns
//    it into a refund. No partial refund, no capture: those live in FlashPay's back-office.
//  - First Bank has RefundProcessOnline, for the original amount only, on a paid order (TransStatus 2).
//    It has no cancel call.
import type { GatewayName } from '../gateways/status.ts';
import type { Cents } from '../money.ts';
import { formatCents } from '../money.ts';
import type { ActionKind } from '../store/actions.ts';

export type RefusalCode =
  | 'pending'
  | 'failed'
  | 'cancelled'
  | 'refunded'
  | 'refund_pending'
  | 'cancel_pending'
  | 'not_paid'
  | 'amount_mismatch'
  | 'unknown_status'
  | 'partly_refunded'
  | 'use_cancel'
  | 'no_cancel_api'
  | 'partial_amount'
  | 'in_progress'
  | 'not_known'
  | 'query_failed'
  | 'not_confirmed'
  | 'typed_amount'
  | 'idempotency_mismatch';

export type ExpectedOutcome = 'void_authorization' | 'refund_captured' | 'refund_full';

export interface OrderFacts {
  gateway: GatewayName;
  statusCode: string;
  amount: Cents;
  refunded: Cents;
}

export type Decision =
  | { allowed: true; kind: ActionKind; expected: ExpectedOutcome; expectedText: string; operation: string }
  | { allowed: false; code: RefusalCode; reason: string };

export const BACK_OFFICE = {
  flashpay: "FlashPay's merchant back-office (特店後台)",
  firstbank: "First Bank's 整合支付平台 back-office (特店管理後台)",
} as const;

/** Statuses where the action can be sent; the others are refused with a reason. */
export const ALLOWED_STATUSES: Readonly<Record<GatewayName, readonly string[]>> = {
  flashpay: ['02', '03', '04'],
  firstbank: ['2'],
};

/** Statuses that prove the action happened (used to settle an unknown outcome by re-query). */
export const HAPPENED_STATUSES: Readonly<Record<GatewayName, readonly string[]>> = {
  flashpay: ['12', '06', '08'],
  firstbank: ['3', '4'],
};

export function operationOf(gateway: GatewayName): string {
  return gateway === 'flashpay' ? 'flashpay:tx8' : 'firstbank:RefundProcessOnline';
}

function refuse(code: RefusalCode, reason: string): Decision {
  return { allowed: false, code, reason };
}

const FLASHPAY_REFUSALS: Readonly<Record<string, [RefusalCode, string]>> = {
  '00': ['pending', 'the order is still authorizing (00 授權中) or its authorization failed; query it again later, there is nothing to cancel yet'],
  ZP: ['pending', 'the order is still processing at FlashPay (ZP 訂單處理中); query it again later'],
  ZF: ['failed', 'the authorization failed (ZF 授權失敗); no money was taken, there is nothing to cancel or refund'],
  '12': ['cancelled', 'the order is already cancelled (12 訂單取消)'],
  '06': ['refunded', 'the order is already refunded (06 已退貨)'],
  '08': ['refunded', 'the order is already refunded and the refund settled (08 退貨已清算)'],
};

const FIRSTBANK_REFUSALS: Readonly<Record<string, [RefusalCode, string]>> = {
  '0': ['not_paid', 'the order is created but not paid (TransStatus 0 已建立); there is nothing to refund'],
  '1': ['cancelled', 'the order is already cancelled (TransStatus 1 已取消)'],
  '3': ['refunded', 'the order is already refunded (TransStatus 3 已退款)'],
  '4': ['refund_pending', 'a refund is already in progress (TransStatus 4 退款交易處理中); wait for it to complete'],
  '5': ['cancel_pending', 'a cancellation is in progress (TransStatus 5 取消交易處理中); wait for it to complete'],
  '6': ['failed', 'the transaction failed (TransStatus 6 交易失敗); no money was taken'],
  '7': ['amount_mismatch', 'the platform reports an amount mismatch (TransStatus 7 交易金額不符); resolve it in the back-office'],
};

/** Decides what `kind` would do on this order; `requested` is the amount the operator asked for. */
export function decide(order: OrderFacts, kind: ActionKind, requested: Cents | null): Decision {
  const office = BACK_OFFICE[order.gateway];
  const code = order.statusCode;
  if (order.gateway === 'flashpay') {
    const refusal = FLASHPAY_REFUSALS[code];
    if (refusal) return refuse(refusal[0], `${refusal[1]}.`);
    if (!ALLOWED_STATUSES.flashpay.includes(code)) {
      return refuse('unknown_status', `FlashPay reports status ${JSON.stringify(code)}, which the console does not know; check the order in ${office}.`);
    }
    if (kind === 'refund' && code === '02') {
      return refuse('use_cancel', 'the order is authorized but not captured (02 授權成功): there is nothing to refund; cancel it instead (`recon cancel`), which voids the authorization.');
    }
    if (order.refunded > 0) {
      return refuse('partly_refunded', `FlashPay already shows ${formatCents(order.refunded)} refunded on this order; the API refunds only the full amount, so finish it in ${office}.`);
    }
  } else {
    const refusal = FIRSTBANK_REFUSALS[code];
    if (refusal) return refuse(refusal[0], `${refusal[1]}.`);
    if (!ALLOWED_STATUSES.firstbank.includes(code)) {
      return refuse('unknown_status', `First Bank reports TransStatus ${JSON.stringify(code)}, which the console does not know; check the order in ${office}.`);
    }
    if (kind === 'cancel') {
      return refuse('no_cancel_api', `First Bank's API has no cancellation; a paid order can be refunded in full (\`recon refund\`), or cancelled in ${office}.`);
    }
  }
  if (requested !== null && requested !== order.amount) {
    return refuse(
      'partial_amount',
      `the API can only ${order.gateway === 'flashpay' ? 'cancel' : 'refund'} the full order amount (${formatCents(order.amount)}), not ${formatCents(requested)}; ` +
        `partial refunds are done in ${office}.`,
    );
  }
  if (order.gateway === 'firstbank') {
    return {
      allowed: true,
      kind,
      expected: 'refund_full',
      expectedText: `First Bank refunds the full ${formatCents(order.amount)} (RefundProcessOnline); the order becomes 3 已退款 (TENPAY: 4 退款交易處理中 first).`,
      operation: operationOf('firstbank'),
    };
  }
  if (code === '02') {
    return {
      allowed: true,
      kind,
      expected: 'void_authorization',
      expectedText: `FlashPay voids the authorization of ${formatCents(order.amount)} (tx_type 8); no money was captured; the order becomes 12 訂單取消.`,
      operation: operationOf('flashpay'),
    };
  }
  return {
    allowed: true,
    kind,
    expected: 'refund_captured',
    expectedText: `The order is captured (${code}): FlashPay turns the cancel (tx_type 8) into a refund of ${formatCents(order.amount)}; the order becomes 06 已退貨.`,
    operation: operationOf('flashpay'),
  };
}

/** The kind that fits an order when the operator has not chosen one (the UI's dialog). */
export function naturalKind(gateway: GatewayName, statusCode: string): ActionKind {
  if (gateway === 'firstbank') return 'refund';
  return statusCode === '03' || statusCode === '04' ? 'refund' : 'cancel';
}

/** After an unknown outcome: did the action happen, evidently not, or is the state unclear? */
export function judgeAfter(gateway: GatewayName, statusCode: string): 'happened' | 'not-happened' | 'unclear' {
  if (HAPPENED_STATUSES[gateway].includes(statusCode)) return 'happened';
  if (ALLOWED_STATUSES[gateway].includes(statusCode)) return 'not-happened';
  return 'unclear';
}
