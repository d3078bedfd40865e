// Reading the order cache: filters over Taipei days, profile, status (normalized or the gateway's own
// code), amount and text, with keyset paging on (sort column, id) so a deep page costs what the first
// one does. The renderer never receives more than one page.
import type { App } from '../app.ts';
import type { SortDir } from '../../contract/vocabulary.ts';
import { InputError, StoreError } from '../errors.ts';
import type { Cents } from '../money.ts';
import {
  type OrderFilter,
  type OrderHistoryRow,
  type OrderWithProfile,
  type PageCursor,
  type RawAnswerRow,
  type SortColumn,
  iterateOrderRows,
  selectOrderHistory,
  selectOrderPage,
  selectOrderTotals,
  selectOrderWithProfile,
  selectRawAnswer,
} from '../store/order-queries.ts';
import { type AnomalyView, anomaliesOfOrder } from './anomalies.ts';
import { msg } from '../../contract/messages/render.ts';

// The filter and its SQL live in the store; these names stay importable from here.
export { type OrderFilter, type OrderWithProfile, type SortColumn, SORT_COLUMNS, buildWhere, cardSearch } from '../store/order-queries.ts';

export interface OrderListQuery extends OrderFilter {
  sort?: SortColumn;
  dir?: SortDir;
  cursor?: string | null;
  limit?: number;
}

/** Statuses few orders carry: a filter on them reads the status index rather than the time range. */
const RARE_STATUSES = new Set(['pending', 'failed', 'refund_pending', 'amount_mismatch']);

/** Every order matching the filter, newest first (for the CLI and exports; the UI pages). */
export function iterateOrders(app: App, filter: OrderFilter): IterableIterator<OrderWithProfile> {
  // Built eagerly (not a generator) so a bad filter throws before the caller prints anything.
  return iterateOrderRows(app.db, filter);
}

type Cursor = PageCursor;

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.id !== 'number' || !['number', 'string'].includes(typeof c.v)) throw new Error('shape');
    return c;
  } catch {
    throw new InputError('the page cursor is not one this console issued; reload the list', { msg: msg('input.bad_cursor') });
  }
}

export const MAX_PAGE = 500;

/** One page of orders after `cursor` (keyset), plus the cursor of the next page. */
export function listOrders(app: App, query: OrderListQuery): { rows: OrderWithProfile[]; nextCursor: string | null } {
  // A search looks through every date (a customer calls about an order from any month); a plain
  // listing needs a range so a million orders are never walked by accident.
  if ((!query.from || !query.to) && !query.search?.trim()) throw new InputError('choose a date range (Taipei days) to list orders', { msg: msg('input.choose_range') });
  const sort = query.sort ?? 'orderedAt';
  const dir: SortDir = query.dir ?? 'desc';
  const limit = Math.min(Math.max(query.limit ?? 100, 1), MAX_PAGE);
  const preferTimeIndex = sort === 'orderedAt' && !(query.statuses ?? []).some((s) => RARE_STATUSES.has(s));
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = selectOrderPage(app.db, { ...query, sort, dir, cursor, limit: limit + 1, preferTimeIndex });
  const more = rows.length > limit;
  if (more) rows.pop();
  const last = rows.at(-1);
  const lastValue = (r: OrderWithProfile): number | string | null =>
    sort === 'orderedAt' ? r.ordered_at_ms : sort === 'amount' ? r.amount : sort === 'orderNo' ? r.order_no : r.status;
  return { rows, nextCursor: more && last ? encodeCursor({ v: lastValue(last), id: last.id }) : null };
}

export interface OrderTotals {
  count: number;
  amount: Cents;
  captured: Cents;
  refunded: Cents;
  /** The one fee (core/fees.ts), as settlement and the workbook count it. */
  fee: Cents;
  feeReturned: Cents;
  /** captured - refunded - fee + feeReturned. */
  net: Cents;
  /** Orders whose latest gateway answer is held back as implausible (their money is the last accepted). */
  flagged: number;
}

/**
 * The Orders page's totals: the current money of the listed orders, which is the sum of their booked
 * entries (money-entries.ts keeps the two equal). Settlement shows the same figures by booking day:
 * the two agree for a period whenever none of its orders' money was booked outside it.
 */
export function orderTotals(app: App, filter: OrderFilter): OrderTotals {
  const r = selectOrderTotals(app.db, filter);
  for (const [k, v] of Object.entries(r)) {
    if (!Number.isSafeInteger(v)) throw new StoreError(`the ${k} total is too large to add up exactly; narrow the filter`, { msg: msg('money.total_too_large') });
  }
  return { ...r, net: r.captured - r.refunded - r.fee + r.feeReturned };
}

export interface OrderDetail {
  order: OrderWithProfile;
  history: OrderHistoryRow[];
  raw: RawAnswerRow | null;
  anomalies: AnomalyView[];
}

export function orderDetail(app: App, profileId: number, orderNo: string): OrderDetail {
  const order = selectOrderWithProfile(app.db, profileId, orderNo);
  if (!order) throw new InputError(`order ${orderNo} is not in the cache`, { msg: msg('input.order_not_cached', { orderNo }) });
  const history = selectOrderHistory(app.db, order.id);
  const raw = order.raw_answer_id === null ? null : (selectRawAnswer(app.db, order.raw_answer_id) ?? null);
  return { order, history, raw, anomalies: anomaliesOfOrder(app, order.id) };
}
