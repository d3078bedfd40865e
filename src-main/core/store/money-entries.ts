// Money entries: every change of an order's money becomes a dated, signed entry. The figures of an
// order (what it counts for right now) come from figuresOf(); book() compares them with the entries
// already booked and books the difference, so the entries of an order always sum to its current
// figures, whichever path (sync, notification, action, acceptance of an anomaly) changed it.
//
// When it happened (at_ms, basis):
//  - the order's first description by its gateway: 'order', 'gross', 'capture' and 'fee' on the order's
//    own time; 'refund', 'fee_return' and 'settle' on the gateway's change time where it gives one
//    (First Bank LastStatusChgTime), else on the order's time;
//  - any later change: the gateway's change time where given ('gateway_time'), else the time the
//    console made the action ('action': cancel, refund, accepting an anomaly), else the time the sync
//    saw the change ('seen').
// Where it counts (booked_day): its own Taipei day, unless that day is closed; then the first open day,
// marked as an adjustment.
import type { Db } from './db.ts';
import type { GatewayName, NormalizedStatus } from '../gateways/status.ts';
import { type TaipeiDay, addDays, taipeiDayOf } from '../time.ts';
import { periodStore } from './periods.ts';

type Statement = ReturnType<Db['prepare']>;

export const ENTRY_KINDS = ['order', 'gross', 'capture', 'refund', 'fee', 'fee_return', 'settle'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
export type EntryBasis = 'order_time' | 'gateway_time' | 'action' | 'seen' | 'backfill';
export type Figures = Record<EntryKind, number>;

/** Statuses whose amount was authorized at some point (gross authorized). */
export const AUTHORIZED_STATUSES = ['authorized', 'captured', 'settled', 'refund_pending', 'refunded', 'refund_settled'] as const;
const AUTHORIZED = new Set<string>(AUTHORIZED_STATUSES);

/** Sources that are the console's own money actions (their time is the action's time). */
const ACTION_SOURCES = new Set(['cancel', 'refund', 'accept']);

export interface FigureInput {
  gateway: GatewayName;
  status: NormalizedStatus | string;
  status_code: string;
  ordered_at_ms: number | null;
  amount: number;
  captured: number;
  refunded: number;
  eff_fee: number;
  fee_returned: number;
}

/**
 * Whether the gateway has settled the order's money (paid it out). FlashPay says so itself (04 capture
 * settled, 08 refund settled). First Bank has no settlement status or time: it batches a day's payments
 * at day end, so a paid (2) or refunded (3) order is settled with its day's batch; 4 (refund in
 * progress) is not. Its settle entries therefore count as paid out once their day is over.
 */
export function isSettled(o: Pick<FigureInput, 'gateway' | 'status_code'>): boolean {
  return o.gateway === 'flashpay' ? o.status_code === '04' || o.status_code === '08' : o.status_code === '2' || o.status_code === '3';
}

export function netOf(o: Pick<FigureInput, 'captured' | 'refunded' | 'eff_fee' | 'fee_returned'>): number {
  return o.captured - o.refunded - o.eff_fee + o.fee_returned;
}

/** What an order counts for right now, per entry kind. */
export function figuresOf(o: FigureInput): Figures {
  return {
    order: o.ordered_at_ms === null ? 0 : 1,
    gross: AUTHORIZED.has(o.status) ? o.amount : 0,
    capture: o.captured,
    refund: o.refunded,
    fee: o.eff_fee,
    fee_return: o.fee_returned,
    settle: isSettled(o) ? netOf(o) : 0,
  };
}

const ZERO: Figures = Object.freeze({ order: 0, gross: 0, capture: 0, refund: 0, fee: 0, fee_return: 0, settle: 0 });

const ORDER_TIME_KINDS = new Set<EntryKind>(['order', 'gross', 'capture', 'fee']);

export interface BookContext {
  orderId: number;
  /** The order row was just inserted: it has no entries yet (saves a query per new order). */
  newOrder?: boolean;
  profileId: number;
  /** True when no gateway had described the order before this answer. */
  firstSighting: boolean;
  changedAtMs: number | null;
  feeFromSchedule: boolean;
  source: string;
  nowMs: number;
  /** The last closed day as read once for a whole answer (undefined: read it now). */
  closedThrough?: TaipeiDay | null;
  /** A whole answer's daily roll-up, written by flushRollUp before its transaction ends; else at once. */
  rollUp?: RollUp;
}

/** money_days deltas per 'day|profile', summed over the entries of one answer. */
export type RollUp = Map<string, DayDelta>;
interface DayDelta {
  day: TaipeiDay;
  profileId: number;
  orders: number;
  capturedOrders: number;
  gross: number;
  captured: number;
  refunded: number;
  fees: number;
  scheduleFees: number;
  feesReturned: number;
  settled: number;
  adjustments: number;
}

/** The entry column that holds each figure's delta. */
export const KIND_COLUMN: Record<EntryKind, string> = {
  order: 'orders',
  gross: 'gross',
  capture: 'captured',
  refund: 'refunded',
  fee: 'fees',
  fee_return: 'fees_returned',
  settle: 'settled',
};

export interface MoneyEntry {
  id: number;
  order_id: number;
  profile_id: number;
  orders: number;
  gross: number;
  captured: number;
  refunded: number;
  fees: number;
  schedule_fees: number;
  fees_returned: number;
  settled: number;
  at_ms: number;
  event_day: TaipeiDay;
  booked_day: TaipeiDay;
  basis: EntryBasis;
  source: string;
  adjustment: number;
  recorded_at_ms: number;
}

const stores = new WeakMap<Db, MoneyEntryStore>();

export function moneyEntryStore(db: Db): MoneyEntryStore {
  let s = stores.get(db);
  if (!s) {
    s = new MoneyEntryStore(db);
    stores.set(db, s);
  }
  return s;
}

export class MoneyEntryStore {
  private readonly db: Db;
  private readonly sumsStmt: Statement;
  private readonly insertStmt: Statement;
  private readonly ofOrderStmt: Statement;
  private readonly rollStmt: Statement;

  constructor(db: Db) {
    this.db = db;
    this.sumsStmt = db.prepare(
      `SELECT COALESCE(SUM(orders), 0) AS "order", COALESCE(SUM(gross), 0) AS gross, COALESCE(SUM(captured), 0) AS capture,
         COALESCE(SUM(refunded), 0) AS refund, COALESCE(SUM(fees), 0) AS fee, COALESCE(SUM(fees_returned), 0) AS fee_return,
         COALESCE(SUM(settled), 0) AS settle
       FROM money_entries WHERE order_id = @orderId`,
    );
    this.insertStmt = db.prepare(`
      INSERT INTO money_entries (order_id, profile_id, orders, gross, captured, refunded, fees, schedule_fees, fees_returned, settled,
        at_ms, event_day, booked_day, basis, source, adjustment, recorded_at_ms)
      VALUES (@orderId, @profileId, @order, @gross, @capture, @refund, @fee, @scheduleFees, @fee_return, @settle,
        @atMs, @eventDay, @bookedDay, @basis, @source, @adjustment, @nowMs)`);
    this.ofOrderStmt = db.prepare('SELECT * FROM money_entries WHERE order_id = @orderId ORDER BY id');
    this.rollStmt = db.prepare(`
      INSERT INTO money_days (day, profile_id, orders, captured_orders, gross, captured, refunded, fees, schedule_fees, fees_returned, settled, adjustments)
      VALUES (@day, @profileId, @orders, @capturedOrders, @gross, @captured, @refunded, @fees, @scheduleFees, @feesReturned, @settled, @adjustments)
      ON CONFLICT (day, profile_id) DO UPDATE SET
        orders = orders + excluded.orders, captured_orders = captured_orders + excluded.captured_orders, gross = gross + excluded.gross,
        captured = captured + excluded.captured, refunded = refunded + excluded.refunded, fees = fees + excluded.fees,
        schedule_fees = schedule_fees + excluded.schedule_fees, fees_returned = fees_returned + excluded.fees_returned,
        settled = settled + excluded.settled, adjustments = adjustments + excluded.adjustments`);
  }

  booked(orderId: number): Figures {
    return this.sumsStmt.get({ orderId }) as Figures;
  }

  ofOrder(orderId: number): MoneyEntry[] {
    return this.ofOrderStmt.all({ orderId }) as MoneyEntry[];
  }

  /** Books the difference between the order's figures and its entries. Call inside the upsert's transaction. */
  book(order: FigureInput, ctx: BookContext): number {
    const want = figuresOf(order);
    const have = ctx.newOrder ? ZERO : this.booked(ctx.orderId);
    // Deltas that happened at the same time share one row.
    const rows = new Map<string, { atMs: number; basis: EntryBasis; delta: Figures }>();
    for (const kind of ENTRY_KINDS) {
      const delta = want[kind] - have[kind];
      if (delta === 0) continue;
      const { atMs, basis } = this.whenOf(kind, order, ctx);
      const key = `${atMs}|${basis}`;
      let row = rows.get(key);
      if (!row) {
        row = { atMs, basis, delta: { ...ZERO } };
        rows.set(key, row);
      }
      row.delta[kind] = delta;
    }
    if (rows.size === 0) return 0;
    const closedThrough = ctx.closedThrough === undefined ? periodStore(this.db).closedThrough() : ctx.closedThrough;
    const firstOpen = closedThrough === null ? null : addDays(closedThrough, 1);
    for (const { atMs, basis, delta } of rows.values()) {
      const eventDay = taipeiDayOf(atMs);
      const bookedDay = firstOpen !== null && eventDay < firstOpen ? firstOpen : eventDay;
      const rollUp = ctx.rollUp ?? new Map<string, DayDelta>();
      addToRollUp(rollUp, bookedDay, ctx.profileId, delta, ctx.feeFromSchedule ? delta.fee : 0, bookedDay !== eventDay);
      if (!ctx.rollUp) this.flushRollUp(rollUp);
      this.insertStmt.run({
        orderId: ctx.orderId,
        profileId: ctx.profileId,
        ...delta,
        scheduleFees: ctx.feeFromSchedule ? delta.fee : 0,
        atMs,
        eventDay,
        bookedDay,
        basis,
        source: ctx.source,
        adjustment: bookedDay === eventDay ? 0 : 1,
        nowMs: ctx.nowMs,
      });
    }
    return rows.size;
  }
  /** Writes an answer's daily roll-up; call inside the transaction that booked its entries. */
  flushRollUp(rollUp: RollUp): void {
    for (const d of rollUp.values()) this.rollStmt.run(d);
    rollUp.clear();
  }

  private whenOf(kind: EntryKind, o: FigureInput, ctx: BookContext): { atMs: number; basis: EntryBasis } {
    // A gateway clock ahead of ours cannot book money on a day that has not come yet.
    const changed = ctx.changedAtMs === null ? null : Math.min(ctx.changedAtMs, ctx.nowMs);
    if (kind === 'order' && o.ordered_at_ms !== null) return { atMs: o.ordered_at_ms, basis: 'order_time' };
    if (ctx.firstSighting) {
      if (ORDER_TIME_KINDS.has(kind) && o.ordered_at_ms !== null) return { atMs: o.ordered_at_ms, basis: 'order_time' };
      if (changed !== null) return { atMs: changed, basis: 'gateway_time' };
      if (o.ordered_at_ms !== null) return { atMs: o.ordered_at_ms, basis: 'order_time' };
    } else if (changed !== null) {
      return { atMs: changed, basis: 'gateway_time' };
    }
    return { atMs: ctx.nowMs, basis: ACTION_SOURCES.has(ctx.source) ? 'action' : 'seen' };
  }
}

/** What the removed per-entry trigger added to money_days for one entry (migration 6), summed per day. */
function addToRollUp(rollUp: RollUp, day: TaipeiDay, profileId: number, delta: Figures, scheduleFees: number, adjustment: boolean): void {
  const key = `${day}|${profileId}`;
  let d = rollUp.get(key);
  if (!d) {
    d = { day, profileId, orders: 0, capturedOrders: 0, gross: 0, captured: 0, refunded: 0, fees: 0, scheduleFees: 0, feesReturned: 0, settled: 0, adjustments: 0 };
    rollUp.set(key, d);
  }
  d.orders += delta.order;
  d.capturedOrders += delta.capture > 0 ? 1 : 0;
  d.gross += delta.gross;
  d.captured += delta.capture;
  d.refunded += delta.refund;
  d.fees += delta.fee;
  d.scheduleFees += scheduleFees;
  d.feesReturned += delta.fee_return;
  d.settled += delta.settle;
  if (adjustment) d.adjustments += delta.capture - delta.refund - delta.fee + delta.fee_return;
}
