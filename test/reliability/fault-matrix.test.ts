// Every gateway read the console makes x every fault the sandboxes can inject, through the services a
// person drives (sync, re-query, the exchange rate behind "test connection"), over real HTTP into a
// real SQLite cache. For each pair: nothing crashes, a failure is a ReconError whose message says what
// happened (timeout, HTTP status, malformed answer, bad chk / signature, dropped connection), the cache
// holds only what it held before or what a clean run writes, and once the fault clears the next run
// leaves exactly the cache a clean run leaves.
//
// Money actions (cancel, refund) x faults are covered in test/unit/actions-sandbox.test.ts (lost answers
// settled by re-query, the gateway seeing exactly one action); they are not repeated here.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  DecryptError,
  MalformedAnswerError,
  ReconError,
  SignatureError,
  TransportError,
} from '../../src-main/core/errors.ts';
import type { App } from '../../src-main/core/app.ts';
import { FirstBankClient } from '../../src-main/core/gateways/firstbank/client.ts';
import { parseCents } from '../../src-main/core/money.ts';
import { addProfile, type Profile } from '../../src-main/core/services/profiles.ts';
import { requeryOrder } from '../../src-main/core/services/requery.ts';
import { syncProfile } from '../../src-main/core/services/sync.ts';
import { OrderStore } from '../../src-main/core/store/orders.ts';
import { parseGatewayTime, taipeiDayOf } from '../../src-main/core/time.ts';
import type { Sandboxes } from '../../src-main/sandbox/index.ts';
import { tempApp } from '../support/app.ts';
import { flushPgDrops, reservePgDatabases, testEngine } from '../support/pg.ts';
import { armFault, firstBankOrders, flashPayOrders, getJson, startTestSandboxes } from '../unit/sandbox/helpers.ts';

/** Short enough that a `timeout` fault costs half a second, long enough for a loaded CI machine. */
const TIMEOUT_MS = 500;
/** A slow gateway that still answers inside the client's timeout must simply work. */
const DELAY_MS = 100;
/** "The gateway is broken for a while": more faults than any run makes requests, retries included. */
const PERSISTENT = 1000;

// 39 Taipei days: two 106 chunks (30 + 9), so the chunking and its concurrency are in play.
const FP_RANGE = { from: '2025-02-10', to: '2025-03-20' };
// First Bank re-queries every known order, four in flight: one day holding four known orders (paid
// cards and a failed TENPAY payment) keeps each persistent-fault case to one round of requests.
const FB_RANGE = { from: '2025-03-19', to: '2025-03-19' };

const KINDS = ['delay', 'http500', 'html', 'truncate', 'badchk', 'badsig', 'timeout', 'drop-after-apply', 'none'] as const;
type Kind = (typeof KINDS)[number];
type ErrorClass = abstract new (...args: never[]) => ReconError;

interface Expectation {
  /** What the message must say, so a person knows what went wrong. */
  message: RegExp;
  /** What a caller of the service gets (sync reports messages only). */
  type: ErrorClass | ErrorClass[];
}

/** How each fault must read; badchk and badsig are the same fault, named by each gateway's own check. */
function expectationFor(kind: Exclude<Kind, 'delay' | 'none'>, gateway: 'flashpay' | 'firstbank'): Expectation {
  switch (kind) {
    case 'http500':
      return { message: /answered HTTP 500/, type: TransportError };
    case 'html':
      return { message: /answered HTTP 502.*Bad Gateway/, type: TransportError };
    case 'truncate':
      // FlashPay's form body loses its chk (or is cut inside dat); First Bank's JSON no longer parses.
      return gateway === 'flashpay'
        ? { message: /FlashPay answer (has no chk|.*truncated)|dat (has an odd number|is \d+ bytes)/, type: [MalformedAnswerError, DecryptError] }
        : { message: /First Bank answer is not JSON; received: /, type: MalformedAnswerError };
    case 'badchk':
    case 'badsig':
      return gateway === 'flashpay'
        ? { message: /chk does not match dat/, type: SignatureError }
        : { message: /First Bank answer signature does not match/, type: SignatureError };
    case 'timeout':
      return { message: new RegExp(`did not answer within ${TIMEOUT_MS} ms`), type: TransportError };
    case 'drop-after-apply':
      // The gateway got the request and closed the connection without an answer: say so, in words
      // (undici's own code, UND_ERR_SOCKET, means nothing to the person reading it).
      return { message: /could not reach 127\.0\.0\.1:\d+\/\S+: other side closed$/, type: TransportError };
  }
}

