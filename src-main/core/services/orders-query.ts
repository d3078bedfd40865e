// Reading the order cache: filters over Taipei days, profile, status (normalized or the gateway's own
// code), amount and text, with keyset paging on (sort column, id) so a deep page costs what the first
// one does. The renderer never receives more than one page.
import type { App } from '../app.ts';
import type { OrderSortKey, SortDir } from '../../contract/vocabulary.ts';
import { InputError, StoreError } from '../errors.ts';
import { isNormalizedStatus } from '../gateways/status.ts';
import type { OrderRow } from '../store/orders.ts';
import type { Cents } from '../money.ts';
import { type TaipeiDay, taipeiRangeMs } from '../time.ts';
import { type AnomalyView, anomaliesOfOrder } from './anomalies.ts';

export interface OrderFilter {
  profileIds?: number[];
  gateways?: Array<'flashpay' | 'firstbank'>;
  from?: TaipeiDay;
  to?: TaipeiDay;
  /** Normalized statuses ('captured') and/or gateway codes ('flashpay:03', 'firstbank:2'). */
  statuses?: string[];
  minAmount?: Cents;
  maxAmount?: Cents;
  /** Order number / gateway order number / auth code (exact or prefix), or a card's last 4 digits. */
  search?: string;
}

export const SORT_COLUMNS: Record<OrderSortKey, string> = { orderedAt: 'o.ordered_at_ms', amount: 'o.amount', orderNo: 'o.order_no', status: 'o.status' };
export type SortColumn = OrderSortKey;

export interface OrderListQuery extends OrderFilter {
  sort?: SortColumn;
  dir?: SortDir;
  cursor?: string | null;
  limit?: number;
}

export interface OrderWithProfile extends OrderRow {
  profile_name: string;
}

/** The first string after `prefix` in byte order: "abc" -> "abd", for indexed prefix ranges. */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/** Statuses few orders carry: a filter on them reads the status index rather than the time range. */
const RARE_STATUSES = new Set(['pending', 'failed', 'refund_pending', 'amount_mismatch']);

const MASK = /[*xX•·●]/;

/** A search that is a masked card number: digits, mask characters, spaces or dashes, with a mask
 *  and four digits at the end. Null for anything else (an order number, an auth code). */
export function cardSearch(text: string): { last4: string; first6: string | null } | null {
  const compact = text.replace(/[\s-]+/g, '');
  if (!MASK.test(compact) || !/^[0-9*xX•·●]+$/.test(compact)) return null;
  const tail = /(\d{4})$/.exec(compact);
  if (!tail) return null;
  const head = /^(\d{6})/.exec(compact);
  return { last4: tail[1]!, first6: head && compact.length > 10 ? head[1]! : null };
}

