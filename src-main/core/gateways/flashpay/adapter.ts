// FlashPay as the console sees it: its status table and the rules derived from it, its client, one
// refresh of an order (107), its sync strategy (106 chunks, then 107 for stragglers), its money
// action (tx_type 8) and its return_url notifications.
import { type MessageCode } from '../../../contract/messages/catalogue.ts';
import { type Message, msg } from '../../../contract/messages/render.ts';
import { InputError, ReconError, errorMessage } from '../../errors.ts';
import { formatCents } from '../../money.ts';
import { runPool } from '../../pool.ts';
import { afterMoneySent } from '../../store/fault-hooks.ts';
import { orderStore, fromFlashPay } from '../../store/orders.ts';
import { syncRunStore } from '../../store/sync-runs.ts';
import { maskPans } from '../../pan.ts';
import { splitDayRange, taipeiDayOf, taipeiRangeMs, type TaipeiDay } from '../../time.ts';
import { type GatewayAdapter, type GatewayConnection, type OrderFacts, refuse, statusOf, statusParamOf } from '../adapter.ts';
import { FLASHPAY_MAX_RANGE_DAYS, FlashPayClient } from './client.ts';
import { openAnswer } from './codec.ts';
import { type FlashPayOrder, parseFlashPayOrder } from './orders.ts';
import { FLASHPAY, FLASHPAY_STATUSES } from './statuses.ts';

const STATUS_TABLE = { statuses: FLASHPAY_STATUSES };
const NAME_PARAM = { 'zh-TW': FLASHPAY.displayName, en: FLASHPAY.displayName };

const BACK_OFFICE = "FlashPay's merchant back-office (特店後台)";
const BACK_OFFICE_PARAM = { 'zh-TW': 'FlashPay 特店後台', en: BACK_OFFICE };

/** Codes where the money is with the merchant right now: also where tx_type 8 may be sent. */
const HOLDS_MONEY = ['02', '03', '04'] as const;

const REFUSALS: Readonly<Record<string, [Parameters<typeof refuse>[0], string]>> = {
  '00': ['pending', 'the order is still authorizing (00 授權中) or its authorization failed; query it again later, there is nothing to cancel yet'],
  ZP: ['pending', 'the order is still processing at FlashPay (ZP 訂單處理中); query it again later'],
  ZF: ['failed', 'the authorization failed (ZF 授權失敗); no money was taken, there is nothing to cancel or refund'],
  '12': ['cancelled', 'the order is already cancelled (12 訂單取消)'],
  '06': ['refunded', 'the order is already refunded (06 已退貨)'],
  '08': ['refunded', 'the order is already refunded and the refund settled (08 退貨已清算)'],
};

function flatten(payload: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) out[k] = maskPans(typeof v === 'string' ? v : JSON.stringify(v));
  return out;
}

