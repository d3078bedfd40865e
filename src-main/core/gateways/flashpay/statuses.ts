// FlashPay order_status codes (seed 000 section 9) and where each lands in the normalized vocabulary.
import type { GatewayStatus, NormalizedStatus } from '../status.ts';

/** Who answered, for GatewayError and messages. */
export const FLASHPAY = { name: 'flashpay', displayName: 'FlashPay' } as const;

export const FLASHPAY_STATUS_CODES = ['00', 'ZP', '02', 'ZF', '12', '03', '04', '06', '08'] as const;

export type FlashPayStatusCode = (typeof FLASHPAY_STATUS_CODES)[number];

export interface FlashPayStatusInfo {
  zh: string;
  en: string;
  normalized: NormalizedStatus;
}

export const FLASHPAY_STATUSES: Readonly<Record<FlashPayStatusCode, FlashPayStatusInfo>> = {
  // The seed's own name says "authorizing (authorization failed)": the code covers both, so it is
  // treated as unresolved and re-queried rather than as a final failure.
  '00': { zh: '授權中(授權失敗)', en: 'Authorizing (or authorization failed)', normalized: 'pending' },
  ZP: { zh: '訂單處理中', en: 'Order processing', normalized: 'pending' },
  '02': { zh: '授權成功', en: 'Authorized', normalized: 'authorized' },
  ZF: { zh: '授權失敗', en: 'Authorization failed', normalized: 'failed' },
  '12': { zh: '訂單取消', en: 'Cancelled', normalized: 'cancelled' },
  '03': { zh: '已請款', en: 'Captured', normalized: 'captured' },
  '04': { zh: '請款已清算', en: 'Capture settled', normalized: 'settled' },
  '06': { zh: '已退貨', en: 'Refunded', normalized: 'refunded' },
  '08': { zh: '退貨已清算', en: 'Refund settled', normalized: 'refund_settled' },
};

export function isFlashPayStatusCode(code: string): code is FlashPayStatusCode {
  return Object.hasOwn(FLASHPAY_STATUSES, code);
}

/**
 * Describes any order_status. An unknown code does not throw: it maps to 'pending' (known: false),
 * the one status that claims nothing about money, so the order is re-queried rather than trusted.
 */
export function flashPayStatus(code: string): GatewayStatus {
  const trimmed = code.trim();
  if (isFlashPayStatusCode(trimmed)) return { code: trimmed, known: true, ...FLASHPAY_STATUSES[trimmed] };
  return { code: trimmed, known: false, zh: `未知狀態(${trimmed})`, en: `Unknown status ${trimmed}`, normalized: 'pending' };
}