export function buildWhere(filter: OrderFilter, options: { preferTimeIndex?: boolean } = {}): { sql: string; params: Record<string, unknown> } {
  if (filter.minAmount !== undefined && filter.maxAmount !== undefined && filter.minAmount > filter.maxAmount) {
    throw new InputError('the minimum amount is above the maximum: swap them or clear one');
  }
  // `+col` keeps SQLite off that column's index, so a page sorted by time walks the (covering) time
  // index from the cursor and stops after a page, instead of gathering and sorting every match.
  const statusCol = options.preferTimeIndex ? '+o.status' : 'o.status';
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.profileIds?.length) {
    clauses.push(`o.profile_id IN (${filter.profileIds.map((_, i) => `@p${i}`).join(', ')})`);
    filter.profileIds.forEach((id, i) => (params[`p${i}`] = id));
  }
  if (filter.gateways?.length) {
    clauses.push(`o.gateway IN (${filter.gateways.map((_, i) => `@g${i}`).join(', ')})`);
    filter.gateways.forEach((g, i) => (params[`g${i}`] = g));
  }
  if (filter.from || filter.to) {
    const { startMs, endMs } = taipeiRangeMs(filter.from ?? '1970-01-01', filter.to ?? '9999-12-31');
    clauses.push('o.ordered_at_ms >= @startMs AND o.ordered_at_ms < @endMs');
    params.startMs = startMs;
    params.endMs = endMs;
  }
  if (filter.statuses?.length) {
    const parts: string[] = [];
    filter.statuses.forEach((s, i) => {
      const m = /^(flashpay|firstbank):(.+)$/.exec(s);
      if (m) {
        parts.push(`(o.gateway = @sg${i} AND o.status_code = @sc${i})`);
        params[`sg${i}`] = m[1];
        params[`sc${i}`] = m[2];
      } else if (isNormalizedStatus(s)) {
        parts.push(`${statusCol} = @sn${i}`);
        params[`sn${i}`] = s;
      } else {
        throw new InputError(`unknown status ${JSON.stringify(s)}: use a normalized status (e.g. captured) or gateway:code (e.g. flashpay:03)`);
      }
    });
    clauses.push(`(${parts.join(' OR ')})`);
  }
  if (filter.minAmount !== undefined) {
    clauses.push('o.amount >= @minAmount');
    params.minAmount = filter.minAmount;
  }
  if (filter.maxAmount !== undefined) {
    clauses.push('o.amount <= @maxAmount');
    params.maxAmount = filter.maxAmount;
  }
  const q = filter.search?.trim();
  if (q) {
    const card = cardSearch(q);
    if (card) {
      // A masked card (555555******4444, **4444, 4311 95** **** 4444): the last four by their index,
      // the first six (when typed) narrow further.
      const parts = ['substr(o.card_masked, -4) = @cardLast4'];
      params.cardLast4 = card.last4;
      if (card.first6) {
        parts.push('substr(o.card_masked, 1, 6) = @cardFirst6');
        params.cardFirst6 = card.first6;
      }
      clauses.push(`(${parts.join(' AND ')})`);
    } else {
      // Range comparisons (not LIKE) so each term can use its index.
      const parts = [
        '(o.order_no >= @q AND o.order_no < @qEnd)',
        '(o.gateway_order_no >= @q AND o.gateway_order_no < @qEnd)',
        'o.auth_code = @q',
      ];
      params.q = q;
      params.qEnd = prefixEnd(q);
      if (/^\d{4}$/.test(q)) {
        parts.push('substr(o.card_masked, -4) = @q');
      }
      clauses.push(`(${parts.join(' OR ')})`);
    }
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** Every order matching the filter, newest first (for the CLI and exports; the UI pages). */
export function iterateOrders(app: App, filter: OrderFilter): IterableIterator<OrderWithProfile> {
  // Built eagerly (not a generator) so a bad filter throws before the caller prints anything.
  const { sql, params } = buildWhere(filter);
  const stmt = app.db.prepare(
    `SELECT o.*, p.name AS profile_name FROM orders o JOIN profiles p ON p.id = o.profile_id ${sql}
     ORDER BY o.ordered_at_ms DESC, o.id DESC`,
  );
  return stmt.iterate(params) as IterableIterator<OrderWithProfile>;
}

interface Cursor {
  v: number | string | null;
  id: number;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.id !== 'number' || !['number', 'string'].includes(typeof c.v)) throw new Error('shape');
    return c;
  } catch {
    throw new InputError('the page cursor is not one this console issued; reload the list');
  }
}

export const MAX_PAGE = 500;

