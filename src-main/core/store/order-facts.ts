// The SQL of the per-order money facts the Excel orders sheet and the settlement drill-down show. The fee is the one
// the store wrote with the one fee function (core/fees.ts: the gateway's own, else the profile's
// schedule), so the orders sheet, the drawer, the totals and settlement cannot disagree.
//  - settled: FlashPay says so itself (04 capture settled, 08 refund settled). First Bank has no
//    settlement status: a paid (2) or refunded (3) order counts as settled once its Taipei day is
//    over, since the platform batches the day's captures at day end; 4 (refund in progress) never is.
import { type OrderFilter, buildWhere } from './order-queries.ts';
import type { OrderRow } from './orders.ts';
import type { Db } from './db.ts';
import { isPostgres } from './engine.ts';
import { gatewayAdapters, sqlList, sqlText } from '../gateways/registry.ts';
import type { TaipeiDay } from '../time.ts';

import type { FeeSource } from '../fees.ts';

export type { FeeSource };

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

/** Whether an order `o` is settled, as SQL built from each adapter's settled codes (`@today` bound). */
export function settledSql(): string {
  const arms = gatewayAdapters().map(
    (a) => `WHEN o.gateway = ${sqlText(a.name)} AND o.status_code IN (${sqlList(a.rules.settled)})${a.rules.settledAtDayEnd ? ' AND o.taipei_day < @today' : ''} THEN 1`,
  );
  return `(CASE ${arms.join(' ')} ELSE 0 END)`;
}

export { AUTHORIZED_STATUSES } from './money-entries.ts';

/**
 * SELECT of every order matching the filter with its facts, for orders that have a Taipei day.
 * `today` decides First Bank's settled rule.
 */
export function orderFactsQuery(filter: OrderFilter, today: TaipeiDay, db?: Db): { sql: string; params: Record<string, unknown> } {
  const where = buildWhere(filter, { postgres: db !== undefined && isPostgres(db) });
  const clause = `${where.sql ? `${where.sql} AND` : 'WHERE'} o.taipei_day IS NOT NULL`;
  return {
    sql: `SELECT ${COLUMNS.map((c) => `o.${c}`).join(', ')}, p.name AS profile_name, p.fee_rate_ppm, p.fee_fixed_cents,
            o.eff_fee, o.fee_source, ${settledSql()} AS is_settled
          FROM orders o JOIN profiles p ON p.id = o.profile_id ${clause}`,
    params: { ...where.params, today },
  };
}
