// Reading the order cache: the WHERE clause for an order filter (Taipei days, profile, status, amount,
// text or card), and the list, page, totals and detail queries built on it. The statement text
// depends on the filter's shape (how many profiles, statuses...), so statements are cached per
// connection by their text rather than prepared once up front.
import type Database from 'better-sqlite3';
import type { OrderSortKey, SortDir } from '../../contract/vocabulary.ts';
import { msg } from '../../contract/messages/render.ts';
import { InputError } from '../errors.ts';
import { isNormalizedStatus } from '../gateways/status.ts';
import { isGatewayName } from '../gateways/registry.ts';
import type { Cents } from '../money.ts';
import { type TaipeiDay, taipeiRangeMs } from '../time.ts';
import type { Db } from './db.ts';
import type { OrderRow } from './orders.ts';
import { perConnection } from './per-connection.ts';
import { isPostgres } from './engine.ts';

export interface OrderFilter {
  profileIds?: number[];
  gateways?: string[];
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

export interface OrderWithProfile extends OrderRow {
  profile_name: string;
}

/** The first string after `prefix` in byte order: "abc" -> "abd", for indexed prefix ranges. */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

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

/** The card's last four as the index on them reads it (SQLite: migration 009; PostgreSQL: right()). */
function last4Sql(postgres: boolean | undefined): string {
  return postgres ? 'right(o.card_masked, 4)' : 'substr(o.card_masked, -4)';
}

export function buildWhere(filter: OrderFilter, options: { preferTimeIndex?: boolean; postgres?: boolean } = {}): { sql: string; params: Record<string, unknown> } {
  if (filter.minAmount !== undefined && filter.maxAmount !== undefined && filter.minAmount > filter.maxAmount) {
    throw new InputError('the minimum amount is above the maximum: swap them or clear one', { msg: msg('store.min_above_max') });
  }
  // `+col` keeps SQLite off that column's index, so a page sorted by time walks the (covering) time
  // index from the cursor and stops after a page, instead of gathering and sorting every match.
  // PostgreSQL has no unary plus on text; its planner weighs the sort itself.
  const statusCol = options.preferTimeIndex && !options.postgres ? '+o.status' : 'o.status';
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
      const m = /^([a-z][a-z0-9_-]*):(.+)$/.exec(s);
      if (m && isGatewayName(m[1])) {
        parts.push(`(o.gateway = @sg${i} AND o.status_code = @sc${i})`);
        params[`sg${i}`] = m[1];
        params[`sc${i}`] = m[2];
      } else if (isNormalizedStatus(s)) {
        parts.push(`${statusCol} = @sn${i}`);
        params[`sn${i}`] = s;
      } else {
        throw new InputError(`unknown status ${JSON.stringify(s)}: use a normalized status (e.g. captured) or gateway:code (e.g. flashpay:03)`, {
          msg: msg('store.unknown_status', { status: s }),
        });
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
      const parts = [`${last4Sql(options.postgres)} = @cardLast4`];
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
        parts.push(`${last4Sql(options.postgres)} = @q`);
      }
      clauses.push(`(${parts.join(' OR ')})`);
    }
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** Few shapes of filter occur in practice; a bound keeps a fuzzing client from growing the cache forever. */
const MAX_CACHED_STATEMENTS = 256;

const statementCache = perConnection((): Map<string, Database.Statement> => new Map());

/** The statement for `sql` on this connection, prepared on first use. */
export function cachedStatement(db: Db, sql: string): Database.Statement {
  const cache = statementCache(db);
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    if (cache.size >= MAX_CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
    cache.set(sql, stmt);
  }
  return stmt;
}

const WITH_PROFILE = 'SELECT o.*, p.name AS profile_name FROM orders o JOIN profiles p ON p.id = o.profile_id';

/** Every order matching the filter, newest first. */
export function iterateOrderRows(db: Db, filter: OrderFilter): IterableIterator<OrderWithProfile> {
  const { sql, params } = buildWhere(filter, { postgres: isPostgres(db) });
  // Its own statement, not the cached one: a statement is busy while iterated, and two exports (or an
  // export and a CLI listing) may walk the same filter shape at the same time.
  return db.prepare(`${WITH_PROFILE} ${sql} ORDER BY o.ordered_at_ms DESC, o.id DESC`).iterate(params) as IterableIterator<OrderWithProfile>;
}

/** Where the previous page ended: its last row's sort value and id. */
export interface PageCursor {
  v: number | string | null;
  id: number;
}

/** Up to `limit` orders after `cursor` in (sort column, id) order: keyset paging. */
export function selectOrderPage(
  db: Db,
  query: OrderFilter & { sort: OrderSortKey; dir: SortDir; cursor: PageCursor | null; limit: number; preferTimeIndex: boolean },
): OrderWithProfile[] {
  const { sort, dir } = query;
  const column = SORT_COLUMNS[sort];
  const { sql, params } = buildWhere(query, { preferTimeIndex: query.preferTimeIndex, postgres: isPostgres(db) });
  let where = sql;
  const c = query.cursor;
  if (c) {
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
  return cachedStatement(db, `${WITH_PROFILE} ${where} ORDER BY ${order} LIMIT @limit`).all({ ...params, limit: query.limit }) as OrderWithProfile[];
}

export interface OrderTotalsRow {
  count: number;
  amount: Cents;
  captured: Cents;
  refunded: Cents;
  fee: Cents;
  feeReturned: Cents;
  flagged: number;
}

/** The sums over the orders matching the filter (the current money of each order). */
export function selectOrderTotals(db: Db, filter: OrderFilter): OrderTotalsRow {
  const { sql, params } = buildWhere(filter, { postgres: isPostgres(db) });
  return cachedStatement(
    db,
    `SELECT COUNT(*) AS count, COALESCE(SUM(amount), 0) AS amount, COALESCE(SUM(captured), 0) AS captured,
            COALESCE(SUM(refunded), 0) AS refunded, COALESCE(SUM(eff_fee), 0) AS fee, COALESCE(SUM(fee_returned), 0) AS feeReturned,
            COUNT(anomaly) AS flagged
     FROM orders o ${sql}`,
  ).get(params) as OrderTotalsRow;
}

export interface OrderHistoryRow {
  at_ms: number;
  source: string;
  status_code: string;
  status: string;
  captured: number;
  refunded: number;
  fee: number;
  fee_returned: number;
}

export interface RawAnswerRow {
  operation: string;
  at_ms: number;
  raw: string;
  verified: number;
  request: string;
}

const detailStatements = perConnection((db: Db) => ({
  order: db.prepare(`${WITH_PROFILE} WHERE o.profile_id = @profileId AND o.order_no = @orderNo`),
  history: db.prepare('SELECT at_ms, source, status_code, status, captured, refunded, fee, fee_returned FROM order_history WHERE order_id = @id ORDER BY at_ms, id'),
  raw: db.prepare('SELECT operation, at_ms, raw, verified, request FROM raw_answers WHERE id = @id'),
}));

export function selectOrderWithProfile(db: Db, profileId: number, orderNo: string): OrderWithProfile | undefined {
  return detailStatements(db).order.get({ profileId, orderNo }) as OrderWithProfile | undefined;
}

export function selectOrderHistory(db: Db, orderId: number): OrderHistoryRow[] {
  return detailStatements(db).history.all({ id: orderId }) as OrderHistoryRow[];
}

export function selectRawAnswer(db: Db, rawAnswerId: number): RawAnswerRow | undefined {
  return detailStatements(db).raw.get({ id: rawAnswerId }) as RawAnswerRow | undefined;
}

/** A SELECT of order facts (store/order-facts.ts) with its parameters. */
export interface FactsQuery {
  sql: string;
  params: Record<string, unknown>;
}

/** The next page of `facts` after (afterMs, afterId), in (ordered_at_ms, id) order. */
export function selectFactsPage<T>(db: Db, facts: FactsQuery, page: { startMs: number; afterMs: number; afterId: number; pageSize: number }): T[] {
  return cachedStatement(db, `SELECT * FROM (${facts.sql}) AS f WHERE ordered_at_ms > @afterMs OR id > @afterId ORDER BY ordered_at_ms, id LIMIT @pageSize`).all({
    ...facts.params,
    ...page,
  }) as T[];
}

/** How many rows `facts` has, and the longest text of each column a sheet sizes to it. */
export function selectFactsWidths(db: Db, facts: FactsQuery): { total: number; orderNo: number | null; gatewayOrderNo: number | null; authCode: number | null; card: number | null; payType: number | null } {
  return cachedStatement(
    db,
    `SELECT COUNT(*) AS total, MAX(LENGTH(order_no)) AS orderNo, MAX(LENGTH(gateway_order_no)) AS gatewayOrderNo,
       MAX(LENGTH(auth_code)) AS authCode, MAX(LENGTH(card_masked)) AS card, MAX(LENGTH(pay_type)) AS payType
     FROM (${facts.sql}) AS f`,
  ).get(facts.params) as { total: number; orderNo: number | null; gatewayOrderNo: number | null; authCode: number | null; card: number | null; payType: number | null };
}
