// A third gateway that exists only in tests: "TinyPay", with its own made-up HTTP protocol served by
// a real in-test server. Its adapter is written against the registry's seam only
// (core/gateways/adapter.ts), the way docs/ADDING-A-GATEWAY.md describes, to prove that sync, lists,
// export and reconciliation need nothing else from a gateway.
//
// The protocol: GET /v1/orders?from=YYYY-MM-DD&to=YYYY-MM-DD and GET /v1/orders/<ref>, with
// "Authorization: Tiny <key>"; answers are JSON {orders: [{ref, cents, state, at}]} / {order: {...}};
// a wrong key is 401 {error: "bad key"}.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayError, InputError, ReconError } from '../../src-main/core/errors.ts';
import { type GatewayAdapter, type GatewayConnection, refuse } from '../../src-main/core/gateways/adapter.ts';
import type { NormalizedStatus } from '../../src-main/core/gateways/status.ts';
import { type NormalizedOrder, orderStore } from '../../src-main/core/store/orders.ts';
import { syncRunStore } from '../../src-main/core/store/sync-runs.ts';
import { taipeiRangeMs } from '../../src-main/core/time.ts';

export const TINY = { name: 'tinypay', displayName: 'TinyPay' } as const;

export interface TinyOrder {
  ref: string;
  cents: number;
  state: 'NEW' | 'PAID' | 'SETTLED' | 'VOID' | 'BACK';
  /** ISO instant. */
  at: string;
}