export const flashPayAdapter: GatewayAdapter = {
  name: FLASHPAY.name,
  label: { zh: FLASHPAY.displayName, en: FLASHPAY.displayName },
  title: { zh: 'FlashPay 信用卡', en: 'FlashPay (cards)' },
  backOffice: BACK_OFFICE,
  backOfficeLabel: { zh: BACK_OFFICE_PARAM['zh-TW'], en: BACK_OFFICE },
  payoutRule: {
    zh: 'FlashPay 未提供清算時間：撥款日為首次看到狀態 04（請款已清算）或 08（退款已清算）的日期；首次同步時已清算的訂單記在訂單日期。',
    en: 'FlashPay gives no settlement time: the payout day is the day status 04 (capture settled) or 08 (refund settled) was first seen; an order first seen already settled counts on its order day.',
  },
  statusCodeName: '',
  statusField: 'order_status',
  statuses: FLASHPAY_STATUSES,
  rules: {
    allowed: HOLDS_MONEY,
    happened: ['12', '06', '08'],
    paid: ['02', '03', '04', '06', '08'],
    holdsMoney: HOLDS_MONEY,
    settled: ['04', '08'],
    settledAtDayEnd: false,
    pending: ['00', 'ZP', ''],
    rank: { '': -1, '00': 0, ZP: 0, '02': 1, ZF: 2, '12': 2, '03': 2, '04': 3, '06': 3, '08': 4 },
  },
  // One money action, tx_type 8 (取消授權), for the full order amount. On an authorized order (02) it
  // voids the authorization; on a captured (03) or settled (04) order the gateway turns it into a
  // refund. No partial refund, no capture: those live in FlashPay's back-office.
  money: {
    operation: 'flashpay:tx8',
    verb: 'cancel',
    okCode: '00',
    successNeedsHappenedStatus: false,
    requestSummary: (profile, order, amount) =>
      JSON.stringify({ endpoint: 'querytrade.php', mer_id: profile.merchantId, tx_type: 8, ord_no: order.order_no, amount_cents: amount }),
    refusal(order: OrderFacts, kind) {
      const code = order.statusCode;
      const refusal = REFUSALS[code];
      if (refusal) return refuse(refusal[0], `${refusal[1]}.`, msg(`refusal.${refusal[0]}` as MessageCode, { status: statusParamOf(STATUS_TABLE, code) }));
      if (!(HOLDS_MONEY as readonly string[]).includes(code)) {
        return refuse('unknown_status', `FlashPay reports status ${JSON.stringify(code)}, which the console does not know; check the order in ${BACK_OFFICE}.`, msg('refusal.unknown_status', { gateway: NAME_PARAM, code, backOffice: BACK_OFFICE_PARAM }));
      }
      if (kind === 'refund' && code === '02') {
        return refuse('use_cancel', 'the order is authorized but not captured (02 授權成功): there is nothing to refund; cancel it instead (`recon cancel`), which voids the authorization.', msg('refusal.use_cancel', { status: statusParamOf(STATUS_TABLE, code) }));
      }
      if (order.refunded > 0) {
        return refuse('partly_refunded', `FlashPay already shows ${formatCents(order.refunded)} refunded on this order; the API refunds only the full amount, so finish it in ${BACK_OFFICE}.`, msg('refusal.partly_refunded', { gateway: NAME_PARAM, refundedCents: order.refunded, backOffice: BACK_OFFICE_PARAM }));
      }
      return null;
    },
    expected(order) {
      if (order.statusCode === '02') {
        return {
          expected: 'void_authorization',
          expectedText: `FlashPay voids the authorization of ${formatCents(order.amount)} (tx_type 8); no money was captured; the order becomes 12 訂單取消.`,
          expectedMsg: msg('expected.void_authorization', { gateway: NAME_PARAM, amountCents: order.amount, after: statusParamOf(STATUS_TABLE, '12') }),
        };
      }
      return {
        expected: 'refund_captured',
        expectedText: `The order is captured (${order.statusCode}): FlashPay turns the cancel (tx_type 8) into a refund of ${formatCents(order.amount)}; the order becomes 06 已退貨.`,
        expectedMsg: msg('expected.refund_captured', { gateway: NAME_PARAM, status: statusParamOf(STATUS_TABLE, order.statusCode), amountCents: order.amount, after: statusParamOf(STATUS_TABLE, '06') }),
      };
    },
    naturalKind: (statusCode) => (statusCode === '03' || statusCode === '04' ? 'refund' : 'cancel'),
  },
  secrets: ['hashKey', 'hashIv'],
  profileFields: [
    { field: 'tradeUrl', label: { zh: '交易網址', en: 'Trade URL' }, placeholder: 'https://api.fl-pay.com' },
    { field: 'queryUrl', label: { zh: '查詢網址', en: 'Query URL' }, placeholder: 'https://www.motionlifepay.com' },
    { field: 'merchantId', label: { zh: '特店代號 (mer_id)', en: 'Merchant id (mer_id)' } },
    { field: 'hashKey', label: { zh: 'HashKey', en: 'HashKey' } },
    { field: 'hashIv', label: { zh: 'HashIV', en: 'HashIV' } },
  ],
  capabilities: { cancel: true, refund: true, rangeQuery: true, ledgerRefs: false, feeSchedule: false },
  ledgerAliases: ['flashpay', 'flash pay', '閃付'],
  validateSecret(name, value) {
    if (name === 'hashKey' && Buffer.byteLength(value ?? '', 'utf8') !== 32) throw new InputError('a FlashPay HashKey is 32 characters (AES-256 key)', { msg: msg('profile.secret_length', { secret: 'HashKey', length: 32 }) });
    if (name === 'hashIv' && (value === undefined || Buffer.byteLength(value, 'utf8') !== 16)) throw new InputError('a FlashPay HashIV is 16 characters', { msg: msg('profile.secret_length', { secret: 'HashIV', length: 16 }) });
  },
  syncChunks: (from, to) => splitDayRange(from, to, FLASHPAY_MAX_RANGE_DAYS),
  connect(app, profile, secrets, options): GatewayConnection {
    const client = new FlashPayClient({
      tradeBaseUrl: profile.tradeUrl,
      queryBaseUrl: profile.queryUrl,
      merId: profile.merchantId,
      hashKey: secrets.hashKey,
      hashIv: secrets.hashIv ?? '',
      ...options,
    });
    const store = orderStore(app.db);
    return {
      async refreshOrder(orderNo, meta) {
        const result = await client.queryOrder(orderNo);
        const nowMs = meta.nowMs();
        const tx = app.db.transaction(() => store.recordFlashPayAnswer(profile.id, result, { operation: '107', source: '107', nowMs, note: meta.note }));
        return meta.immediate ? tx.immediate() : tx();
      },
      sync: (run) => syncFlashPay(client, run),
      moneySender(now) {
        return async (order, amount) => {
          const result = await client.cancel(order.order_no, amount);
          afterMoneySent(app.db);
          const nowMs = now();
          const { rawAnswerId } = app.db.transaction(() => store.recordFlashPayAnswer(profile.id, result, { operation: 'cancel', source: 'cancel', nowMs })).immediate();
          return { statusAfter: result.order.statusCode, request: result.request, response: result.json, raw: result.raw, rawAnswerId };
        };
      },
      async testConnection() {
        const today = taipeiDayOf(Date.now());
        const r = await client.queryOrdersChunk(today, today);
        return { ok: true, message: `FlashPay answered and its chk verified (${r.orders.length} orders today)`, msg: msg('conn.flashpay_ok', { orders: r.orders.length }) };
      },
    };
  },
  notificationShape: 'a FlashPay body (ver=…&dat=…&chk=…)',
  detectNotification: (body) => /(^|&)dat=/.test(body.trim()) || /^\{[\s\S]*"dat"\s*:/.test(body.trim()),
  verifyNotification(body, secrets, profile) {
    const answer = openAnswer(body, { hashKey: secrets.hashKey, hashIv: secrets.hashIv ?? '' });
    if (answer.kind === 'error') throw new ReconError('malformed', 'a plain JSON object without dat: that is a FlashPay error answer, not a notification', { msg: msg('notify.flashpay_error_answer') });
    const order: FlashPayOrder = parseFlashPayOrder(answer.payload);
    if (order.merId !== '' && order.merId !== profile.merchantId) {
      throw new ReconError('merchant', `addressed to merchant ${order.merId}, not to this profile's ${profile.merchantId}`, { msg: msg('notify.wrong_merchant', { merchant: order.merId, profileMerchant: profile.merchantId }) });
    }
    const warnings: string[] = [];
    const warningMessages: Message[] = [];
    const warn = (text: string, said: Message) => {
      warnings.push(text);
      warningMessages.push(said);
    };
    if (order.txType !== null && order.txType !== '104') warn(`tx_type is ${order.txType}, not 104: an answer to a query rather than a return_url notification`, msg('notify.not_104', { txType: order.txType }));
    if (order.statusInferred) warn(`no order_status: ${order.statusCode} inferred from ret_code ${order.retCode ?? '(none)'}`, msg('notify.status_inferred', { code: order.statusCode, retCode: order.retCode ?? '—' }));
    if (order.amount === null) warn('no tx_amt or amt: the amount is unknown', msg('notify.no_amount'));
    return {
      order: fromFlashPay(order, true),
      warnings,
      warningMessages,
      decoded: {
        orderNo: order.ordNo,
        gatewayOrderNo: order.orderNo,
        status: order.status,
        statusCode: order.statusCode,
        amount: order.amount,
        orderedAt: order.orderedAt?.original ?? null,
        paid: (HOLDS_MONEY as readonly string[]).includes(order.statusCode),
        fields: flatten(order.raw),
      },
    };
  },
};

// 106 in chunks of at most 30 days (2 in flight), each chunk's upsert in one transaction together
// with marking the chunk done; then 107 for cached orders of the range that are still pending (00,
// ZP) or that the 106 answers did not mention.
async function syncFlashPay(client: FlashPayClient, r: Parameters<GatewayConnection['sync']>[0]): Promise<void> {
  const { app, profile, ctx, now } = r;
  const store = orderStore(app.db);
  const runs = syncRunStore(app.db);
  const pending = runs.openChunks(r.runId) as Array<{ seq: number; from: TaipeiDay; to: TaipeiDay }>;
  const totalChunks = runs.chunkCount(r.runId);
  let doneChunks = totalChunks - pending.length;
  ctx.progress({ done: doneChunks, total: totalChunks, messageMsg: msg('sync.chunks_to_fetch', { gateway: 'FlashPay', fromDay: r.from, toDay: r.to, pending: pending.length, total: totalChunks }) });
  const seen = new Set<string>();

  await runPool(
    pending,
    r.concurrency ?? 2,
    async (chunk) => {
      try {
        const result = await client.queryOrdersChunk(chunk.from, chunk.to);
        const nowMs = now();
        // The chunk's orders and its "done" mark commit together: a kill leaves either both or neither.
        const counts = app.db.transaction(() => {
          const rawAnswerId = store.saveRawAnswer({ profileId: profile.id, atMs: nowMs, operation: '106', request: result.request, raw: result.raw, verified: true });
          // An order outside the days asked for is not what was asked: it is held back for a person.
          const expectRange = taipeiRangeMs(chunk.from, chunk.to);
          const c = store.upsertMany(profile.id, result.orders.map((o) => fromFlashPay(o, true)), { rawAnswerId, source: '106', nowMs, expectRange });
          runs.markChunkDone(r.runId, chunk.seq, result.orders.length);
          return c;
        })();
        for (const o of result.orders) seen.add(o.ordNo);
        r.counts.inserted += counts.inserted;
        r.counts.updated += counts.updated;
        r.counts.unchanged += counts.unchanged;
      } catch (err) {
        runs.markChunkFailed(r.runId, chunk.seq, errorMessage(err));
        r.fail(`chunk ${chunk.from}..${chunk.to}`, err, msg('sync.where_chunk', { fromDay: chunk.from, toDay: chunk.to }));
      }
      doneChunks++;
      ctx.progress({ done: doneChunks, messageMsg: msg('sync.fetching_chunk', { gateway: 'FlashPay', fromDay: chunk.from, toDay: chunk.to }) });
    },
    ctx.signal,
  );
  if (ctx.signal.aborted) return;

  // Stragglers: only worth asking about when the chunks that cover them came back.
  const { startMs, endMs } = taipeiRangeMs(r.from, r.to);
  const failedDays = runs.chunks(r.runId).filter((c) => c.state !== 'done');
  const unresolved = flashPayAdapter.rules.pending;
  const candidates = runs
    .ordersOrderedIn(profile.id, startMs, endMs)
    .filter(
      (o) =>
        !failedDays.some((c) => o.taipei_day >= c.from && o.taipei_day <= c.to) &&
        (unresolved.includes(o.status_code) || (!r.resumed && !seen.has(o.order_no))),
    );
  if (candidates.length === 0) return;
  ctx.progress({ total: totalChunks + candidates.length, messageMsg: msg('sync.requery_candidates', { gateway: 'FlashPay', count: candidates.length }) });
  await runPool(
    candidates,
    r.concurrency ?? 2,
    async (o) => {
      try {
        const result = await client.queryOrder(o.order_no);
        r.queried();
        const nowMs = now();
        const { outcome } = app.db.transaction(() => store.recordFlashPayAnswer(profile.id, result, { operation: '107', source: '107', nowMs }))();
        r.counts[outcome]++;
      } catch (err) {
        r.fail(`order ${o.order_no}`, err, msg('sync.where_order', { orderNo: o.order_no }));
      }
      doneChunks++;
      ctx.progress({ done: doneChunks });
    },
    ctx.signal,
  );
}

export const flashPayStatusOf = (code: string) => statusOf(flashPayAdapter, code);
