// Daily settlement: per Taipei day and profile, the money booked that day (money-entries.ts): orders
// first seen, gross authorized, captured, refunded, fees charged and returned, net (captured - refunded
// - fees + fees returned), what the gateway settled (paid out) that day, and how much of the day's net
// is adjustments of closed days. It reads the entries' daily roll-up (money_days), so a month costs
// the same at a thousand orders as at a million; a filter on the orders themselves (status, search,
// amount) reads the entries joined to their orders instead.
import type { App } from '../app.ts';
import { InputError } from '../errors.ts';
import type { GatewayName } from '../gateways/status.ts';
import type { Cents } from '../money.ts';
import { type TaipeiDay, addDays, daysBetween, parseDay, taipeiDayOf } from '../time.ts';
import { StoreError } from '../errors.ts';
import { ENTRY_KINDS, KIND_COLUMN } from '../store/money-entries.ts';
import { settledSql } from './order-facts.ts';
import { gatewayAdapters, sqlList } from '../gateways/registry.ts';
import type { OrderFacts } from './order-facts.ts';
import { type OrderFilter, buildWhere } from './orders-query.ts';

export interface SettlementAmounts {
  orders: number;
  /** Orders with money captured (the fixed part of a fee schedule applies per such order). */
  capturedOrders: number;
  gross: Cents;
  captured: Cents;
  refunded: Cents;
  fees: Cents;
  /** Of `fees`: computed from the profile's fee schedule because the gateway reported none. */
  scheduleFees: Cents;
  feesReturned: Cents;
  net: Cents;
  /** What the gateway settled (paid out) on the day: the payouts view's figure. */
  settled: Cents;
  /** net - settled: of the day's money, what no payout of that day covered. */
  unsettled: Cents;
  /** Of net: changes that belonged to a closed day, booked here instead. */
  adjustments: Cents;
}

export interface SettlementRow extends SettlementAmounts {
  day: TaipeiDay;
  profileId: number;
  profileName: string;
  gateway: GatewayName;
  feeRatePpm: number | null;
  feeFixedCents: number | null;
}

export interface SettlementDay extends SettlementAmounts {
  day: TaipeiDay;
}

export interface SettlementReport {
  from: TaipeiDay | null;
  to: TaipeiDay | null;
  /** The Taipei day the First Bank settled rule was evaluated against. */
  today: TaipeiDay;
  /** Per gateway, the same figures summed (the Summary sheet's subtotals). */
  gateways: Array<SettlementAmounts & { gateway: GatewayName }>;
  rows: SettlementRow[];
  /** Every day of from..to (empty days included, for the chart), all selected profiles together. */
  days: SettlementDay[];
  totals: SettlementAmounts;
}

export interface SettlementQuery extends OrderFilter {
  nowMs?: number;
}

/** Longest range the daily view and the export summary accept. */
export const MAX_SETTLEMENT_DAYS = 3 * 366;

export function emptyAmounts(): SettlementAmounts {
  return { orders: 0, capturedOrders: 0, gross: 0, captured: 0, refunded: 0, fees: 0, scheduleFees: 0, feesReturned: 0, net: 0, settled: 0, unsettled: 0, adjustments: 0 };
}

const AMOUNT_KEYS = Object.keys(emptyAmounts()) as Array<keyof SettlementAmounts>;

export function addAmounts(into: SettlementAmounts, add: SettlementAmounts): SettlementAmounts {
  for (const k of AMOUNT_KEYS) {
    into[k] += add[k];
    // Each order is below 10^15 cents (plausibility.ts), but a sum of many could still pass 2^53.
    if (!Number.isSafeInteger(into[k])) throw new StoreError(`the ${k} total is too large to add up exactly; choose a shorter range or fewer profiles`);
  }
  return into;
}

export function validateRange(from: string | undefined, to: string | undefined): { from?: TaipeiDay; to?: TaipeiDay } {
  const f = from === undefined ? undefined : parseDay(from, 'from');
  const t = to === undefined ? undefined : parseDay(to, 'to');
  if (f !== undefined && t !== undefined) {
    const span = daysBetween(f, t);
    if (span < 0) throw new InputError(`the range ends (${t}) before it starts (${f})`);
    if (span >= MAX_SETTLEMENT_DAYS) throw new InputError(`the range is longer than ${MAX_SETTLEMENT_DAYS} days; split it`);
  }
  return { from: f, to: t };
}

type AggregateRow = Omit<SettlementRow, 'unsettled'>;

