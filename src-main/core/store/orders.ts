// The order cache: one row per (profile, merchant order number), normalized across gateways, money in
// cents. Writes are upserts prepared once; history rows come from triggers (migration 2).
import type { Db } from './db.ts';
import { getEach, runEach } from './engine.ts';
import type { GatewayName, NormalizedStatus } from '../gateways/status.ts';
import type { FlashPayOrder } from '../gateways/flashpay/orders.ts';
import type { FirstBankOrder } from '../gateways/firstbank/orders.ts';
import { type SignatureMatch, signatureMatchNote as signatureNote } from '../gateways/firstbank/codec.ts';
import type { Cents } from '../money.ts';
import { type TaipeiDay, taipeiDayOf } from '../time.ts';
import { maskPans } from '../pan.ts';
import { compressPayload } from './payload-codec.ts';
import { type RawAnswerInput, RawAnswerStore } from './raw-answers.ts';
import { type FeeSchedule, orderFee } from '../fees.ts';
import { implausibilities } from '../plausibility.ts';
import { type BookBatch, moneyEntryStore, newBookBatch } from './money-entries.ts';
import { anomalyStore } from './anomalies.ts';
import { periodStore } from './periods.ts';

type Statement = ReturnType<Db['prepare']>;

export interface NormalizedOrder {
  gateway: GatewayName;
  orderNo: string;
  gatewayOrderNo: string | null;
  orderedAtMs: number | null;
  orderedAtText: string | null;
  status: NormalizedStatus;
  statusCode: string;
  /** null when the answer carried no amount (a cancel answer): the cached amount is kept. */
  amount: Cents | null;
  captured: Cents;
  refunded: Cents;
  capturable: Cents;
  refundable: Cents;
  fee: Cents;
  feeReturned: Cents;
  shipping: Cents;
  payType: string | null;
  installments: number;
  bonus: boolean;
  authCode: string | null;
  cardMasked: string | null;
  payload: string;
  verified: boolean;
  /** False when the gateway's status code is not one its documentation lists. */
  statusKnown?: boolean;
  /** The gateway's own time of the order's last change (First Bank LastStatusChgTime). */
  changedAtMs?: number | null;
  /** Time fields the gateway sent that are not times (kept raw; the order is flagged). */
  malformedTimes?: string[];
  /** Amount fields too large to hold exactly in cents (read as absent; kept raw; the order is flagged). */
  inexactAmounts?: string[];
}

// The mapping of each gateway's order onto NormalizedOrder is its adapter's; re-exported for callers of the store.
import { fromFlashPay } from '../gateways/flashpay/normalize.ts';
import { fromFirstBank } from '../gateways/firstbank/normalize.ts';

export { fromFirstBank, fromFlashPay };

export interface OrderRow {
  id: number;
  profile_id: number;
  gateway: GatewayName;
  order_no: string;
  gateway_order_no: string | null;
  ordered_at_ms: number | null;
  ordered_at_text: string | null;
  taipei_day: string | null;
  status: NormalizedStatus;
  status_code: string;
  amount: number;
  captured: number;
  refunded: number;
  capturable: number;
  refundable: number;
  fee: number;
  fee_returned: number;
  /** The fee every screen counts (core/fees.ts), in cents. */
  eff_fee: number;
  fee_source: 'gateway' | 'schedule';
  changed_at_ms: number | null;
  /** JSON array of anomaly codes while an implausible answer waits for a person; else null. */
  anomaly: string | null;
  shipping: number;
  pay_type: string | null;
  installments: number;
  bonus: number;
  auth_code: string | null;
  card_masked: string | null;
  /** Tokenized JSON: read it with decompressPayload. */
  payload: string | null;
  raw_answer_id: number | null;
  verified: number;
  source: string;
  updated_at_ms: number;
}

