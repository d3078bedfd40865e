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
import { runEach } from './engine.ts';
import { gatewayAdapter } from '../gateways/registry.ts';
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
  return gatewayAdapter(o.gateway).rules.settled.includes(o.status_code);
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
  /** A whole answer's entries and daily roll-up, written by flushBatch before its transaction ends; else at once. */
  batch?: BookBatch;
}

/**
 * One answer's bookings, written together: its entries in multi-row inserts, and its money_days
 * deltas summed per 'day|profile' and written once each.
 */
export interface BookBatch {
  entries: EntryRow[];
  days: Map<string, DayDelta>;
}
export function newBookBatch(): BookBatch {
  return { entries: [], days: new Map() };
}
/** An entry's columns in ENTRY_COLUMNS order. */
type EntryRow = Array<number | string>;
const ENTRY_COLUMNS = ['order_id', 'profile_id', 'orders', 'gross', 'captured', 'refunded', 'fees', 'schedule_fees', 'fees_returned', 'settled',
  'at_ms', 'event_day', 'booked_day', 'basis', 'source', 'adjustment', 'recorded_at_ms'] as const;
/** Rows per multi-row insert: 64 x 17 parameters stays far below SQLite's limit of 32766. */
const ENTRY_CHUNK = 64;
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
  private readonly insertChunkStmt: Statement;

  constructor(db: Db) {
    this.db = db;
    this.sumsStmt = db.prepare(
      `SELECT COALESCE(SUM(orders), 0) AS "order", COALESCE(SUM(gross), 0) AS gross, COALESCE(SUM(captured), 0) AS capture,
         COALESCE(SUM(refunded), 0) AS refund, COALESCE(SUM(fees), 0) AS fee, COALESCE(SUM(fees_returned), 0) AS fee_return,
         COALESCE(SUM(settled), 0) AS settle
       FROM money_entries WHERE order_id = @orderId`,
    );
    this.insertStmt = db.prepare(`INSERT INTO money_entries (${ENTRY_COLUMNS.join(', ')}) VALUES (${ENTRY_COLUMNS.map(() => '?').join(', ')})`);
    this.ofOrderStmt = db.prepare('SELECT * FROM money_entries WHERE order_id = @orderId ORDER BY id');
    // Positional parameters: one chunk binds 64 rows x 17 columns, which named ones would have to spell out.
    const placeholders = `(${ENTRY_COLUMNS.map(() => '?').join(', ')})`;
    this.insertChunkStmt = db.prepare(
      `INSERT INTO money_entries (${ENTRY_COLUMNS.join(', ')}) VALUES ${Array.from({ length: ENTRY_CHUNK }, () => placeholders).join(', ')}`,
    );
    this.rollStmt = db.prepare(`
      INSERT INTO money_days (day, profile_id, orders, captured_orders, gross, captured, refunded, fees, schedule_fees, fees_returned, settled, adjustments)
      VALUES (@day, @profileId, @orders, @capturedOrders, @gross, @captured, @refunded, @fees, @scheduleFees, @feesReturned, @settled, @adjustments)
      ON CONFLICT (day, profile_id) DO UPDATE SET
        orders = money_days.orders + excluded.orders, captured_orders = money_days.captured_orders + excluded.captured_orders, gross = money_days.gross + excluded.gross,
        captured = money_days.captured + excluded.captured, refunded = money_days.refunded + excluded.refunded, fees = money_days.fees + excluded.fees,
        schedule_fees = money_days.schedule_fees + excluded.schedule_fees, fees_returned = money_days.fees_returned + excluded.fees_returned,
        settled = money_days.settled + excluded.settled, adjustments = money_days.adjustments + excluded.adjustments`);
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
    // What is booked must be in the table before it is summed (the same order twice in one answer).
    if (!ctx.newOrder && ctx.batch?.entries.length) this.flushBatch(ctx.batch);
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
      const batch = ctx.batch ?? newBookBatch();
      const scheduleFees = ctx.feeFromSchedule ? delta.fee : 0;
      addToRollUp(batch.days, bookedDay, ctx.profileId, delta, scheduleFees, bookedDay !== eventDay);
      batch.entries.push([
        ctx.orderId, ctx.profileId, delta.order, delta.gross, delta.capture, delta.refund, delta.fee, scheduleFees, delta.fee_return, delta.settle,
        atMs, eventDay, bookedDay, basis, ctx.source, bookedDay === eventDay ? 0 : 1, ctx.nowMs,
      ]);
      if (!ctx.batch) this.flushBatch(batch);
    }
    return rows.size;
  }

  /** Writes an answer's entries and daily roll-up; call inside the transaction that booked them. */
  flushBatch(batch: BookBatch): void {
    const { entries } = batch;
    const chunks: unknown[] = [];
    let i = 0;
    for (; i + ENTRY_CHUNK <= entries.length; i += ENTRY_CHUNK) chunks.push(entries.slice(i, i + ENTRY_CHUNK).flat());
    runEach(this.db, this.insertChunkStmt, chunks);
    runEach(this.db, this.insertStmt, entries.slice(i));
    entries.length = 0;
    runEach(this.db, this.rollStmt, [...batch.days.values()]);
    batch.days.clear();
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
function addToRollUp(rollUp: Map<string, DayDelta>, day: TaipeiDay, profileId: number, delta: Figures, scheduleFees: number, adjustment: boolean): void {
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