/** Filters that need the orders themselves, not just profile and gateway. */
function needsOrders(f: OrderFilter): boolean {
  return Boolean(f.statuses?.length || f.search?.trim() || f.minAmount !== undefined || f.maxAmount !== undefined);
}

const DAY_COLUMNS = 'day, profile_id, orders, captured_orders, gross, captured, refunded, fees, schedule_fees, fees_returned, settled, adjustments';

/**
 * Per (day, profile) sums for days from..to: the roll-up, or, when the filter needs order fields, the
 * entries themselves joined to their orders.
 */
function daySource(filter: OrderFilter): { sql: string; params: Record<string, unknown> } {
  if (needsOrders(filter)) {
    const where = buildWhere({ ...filter, from: undefined, to: undefined });
    return {
      sql: `SELECT e.booked_day AS day, e.profile_id, e.orders, e.captured > 0 AS captured_orders, e.gross, e.captured, e.refunded, e.fees,
              e.schedule_fees, e.fees_returned, e.settled,
              CASE WHEN e.adjustment THEN e.captured - e.refunded - e.fees + e.fees_returned ELSE 0 END AS adjustments
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

/** Daily settlement for a filter (profiles, Taipei days, optionally statuses). */
export function dailySettlement(app: App, query: SettlementQuery): SettlementReport {
  const { from, to } = validateRange(query.from, query.to);
  const today = taipeiDayOf(query.nowMs ?? Date.now());
  const { nowMs: _now, ...filter } = query;
  const source = daySource(filter);
  const rows = (
    app.db
      .prepare(
        `SELECT d.day AS day, d.profile_id AS profileId, p.name AS profileName, p.gateway AS gateway,
           p.fee_rate_ppm AS feeRatePpm, p.fee_fixed_cents AS feeFixedCents,
           SUM(d.orders) AS orders, SUM(d.captured_orders) AS capturedOrders, SUM(d.gross) AS gross, SUM(d.captured) AS captured,
           SUM(d.refunded) AS refunded, SUM(d.fees) AS fees, SUM(d.schedule_fees) AS scheduleFees, SUM(d.fees_returned) AS feesReturned,
           SUM(d.captured - d.refunded - d.fees + d.fees_returned) AS net,
           -- First Bank pays a day's batch out at day end: its settled money counts once the day is over.
           SUM(CASE WHEN p.gateway IN (${sqlList(gatewayAdapters().filter((a) => !a.rules.settledAtDayEnd).map((a) => a.name))}) OR d.day < @today THEN d.settled ELSE 0 END) AS settled,
           SUM(d.adjustments) AS adjustments
         FROM (${source.sql}) d JOIN profiles p ON p.id = d.profile_id
         GROUP BY d.day, d.profile_id
         HAVING SUM(ABS(d.orders) + ABS(d.gross) + ABS(d.captured) + ABS(d.refunded) + ABS(d.fees) + ABS(d.fees_returned) + ABS(d.settled)) > 0
         ORDER BY d.day, p.name`,
      )
      .all({ ...source.params, from: from ?? '0000-01-01', to: to ?? '9999-12-31', today }) as AggregateRow[]
  ).map((r): SettlementRow => ({ ...r, unsettled: r.net - r.settled }));

  const byDay = new Map<TaipeiDay, SettlementAmounts>();
  const byGateway = new Map<GatewayName, SettlementAmounts>();
  const totals = emptyAmounts();
  for (const r of rows) {
    const day = byDay.get(r.day) ?? emptyAmounts();
    byDay.set(r.day, addAmounts(day, r));
    const gw = byGateway.get(r.gateway) ?? emptyAmounts();
    byGateway.set(r.gateway, addAmounts(gw, r));
    addAmounts(totals, r);
  }
  const first = from ?? rows[0]?.day;
  const last = to ?? rows.at(-1)?.day;
  const days: SettlementDay[] = [];
  if (first !== undefined && last !== undefined && daysBetween(first, last) < MAX_SETTLEMENT_DAYS) {
    for (let d = first; daysBetween(d, last) >= 0; d = addDays(d, 1)) days.push({ day: d, ...(byDay.get(d) ?? emptyAmounts()) });
  }
  const gateways = gatewayAdapters().map((a) => a.name).filter((g) => byGateway.has(g)).map((g) => ({ gateway: g, ...byGateway.get(g)! }));
  return { from: from ?? null, to: to ?? null, today, rows, days, totals, gateways };
}

/**
 * One day's orders behind a settlement row (the settlement view's drill-down), newest first: each with
 * the money booked for it that day, so the orders add up to the row.
 */
export function settlementDayOrders(
  app: App,
  query: { day: string; profileIds?: number[]; limit?: number; nowMs?: number },
): { day: TaipeiDay; total: number; orders: Array<OrderFacts & { adjusted: 0 | 1 }> } {
  const day = parseDay(query.day, 'day');
  const limit = Math.min(Math.max(query.limit ?? 500, 1), 5000);
  const where = buildWhere({ profileIds: query.profileIds });
  const clause = `${where.sql ? `${where.sql} AND` : 'WHERE'} e.booked_day = @day`;
  const params = { ...where.params, day, today: taipeiDayOf(query.nowMs ?? Date.now()) };
  const total = app.db.prepare(`SELECT COUNT(DISTINCT e.order_id) FROM money_entries e JOIN orders o ON o.id = e.order_id ${clause}`).pluck().get(params) as number;
  const orders = app.db
    .prepare(
      `SELECT o.id, o.profile_id, o.gateway, o.order_no, o.gateway_order_no, o.ordered_at_ms, o.taipei_day, o.status, o.status_code,
         o.amount, o.pay_type, o.installments, o.auth_code, o.card_masked, p.name AS profile_name, p.fee_rate_ppm, p.fee_fixed_cents,
         o.fee, o.fee_source, ${settledSql()} AS is_settled,
         SUM(e.captured) AS captured, SUM(e.refunded) AS refunded, SUM(e.fees) AS eff_fee, SUM(e.fees_returned) AS fee_returned,
         MAX(e.adjustment) AS adjusted
       FROM money_entries e JOIN orders o ON o.id = e.order_id JOIN profiles p ON p.id = o.profile_id ${clause}
       GROUP BY e.order_id ORDER BY o.ordered_at_ms DESC, o.id DESC LIMIT @limit`,
    )
    .all({ ...params, limit }) as Array<OrderFacts & { adjusted: 0 | 1 }>;
  return { day, total, orders };
}

export interface AdjustmentEntry {
  bookedDay: TaipeiDay;
  eventDay: TaipeiDay;
  profileId: number;
  profileName: string;
  gateway: GatewayName;
  orderNo: string;
  kind: string;
  /** Signed cents of the entry (for 'order', a count). */
  amount: number;
  /** The call that brought the change ('106', 'report', 'refund', 'accept', ...). */
  source: string;
  atMs: number;
}

/** Changes that belonged to a closed day, booked on a later open day: what, for which order, why. */
export function settlementAdjustments(app: App, query: { from?: string; to?: string; profileIds?: number[]; limit?: number }): AdjustmentEntry[] {
  const { from, to } = validateRange(query.from, query.to);
  const where = buildWhere({ profileIds: query.profileIds });
  const clause = `${where.sql ? `${where.sql} AND` : 'WHERE'} e.adjustment = 1 AND e.booked_day >= @from AND e.booked_day <= @to`;
  const rows = app.db
    .prepare(
      `SELECT e.booked_day AS bookedDay, e.event_day AS eventDay, e.profile_id AS profileId, p.name AS profileName, p.gateway AS gateway,
         o.order_no AS orderNo, e.orders, e.gross, e.captured, e.refunded, e.fees, e.fees_returned, e.settled, e.source AS source, e.at_ms AS atMs
       FROM money_entries e JOIN orders o ON o.id = e.order_id JOIN profiles p ON p.id = e.profile_id ${clause}
       ORDER BY e.booked_day, e.id LIMIT @limit`,
    )
    .all({ ...where.params, from: from ?? '0000-01-01', to: to ?? '9999-12-31', limit: Math.min(Math.max(query.limit ?? 5000, 1), 50_000) }) as Array<
    Omit<AdjustmentEntry, 'kind' | 'amount'> & Record<string, number>
  >;
  // One line per figure that changed, so each says what it was.
  const out: AdjustmentEntry[] = [];
  for (const r of rows) {
    for (const kind of ENTRY_KINDS) {
      const amount = r[KIND_COLUMN[kind]]!;
      if (amount !== 0) {
        out.push({ bookedDay: r.bookedDay, eventDay: r.eventDay, profileId: r.profileId, profileName: r.profileName, gateway: r.gateway, orderNo: r.orderNo, kind, amount, source: r.source, atMs: r.atMs });
      }
    }
  }
  return out;
}
