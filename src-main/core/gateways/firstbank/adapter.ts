// First Bank 整合支付平台 as the console sees it: its TransStatus table and the rules derived from it,
// its client, one refresh of an order (ReportProcessOnline, which needs the order's ReCheckId, amount
// and PayType), its sync strategy (no range query: re-query every known order), its money action
// (RefundProcessOnline, full amount only, no cancel call) and its async notifications (3.5).
import { type MessageCode } from '../../../contract/messages/catalogue.ts';
import { msg } from '../../../contract/messages/render.ts';
import { ActionRefusedError, GatewayError, InputError, ReconError } from '../../errors.ts';
import { type Cents, formatCents } from '../../money.ts';
import { maskPans } from '../../pan.ts';
import { runPool } from '../../pool.ts';
import { afterMoneySent } from '../../store/fault-hooks.ts';
import { fromFirstBank, orderStore, type OrderRow } from '../../store/orders.ts';
import { syncRunStore } from '../../store/sync-runs.ts';
import { type GatewayAdapter, type GatewayConnection, type SyncRun, refuse, statusParamOf } from '../adapter.ts';
import { FirstBankClient, type FirstBankOrderRef } from './client.ts';
import { SIGNATURE_FIELD } from './codec.ts';
import { checkFirstBankNotification } from './inspect.ts';
import { FIRSTBANK, FIRSTBANK_NAME, FIRSTBANK_TRANS_STATUSES } from './statuses.ts';

const STATUS_TABLE = { statuses: FIRSTBANK_TRANS_STATUSES };
const NAME_PARAM = FIRSTBANK_NAME;

const BACK_OFFICE = "First Bank's 整合支付平台 back-office (特店管理後台)";
const BACK_OFFICE_PARAM = { 'zh-TW': '第一銀行整合支付平台的特店管理後台', en: BACK_OFFICE };

const REFUSALS: Readonly<Record<string, [Parameters<typeof refuse>[0], string]>> = {
  '0': ['not_paid', 'the order is created but not paid (TransStatus 0 已建立); there is nothing to refund'],
  '1': ['cancelled', 'the order is already cancelled (TransStatus 1 已取消)'],
  '3': ['refunded', 'the order is already refunded (TransStatus 3 已退款)'],
  '4': ['refund_pending', 'a refund is already in progress (TransStatus 4 退款交易處理中); wait for it to complete'],
  '5': ['cancel_pending', 'a cancellation is in progress (TransStatus 5 取消交易處理中); wait for it to complete'],
  '6': ['failed', 'the transaction failed (TransStatus 6 交易失敗); no money was taken'],
  '7': ['amount_mismatch', 'the platform reports an amount mismatch (TransStatus 7 交易金額不符); resolve it in the back-office'],
};

/** The report (query) is both what sync and a single re-query call it. */
const REPORT = 'report';

/** First Bank can only be asked about an order whose ReCheckId, amount and PayType are known. */
function orderRef(order: Pick<OrderRow, 'order_no' | 'gateway_order_no' | 'pay_type' | 'amount'>): FirstBankOrderRef | undefined {
  if (!order.gateway_order_no || !order.pay_type || order.amount <= 0) return undefined;
  return { orderId: order.order_no, reCheckId: order.gateway_order_no, amountCents: order.amount, payType: order.pay_type };
}

function refundDesc(reason: string): string {
  return reason.trim() || '主控台退款 (console refund)';
}