type Outcome = { ok: true; value: string } | { ok: false; messages: string[]; error: ReconError | null };
type CacheRows = Record<string, Record<string, unknown>>;

interface Operation {
  label: string;
  gateway: 'flashpay' | 'firstbank';
  /** The sandbox operation the fault is armed on. */
  faultOp: 'querytrade' | 'report' | 'rate';
  /** Requests answered normally before the fault takes over (the 106 chunks, to reach the 107s). */
  letThrough: number;
  prepare(app: App): Promise<Profile>;
  act(app: App, profile: Profile): Promise<Outcome>;
}

let sb: Sandboxes;
let fpRequeryOrder: string;
let fbRequeryOrder: string;
let fbKnown: Array<{ orderNo: string; reCheckId: string; amount: number; payType: string; orderedAtMs: number | null }>;

const CACHE_COLUMNS = `order_no, gateway_order_no, ordered_at_ms, taipei_day, status, status_code, amount, captured, refunded,
  capturable, refundable, fee, fee_returned, shipping, pay_type, installments, bonus, auth_code, card_masked, verified`;

/** The cache as a person sees it (money, status, times, identifiers), keyed by order number. */
function cacheOf(app: App, profile: Profile): CacheRows {
  const rows = app.db.prepare(`SELECT ${CACHE_COLUMNS} FROM orders WHERE profile_id = ? ORDER BY order_no`).all(profile.id) as Array<Record<string, unknown>>;
  return Object.fromEntries(rows.map((r) => [String(r.order_no), r]));
}

function flashPayProfile(app: App): Promise<Profile> {
  return addProfile(app, { name: 'fp', gateway: 'flashpay', tradeUrl: sb.flashpay.baseUrl, merchantId: sb.flashpay.merId, demo: true }, sb.flashpay);
}

async function firstBankProfile(app: App): Promise<Profile> {
  const profile = await addProfile(app, { name: 'fb', gateway: 'firstbank', tradeUrl: sb.firstbank.baseUrl, merchantId: sb.firstbank.platformId, demo: true }, { hashKey: sb.firstbank.hashKey });
  // First Bank has no range query: the shop's own records make its orders known, as a ledger import would.
  const store = new OrderStore(app.db);
  app.db.transaction(() => {
    for (const o of fbKnown) {
      store.registerKnown(profile.id, { gateway: 'firstbank', orderNo: o.orderNo, gatewayOrderNo: o.reCheckId, amount: o.amount, payType: o.payType, orderedAtMs: o.orderedAtMs }, { source: 'test', nowMs: 0 });
    }
  })();
  return profile;
}

async function syncOutcome(app: App, profile: Profile, range: { from: string; to: string }): Promise<Outcome> {
  const summary = await syncProfile(app, profile, { ...range, timeoutMs: TIMEOUT_MS });
  return summary.state === 'done' ? { ok: true, value: '' } : { ok: false, messages: summary.errors, error: null };
}

/** A service call that must either work or throw a ReconError; anything else fails the test as a crash. */
async function callOutcome(call: () => Promise<string>): Promise<Outcome> {
  try {
    return { ok: true, value: await call() };
  } catch (err) {
    if (!(err instanceof ReconError)) throw err;
    return { ok: false, messages: [err.message], error: err };
  }
}

