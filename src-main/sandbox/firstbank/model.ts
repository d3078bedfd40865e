// A First Bank order as the sandbox keeps it, and its transitions (docs/SANDBOX.md): card submitted
// -> 2 paid / 6 failed / stays 0; refund of 2 (full amount only): CREDIT -> 3 at once, TENPAY -> 4
// and, one sandbox hour later, 3.
import type { FirstBankTransStatusCode } from '../../core/gateways/firstbank/statuses.ts';
import { HOUR_MS } from '../clock.ts';
import type { CardOutcome } from '../test-cards.ts';

export type FirstBankPayType = 'CREDIT' | 'TENPAY';

export const SUPPORTED_PAY_TYPES: readonly string[] = ['CREDIT', 'TENPAY'];

/** The bank takes an hour of sandbox time to complete a TENPAY refund. */
export const TENPAY_REFUND_DELAY_MS = HOUR_MS;

export interface FirstBankCard {
  authCode: string;
  /** First 6 and last 4 digits only, as the platform returns it. */
  cardId: string;
  cardBrand: string;
}

export interface TenpayPayment {
  channelOrderId: string;
  channelUserId: string;
}

export interface FirstBankRecord {
  orderId: string;
  /** '' until the buyer submits the payment page: the platform numbers authorization attempts. */
  reCheckId: string;
  payType: FirstBankPayType;
  amount: number;
  shippingFee: number;
  transStatus: FirstBankTransStatusCode;
  transTimeMs: number;
  createTimeMs: number;
  lastChangeMs: number;
  paidMs: number | null;
  productName: string;
  resUrl: string;
  customResultPage: boolean;
  transType: '0' | '1' | '2';
  periodNum: string;
  bonusActionCode: string;
  card: FirstBankCard | null;
  tenpay: TenpayPayment | null;
  returnStatus: string;
  returnDesc: string;
  /** When a TENPAY refund (status 4) completes; null otherwise. */
  refundDueMs: number | null;
  source: 'seed' | 'api';
}

const RESULT_TEXT: Record<CardOutcome, { status: FirstBankTransStatusCode; returnStatus: string; returnDesc: string }> = {
  approve: { status: '2', returnStatus: '00', returnDesc: '成功' },
  decline: { status: '6', returnStatus: '05', returnDesc: '發卡行拒絕交易' },
  expired: { status: '6', returnStatus: '54', returnDesc: '卡片過期' },
  processing: { status: '0', returnStatus: '', returnDesc: '授權處理中' },
};

export function authorize(r: FirstBankRecord, atMs: number, outcome: CardOutcome, reCheckId: string): void {
  const result = RESULT_TEXT[outcome];
  r.reCheckId = reCheckId;
  r.transStatus = result.status;
  r.returnStatus = result.returnStatus;
  r.returnDesc = result.returnDesc;
  r.lastChangeMs = atMs;
  if (result.status === '2') r.paidMs = atMs;
  if (result.status !== '2') {
    r.card = null;
    r.tenpay = null;
  }
}

export type RefundOutcome = { ok: true } | { ok: false; toolStatus: '9996' | '9998'; returnDesc: string };

export function refund(r: FirstBankRecord, atMs: number, amount: number): RefundOutcome {
  if (amount !== r.amount) return { ok: false, toolStatus: '9996', returnDesc: '退款金額須為原交易金額(full refund only)' };
  if (r.transStatus !== '2') return { ok: false, toolStatus: '9998', returnDesc: `訂單狀態(${r.transStatus})不可退款` };
  r.lastChangeMs = atMs;
  r.returnStatus = '00';
  r.returnDesc = '成功';
  if (r.payType === 'TENPAY') {
    r.transStatus = '4';
    r.refundDueMs = atMs + TENPAY_REFUND_DELAY_MS;
  } else {
    r.transStatus = '3';
  }
  return { ok: true };
}

/** A back-office cancellation (demo history only: the API has no cancel). */
export function cancelInBackOffice(r: FirstBankRecord, atMs: number, pending: boolean): void {
  r.transStatus = pending ? '5' : '1';
  r.lastChangeMs = atMs;
}

/** Completes a due TENPAY refund; true when the status changed (a notification is owed). */
export function catchUp(r: FirstBankRecord, nowMs: number): boolean {
  if (r.transStatus !== '4' || r.refundDueMs === null || r.refundDueMs > nowMs) return false;
  r.transStatus = '3';
  r.lastChangeMs = r.refundDueMs;
  r.refundDueMs = null;
  return true;
}