export const firstBankAdapter: GatewayAdapter = {
  name: FIRSTBANK.name,
  label: { zh: '第一銀行', en: FIRSTBANK.displayName },
  title: { zh: '第一銀行 整合支付平台', en: 'First Bank payment platform' },
  backOffice: BACK_OFFICE,
  backOfficeLabel: { zh: BACK_OFFICE_PARAM['zh-TW'], en: BACK_OFFICE },
  payoutRule: {
    zh: '第一銀行未提供清算時間：付款或退款當天（LastStatusChgTime）的交易於當日結束後批次撥款；當日尚未結束的批次標示為待撥款。',
    en: 'First Bank gives no settlement time: a day’s payments and refunds (by LastStatusChgTime) are paid in its day-end batch; a day not yet over is marked pending.',
  },
  statusCodeName: 'TransStatus ',
  statusField: 'TransStatus',
  statuses: FIRSTBANK_TRANS_STATUSES,
  rules: {
    allowed: ['2'],
    happened: ['3', '4'],
    paid: ['2', '3', '4'],
    holdsMoney: ['2'],
    // No settlement status: the platform batches a day's payments at day end, so a paid (2) or
    // refunded (3) order is settled with its day's batch; 4 (refund in progress) is not.
    settled: ['2', '3'],
    settledAtDayEnd: true,
    pending: ['0', '5', ''],
    rank: { '': -1, '0': 0, '5': 1, '2': 2, '4': 3, '1': 4, '3': 4, '6': 4, '7': 4 },
  },
  money: {
    operation: 'firstbank:RefundProcessOnline',
    verb: 'refund',
    okCode: '0000',
    successNeedsHappenedStatus: true,
    requestSummary: (profile, order, amount, reason) =>
      JSON.stringify({
        endpoint: 'RefundProcessOnline',
        PlatFormId: profile.merchantId,
        OrderId: order.order_no,
        ReCheckId: order.gateway_order_no,
        PayType: order.pay_type,
        amount_cents: amount,
        RefundDesc: refundDesc(reason),
      }),
    refusal(order, kind) {
      const refusal = REFUSALS[order.statusCode];
      if (refusal) return refuse(refusal[0], `${refusal[1]}.`, msg(`refusal.${refusal[0]}` as MessageCode, { status: statusParamOf(STATUS_TABLE, order.statusCode), backOffice: BACK_OFFICE_PARAM }));
      if (order.statusCode !== '2') {
        return refuse('unknown_status', `First Bank reports TransStatus ${JSON.stringify(order.statusCode)}, which the console does not know; check the order in ${BACK_OFFICE}.`, msg('refusal.unknown_status', { gateway: NAME_PARAM, code: order.statusCode, backOffice: BACK_OFFICE_PARAM }));
      }
      if (kind === 'cancel') {
        return refuse('no_cancel_api', `First Bank's API has no cancellation; a paid order can be refunded in full (\`recon refund\`), or cancelled in ${BACK_OFFICE}.`, msg('refusal.no_cancel_api', { gateway: NAME_PARAM, backOffice: BACK_OFFICE_PARAM }));
      }
      return null;
    },
    expected: (order) => ({
      expected: 'refund_full',
      expectedText: `First Bank refunds the full ${formatCents(order.amount)} (RefundProcessOnline); the order becomes 3 已退款 (TENPAY: 4 退款交易處理中 first).`,
      expectedMsg: msg('expected.refund_full', { gateway: NAME_PARAM, amountCents: order.amount, after: statusParamOf(STATUS_TABLE, '3') }),
    }),
    naturalKind: () => 'refund',
  },
  secrets: ['hashKey'],
  profileFields: [
    { field: 'tradeUrl', label: { zh: '平台網址', en: 'Platform URL' }, placeholder: 'https://pay.firstbank.com.tw' },
    { field: 'merchantId', label: { zh: '平台代號 (PlatFormId)', en: 'Platform id (PlatFormId)' } },
    { field: 'hashKey', label: { zh: 'HashKey', en: 'HashKey' } },
    { field: 'feeRate', label: { zh: '手續費率', en: 'Fee rate' }, placeholder: '2.75' },
    { field: 'feeFixed', label: { zh: '每筆固定手續費', en: 'Fixed fee per order' }, placeholder: '0' },
  ],
  capabilities: { cancel: false, refund: true, rangeQuery: false, ledgerRefs: true, feeSchedule: true },
  ledgerAliases: ['firstbank', 'first bank', '第一銀行', '一銀', '第一銀', 'fcb'],
  validateSecret(name, value) {
    if (name === 'hashKey' && (value ?? '').trim() === '') throw new InputError('the First Bank HashKey is empty', { msg: msg('profile.hashkey_empty') });
  },
  syncChunks: (from, to) => [{ from, to }],
  connect(app, profile, secrets, options): GatewayConnection {
    const client = new FirstBankClient({ baseUrl: profile.queryUrl, platformId: profile.merchantId, hashKey: secrets.hashKey, ...options });
    const store = orderStore(app.db);
    return {
      async refreshOrder(orderNo, meta) {
        const cached = store.get(profile.id, orderNo);
        const ref = cached ? orderRef(cached) : undefined;
        if (!ref) {
          throw meta.notQueryable(
            `First Bank order ${orderNo} is not in the cache with its ReCheckId, amount and PayType (First Bank has no search by order number); sync or import it first`,
            msg('requery.not_known', { orderNo, gateway: NAME_PARAM }),
          );
        }
        const result = await client.queryOrder(ref);
        const nowMs = meta.nowMs();
        const tx = app.db.transaction(() => store.recordFirstBankAnswer(profile.id, result, { operation: REPORT, source: REPORT, nowMs, note: meta.note }));
        return meta.immediate ? tx.immediate() : tx();
      },
      sync: (run) => syncFirstBank(client, run),
      moneySender(now) {
        return async (order, amount: Cents, reason) => {
          const ref = orderRef(order);
          if (!ref) throw new ActionRefusedError('not_known', `First Bank order ${order.order_no} lacks its ReCheckId or PayType in the cache; nothing was sent`, msg('refusal.no_recheck_id', { orderNo: order.order_no }));
          const result = await client.refund({ ...ref, amountCents: amount, refundDesc: refundDesc(reason) });
          afterMoneySent(app.db);
          const nowMs = now();
          const raw = maskPans(result.raw);
          const request = JSON.stringify({ ...result.request, HashKey: undefined });
          // A refund answer may omit fields the report carries; the re-query that follows refreshes the cache.
          const rawAnswerId = app.db
            .transaction(() => store.saveRawAnswer({ profileId: profile.id, atMs: nowMs, operation: 'refund', request, raw, verified: result.signed }))
            .immediate();
          return { statusAfter: result.order.transStatusCode ?? '', request, response: maskPans(JSON.stringify(result.fields)), raw, rawAnswerId };
        };
      },
      // Any signed answer to the exchange-rate call (even "service not enabled") proves the key;
      // 9996 (資料錯誤) means the key or merchant id is wrong.
      async testConnection() {
        try {
          const r = await client.exchangeRate();
          return { ok: true, message: `First Bank answered${r.signed ? ' with a valid signature' : ''} (TENPAY rate ${r.rate.rate || 'n/a'})`, msg: msg('conn.firstbank_ok', { signed: r.signed ? 'yes' : 'no', rate: r.rate.rate || '—' }) };
        } catch (err) {
          if (err instanceof GatewayError && err.gatewayCode === '9996') return { ok: false, message: `${err.message}: check the HashKey and merchant id`, msg: msg('conn.firstbank_key_rejected', { code: err.gatewayCode, text: err.gatewayMessage }) };
          if (err instanceof GatewayError) return { ok: true, message: `First Bank answered (${err.gatewayCode} ${err.gatewayMessage}); the connection and key work`, msg: msg('conn.firstbank_answered', { code: err.gatewayCode, text: err.gatewayMessage }) };
          throw err;
        }
      },
    };
  },
  notificationShape: 'a First Bank notification (OrderId=…&HashKey=…)',
  detectNotification: (body) => /(^|&)(OrderId|HashKey|PlatFormId|TransStatus)=/.test(body.trim()),
  verifyNotification(body, secrets, profile) {
    // The same verdict and labels as `recon firstbank verify` (seed rule, stray space, plugin rule).
    const checked = checkFirstBankNotification(body, secrets.hashKey);
    const platform = checked.fields.PlatFormId?.trim() ?? '';
    if (platform !== profile.merchantId) throw new ReconError('merchant', `addressed to platform ${platform || '(none)'}, not to this profile's ${profile.merchantId}`, { msg: msg('notify.wrong_merchant', { merchant: platform || '—', profileMerchant: profile.merchantId }) });
    const o = checked.order;
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(o.raw)) if (k !== SIGNATURE_FIELD) fields[k] = maskPans(v);
    return {
      order: fromFirstBank(o, true),
      warnings: checked.notes.map((n) => n.message),
      warningMessages: checked.notes.map((n) => msg(`notify.${n.code}` as MessageCode)),
      decoded: {
        orderNo: o.orderId,
        gatewayOrderNo: o.reCheckId,
        status: o.status,
        statusCode: o.transStatusCode ?? '',
        amount: o.amount,
        orderedAt: o.transTime?.original ?? null,
        paid: o.paid,
        fields,
      },
    };
  },
};

