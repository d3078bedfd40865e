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
import { gatewayAdapters } from '../gateways/registry.ts';
import { ENTRY_KINDS, KIND_COLUMN } from '../store/money-entries.ts';
import type { OrderFacts } from './order-facts.ts';
import type { OrderFilter } from './orders-query.ts';
import { type SettlementAggregate, selectAdjustmentEntries, selectDayOrders, selectSettlementAggregates } from '../store/settlement.ts';
import { msg } from '../../contract/messages/render.ts';

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
    if (!Number.isSafeInteger(into[k])) throw new StoreError(`the ${k} total is too large to add up exactly; choose a shorter range or fewer profiles`, { msg: msg('money.total_too_large') });
  }
  return into;
}

export function validateRange(from: string | undefined, to: string | undefined): { from?: TaipeiDay; to?: TaipeiDay } {
  const f = from === undefined ? undefined : parseDay(from, 'from');
  const t = to === undefined ? undefined : parseDay(to, 'to');
  if (f !== undefined && t !== undefined) {
    const span = daysBetween(f, t);
    if (span < 0) throw new InputError(`the range ends (${t}) before it starts (${f})`, { msg: msg('input.range_backwards', { fromDay: f, toDay: t }) });
    if (span >= MAX_SETTLEMENT_DAYS) throw new InputError(`the range is longer than ${MAX_SETTLEMENT_DAYS} days; split it`, { msg: msg('input.range_too_long', { days: MAX_SETTLEMENT_DAYS }) });
  }
  return { from: f, to: t };
}

type AggregateRow = SettlementAggregate;

/** Daily settlement for a filter (profiles, Taipei days, optionally statuses). */
export function dailySettlement(app: App, query: SettlementQuery): SettlementReport {
  const { from, to } = validateRange(query.from, query.to);
  const today = taipeiDayOf(query.nowMs ?? Date.now());
  const { nowMs: _now, ...filter } = query;
  const rows = selectSettlementAggregates(app.db, filter, { from: from ?? '0000-01-01', to: to ?? '9999-12-31', today }).map(
    (r: AggregateRow): SettlementRow => ({ ...r, unsettled: r.net - r.settled }),
  );

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
  const { total, orders } = selectDayOrders(app.db, { day, profileIds: query.profileIds, today: taipeiDayOf(query.nowMs ?? Date.now()), limit });
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
  const rows = selectAdjustmentEntries(app.db, {
    from: from ?? '0000-01-01',
    to: to ?? '9999-12-31',
    profileIds: query.profileIds,
    limit: Math.min(Math.max(query.limit ?? 5000, 1), 50_000),
  });
  // One line per figure that changed, so each says what it was.
  const out: AdjustmentEntry[] = [];
  for (const r of rows) {
    for (const kind of ENTRY_KINDS) {
      const amount = r[KIND_COLUMN[kind]] as number;
      if (amount !== 0) {
        out.push({ bookedDay: r.bookedDay, eventDay: r.eventDay, profileId: r.profileId, profileName: r.profileName, gateway: r.gateway, orderNo: r.orderNo, kind, amount, source: r.source, atMs: r.atMs });
      }
    }
  }
  return out;
}