const OPERATIONS: Operation[] = [
  {
    label: 'FlashPay sync, 106 chunks',
    gateway: 'flashpay',
    faultOp: 'querytrade',
    letThrough: 0,
    prepare: flashPayProfile,
    act: (app, p) => syncOutcome(app, p, FP_RANGE),
  },
  {
    label: 'FlashPay sync, 107 stragglers',
    gateway: 'flashpay',
    faultOp: 'querytrade',
    letThrough: 2,
    prepare: flashPayProfile,
    act: (app, p) => syncOutcome(app, p, FP_RANGE),
  },
  {
    label: 'FlashPay re-query (107)',
    gateway: 'flashpay',
    faultOp: 'querytrade',
    letThrough: 0,
    prepare: flashPayProfile,
    // The outcome word (inserted / unchanged) differs between a first and a second run; the cache is the result.
    act: (app, p) => callOutcome(async () => (await requeryOrder(app, p, fpRequeryOrder, { timeoutMs: TIMEOUT_MS }), '')),
  },
  {
    label: 'First Bank sync (report)',
    gateway: 'firstbank',
    faultOp: 'report',
    letThrough: 0,
    prepare: firstBankProfile,
    act: (app, p) => syncOutcome(app, p, FB_RANGE),
  },
  {
    label: 'First Bank re-query (report)',
    gateway: 'firstbank',
    faultOp: 'report',
    letThrough: 0,
    prepare: firstBankProfile,
    act: (app, p) => callOutcome(async () => (await requeryOrder(app, p, fbRequeryOrder, { timeoutMs: TIMEOUT_MS }), '')),
  },
  {
    label: 'First Bank exchange rate',
    gateway: 'firstbank',
    faultOp: 'rate',
    letThrough: 0,
    prepare: firstBankProfile,
    act: () =>
      callOutcome(async () => {
        const client = new FirstBankClient({ baseUrl: sb.firstbank.baseUrl, platformId: sb.firstbank.platformId, hashKey: sb.firstbank.hashKey, timeoutMs: TIMEOUT_MS });
        const r = await client.exchangeRate();
        return `${r.rate.baseCurrency}->${r.rate.targetCurrency} ${r.rate.rate} at ${r.rate.rateTime?.utc ?? '?'}`;
      }),
  },
];

/** What a clean run of each operation leaves: computed once, on the same frozen sandbox. */
const clean = new Map<string, { cache: CacheRows; value: string }>();

function baseUrlOf(gateway: 'flashpay' | 'firstbank'): string {
  return gateway === 'flashpay' ? sb.flashpay.baseUrl : sb.firstbank.baseUrl;
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  // Frozen clock (TEST_NOW): the gateway's answers are the same on every run, so "clean" is one thing.
  sb = await startTestSandboxes({ days: 40, ordersPerDay: { min: 3, max: 5 } });
  const fp = await flashPayOrders(sb);
  fpRequeryOrder = fp.find((o) => o.order_status === '04')!.ord_no;
  const inFpRange = fp.filter((o) => {
    const day = taipeiDayOf(Date.parse(parseGatewayTime(o.ord_time).utc));
    return day >= FP_RANGE.from && day <= FP_RANGE.to;
  });
  // The 107 row needs orders the 106 answers leave pending; the seed has some.
  expect(inFpRange.filter((o) => o.order_status === '00' || o.order_status === 'ZP').length).toBeGreaterThan(0);

  fbKnown = (await firstBankOrders(sb))
    .filter((o) => o.ReCheckId !== '' && o.TransTime !== '')
    .map((o) => ({ orderNo: o.OrderId, reCheckId: o.ReCheckId, amount: parseCents(o.Amount), payType: o.PayType, orderedAtMs: Date.parse(parseGatewayTime(o.TransTime).utc) }))
    .filter((o) => {
      const day = taipeiDayOf(o.orderedAtMs);
      return day >= FB_RANGE.from && day <= FB_RANGE.to;
    });
  expect(fbKnown.length).toBeGreaterThan(3);
  fbRequeryOrder = fbKnown[0]!.orderNo;

  for (const op of OPERATIONS) {
    const app = tempApp();
    try {
      const profile = await op.prepare(app);
      const outcome = await op.act(app, profile);
      if (!outcome.ok) throw new Error(`the clean run of ${op.label} failed: ${outcome.messages.join('; ')}`);
      clean.set(op.label, { cache: cacheOf(app, profile), value: outcome.value });
    } finally {
      app.cleanup();
    }
  }
  // On PostgreSQL every concurrent case's database is made here, not while the other gateway's case
  // has requests in flight (see reservePgDatabases).
  if (testEngine() === 'postgres') reservePgDatabases(OPERATIONS.length * KINDS.length + OPERATIONS.filter((op) => !op.label.includes('sync')).length * TRANSIENT.length);
  // A clean sync must actually have cached something, or "equals clean" would prove nothing.
  expect(Object.keys(clean.get('FlashPay sync, 106 chunks')!.cache).length).toBeGreaterThan(100);
  expect(Object.values(clean.get('First Bank sync (report)')!.cache).every((r) => r.status_code !== '')).toBe(true);
}, 240_000);

