// A FlashPay order as the sandbox keeps it, and its lifecycle (docs/SANDBOX.md): 02 is captured at
// the end of its Taipei day (03), settled two days later (04, with the fee); cancel of 02 gives 12,
// cancel of 03/04 is a refund (06) settled at the next day-end batch (08, fee returned). Money fields
// are derived from status and amount, never stored twice.
import type { FlashPayStatusCode } from '../../core/gateways/flashpay/statuses.ts';
import { DAY_MS, nextTaipeiMidnight } from '../formats.ts';

/** 3% of the amount, rounded half-up to whole NTD: reproduces both settled samples in seed 000 section 8 (500.00 -> 15.00, 500.98 -> 15.00). */
export const FLASHPAY_FEE_BASIS_POINTS = 300;

export const RET_OK = { code: '00', msg: '交易成功(Approved or completed successfully)' } as const;
export const RET_DECLINED = { code: '05', msg: '拒絕交易(Do not honor)' } as const;
export const RET_EXPIRED = { code: '54', msg: '卡片過期(Expired card)' } as const;
export const RET_PROCESSING = { code: '', msg: '訂單處理中' } as const;
export const RET_AUTHORIZING = { code: '', msg: '授權中' } as const;

export interface FlashPayRecord {
  ordNo: string;
  orderNo: string;
  merId: string;
  stoId: string;
  ordTimeMs: number;
  amountCents: number;
  status: FlashPayStatusCode;
  installPeriod: number;
  useRedeem: boolean;
  payType: string;
  orderDesc: string;
  cellPhone: string;
  returnUrl: string;
  clientUrl: string;
  authCode: string;
  purchaseMs: number | null;
  retCode: string;
  retMsg: string;
  feeCents: number;
  feeReturnedCents: number;
  /** When the next batch transition (capture, settlement, refund settlement) is due; null when none. */
  dueMs: number | null;
  source: 'seed' | 'api';
}

export function serviceFeeCents(amountCents: number): number {
  const raw = amountCents * FLASHPAY_FEE_BASIS_POINTS;
  // Whole NTD, half-up: raw is in cents x 10000.
  return Math.floor((raw + 500_000) / 1_000_000) * 100;
}

export interface MoneyView {
  totPay: number;
  totRet: number;
  canPay: number;
  canRet: number;
}

export function moneyOf(r: FlashPayRecord): MoneyView {
  switch (r.status) {
    case '02':
      return { totPay: 0, totRet: 0, canPay: r.amountCents, canRet: 0 };
    case '03':
    case '04':
      return { totPay: r.amountCents, totRet: 0, canPay: 0, canRet: r.amountCents };
    case '06':
    case '08':
      return { totPay: r.amountCents, totRet: r.amountCents, canPay: 0, canRet: 0 };
    default:
      return { totPay: 0, totRet: 0, canPay: 0, canRet: 0 };
  }
}

export type AuthorizationResult = 'approve' | 'decline' | 'expired' | 'processing';

export function authorize(r: FlashPayRecord, atMs: number, result: AuthorizationResult, authCode: string): void {
  r.purchaseMs = atMs;
  if (result === 'approve') {
    r.status = '02';
    r.retCode = RET_OK.code;
    r.retMsg = RET_OK.msg;
    r.authCode = authCode;
    r.dueMs = nextTaipeiMidnight(atMs);
    return;
  }
  if (result === 'processing') {
    r.status = 'ZP';
    r.retCode = RET_PROCESSING.code;
    r.retMsg = RET_PROCESSING.msg;
    return;
  }
  const ret = result === 'expired' ? RET_EXPIRED : RET_DECLINED;
  r.status = 'ZF';
  r.retCode = ret.code;
  r.retMsg = ret.msg;
}

/** Applies the batch transitions due by nowMs, each at its own due time. */
export function catchUp(r: FlashPayRecord, nowMs: number): void {
  while (r.dueMs !== null && r.dueMs <= nowMs) {
    const at = r.dueMs;
    if (r.status === '02') {
      r.status = '03';
      r.dueMs = at + 2 * DAY_MS;
    } else if (r.status === '03') {
      r.status = '04';
      r.feeCents = serviceFeeCents(r.amountCents);
      r.dueMs = null;
    } else if (r.status === '06') {
      r.status = '08';
      // A refund of a capture that never settled settles both in the same batch: the fee is charged
      // and returned at once, so every 08 has refund_service_fee = service_fee.
      if (r.feeCents === 0) r.feeCents = serviceFeeCents(r.amountCents);
      r.feeReturnedCents = r.feeCents;
      r.dueMs = null;
    } else {
      r.dueMs = null;
    }
  }
}

export type CancelOutcome = { ok: true; kind: 'cancel' | 'refund' } | { ok: false; code: string; msg: string };

export const CANCEL_WRONG_AMOUNT = { code: 'E101', msg: '取消金額與訂單金額不符(amount differs from the order amount)' } as const;
export const CANCEL_NOT_ALLOWED = { code: 'E102', msg: '訂單狀態不可取消授權(order status does not allow cancel)' } as const;

/** tx_type 8. The whole amount only: FlashPay's API has no partial cancel or refund. */
export function cancel(r: FlashPayRecord, atMs: number, amountCents: number): CancelOutcome {
  if (r.status !== '02' && r.status !== '03' && r.status !== '04') return { ok: false, ...CANCEL_NOT_ALLOWED };
  if (amountCents !== r.amountCents) return { ok: false, ...CANCEL_WRONG_AMOUNT };
  if (r.status === '02') {
    r.status = '12';
    r.dueMs = null;
    return { ok: true, kind: 'cancel' };
  }
  r.status = '06';
  r.dueMs = nextTaipeiMidnight(atMs);
  return { ok: true, kind: 'refund' };
}
