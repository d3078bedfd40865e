// What a gateway answer may not say without a person looking at it first. An implausible answer is
// kept raw (raw_answers), held back (order_anomalies) and flagged on the order; it moves no money and
// enters no total until a person accepts it.
import type { NormalizedOrder } from './store/orders.ts';

export const ANOMALY_CODES = [
  'negative_amount',
  'captured_above_amount',
  'refunded_above_amount',
  'amount_too_large',
  'unknown_status',
  'outside_requested_range',
  'malformed_time',
] as const;
export type AnomalyCode = (typeof ANOMALY_CODES)[number];

/** 10^15 cents (10 trillion NTD): far above any real order, and sums of many stay exact in a double. */
export const MAX_PLAUSIBLE_CENTS = 1_000_000_000_000_000;

export const ANOMALY_TEXT: Record<AnomalyCode, { zh: string; en: string }> = {
  negative_amount: { zh: '金額為負數', en: 'a negative amount' },
  captured_above_amount: { zh: '請款金額高於訂單金額', en: 'captured above the order amount' },
  refunded_above_amount: { zh: '退款金額高於訂單金額', en: 'refunded above the order amount' },
  amount_too_large: { zh: '金額大得不合理', en: 'an implausibly large amount' },
  unknown_status: { zh: '未知的狀態代碼', en: 'an unknown status code' },
  outside_requested_range: { zh: '訂單日期不在查詢範圍內', en: 'an order date outside the range asked for' },
  malformed_time: { zh: '時間格式錯誤', en: 'a malformed time' },
};

export interface PlausibilityContext {
  /** The amount already cached for the order (answers such as a cancel carry none). */
  cachedAmount: number | null;
  /** The UTC range a range query asked for; an order outside it is not what was asked. */
  range?: { startMs: number; endMs: number };
}

export function implausibilities(o: NormalizedOrder, ctx: PlausibilityContext): AnomalyCode[] {
  const codes = new Set<AnomalyCode>();
  const money = [o.amount ?? 0, o.captured, o.refunded, o.capturable, o.refundable, o.fee, o.feeReturned, o.shipping];
  if (money.some((m) => m < 0)) codes.add('negative_amount');
  if (money.some((m) => Math.abs(m) >= MAX_PLAUSIBLE_CENTS || !Number.isSafeInteger(m)) || o.inexactAmounts?.length) codes.add('amount_too_large');
  const amount = o.amount ?? ctx.cachedAmount;
  if (amount !== null && o.captured > amount) codes.add('captured_above_amount');
  if (amount !== null && o.refunded > amount) codes.add('refunded_above_amount');
  if (o.statusKnown === false && o.statusCode !== '') codes.add('unknown_status');
  if (ctx.range && o.orderedAtMs !== null && (o.orderedAtMs < ctx.range.startMs || o.orderedAtMs >= ctx.range.endMs)) codes.add('outside_requested_range');
  if (o.malformedTimes?.length) codes.add('malformed_time');
  return ANOMALY_CODES.filter((c) => codes.has(c));
}