export interface UpsertMeta {
  rawAnswerId: number | null;
  source: string;
  nowMs: number;
  /** The UTC range a range query asked for: an order outside it is flagged. */
  expectRange?: { startMs: number; endMs: number };
  /** A person accepted this answer: it skips the plausibility checks. */
  accepted?: boolean;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

interface BatchContext {
  schedule: FeeSchedule | null;
  closedThrough: TaipeiDay | null;
  /** Set for a whole answer: its entries and their daily roll-up, written together at the end. */
  book?: BookBatch;
}

type Prior = Pick<OrderRow, 'id' | 'status_code' | 'amount' | 'ordered_at_ms' | 'anomaly'>;

/** What an upsert knows when it writes a row: the answer's order, and what the store worked out. */
interface UpsertContext {
  profileId: number;
  meta: UpsertMeta;
  fee: { fee: Cents; source: 'gateway' | 'schedule' };
}

/**
 * One entry per column an answer writes: its parameter and value, how a later answer merges into an
 * existing row (`replace`, or `keep` the cached value when the answer has none), and whether a change
 * of it is one a person would notice (only such a change counts as an update: the same facts in
 * another answer's shape, 106 vs 107, do not rewrite the row). The upsert's SQL and parameters are
 * both generated from this list.
 */
interface OrderColumn {
  column: keyof OrderRow;
  param?: string;
  value?: (o: NormalizedOrder, c: UpsertContext) => unknown;
  /** The VALUES expression when it is not just the parameter. */
  insert?: string;
  merge: 'key' | 'replace' | 'keep' | { set: string };
  notices?: 'changed' | 'changedIfGiven' | { when: string };
}

const ORDER_COLUMNS: readonly OrderColumn[] = [
  { column: 'profile_id', param: 'profileId', value: (_o, c) => c.profileId, merge: 'key' },
  { column: 'gateway', param: 'gateway', value: (o) => o.gateway, merge: 'key' },
  { column: 'order_no', param: 'orderNo', value: (o) => o.orderNo, merge: 'key' },
  { column: 'gateway_order_no', param: 'gatewayOrderNo', value: (o) => o.gatewayOrderNo, merge: 'keep', notices: 'changedIfGiven' },
  { column: 'ordered_at_ms', param: 'orderedAtMs', value: (o) => o.orderedAtMs, merge: 'keep', notices: 'changedIfGiven' },
  { column: 'ordered_at_text', param: 'orderedAtText', value: (o) => o.orderedAtText, merge: 'keep' },
  { column: 'taipei_day', param: 'taipeiDay', value: (o) => (o.orderedAtMs === null ? null : taipeiDayOf(o.orderedAtMs)), merge: 'keep' },
  { column: 'status', param: 'status', value: (o) => o.status, merge: 'replace' },
  { column: 'status_code', param: 'statusCode', value: (o) => o.statusCode, merge: 'replace', notices: 'changed' },
  // An answer without an amount (a cancel answer) keeps the cached one.
  {
    column: 'amount', param: 'amount', value: (o) => o.amount, insert: 'COALESCE(@amount, 0)',
    merge: { set: 'COALESCE(@amount, orders.amount)' }, notices: { when: 'orders.amount IS DISTINCT FROM COALESCE(@amount, orders.amount)' },
  },
  { column: 'captured', param: 'captured', value: (o) => o.captured, merge: 'replace', notices: 'changed' },
  { column: 'refunded', param: 'refunded', value: (o) => o.refunded, merge: 'replace', notices: 'changed' },
  { column: 'capturable', param: 'capturable', value: (o) => o.capturable, merge: 'replace', notices: 'changed' },
  { column: 'refundable', param: 'refundable', value: (o) => o.refundable, merge: 'replace', notices: 'changed' },
  { column: 'fee', param: 'fee', value: (o) => o.fee, merge: 'replace', notices: 'changed' },
  { column: 'fee_returned', param: 'feeReturned', value: (o) => o.feeReturned, merge: 'replace', notices: 'changed' },
  { column: 'shipping', param: 'shipping', value: (o) => o.shipping, merge: 'replace' },
  { column: 'pay_type', param: 'payType', value: (o) => o.payType, merge: 'keep' },
  { column: 'installments', param: 'installments', value: (o) => o.installments, merge: 'replace' },
  { column: 'bonus', param: 'bonus', value: (o) => (o.bonus ? 1 : 0), merge: 'replace' },
  { column: 'auth_code', param: 'authCode', value: (o) => o.authCode, merge: 'keep', notices: 'changedIfGiven' },
  { column: 'card_masked', param: 'cardMasked', value: (o) => o.cardMasked, merge: 'keep' },
  // A row registered before the gateway described it has no payload yet.
  { column: 'payload', param: 'payload', value: (o) => compressPayload(o.payload), merge: 'replace', notices: { when: 'orders.payload IS NULL' } },
  { column: 'raw_answer_id', param: 'rawAnswerId', value: (_o, c) => c.meta.rawAnswerId, merge: 'replace' },
  { column: 'verified', param: 'verified', value: (o) => (o.verified ? 1 : 0), merge: 'replace', notices: 'changed' },
  { column: 'source', param: 'source', value: (_o, c) => c.meta.source, merge: 'replace' },
  { column: 'updated_at_ms', param: 'nowMs', value: (_o, c) => c.meta.nowMs, merge: 'replace' },
  { column: 'eff_fee', param: 'effFee', value: (_o, c) => c.fee.fee, merge: 'replace', notices: 'changed' },
  { column: 'fee_source', param: 'feeSource', value: (_o, c) => c.fee.source, merge: 'replace' },
  { column: 'changed_at_ms', param: 'changedAtMs', value: (o) => o.changedAtMs ?? null, merge: 'keep' },
  // A plausible answer clears the flag of a held-back one.
  { column: 'anomaly', insert: 'NULL', merge: { set: 'NULL' }, notices: { when: 'orders.anomaly IS NOT NULL' } },
];

function mergeSql(c: OrderColumn): string | null {
  if (c.merge === 'key') return null;
  if (c.merge === 'replace') return `${c.column} = excluded.${c.column}`;
  if (c.merge === 'keep') return `${c.column} = COALESCE(excluded.${c.column}, orders.${c.column})`;
  return `${c.column} = ${c.merge.set}`;
}

function noticeSql(c: OrderColumn): string | null {
  if (!c.notices) return null;
  if (c.notices === 'changed') return `orders.${c.column} IS DISTINCT FROM excluded.${c.column}`;
  if (c.notices === 'changedIfGiven') return `orders.${c.column} IS DISTINCT FROM COALESCE(excluded.${c.column}, orders.${c.column})`;
  return c.notices.when;
}

const UPSERT_SQL = `
  INSERT INTO orders (${ORDER_COLUMNS.map((c) => c.column).join(', ')})
  VALUES (${ORDER_COLUMNS.map((c) => c.insert ?? `@${c.param}`).join(', ')})
  ON CONFLICT (profile_id, order_no) DO UPDATE SET
    ${ORDER_COLUMNS.map(mergeSql).filter((x) => x !== null).join(',\n    ')}
  WHERE ${ORDER_COLUMNS.map(noticeSql).filter((x) => x !== null).join('\n    OR ')}`;

function upsertParams(o: NormalizedOrder, c: UpsertContext): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const col of ORDER_COLUMNS) if (col.param && col.value) params[col.param] = col.value(o, c);
  return params;
}

