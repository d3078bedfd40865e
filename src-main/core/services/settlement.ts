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
import { SETTLED_SQL } from './order-facts.ts';
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

/**
 * Per (day, profile, kind): amount, positive entries, adjustments, schedule fees, for days from..to,
 * from the roll-up or, when the filter needs order fields, from the entries themselves.
 */
function daySource(filter: OrderFilter): { sql: string; params: Record<string, unknown> } {
  if (needsOrders(filter)) {
    const where = buildWhere({ ...filter, from: undefined, to: undefined });
    return {
      sql: `SELECT e.booked_day AS day, e.profile_id, e.kind, e.amount, e.amount > 0 AS positives,
              CASE WHEN e.adjustment THEN e.amount ELSE 0 END AS adjusted, CASE WHEN e.schedule THEN e.amount ELSE 0 END AS schedule
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
  return { sql: `SELECT d.day, d.profile_id, d.kind, d.amount, d.positives, d.adjusted, d.schedule FROM money_days d WHERE ${clauses.join(' AND ')}`, params };
}

const NET_OF = (col: string) => `(CASE d.kind WHEN 'capture' THEN ${col} WHEN 'refund' THEN -${col} WHEN 'fee' THEN -${col} WHEN 'fee_return' THEN ${col} ELSE 0 END)`;

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
           SUM(CASE WHEN d.kind = 'order' THEN d.amount ELSE 0 END) AS orders,
           SUM(CASE WHEN d.kind = 'capture' THEN d.positives ELSE 0 END) AS capturedOrders,
           SUM(CASE WHEN d.kind = 'gross' THEN d.amount ELSE 0 END) AS gross,
           SUM(CASE WHEN d.kind = 'capture' THEN d.amount ELSE 0 END) AS captured,
           SUM(CASE WHEN d.kind = 'refund' THEN d.amount ELSE 0 END) AS refunded,
           SUM(CASE WHEN d.kind = 'fee' THEN d.amount ELSE 0 END) AS fees,
           SUM(CASE WHEN d.kind = 'fee' THEN d.schedule ELSE 0 END) AS scheduleFees,
           SUM(CASE WHEN d.kind = 'fee_return' THEN d.amount ELSE 0 END) AS feesReturned,
           SUM(${NET_OF('d.amount')}) AS net,
           -- First Bank pays a day's batch out at day end: its settle entries count once the day is over.
           SUM(CASE WHEN d.kind = 'settle' AND (p.gateway = 'flashpay' OR d.day < @today) THEN d.amount ELSE 0 END) AS settled,
           SUM(${NET_OF('d.adjusted')}) AS adjustments
         FROM (${source.sql}) d JOIN profiles p ON p.id = d.profile_id
         GROUP BY d.day, d.profile_id
         HAVING SUM(ABS(d.amount)) > 0
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
  const gateways = (['flashpay', 'firstbank'] as const).filter((g) => byGateway.has(g)).map((g) => ({ gateway: g, ...byGateway.get(g)! }));
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
         o.fee, o.fee_source, ${SETTLED_SQL} AS is_settled,
         SUM(CASE WHEN e.kind = 'capture' THEN e.amount ELSE 0 END) AS captured,
         SUM(CASE WHEN e.kind = 'refund' THEN e.amount ELSE 0 END) AS refunded,
         SUM(CASE WHEN e.kind = 'fee' THEN e.amount ELSE 0 END) AS eff_fee,
         SUM(CASE WHEN e.kind = 'fee_return' THEN e.amount ELSE 0 END) AS fee_returned,
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
  return app.db
    .prepare(
      `SELECT e.booked_day AS bookedDay, e.event_day AS eventDay, e.profile_id AS profileId, p.name AS profileName, p.gateway AS gateway,
         o.order_no AS orderNo, e.kind AS kind, e.amount AS amount, e.source AS source, e.at_ms AS atMs
       FROM money_entries e JOIN orders o ON o.id = e.order_id JOIN profiles p ON p.id = e.profile_id ${clause}
       ORDER BY e.booked_day, e.id LIMIT @limit`,
    )
    .all({ ...where.params, from: from ?? '0000-01-01', to: to ?? '9999-12-31', limit: Math.min(Math.max(query.limit ?? 5000, 1), 50_000) }) as AdjustmentEntry[];
}
