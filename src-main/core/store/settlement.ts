// Settlement's reads: per (day, profile) sums from the money entries' daily roll-up (money_days), or
// from the entries joined to their orders when a filter needs order fields; a day's orders behind a
// settlement row; and the entries booked as adjustments of closed days.
import type { GatewayName } from '../gateways/status.ts';
import type { Cents } from '../money.ts';
import type { TaipeiDay } from '../time.ts';
import type { Db } from './db.ts';
import { type OrderFilter, buildWhere, cachedStatement } from './order-queries.ts';
import { settledSql } from './order-facts.ts';
import { isPostgres } from './engine.ts';
import { gatewayAdapters, sqlList } from '../gateways/registry.ts';
import type { OrderFacts } from './order-facts.ts';

/** One (day, profile) of the daily view, before `unsettled` is worked out. */
export interface SettlementAggregate {
  day: TaipeiDay;
  profileId: number;
  profileName: string;
  gateway: GatewayName;
  feeRatePpm: number | null;
  feeFixedCents: number | null;
  orders: number;
  capturedOrders: number;
  gross: Cents;
  captured: Cents;
  refunded: Cents;
  fees: Cents;
  scheduleFees: Cents;
  feesReturned: Cents;
  net: Cents;
  settled: Cents;
  adjustments: Cents;
}

/** Filters that need the orders themselves, not just profile and gateway. */
function needsOrders(f: OrderFilter): boolean {
  return Boolean(f.statuses?.length || f.search?.trim() || f.minAmount !== undefined || f.maxAmount !== undefined);
}

const DAY_COLUMNS = 'day, profile_id, orders, captured_orders, gross, captured, refunded, fees, schedule_fees, fees_returned, settled, adjustments';

/**
 * Per (day, profile) sums for days from..to: the roll-up, or, when the filter needs order fields, the
 * entries themselves joined to their orders.
 */
function daySource(filter: OrderFilter, postgres: boolean): { sql: string; params: Record<string, unknown> } {
  if (needsOrders(filter)) {
    const where = buildWhere({ ...filter, from: undefined, to: undefined }, { postgres });
    return {
      sql: `SELECT e.booked_day AS day, e.profile_id, e.orders, CASE WHEN e.captured > 0 THEN 1 ELSE 0 END AS captured_orders, e.gross, e.captured, e.refunded, e.fees,
              e.schedule_fees, e.fees_returned, e.settled,
              CASE WHEN e.adjustment <> 0 THEN e.captured - e.refunded - e.fees + e.fees_returned ELSE 0 END AS adjustments
            FROM money_entries e JOIN orders o ON o.id = e.order_id
            ${where.sql ? `${where.sql} AND` : 'WHERE'} e.booked_day >= @from AND e.booked_day <= @to`,
      params: where.params,
    };
  }
  const clauses = ['d.day >= @from', 'd.day <= @to'];
  const params: Record<string, unknown> = {};
  if (filter.profileIds?.length) {
    clauses.push(`d.profile_id IN (${filter.profileIds.map((_, i) => `@p${i}`).join(', ')})`);
    filter.profileIds.forEach((id, i) => (params[`p${i}`] = id));
  }
  if (filter.gateways?.length) {
    clauses.push(`d.profile_id IN (SELECT id FROM profiles WHERE gateway IN (${filter.gateways.map((_, i) => `@g${i}`).join(', ')}))`);
    filter.gateways.forEach((g, i) => (params[`g${i}`] = g));
  }
  return { sql: `SELECT ${DAY_COLUMNS.split(', ').map((c) => `d.${c}`).join(', ')} FROM money_days d WHERE ${clauses.join(' AND ')}`, params };
}