const stores = new WeakMap<Db, OrderStore>();

/** The database's OrderStore: its statements are prepared once per connection, not per call. */
export function orderStore(db: Db): OrderStore {
  let store = stores.get(db);
  if (!store) {
    store = new OrderStore(db);
    stores.set(db, store);
  }
  return store;
}

/** Prepared once per database (use orderStore(db)); every statement uses named parameters. */
export class OrderStore {
  readonly db: Db;
  private readonly upsertStmt: Statement;
  private readonly rawAnswers: RawAnswerStore;
  private readonly scheduleStmt: Statement;
  private readonly priorStmt: Statement;
  private readonly registerStmt: Statement;
  private readonly getStmt: Statement;

  constructor(db: Db) {
    this.db = db;
    this.getStmt = db.prepare('SELECT * FROM orders WHERE profile_id = @profileId AND order_no = @orderNo');
    // What an upsert needs to know of the row before it (not the payload: it is large).
    this.priorStmt = db.prepare(
      'SELECT id, status_code, amount, ordered_at_ms, anomaly FROM orders WHERE profile_id = @profileId AND order_no = @orderNo',
    );
    this.scheduleStmt = db.prepare('SELECT fee_rate_ppm AS feeRatePpm, fee_fixed_cents AS feeFixedCents FROM profiles WHERE id = @profileId');
    this.upsertStmt = db.prepare(UPSERT_SQL);
    this.rawAnswers = new RawAnswerStore(db);
    this.registerStmt = db.prepare(`
      INSERT INTO orders (profile_id, gateway, order_no, gateway_order_no, ordered_at_ms, ordered_at_text, taipei_day,
        status, status_code, amount, pay_type, payload, verified, source, updated_at_ms)
      VALUES (@profileId, @gateway, @orderNo, @gatewayOrderNo, @orderedAtMs, NULL, @taipeiDay,
        'pending', '', @amount, @payType, NULL, 0, @source, @nowMs)
      ON CONFLICT (profile_id, order_no) DO UPDATE SET
        gateway_order_no = COALESCE(orders.gateway_order_no, excluded.gateway_order_no),
        pay_type = COALESCE(orders.pay_type, excluded.pay_type)
      WHERE orders.status_code = ''
    `);
  }