// No range query: re-query (ReportProcessOnline) every known order of the range.
async function syncFirstBank(client: FirstBankClient, r: SyncRun): Promise<void> {
  const { app, profile, ctx, now } = r;
  const store = orderStore(app.db);
  const runs = syncRunStore(app.db);
  // Orders already re-queried by this run (before a crash) are not asked again on resume.
  const known = runs.ordersWithRefs(profile.id, { from: r.from, to: r.to }, REPORT, r.resumed ? r.runStartedAtMs : Number.MAX_SAFE_INTEGER);
  let done = 0;
  let queried = 0;
  if (known.length === 0 && !r.resumed) r.notice('no_known_orders');
  ctx.progress({ done: 0, total: known.length, messageMsg: msg('sync.requery_known', { gateway: NAME_PARAM, count: known.length }) });
  await runPool(
    known,
    r.concurrency ?? 4,
    async (o) => {
      try {
        const result = await client.queryOrder({ orderId: o.order_no, reCheckId: o.gateway_order_no, amountCents: o.amount, payType: o.pay_type });
        r.queried();
        queried++;
        const nowMs = now();
        const outcome = app.db.transaction(() => {
          const answer = store.recordFirstBankAnswer(profile.id, result, { operation: REPORT, source: REPORT, nowMs });
          runs.touch(profile.id, o.order_no, REPORT, nowMs);
          return answer.outcome;
        })();
        r.counts[outcome]++;
      } catch (err) {
        r.fail(`order ${o.order_no}`, err, msg('sync.where_order', { orderNo: o.order_no }));
      }
      done++;
      ctx.progress({ done });
    },
    ctx.signal,
  );
  runs.finishChunks(r.runId, r.errorCount() ? 'failed' : 'done', queried, r.firstError());
}