/** The gateway side: a real HTTP server holding orders, checking the key on every call. */
export async function startTinyServer(key: string, orders: TinyOrder[]): Promise<{ baseUrl: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://tiny');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Tiny ${key}`) return send(401, { error: 'bad key' });
    if (url.pathname === '/v1/orders') {
      const from = Date.parse(`${url.searchParams.get('from')}T00:00:00+08:00`);
      const to = Date.parse(`${url.searchParams.get('to')}T00:00:00+08:00`) + 86_400_000;
      return send(200, { orders: orders.filter((o) => Date.parse(o.at) >= from && Date.parse(o.at) < to) });
    }
    const one = /^\/v1\/orders\/([^/]+)$/.exec(url.pathname);
    const order = one ? orders.find((o) => o.ref === decodeURIComponent(one[1]!)) : undefined;
    if (order) return send(200, { order });
    return send(404, { error: 'no such order' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const STATUSES = {
  NEW: { zh: '新建', en: 'New', normalized: 'pending' as NormalizedStatus },
  PAID: { zh: '已付款', en: 'Paid', normalized: 'captured' as NormalizedStatus },
  SETTLED: { zh: '已撥款', en: 'Settled', normalized: 'settled' as NormalizedStatus },
  VOID: { zh: '已作廢', en: 'Void', normalized: 'cancelled' as NormalizedStatus },
  BACK: { zh: '已退回', en: 'Refunded', normalized: 'refunded' as NormalizedStatus },
};

function normalize(o: TinyOrder): NormalizedOrder {
  const status = STATUSES[o.state];
  const paid = o.state === 'PAID' || o.state === 'SETTLED' || o.state === 'BACK';
  return {
    gateway: TINY.name,
    orderNo: o.ref,
    gatewayOrderNo: null,
    orderedAtMs: Date.parse(o.at),
    orderedAtText: o.at,
    status: status?.normalized ?? 'pending',
    statusCode: o.state,
    amount: o.cents,
    captured: paid ? o.cents : 0,
    refunded: o.state === 'BACK' ? o.cents : 0,
    capturable: 0,
    refundable: o.state === 'PAID' ? o.cents : 0,
    fee: 0,
    feeReturned: 0,
    shipping: 0,
    payType: null,
    installments: 0,
    bonus: false,
    authCode: null,
    cardMasked: null,
    payload: JSON.stringify(o),
    verified: true,
    statusKnown: status !== undefined,
    changedAtMs: null,
    malformedTimes: [],
  };
}

export const tinyAdapter: GatewayAdapter = {
  name: TINY.name,
  label: { zh: '小付', en: TINY.displayName },
  title: { zh: '小付 測試金流', en: 'TinyPay (test gateway)' },
  backOffice: "TinyPay's dashboard",
  backOfficeLabel: { zh: 'TinyPay 後台', en: "TinyPay's dashboard" },
  payoutRule: { zh: 'TinyPay：付款當天撥款', en: 'TinyPay: paid out on the day of payment' },
  statusCodeName: 'state ',
  statusField: 'state',
  statuses: STATUSES,
  rules: {
    allowed: ['PAID'],
    happened: ['BACK'],
    paid: ['PAID', 'SETTLED', 'BACK'],
    holdsMoney: ['PAID', 'SETTLED'],
    settled: ['SETTLED'],
    settledAtDayEnd: false,
    pending: ['NEW', ''],
    rank: { '': -1, NEW: 0, PAID: 1, VOID: 2, SETTLED: 2, BACK: 3 },
  },
  money: {
    operation: 'tinypay:refund',
    verb: 'refund',
    okCode: 'OK',
    successNeedsHappenedStatus: true,
    refusal: (order, kind) =>
      order.statusCode !== 'PAID'
        ? refuse('unknown_status', `TinyPay shows ${order.statusCode}; nothing to refund`)
        : kind === 'cancel'
          ? refuse('no_cancel_api', 'TinyPay has no cancel call')
          : null,
    expected: () => ({ expected: 'refund_full', expectedText: 'TinyPay refunds the full amount' }),
    naturalKind: () => 'refund',
    requestSummary: (profile, order, amount) => JSON.stringify({ endpoint: 'refund', ref: order.order_no, cents: amount, merchant: profile.merchantId }),
  },
  secrets: ['hashKey'],
  profileFields: [
    { field: 'tradeUrl', label: { zh: '網址', en: 'URL' } },
    { field: 'merchantId', label: { zh: '商店代號', en: 'Shop id' } },
    { field: 'hashKey', label: { zh: '金鑰', en: 'Key' } },
  ],
  capabilities: { cancel: false, refund: false, rangeQuery: true, ledgerRefs: false, feeSchedule: false },
  ledgerAliases: ['tinypay', '小付'],
  validateSecret(name, value) {
    if (name === 'hashKey' && !value) throw new InputError('a TinyPay key is needed');
  },
  syncChunks: (from, to) => [{ from, to }],
  connect(app, profile, secrets, options): GatewayConnection {
    const call = async (path: string): Promise<{ text: string; body: Record<string, unknown> }> => {
      const res = await (options.fetch ?? fetch)(`${profile.tradeUrl}${path}`, { headers: { authorization: `Tiny ${secrets.hashKey}` } });
      const text = await res.text();
      const body = JSON.parse(text) as Record<string, unknown>;
      if (res.status !== 200) throw new GatewayError(TINY, String(res.status), String(body.error ?? ''));
      return { text, body };
    };
    const store = orderStore(app.db);
    return {
      async refreshOrder(orderNo, meta) {
        const { text, body } = await call(`/v1/orders/${encodeURIComponent(orderNo)}`);
        const nowMs = meta.nowMs();
        return app.db.transaction(() => {
          const rawAnswerId = store.saveRawAnswer({ profileId: profile.id, atMs: nowMs, operation: 'order', request: orderNo, raw: text, verified: true });
          return { rawAnswerId, outcome: store.upsert(profile.id, normalize(body.order as TinyOrder), { rawAnswerId, source: 'order', nowMs }) };
        })();
      },
      async sync(run) {
        const runs = syncRunStore(app.db);
        try {
          const { text, body } = await call(`/v1/orders?from=${run.from}&to=${run.to}`);
          const orders = body.orders as TinyOrder[];
          const nowMs = run.now();
          const counts = app.db.transaction(() => {
            const rawAnswerId = store.saveRawAnswer({ profileId: profile.id, atMs: nowMs, operation: 'orders', request: `${run.from}..${run.to}`, raw: text, verified: true });
            const c = store.upsertMany(profile.id, orders.map(normalize), { rawAnswerId, source: 'orders', nowMs, expectRange: taipeiRangeMs(run.from, run.to) });
            runs.finishChunks(run.runId, 'done', orders.length, null);
            return c;
          })();
          run.counts.inserted += counts.inserted;
          run.counts.updated += counts.updated;
          run.counts.unchanged += counts.unchanged;
        } catch (err) {
          runs.finishChunks(run.runId, 'failed', 0, String(err));
          run.fail(`${run.from}..${run.to}`, err);
        }
      },
      moneySender: () => async () => {
        throw new ReconError('refused', 'TinyPay refunds are not part of this test gateway');
      },
      async testConnection() {
        await call('/v1/orders?from=2000-01-01&to=2000-01-01');
        return { ok: true, message: 'TinyPay answered' };
      },
    };
  },
  notificationShape: 'a TinyPay notification (tiny:…)',
  detectNotification: (body) => body.trim().startsWith('tiny:'),
  verifyNotification() {
    throw new ReconError('malformed', 'TinyPay notifications are not part of this test gateway');
  },
};