  /** Keeps an answer as received. Plain-text answers (First Bank) must pass through maskPans first. */
  saveRawAnswer(a: RawAnswerInput): number {
    return this.rawAnswers.save(a);
  }

  /**
   * Keeps a FlashPay single-order answer (107, or a cancel's) and applies it to the cache. Call inside
   * a transaction: the raw answer and the row change commit together.
   */
  recordFlashPayAnswer(
    profileId: number,
    result: { request: string; raw: string; order: FlashPayOrder },
    meta: { operation: string; source: string; nowMs: number; note?: string },
  ): { rawAnswerId: number; outcome: 'inserted' | 'updated' | 'unchanged' } {
    const rawAnswerId = this.saveRawAnswer({ profileId, atMs: meta.nowMs, operation: meta.operation, request: result.request, raw: result.raw, verified: true, note: meta.note });
    return { rawAnswerId, outcome: this.upsert(profileId, fromFlashPay(result.order, true), { rawAnswerId, source: meta.source, nowMs: meta.nowMs }) };
  }

  /** The same for a First Bank answer (report, refund): plain JSON, so card numbers are masked first. */
  recordFirstBankAnswer(
    profileId: number,
    result: { request: Record<string, string>; raw: string; signed: boolean; signatureMatch?: SignatureMatch | null; order: FirstBankOrder },
    meta: { operation: string; source: string; nowMs: number; note?: string },
  ): { rawAnswerId: number; outcome: 'inserted' | 'updated' | 'unchanged' } {
    const rawAnswerId = this.saveRawAnswer({
      profileId,
      atMs: meta.nowMs,
      operation: meta.operation,
      // The request's HashKey field is a signature, not a secret, but it says nothing worth keeping.
      request: JSON.stringify({ ...result.request, HashKey: undefined }),
      raw: maskPans(result.raw),
      verified: result.signed,
      note: [meta.note, signatureNote(result.signatureMatch)].filter(Boolean).join('; '),
    });
    return { rawAnswerId, outcome: this.upsert(profileId, fromFirstBank(result.order, result.signed), { rawAnswerId, source: meta.source, nowMs: meta.nowMs }) };
  }

  /**
   * Upserts one order and books the change of its money (money-entries.ts); call inside a transaction
   * for batches. An implausible answer changes nothing but the order's anomaly flag (holdBack).
   */
  upsert(profileId: number, o: NormalizedOrder, meta: UpsertMeta): 'inserted' | 'updated' | 'unchanged' {
    return this.upsertIn(this.batchContext(profileId), profileId, o, meta);
  }