/** Per (day, profile) sums for the filter over from..to; `today` decides First Bank's settled rule. */
export function selectSettlementAggregates(db: Db, filter: OrderFilter, range: { from: TaipeiDay; to: TaipeiDay; today: TaipeiDay }): SettlementAggregate[] {
  const source = daySource(filter, isPostgres(db));
  return cachedStatement(
    db,
    `SELECT d.day AS day, d.profile_id AS profileId, p.name AS profileName, p.gateway AS gateway,
       p.fee_rate_ppm AS feeRatePpm, p.fee_fixed_cents AS feeFixedCents,
       SUM(d.orders) AS orders, SUM(d.captured_orders) AS capturedOrders, SUM(d.gross) AS gross, SUM(d.captured) AS captured,
       SUM(d.refunded) AS refunded, SUM(d.fees) AS fees, SUM(d.schedule_fees) AS scheduleFees, SUM(d.fees_returned) AS feesReturned,
       SUM(d.captured - d.refunded - d.fees + d.fees_returned) AS net,
       -- First Bank pays a day's batch out at day end: its settled money counts once the day is over.
       SUM(CASE WHEN p.gateway IN (${sqlList(gatewayAdapters().filter((a) => !a.rules.settledAtDayEnd).map((a) => a.name))}) OR d.day < @today THEN d.settled ELSE 0 END) AS settled,
       SUM(d.adjustments) AS adjustments
     FROM (${source.sql}) d JOIN profiles p ON p.id = d.profile_id
     GROUP BY d.day, d.profile_id, p.id
     HAVING SUM(ABS(d.orders) + ABS(d.gross) + ABS(d.captured) + ABS(d.refunded) + ABS(d.fees) + ABS(d.fees_returned) + ABS(d.settled)) > 0
     ORDER BY d.day, p.name`,
  ).all({ ...source.params, ...range }) as SettlementAggregate[];
}

/** How many orders had money booked on `day`, and up to `limit` of them (newest first) with that day's money. */
export function selectDayOrders(
  db: Db,
  q: { day: TaipeiDay; profileIds?: number[]; today: TaipeiDay; limit: number },
): { total: number; orders: Array<OrderFacts & { adjusted: 0 | 1 }> } {
  const where = buildWhere({ profileIds: q.profileIds }, { postgres: isPostgres(db) });
  const clause = `${where.sql ? `${where.sql} AND` : 'WHERE'} e.booked_day = @day`;
  const params = { ...where.params, day: q.day, today: q.today };
  const total = cachedStatement(db, `SELECT COUNT(DISTINCT e.order_id) FROM money_entries e JOIN orders o ON o.id = e.order_id ${clause}`)
    .pluck()
    .get(params) as number;
  const orders = cachedStatement(
    db,
    `SELECT o.id, o.profile_id, o.gateway, o.order_no, o.gateway_order_no, o.ordered_at_ms, o.taipei_day, o.status, o.status_code,
       o.amount, o.pay_type, o.installments, o.auth_code, o.card_masked, p.name AS profile_name, p.fee_rate_ppm, p.fee_fixed_cents,
       o.fee, o.fee_source, ${settledSql()} AS is_settled,
       SUM(e.captured) AS captured, SUM(e.refunded) AS refunded, SUM(e.fees) AS eff_fee, SUM(e.fees_returned) AS fee_returned,
       MAX(e.adjustment) AS adjusted
     FROM money_entries e JOIN orders o ON o.id = e.order_id JOIN profiles p ON p.id = o.profile_id ${clause}
     GROUP BY e.order_id, o.id, p.id ORDER BY o.ordered_at_ms DESC, o.id DESC LIMIT @limit`,
  ).all({ ...params, limit: q.limit }) as Array<OrderFacts & { adjusted: 0 | 1 }>;
  return { total, orders };
}

/** A money entry booked as an adjustment of a closed day, with its figures by column. */
export interface AdjustmentEntryRow {
  bookedDay: TaipeiDay;
  eventDay: TaipeiDay;
  profileId: number;
  profileName: string;
  gateway: GatewayName;
  orderNo: string;
  source: string;
  atMs: number;
  [column: string]: number | string;
}

export function selectAdjustmentEntries(db: Db, q: { from: TaipeiDay; to: TaipeiDay; profileIds?: number[]; limit: number }): AdjustmentEntryRow[] {
  const where = buildWhere({ profileIds: q.profileIds });
  const clause = `${where.sql ? `${where.sql} AND` : 'WHERE'} e.adjustment = 1 AND e.booked_day >= @from AND e.booked_day <= @to`;
  return cachedStatement(
    db,
    `SELECT e.booked_day AS bookedDay, e.event_day AS eventDay, e.profile_id AS profileId, p.name AS profileName, p.gateway AS gateway,
       o.order_no AS orderNo, e.orders, e.gross, e.captured, e.refunded, e.fees, e.fees_returned, e.settled, e.source AS source, e.at_ms AS atMs
     FROM money_entries e JOIN orders o ON o.id = e.order_id JOIN profiles p ON p.id = e.profile_id ${clause}
     ORDER BY e.booked_day, e.id LIMIT @limit`,
  ).all({ ...where.params, from: q.from, to: q.to, limit: q.limit }) as AdjustmentEntryRow[];
}