/** One page of orders after `cursor` (keyset), plus the cursor of the next page. */
export function listOrders(app: App, query: OrderListQuery): { rows: OrderWithProfile[]; nextCursor: string | null } {
  // A search looks through every date (a customer calls about an order from any month); a plain
  // listing needs a range so a million orders are never walked by accident.
  if ((!query.from || !query.to) && !query.search?.trim()) throw new InputError('choose a date range (Taipei days) to list orders');
  const sort = query.sort ?? 'orderedAt';
  const column = SORT_COLUMNS[sort];
  const dir = query.dir ?? 'desc';
  const limit = Math.min(Math.max(query.limit ?? 100, 1), MAX_PAGE);
  const preferTimeIndex = sort === 'orderedAt' && !(query.statuses ?? []).some((s) => RARE_STATUSES.has(s));
  const { sql, params } = buildWhere(query, { preferTimeIndex });
  let where = sql;
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    if (sort === 'orderedAt' && typeof c.v === 'number' && params.endMs !== undefined) {
      // Narrow the date range itself to the cursor: SQLite uses one bound per side of an index range,
      // and a second bound would be checked row by row from the range's end down to the cursor.
      if (dir === 'desc') params.endMs = Math.min(params.endMs as number, c.v + 1);
      else params.startMs = Math.max(params.startMs as number, c.v);
    } else {
      const bound = `${column} ${dir === 'desc' ? '<=' : '>='} @cv`;
      where = where ? `${where} AND ${bound}` : `WHERE ${bound}`;
    }
    const keyset = `(${column}, o.id) ${dir === 'desc' ? '<' : '>'} (@cv, @cid)`;
    where = where ? `${where} AND ${keyset}` : `WHERE ${keyset}`;
    params.cv = c.v;
    params.cid = c.id;
  }
  const order = `${column} ${dir.toUpperCase()}, o.id ${dir.toUpperCase()}`;
  const rows = app.db
    .prepare(`SELECT o.*, p.name AS profile_name FROM orders o JOIN profiles p ON p.id = o.profile_id ${where} ORDER BY ${order} LIMIT @limit`)
    .all({ ...params, limit: limit + 1 }) as OrderWithProfile[];
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
  const { sql, params } = buildWhere(filter);
  const r = app.db
    .prepare(
      `SELECT COUNT(*) AS count, COALESCE(SUM(amount), 0) AS amount, COALESCE(SUM(captured), 0) AS captured,
              COALESCE(SUM(refunded), 0) AS refunded, COALESCE(SUM(eff_fee), 0) AS fee, COALESCE(SUM(fee_returned), 0) AS feeReturned,
              COALESCE(SUM(anomaly IS NOT NULL), 0) AS flagged
       FROM orders o ${sql}`,
    )
    .get(params) as Omit<OrderTotals, 'net'>;
  for (const [k, v] of Object.entries(r)) {
    if (!Number.isSafeInteger(v)) throw new StoreError(`the ${k} total is too large to add up exactly; narrow the filter`);
  }
  return { ...r, net: r.captured - r.refunded - r.fee + r.feeReturned };
}

export interface OrderDetail {
  order: OrderWithProfile;
  history: Array<{ at_ms: number; source: string; status_code: string; status: string; captured: number; refunded: number; fee: number; fee_returned: number }>;
  raw: { operation: string; at_ms: number; raw: string; verified: number; request: string } | null;
  anomalies: AnomalyView[];
}

export function orderDetail(app: App, profileId: number, orderNo: string): OrderDetail {
  const order = app.db
    .prepare('SELECT o.*, p.name AS profile_name FROM orders o JOIN profiles p ON p.id = o.profile_id WHERE o.profile_id = @profileId AND o.order_no = @orderNo')
    .get({ profileId, orderNo }) as OrderWithProfile | undefined;
  if (!order) throw new InputError(`order ${orderNo} is not in the cache`);
  const history = app.db
    .prepare('SELECT at_ms, source, status_code, status, captured, refunded, fee, fee_returned FROM order_history WHERE order_id = @id ORDER BY at_ms, id')
    .all({ id: order.id }) as OrderDetail['history'];
  const raw =
    order.raw_answer_id === null
      ? null
      : ((app.db.prepare('SELECT operation, at_ms, raw, verified, request FROM raw_answers WHERE id = @id').get({ id: order.raw_answer_id }) as OrderDetail['raw']) ?? null);
  return { order, history, raw, anomalies: anomaliesOfOrder(app, order.id) };
}