  /** What every order of one answer shares, read once per answer inside its transaction. */
  private batchContext(profileId: number): BatchContext {
    const schedule = this.scheduleStmt.get({ profileId }) as FeeSchedule | undefined;
    return { schedule: schedule ?? null, closedThrough: periodStore(this.db).closedThrough() };
  }

  private upsertIn(batch: BatchContext, profileId: number, o: NormalizedOrder, meta: UpsertMeta): 'inserted' | 'updated' | 'unchanged' {
    const prev = this.priorStmt.get({ profileId, orderNo: o.orderNo }) as Prior | undefined;
    const held = this.heldBackCodes(o, prev, meta);
    if (held.length) return this.holdBack(profileId, o, prev, held, meta);
    const fee = orderFee(o, batch.schedule);
    const info = this.upsertStmt.run(upsertParams(o, { profileId, meta, fee }));
    return this.afterUpsert(batch, profileId, o, prev, fee, info, meta);
  }

  /** Why an answer is held back for a person (nothing when it is plausible or accepted). */
  private heldBackCodes(o: NormalizedOrder, prev: Prior | undefined, meta: UpsertMeta): string[] {
    if (meta.accepted) return [];
    return implausibilities(o, { cachedAmount: prev?.amount ?? null, range: meta.expectRange });
  }

  /** What follows an order's upsert: its held answer made moot, its money booked. */
  private afterUpsert(
    batch: BatchContext,
    profileId: number,
    o: NormalizedOrder,
    prev: Prior | undefined,
    fee: ReturnType<typeof orderFee>,
    info: { changes: number; lastInsertRowid: number | bigint },
    meta: UpsertMeta,
  ): 'inserted' | 'updated' | 'unchanged' {
    if (prev && info.changes === 0) return 'unchanged';
    const orderId = prev ? prev.id : Number(info.lastInsertRowid);
    // An accepted answer is marked by its acceptance; any other plausible answer makes the held one moot.
    if (prev?.anomaly && !meta.accepted) anomalyStore(this.db).supersede(orderId, meta.nowMs);
    // The row as just written (the upsert's COALESCEs), without reading it back.
    const row = {
      gateway: o.gateway,
      status: o.status,
      status_code: o.statusCode,
      ordered_at_ms: o.orderedAtMs ?? prev?.ordered_at_ms ?? null,
      amount: o.amount ?? prev?.amount ?? 0,
      captured: o.captured,
      refunded: o.refunded,
      eff_fee: fee.fee,
      fee_returned: o.feeReturned,
    };
    moneyEntryStore(this.db).book(row, {
      orderId,
      newOrder: !prev,
      profileId,
      firstSighting: !prev || prev.status_code === '',
      changedAtMs: o.changedAtMs ?? null,
      feeFromSchedule: fee.source === 'schedule',
      source: meta.source,
      nowMs: meta.nowMs,
      closedThrough: batch.closedThrough,
      batch: batch.book,
    });
    return prev ? 'updated' : 'inserted';
  }

  /**
   * upsertIn over a run of orders with distinct numbers, with the same writes in the same order, but
   * the priors read together and the upserts sent together (one round trip each on PostgreSQL, where
   * a statement at a time made ingest ~25x slower than SQLite). A held-back order sends the upserts
   * before it first, so rows get their ids in the answer's order on both engines.
   */
  private upsertRun(batch: BatchContext, profileId: number, run: NormalizedOrder[], meta: UpsertMeta, counts: UpsertCounts): void {
    const priors = getEach(this.db, this.priorStmt, run.map((o) => ({ profileId, orderNo: o.orderNo }))) as Array<Prior | undefined>;
    let pending: Array<{ o: NormalizedOrder; prev: Prior | undefined; fee: ReturnType<typeof orderFee>; params: unknown }> = [];
    const send = () => {
      const infos = runEach(this.db, this.upsertStmt, pending.map((p) => p.params));
      pending.forEach((p, k) => counts[this.afterUpsert(batch, profileId, p.o, p.prev, p.fee, infos[k]!, meta)]++);
      pending = [];
    };
    run.forEach((o, k) => {
      const prev = priors[k];
      const held = this.heldBackCodes(o, prev, meta);
      if (held.length) {
        send();
        counts[this.holdBack(profileId, o, prev, held, meta)]++;
        return;
      }
      const fee = orderFee(o, batch.schedule);
      pending.push({ o, prev, fee, params: upsertParams(o, { profileId, meta, fee }) });
    });
    send();
  }

