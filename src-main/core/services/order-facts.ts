// Per-order money facts that settlement and the Excel export must agree on, written once as SQL so
// the summary sheet, the settlement view and the orders sheet can never drift apart:
//  - the fee: the gateway's own (FlashPay service_fee); for a gateway that reports none (First Bank,
//    fee column 0) the profile's schedule: round_half_up(captured x ppm / 1e6) + fixed, per captured
//    order. Rounding per order, because that is how an acquirer bills each transaction.
//  - settled: FlashPay says so itself (04 capture settled, 08 refund settled). First Bank has no
//    settlement status: a paid (2) or refunded (3) order counts as settled once its Taipei day is
//    over, since the platform batches the day's captures at day end; 4 (refund in progress) never is.
import type { OrderFilter } from './orders-query.ts';
import { buildWhere } from './orders-query.ts';
import type { OrderRow } from '../store/orders.ts';
import type { TaipeiDay } from '../time.ts';

export type FeeSource = 'gateway' | 'schedule';

/** The order columns an export or the settlement view reads (never the raw payload: it is large). */
const COLUMNS = [
  'id', 'profile_id', 'gateway', 'order_no', 'gateway_order_no', 'ordered_at_ms', 'taipei_day', 'status', 'status_code',
  'amount', 'captured', 'refunded', 'fee', 'fee_returned', 'pay_type', 'installments', 'auth_code', 'card_masked',
] as const;

export interface OrderFacts extends Pick<OrderRow, (typeof COLUMNS)[number]> {
  profile_name: string;
  fee_rate_ppm: number | null;
  fee_fixed_cents: number | null;
  /** Cents: the fee counted in settlement. */
  eff_fee: number;
  fee_source: FeeSource;
  is_settled: 0 | 1;
}

const HAS_SCHEDULE = `(o.gateway = 'firstbank' AND o.fee = 0 AND (p.fee_rate_ppm IS NOT NULL OR p.fee_fixed_cents IS NOT NULL))`;

// Integer division truncates toward zero; captured and ppm are never negative, so +500000 then
// dividing is exactly half-up.
export const EFFECTIVE_FEE_SQL = `(CASE
  WHEN ${HAS_SCHEDULE} AND o.captured > 0
    THEN (o.captured * COALESCE(p.fee_rate_ppm, 0) + 500000) / 1000000 + COALESCE(p.fee_fixed_cents, 0)
  WHEN ${HAS_SCHEDULE} THEN 0
  ELSE o.fee END)`;

export const FEE_SOURCE_SQL = `(CASE WHEN ${HAS_SCHEDULE} THEN 'schedule' ELSE 'gateway' END)`;

export const SETTLED_SQL = `(CASE
  WHEN o.gateway = 'flashpay' THEN o.status_code IN ('04', '08')
  ELSE o.status_code IN ('2', '3') AND o.taipei_day < @today END)`;

/** Statuses whose amount was authorized at some point (gross authorized). */
export const AUTHORIZED_STATUSES = ['authorized', 'captured', 'settled', 'refund_pending', 'refunded', 'refund_settled'] as const;

/**
 * SELECT of every order matching the filter with its facts, for orders that have a Taipei day.
 * `today` decides First Bank's settled rule.
 */
export function orderFactsQuery(filter: OrderFilter, today: TaipeiDay): { sql: string; params: Record<string, unknown> } {
  const where = buildWhere(filter);
  const clause = `${where.sql ? `${where.sql} AND` : 'WHERE'} o.taipei_day IS NOT NULL`;
  return {
    sql: `SELECT ${COLUMNS.map((c) => `o.${c}`).join(', ')}, p.name AS profile_name, p.fee_rate_ppm, p.fee_fixed_cents,
            ${EFFECTIVE_FEE_SQL} AS eff_fee, ${FEE_SOURCE_SQL} AS fee_source, ${SETTLED_SQL} AS is_settled
          FROM orders o JOIN profiles p ON p.id = o.profile_id ${clause}`,
    params: { ...where.params, today },
  };
}
