// One status vocabulary for both gateways, so the ledger, the UI and reconciliation never branch on
// a gateway's own codes. Each gateway's statuses.ts maps its codes onto these.

/** A registered gateway's stored name (core/gateways/registry.ts lists them). */
export type GatewayName = string;

export const NORMALIZED_STATUSES = [
  'pending',
  'authorized',
  'failed',
  'cancelled',
  'captured',
  'settled',
  'refund_pending',
  'refunded',
  'refund_settled',
  'amount_mismatch',
] as const;

export type NormalizedStatus = (typeof NORMALIZED_STATUSES)[number];

export interface StatusLabel {
  zh: string;
  en: string;
}

export const STATUS_LABELS: Readonly<Record<NormalizedStatus, StatusLabel>> = {
  pending: { zh: '處理中', en: 'Pending' },
  authorized: { zh: '已授權', en: 'Authorized' },
  failed: { zh: '交易失敗', en: 'Failed' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
  captured: { zh: '已請款', en: 'Captured' },
  settled: { zh: '已清算', en: 'Settled' },
  refund_pending: { zh: '退款處理中', en: 'Refund pending' },
  refunded: { zh: '已退款', en: 'Refunded' },
  refund_settled: { zh: '退款已清算', en: 'Refund settled' },
  amount_mismatch: { zh: '金額不符', en: 'Amount mismatch' },
};

export function isNormalizedStatus(value: unknown): value is NormalizedStatus {
  return typeof value === 'string' && (NORMALIZED_STATUSES as readonly string[]).includes(value);
}

/** A gateway's own status code, described, with where it lands in the normalized vocabulary. */
export interface GatewayStatus {
  code: string;
  /** False for a code the documents do not list; `normalized` is then a safe fallback. */
  known: boolean;
  zh: string;
  en: string;
  normalized: NormalizedStatus;
}