  /**
   * Keeps an implausible answer for a person (order_anomalies) and flags the order. A new order is
   * entered without money, so it shows in the list (flagged) yet adds nothing to any total.
   */
  private holdBack(profileId: number, o: NormalizedOrder, prev: Prior | undefined, codes: string[], meta: UpsertMeta): 'inserted' | 'unchanged' {
    if (!prev) {
      this.registerKnown(
        profileId,
        { gateway: o.gateway, orderNo: o.orderNo, gatewayOrderNo: o.gatewayOrderNo, amount: 0, payType: o.payType, orderedAtMs: o.orderedAtMs },
        { source: meta.source, nowMs: meta.nowMs },
      );
    }
    const orderId = this.get(profileId, o.orderNo)!.id;
    anomalyStore(this.db).hold({ orderId, profileId, rawAnswerId: meta.rawAnswerId, atMs: meta.nowMs, codes, answer: JSON.stringify(o) });
    return prev ? 'unchanged' : 'inserted';
  }

  /**
   * One answer's orders, sharing one batch context, in the caller's transaction. Only outside one does
   * it open its own: a nested one would be a savepoint, whose sub-journal doubled the cost of ingest.
   */
  upsertMany(profileId: number, orders: NormalizedOrder[], meta: UpsertMeta): UpsertCounts {
    const run = () => {
      const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
      const book = newBookBatch();
      const batch: BatchContext = { ...this.batchContext(profileId), book };
      // An order twice in one answer starts a new run: its second description needs the first's row.
      for (let start = 0; start < orders.length; ) {
        const numbers = new Set<string>();
        let end = start;
        while (end < orders.length && !numbers.has(orders[end]!.orderNo)) numbers.add(orders[end++]!.orderNo);
        this.upsertRun(batch, profileId, orders.slice(start, end), meta, counts);
        start = end;
      }
      moneyEntryStore(this.db).flushBatch(book);
      return counts;
    };
    return this.db.inTransaction ? run() : this.db.transaction(run)();
  }

  /**
   * Records an order the merchant knows (from its ledger, a notification, an import) that the gateway
   * has not described to us yet. First Bank has no range query, so this is how its orders enter the cache.
   */
  registerKnown(
    profileId: number,
    ref: { gateway: GatewayName; orderNo: string; gatewayOrderNo: string | null; amount: Cents; payType: string | null; orderedAtMs: number | null },
    meta: { source: string; nowMs: number },
  ): boolean {
    const info = this.registerStmt.run({
      profileId,
      gateway: ref.gateway,
      orderNo: ref.orderNo,
      gatewayOrderNo: ref.gatewayOrderNo?.trim() || null,
      orderedAtMs: ref.orderedAtMs,
      taipeiDay: ref.orderedAtMs === null ? null : taipeiDayOf(ref.orderedAtMs),
      amount: ref.amount,
      payType: ref.payType,
      source: meta.source,
      nowMs: meta.nowMs,
    });
    if (info.changes > 0) {
      const row = this.get(profileId, ref.orderNo)!;
      // A known order counts on its day before its gateway describes it (its money is still zero).
      moneyEntryStore(this.db).book(row, { orderId: row.id, profileId, firstSighting: true, changedAtMs: null, feeFromSchedule: false, source: meta.source, nowMs: meta.nowMs });
    }
    return info.changes > 0;
  }

  get(profileId: number, orderNo: string): OrderRow | undefined {
    return this.getStmt.get({ profileId, orderNo }) as OrderRow | undefined;
  }
}
