// Daily settlement: per Taipei day and profile, what was authorized, captured, refunded, charged in
// fees and returned, and what lands in the bank (net = captured - refunded - fees + fees returned),
// split into the part already settled and the part still pending. One SQL aggregation over the same
// per-order facts the Excel export writes (order-facts.ts).
import type { App } from '../app.ts';
import { InputError } from '../errors.ts';
import type { GatewayName } from '../gateways/status.ts';
import type { Cents } from '../money.ts';
import { type TaipeiDay, addDays, daysBetween, parseDay, taipeiDayOf } from '../time.ts';
import { AUTHORIZED_STATUSES, type OrderFacts, orderFactsQuery } from './order-facts.ts';
import type { OrderFilter } from './orders-query.ts';

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
  settled: Cents;
  unsettled: Cents;
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
  return { orders: 0, capturedOrders: 0, gross: 0, captured: 0, refunded: 0, fees: 0, scheduleFees: 0, feesReturned: 0, net: 0, settled: 0, unsettled: 0 };
}

const AMOUNT_KEYS = Object.keys(emptyAmounts()) as Array<keyof SettlementAmounts>;

export function addAmounts(into: SettlementAmounts, add: SettlementAmounts): SettlementAmounts {
  for (const k of AMOUNT_KEYS) into[k] += add[k];
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

interface AggregateRow extends Omit<SettlementRow, 'net' | 'unsettled'> {
  net: number;
}

/** Daily settlement for a filter (profiles, Taipei days, optionally statuses). */
export function dailySettlement(app: App, query: SettlementQuery): SettlementReport {
  const { from, to } = validateRange(query.from, query.to);
  const today = taipeiDayOf(query.nowMs ?? Date.now());
  const { nowMs: _now, ...filter } = query;
  const facts = orderFactsQuery({ ...filter, from, to }, today);
  const authorized = AUTHORIZED_STATUSES.map((s) => `'${s}'`).join(', ');
  const rows = (
    app.db
      .prepare(
        `SELECT f.taipei_day AS day, f.profile_id AS profileId, f.profile_name AS profileName, f.gateway AS gateway,
           f.fee_rate_ppm AS feeRatePpm, f.fee_fixed_cents AS feeFixedCents,
           COUNT(*) AS orders,
           SUM(f.captured > 0) AS capturedOrders,
           SUM(CASE WHEN f.status IN (${authorized}) THEN f.amount ELSE 0 END) AS gross,
           SUM(f.captured) AS captured,
           SUM(f.refunded) AS refunded,
           SUM(f.eff_fee) AS fees,
           SUM(CASE WHEN f.fee_source = 'schedule' THEN f.eff_fee ELSE 0 END) AS scheduleFees,
           SUM(f.fee_returned) AS feesReturned,
           SUM(f.captured - f.refunded - f.eff_fee + f.fee_returned) AS net,
           SUM(CASE WHEN f.is_settled THEN f.captured - f.refunded - f.eff_fee + f.fee_returned ELSE 0 END) AS settled
         FROM (${facts.sql}) f
         GROUP BY f.taipei_day, f.profile_id
         ORDER BY f.taipei_day, f.profile_name`,
      )
      .all(facts.params) as AggregateRow[]
  ).map((r): SettlementRow => ({ ...r, unsettled: r.net - r.settled }));

  const byDay = new Map<TaipeiDay, SettlementAmounts>();
  const totals = emptyAmounts();
  for (const r of rows) {
    const day = byDay.get(r.day) ?? emptyAmounts();
    byDay.set(r.day, addAmounts(day, r));
    addAmounts(totals, r);
  }
  const first = from ?? rows[0]?.day;
  const last = to ?? rows.at(-1)?.day;
  const days: SettlementDay[] = [];
  if (first !== undefined && last !== undefined && daysBetween(first, last) < MAX_SETTLEMENT_DAYS) {
    for (let d = first; daysBetween(d, last) >= 0; d = addDays(d, 1)) days.push({ day: d, ...(byDay.get(d) ?? emptyAmounts()) });
  }
  return { from: from ?? null, to: to ?? null, today, rows, days, totals };
}

/** One day's orders behind a settlement row (the settlement view's drill-down), newest first. */
export function settlementDayOrders(
  app: App,
  query: { day: string; profileIds?: number[]; limit?: number; nowMs?: number },
): { day: TaipeiDay; total: number; orders: OrderFacts[] } {
  const day = parseDay(query.day, 'day');
  const limit = Math.min(Math.max(query.limit ?? 500, 1), 5000);
  const facts = orderFactsQuery({ profileIds: query.profileIds, from: day, to: day }, taipeiDayOf(query.nowMs ?? Date.now()));
  const total = app.db.prepare(`SELECT COUNT(*) FROM (${facts.sql})`).pluck().get(facts.params) as number;
  const orders = app.db
    .prepare(`SELECT * FROM (${facts.sql}) ORDER BY ordered_at_ms DESC, id DESC LIMIT @limit`)
    .all({ ...facts.params, limit }) as OrderFacts[];
  return { day, total, orders };
}