afterAll(async () => {
  await sb?.close();
  if (testEngine() === 'postgres') flushPgDrops();
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

/**
 * Faults are armed per server, so the cases of one gateway take turns while the two gateways' cases
 * run side by side (the waits are timeouts and retry backoff, not work).
 */
const turns = new Map<string, Promise<void>>();
async function onTurn<T>(gateway: string, work: () => Promise<T>): Promise<T> {
  const previous = turns.get(gateway) ?? Promise.resolve();
  let done!: () => void;
  turns.set(gateway, previous.then(() => new Promise<void>((resolve) => (done = resolve))));
  await previous;
  try {
    return await work();
  } finally {
    // Whatever the case left armed on its server (a persistent fault, or one it never reached) goes.
    await armFault(baseUrlOf(gateway as Operation['gateway']), { op: '*', kind: 'none' });
    done();
  }
}

describe.each(KINDS)('%s', (kind) => {
  test.concurrent.for(OPERATIONS)('$label', (op, { expect }) =>
    onTurn(op.gateway, async () => {
      const reference = clean.get(op.label)!;
      const app = tempApp();
      try {
        const profile = await op.prepare(app);
        const before = cacheOf(app, profile);
        const baseUrl = baseUrlOf(op.gateway);
        if (op.letThrough > 0) await armFault(baseUrl, { op: op.faultOp, kind: 'delay', ms: 0, count: op.letThrough });
        await armFault(baseUrl, { op: op.faultOp, kind, count: PERSISTENT, ms: DELAY_MS });

        const outcome = await op.act(app, profile);
        const after = cacheOf(app, profile);
        if (kind === 'delay' || kind === 'none') {
          expect(outcome).toEqual({ ok: true, value: reference.value });
          expect(after).toEqual(reference.cache);
        } else {
          const expected = expectationFor(kind, op.gateway);
          expect(outcome.ok, `${op.label} went through a persistent ${kind}`).toBe(false);
          if (outcome.ok) return;
          expect(outcome.messages.length).toBeGreaterThan(0);
          for (const message of outcome.messages) expect(message).toMatch(expected.message);
          if (outcome.error) {
            const types = Array.isArray(expected.type) ? expected.type : [expected.type];
            expect(types.some((t) => outcome.error instanceof t), `${outcome.error.name}: ${outcome.error.message}`).toBe(true);
          }
          // Every row is either what it was or what a clean run writes: no half-read answer reaches the cache.
          for (const [orderNo, row] of Object.entries(after)) {
            const candidates = [before[orderNo], reference.cache[orderNo]].filter((r) => r !== undefined);
            expect(candidates, `${orderNo} appeared from nowhere`).not.toHaveLength(0);
            expect(candidates.some((c) => JSON.stringify(c) === JSON.stringify(row)), `${orderNo}: ${JSON.stringify(row)}`).toBe(true);
          }
        }

        // The gateway recovers: the next run converges on exactly what a clean run leaves.
        await armFault(baseUrl, { op: '*', kind: 'none' });
        const again = await op.act(app, profile);
        expect(again).toEqual({ ok: true, value: reference.value });
        expect(cacheOf(app, profile)).toEqual(reference.cache);
      } finally {
        app.cleanup();
      }
    }),
  );
});

// Queries are retried (twice, with backoff) on failures that are plausibly transient; a single bad
// answer of that kind must be invisible to the person who asked.
const TRANSIENT = ['http500', 'html', 'drop-after-apply'] as const;
describe.each(TRANSIENT)('one transient %s', (kind) => {
  test.concurrent.for(OPERATIONS.filter((op) => !op.label.includes('sync')))('$label: retried through', (op, { expect }) =>
    onTurn(op.gateway, async () => {
      const reference = clean.get(op.label)!;
      const app = tempApp();
      try {
        const profile = await op.prepare(app);
        await armFault(baseUrlOf(op.gateway), { op: op.faultOp, kind, count: 1 });
        expect(await op.act(app, profile)).toEqual({ ok: true, value: reference.value });
        expect(cacheOf(app, profile)).toEqual(reference.cache);
        // The fault was really met (and used up), not skipped.
        expect((await getJson<{ faults: unknown[] }>(`${baseUrlOf(op.gateway)}/_sandbox/faults`)).faults).toEqual([]);
      } finally {
        app.cleanup();
      }
    }),
  );
});
