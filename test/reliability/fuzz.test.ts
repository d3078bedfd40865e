// Property-based fuzzing (fast-check, bounded runs) of everything that takes input from outside:
//  (a) every IPC channel of the contract through dispatch(), with payloads built from the contract's
//      own schemas (so they get past validation and into the handlers), real profile names, orders
//      and days mixed in, and plain random JSON: the outcome is a result the contract allows, or a
//      ReconError; never a TypeError / RangeError / unhandled rejection. An invalid payload is an
//      InputError naming the channel.
//  (b) the gateway codecs with random bytes, truncated and bit-flipped valid bodies, hostile nesting,
//      and wrong keys: only ReconErrors, and nothing altered or wrongly keyed ever opens.
//  (c) ledger import with random bytes, CSV-ish text and damaged workbooks: only ReconErrors, every
//      row accounted for, and each bad row says why.
// No payload can reach the network: the profiles that gateway channels can name point at sandboxes on
// 127.0.0.1 started here; channels that add or change profiles run on a separate app that never calls
// a gateway; and every HTTP request made during the file is checked to be one of those sandboxes.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import diagnostics from 'node:diagnostics_channel';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { type Channel, contract } from '../../src-main/contract/channels.ts';
import type { App } from '../../src-main/core/app.ts';
import { InputError, MalformedAnswerError, ReconError, SignatureError, GatewayError } from '../../src-main/core/errors.ts';
import { plainErrorToGatewayError } from '../../src-main/core/gateways/flashpay/client.ts';
import { buildRequest, openAnswer, openEnvelope, sealAnswer } from '../../src-main/core/gateways/flashpay/codec.ts';
import { authenticatedFields, encodeForm, parseAnswerJson, parseNotification, parsePayInfo, signFields, verifyAnswer } from '../../src-main/core/gateways/firstbank/codec.ts';
import { suggestMapping } from '../../src-main/core/ledger/mapping.ts';
import { parseLedgerRows } from '../../src-main/core/ledger/rows.ts';
import { readLedgerTable } from '../../src-main/core/ledger/table.ts';
import { parseCents } from '../../src-main/core/money.ts';
import { importLedger, previewLedger } from '../../src-main/core/services/ledger-import.ts';
import { listOrders } from '../../src-main/core/services/orders-query.ts';
import { addProfile, type Profile } from '../../src-main/core/services/profiles.ts';
import { syncProfile } from '../../src-main/core/services/sync.ts';
import { OrderStore } from '../../src-main/core/store/orders.ts';
import { parseGatewayTime } from '../../src-main/core/time.ts';
import type { Sandboxes } from '../../src-main/sandbox/index.ts';
import { dispatch } from '../../src-main/shell/handlers.ts';
import { tempApp } from '../support/app.ts';
import { seedOrders } from '../support/seed.ts';
import { firstBankOrders, startTestSandboxes } from '../unit/sandbox/helpers.ts';

// ---------------------------------------------------------------------------------------------------
// Whole-file guards: no unhandled rejection, and no HTTP request to anything but our own sandboxes.

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
const contacted = new Set<string>();
const onRequest = (message: unknown): void => {
  const origin = (message as { request?: { origin?: unknown } }).request?.origin;
  contacted.add(String(origin));
};
const onConnect = (message: unknown): void => {
  const params = (message as { connectParams?: { protocol?: string; hostname?: string; port?: string } }).connectParams;
  contacted.add(`${params?.protocol ?? '?'}//${params?.hostname ?? '?'}:${params?.port ?? '?'}`);
};

let sb: Sandboxes;
beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  diagnostics.subscribe('undici:request:create', onRequest);
  diagnostics.subscribe('undici:client:beforeConnect', onConnect);
  sb = await startTestSandboxes({ days: 6, ordersPerDay: { min: 3, max: 5 } });
});

afterAll(async () => {
  await sb?.close();
  diagnostics.unsubscribe('undici:request:create', onRequest);
  diagnostics.unsubscribe('undici:client:beforeConnect', onConnect);
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
  const allowed = new Set([new URL(sb.flashpay.baseUrl).origin, new URL(sb.firstbank.baseUrl).origin]);
  // The channels did talk to the sandboxes (so the guard saw traffic), and to nothing else.
  expect(contacted.size).toBeGreaterThan(0);
  expect([...contacted].filter((o) => !allowed.has(o)), 'requests to anything but the local sandboxes').toEqual([]);
});

/** Runs a property; fast-check prints the seed and the shrunk counterexample when it fails. */
async function check<T>(arb: fc.Arbitrary<T>, predicate: (value: T) => Promise<void> | void, numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arb, async (value) => {
      await predicate(value);
    }),
    { numRuns },
  );
}

/** What crossing a transport does to bytes: decoded as UTF-8 with replacement, like response.text(). */
const utf8 = (bytes: Uint8Array): string => new TextDecoder('utf-8').decode(bytes);

function flipBit(text: string, index: number, bit: number): string {
  const bytes = Buffer.from(text, 'utf8');
  bytes[index % bytes.length]! ^= 1 << bit;
  return utf8(bytes);
}

/**
 * Bodies no well-behaved gateway sends: JSON nested `depth` levels deep. JSON.parse copes with any
 * depth; recursive code after it (JSON.stringify included) overflows the stack a few thousand down.
 * Generated as a (shape, depth) pair so a failure prints as two numbers, not 20,000 brackets.
 */
const NESTINGS = [
  (d: number) => `{"a":${'['.repeat(d)}${']'.repeat(d)}}`,
  (d: number) => `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`,
  (d: number) => `{"ret_code":"E001","x":${'['.repeat(d)}${']'.repeat(d)}}`,
  (d: number) => `{"ord_no":"1","order_status":"02","x":${'{"y":'.repeat(d)}1${'}'.repeat(d)}}`,
] as const;
const nesting = fc.record({ shape: fc.nat(NESTINGS.length - 1), depth: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.constantFrom(5_000, 20_000)) });
const nested = ({ shape, depth }: { shape: number; depth: number }): string => NESTINGS[shape]!(depth);

/** Random text of every flavour: arbitrary bytes, Unicode, and near-misses of the real formats. */
const junkText = fc.oneof(
  fc.uint8Array({ maxLength: 400 }).map(utf8),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
  fc.tuple(fc.stringMatching(/^[0-9a-fA-F]{0,100}$/), fc.stringMatching(/^[0-9A-F]{0,70}$/)).map(([dat, chk]) => `ver=1.0.0&dat=${dat}&chk=${chk}`),
  fc.dictionary(fc.constantFrom('OrderId', 'HashKey', 'PlatFormId', 'TransStatus', 'Amount', 'PayInfo'), fc.string()).map((d) => new URLSearchParams(d).toString()),
);

function expectReconError(err: unknown, where: string): void {
  if (!(err instanceof ReconError)) {
    throw new Error(`${where} threw ${err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err)}, not a ReconError`, { cause: err });
  }
}

// ---------------------------------------------------------------------------------------------------
// (a) Every IPC channel

/** Channels that add, rename, re-key or remove profiles: fuzzed on an app that never calls a gateway. */
const PROFILE_MUTATORS: Channel[] = ['profiles:add', 'profiles:update', 'profiles:setSecrets', 'profiles:remove'];
const ALL_CHANNELS = Object.keys(contract) as Channel[];
/**
 * Channels that leave the profiles as they are, so they share one app and its two seeded profiles.
 * Written out, not derived: a new channel fails "every channel is fuzzed" until someone decides
 * which list it belongs to (a channel that changes profiles here would break every later channel).
 */
const GATEWAY_SAFE_CHANNELS: Channel[] = [
  'app:info', 'jobs:list', 'jobs:cancel',
  'profiles:list', 'profiles:validate', 'profiles:test',
  'meta:statuses', 'gateways:describe', 'orders:list', 'orders:totals', 'orders:get', 'anomalies:list', 'anomalies:accept', 'orders:requery', 'sync:start',
  'settlement:daily', 'settlement:dayOrders', 'periods:list', 'periods:close', 'periods:reopen', 'payouts:list', 'export:start',
  'actions:preview', 'actions:execute', 'actions:resolve', 'actions:open', 'actions:markNotApplied',
  'approvals:policy', 'approvals:setPolicy', 'approvals:request', 'approvals:list', 'approvals:approve', 'approvals:reject',
  'audit:list', 'audit:verify', 'audit:export',
  'ledger:preview', 'ledger:import', 'reconcile:run', 'reconcile:exceptions', 'reconcile:resolve',
  'notifications:inspect', 'notifications:ingest',
  'maintenance:status', 'maintenance:backup', 'maintenance:check', 'maintenance:restore', 'maintenance:diagnostics',
  'team:connect', 'team:disconnect', 'team:status',
];

type Hints = Record<string, fc.Arbitrary<unknown>>;

/**
 * A payload for a zod schema: mostly the schema's own shape with `hints` (real names, orders, days)
 * for fields the console knows by name, sometimes a dropped or extra key, sometimes any JSON at all.
 */
function fromSchema(schema: z.ZodType, hints: Hints, key = ''): fc.Arbitrary<unknown> {
  const shaped = shapeOf(schema, hints);
  const hint = hints[key];
  // Mostly plausible, so most payloads get past validation and into the handler (a payload has up
  // to a dozen fields, and one bad field makes it invalid); a field of any shape or any JSON now and
  // then, which over a run is still hundreds of odd fields.
  return fc.oneof(
    { arbitrary: hint ?? shaped, weight: 48 },
    { arbitrary: shaped, weight: hint ? 1 : 0 },
    { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
  );
}

function shapeOf(schema: z.ZodType, hints: Hints): fc.Arbitrary<unknown> {
  if (schema instanceof z.ZodOptional) return fc.option(shapeOf(schema.unwrap() as z.ZodType, hints), { nil: undefined, freq: 3 });
  if (schema instanceof z.ZodNullable) return fc.option(shapeOf(schema.unwrap() as z.ZodType, hints), { nil: null, freq: 3 });
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodType>;
    const keys = Object.keys(shape);
    const required = keys.filter((k) => !(shape[k] instanceof z.ZodOptional));
    const record = fc.record(Object.fromEntries(keys.map((k) => [k, fromSchema(shape[k]!, hints, k)])), { requiredKeys: required });
    // Now and then a required key goes missing or an unknown one appears (the schemas are strict).
    return fc.tuple(record, fc.nat(40), fc.constantFrom(...(keys.length ? keys : ['x'])), fc.jsonValue({ maxDepth: 1 })).map(([r, dice, k, extra]) => {
      const out: Record<string, unknown> = { ...r };
      if (dice === 0) delete out[k];
      if (dice === 1) out.unexpected = extra;
      return out;
    });
  }
  if (schema instanceof z.ZodArray) return fc.array(fromSchema(schema.element as z.ZodType, hints), { maxLength: 2 });
  if (schema instanceof z.ZodEnum) return fc.constantFrom(...(schema.options as Array<string | number>));
  if (schema instanceof z.ZodLiteral) return fc.constantFrom(...([...schema.values] as unknown[]));
  if (schema instanceof z.ZodUnion) return fc.oneof(...(schema.options as z.ZodType[]).map((o) => shapeOf(o, hints)));
  if (schema instanceof z.ZodBoolean) return fc.boolean();
  if (schema instanceof z.ZodNumber) {
    // Inside the schema's bounds mostly (small values first: ids, pages), anything now and then.
    const min = Math.max(schema.minValue ?? -1e9, -1e9);
    const max = Math.min(schema.maxValue ?? 1e9, 1e9);
    const inBounds = schema.isInt ? fc.oneof(fc.integer({ min, max: Math.min(max, min + 5) }), fc.integer({ min, max })) : fc.double({ min, max, noNaN: true });
    return fc.oneof({ arbitrary: inBounds, weight: 40 }, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
  }
  if (schema instanceof z.ZodString) {
    const minLength = schema.minLength ?? 0;
    const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 30, 30));
    return fc.oneof(fc.string({ minLength, maxLength }), fc.string({ unit: 'grapheme', minLength, maxLength }), fc.uuid());
  }
  if (schema instanceof z.ZodRecord) return fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 4 });
  return fc.jsonValue({ maxDepth: 2 });
}

function payloadFor(channel: Channel, hints: Hints): fc.Arbitrary<unknown> {
  // `@channel` hints are whole payloads whose fields belong together (a real order, its own profile
  // and amount), which field-by-field choices almost never produce.
  const coherent = hints[`@${channel}`];
  return fc.oneof(
    { arbitrary: shapeOf(contract[channel].request as z.ZodType, hints), weight: 12 },
    ...(coherent ? [{ arbitrary: coherent, weight: 8 }] : []),
    { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
    { arbitrary: fc.constantFrom(undefined, null, {}, [], ''), weight: 1 },
  );
}

/** What crosses the bridge is JSON: undefined keys vanish, an empty body is {}. */
function overTheWire(payload: unknown): unknown {
  return payload === undefined ? {} : (JSON.parse(JSON.stringify(payload)) as unknown);
}

/** Non-ReconErrors inside jobs only reach the job's message; these are the shapes of JS internals. */
const INTERNAL_ERROR = /is not a function|Cannot read propert|Cannot set propert|is not defined|is not iterable|Invalid time value|Maximum call stack|Invalid array length|Unexpected token|undefined|NaN/;

async function settleJobs(app: App): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (app.jobs.list().some((j) => j.state === 'running')) {
    if (Date.now() > deadline) throw new Error(`jobs still running: ${JSON.stringify(app.jobs.list().filter((j) => j.state === 'running'))}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

type DispatchOutcome = 'invalid' | 'refused' | 'result';

async function dispatchOutcome(app: App, channel: Channel, payload: unknown): Promise<DispatchOutcome> {
  const wire = overTheWire(payload);
  const valid = contract[channel].request.safeParse(wire ?? {}).success;
  let result: unknown;
  try {
    result = await dispatch(app, channel, wire);
  } catch (err) {
    expectReconError(err, `${channel} ${JSON.stringify(wire)?.slice(0, 300)}`);
    if (!valid) {
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toContain(`invalid request for ${channel}`);
      return 'invalid';
    }
    return 'refused';
  }
  expect(valid, `${channel} accepted a payload its schema refuses: ${JSON.stringify(wire)}`).toBe(true);
  // What the renderer receives must be what the contract promises it.
  const parsed = contract[channel].result.safeParse(result);
  expect(parsed.success, `${channel} answered outside its result schema: ${parsed.error?.message}`).toBe(true);
  return 'result';
}

/** Runs a channel's property and counts outcomes, so a fuzz that never gets past validation shows. */
async function fuzzChannel(app: App, channel: Channel, hints: Hints, numRuns: number, after?: () => Promise<void>): Promise<Record<DispatchOutcome, number>> {
  const counts: Record<DispatchOutcome, number> = { invalid: 0, refused: 0, result: 0 };
  await check(payloadFor(channel, hints), async (payload) => {
    counts[await dispatchOutcome(app, channel, payload)]++;
    await after?.();
  }, numRuns);
  // Many payloads must reach the handler, or the property only exercised zod. About half do for
  // every channel; one in eight is far enough below that chance alone never trips it.
  expect(counts.refused + counts.result, `${channel}: ${JSON.stringify(counts)}`).toBeGreaterThanOrEqual(numRuns / 8);
  return counts;
}

const FP_NAME = 'fp-shop';
const FB_NAME = 'fb-shop';

describe('(a) every IPC channel with arbitrary payloads', () => {
  let app: ReturnType<typeof tempApp>;
  let fp: Profile;
  let fb: Profile;
  let hints: Hints;

  beforeAll(async () => {
    app = tempApp({ shell: 'web' });
    fp = await addProfile(app, { name: FP_NAME, gateway: 'flashpay', tradeUrl: sb.flashpay.baseUrl, merchantId: sb.flashpay.merId }, sb.flashpay);
    fb = await addProfile(app, { name: FB_NAME, gateway: 'firstbank', tradeUrl: sb.firstbank.baseUrl, merchantId: sb.firstbank.platformId, feeRatePpm: 22_000 }, { hashKey: sb.firstbank.hashKey });
    const store = new OrderStore(app.db);
    for (const o of await firstBankOrders(sb)) {
      if (!o.ReCheckId || !o.TransTime) continue;
      store.registerKnown(fb.id, { gateway: 'firstbank', orderNo: o.OrderId, gatewayOrderNo: o.ReCheckId, amount: parseCents(o.Amount), payType: o.PayType, orderedAtMs: Date.parse(parseGatewayTime(o.TransTime).utc) }, { source: 'test', nowMs: Date.now() });
    }
    for (const p of [fp, fb]) {
      const s = await syncProfile(app, p, { from: '2025-03-14', to: '2025-03-20' });
      expect(s.errors).toEqual([]);
    }
    // Orders the gateways never heard of (a re-query of one is a gateway error, not a crash).
    seedOrders(app, fp, 20, Date.parse('2025-03-15T10:00:00+08:00'), 3_600_000, 7);
    for (const [p, base] of [[fp, sb.flashpay.baseUrl], [fb, sb.firstbank.baseUrl]] as const) {
      const csv = new Uint8Array(await (await fetch(`${base}/_sandbox/ledger.csv`)).arrayBuffer());
      const preview = await previewLedger(app, p, 'ledger.csv', csv);
      await importLedger(app, p, csv, { fileName: 'ledger.csv', mapping: preview.mapping, operator: 'fuzz' });
    }
    await dispatch(app, 'reconcile:run', { profile: FP_NAME });

    const orders = app.db.prepare('SELECT profile_id, order_no, amount FROM orders ORDER BY id').all() as Array<{ profile_id: number; order_no: string; amount: number }>;
    const sample = orders.filter((_, i) => i % Math.ceil(orders.length / 40) === 0);
    const ledgerCsv = await (await fetch(`${sb.flashpay.baseUrl}/_sandbox/ledger.csv`)).text();
    const cursor = listOrders(app, { from: '2025-03-14', to: '2025-03-20', limit: 5 }).nextCursor;
    const exceptionIds = (app.db.prepare('SELECT id FROM reconcile_exceptions').pluck().all() as number[]).slice(0, 5);
    const nameOf = (profileId: number) => (profileId === fp.id ? FP_NAME : FB_NAME);
    const real = <T>(values: fc.Arbitrary<T>, junk: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: values, weight: 12 }, { arbitrary: junk, weight: 1 });
    const day = fc.date({ min: new Date('1999-01-01'), max: new Date('2031-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    const order = fc.constantFrom(...sample);
    const amountText = (o: { amount: number }) => fc.constantFrom((o.amount / 100).toFixed(2), String(o.amount / 100), (o.amount / 100).toLocaleString('en-US'));
    const notification = fc.oneof(fc.constantFrom(...validNotifications()), sealedNotification(fp, fb));
    hints = {
      profile: real(fc.constantFrom(FP_NAME, FB_NAME), fc.string({ maxLength: 12 })),
      name: real(fc.constantFrom(FP_NAME, FB_NAME), fc.string({ maxLength: 12 })),
      from: fc.oneof({ arbitrary: fc.constantFrom('2025-03-14', '2025-03-18', '2025-03-20'), weight: 8 }, fc.constantFrom('2025-02-30', '2025-13-01', '0000-01-01', '9999-12-31', '2025-3-1'), day),
      to: fc.oneof({ arbitrary: fc.constantFrom('2025-03-18', '2025-03-20', '2025-03-21'), weight: 8 }, fc.constantFrom('2025-02-30', '0000-01-01', '9999-12-31'), day),
      day: real(fc.constantFrom('2025-03-18', '2025-03-20'), day),
      // Closing a period: the finished days of the data, and impossible or future ones.
      through: fc.oneof({ arbitrary: fc.constantFrom('2025-03-14', '2025-03-18', '2025-03-20'), weight: 8 }, fc.constantFrom('2025-02-30', '9999-12-31'), day),
      orderNo: real(order.map((o) => o.order_no), fc.string({ maxLength: 70 })),
      profileId: real(fc.constantFrom(fp.id, fb.id), fc.integer()),
      profileIds: fc.array(real(fc.constantFrom(fp.id, fb.id), fc.integer()), { maxLength: 3 }),
      amount: real(order.chain(amountText), fc.string({ maxLength: 22 })),
      typedAmount: real(order.chain(amountText), fc.string({ maxLength: 22 })),
      operator: fc.constantFrom('fuzz', '操作員', 'x'.repeat(64), '  '),
      statuses: fc.array(fc.constantFrom('captured', 'settled', 'pending', 'flashpay:03', 'firstbank:2', 'flashpay:', 'bogus'), { maxLength: 3 }),
      search: fc.oneof(fc.constantFrom('F0000', '2222', 'FP', ...sample.slice(0, 3).map((o) => o.order_no)), fc.string({ maxLength: 64 }), fc.constantFrom('\uffff', '\ud800', '%', "'")),
      fileName: fc.oneof(fc.constantFrom('ledger.csv', 'x.xlsx', '../x.xlsx', '/tmp/x.xlsx', 'a/b.xlsx', '.hidden.xlsx', 'ok (1).xlsx', `${'長'.repeat(125)}.xlsx`), fc.string({ maxLength: 40 })),
      contentBase64: fc.oneof(
        { arbitrary: fc.constant(Buffer.from(ledgerCsv).toString('base64')), weight: 4 },
        fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('base64')),
        fc.string({ maxLength: 40 }),
      ),
      mapping: real(fc.constant(suggestMapping(ledgerCsv.split('\n')[0]!.split(','))), fc.dictionary(fc.constantFrom('orderNo', 'amount', 'date', 'status'), fc.constantFrom('訂單編號', '金額', '訂單時間', '狀態', 'nope'))),
      text: fc.oneof(
        { arbitrary: notification, weight: 4 },
        fc.tuple(notification, fc.nat(), fc.nat(7)).map(([n, i, bit]) => flipBit(n, i, bit)),
        fc.tuple(notification, fc.nat()).map(([n, i]) => n.slice(0, i % n.length)),
        fc.array(notification, { maxLength: 4 }).map((ns) => ns.join('\n')),
        junkText,
      ),
      cursor: fc.oneof(
        fc.constantFrom(cursor, Buffer.from('null').toString('base64url'), Buffer.from('{"v":{},"id":1}').toString('base64url'), Buffer.from('{"v":"x","id":1e400}').toString('base64url')),
        fc.string({ maxLength: 40 }),
      ),
      id: real(fc.constantFrom(...(exceptionIds.length ? exceptionIds : [1])), fc.integer()),
      minAmount: real(fc.constantFrom(0, 100, 99_900), fc.integer()),
      maxAmount: real(fc.constantFrom(0, 50_000, 3_000_000), fc.integer()),
      limit: real(fc.integer({ min: 1, max: 500 }), fc.integer()),
      page: real(fc.nat(3), fc.integer()),
      gateways: fc.array(fc.constantFrom('flashpay', 'firstbank'), { maxLength: 2 }),
      idempotencyKey: fc.oneof(fc.uuid(), fc.string({ maxLength: 40 })),
      // The embedded core refuses a connection (the desktop's main process makes it): the payload has
      // to be well-formed often enough to reach that refusal.
      '@team:connect': fc.record({ url: fc.constantFrom('https://127.0.0.1:9', 'https://team.example:8443'), fingerprint: fc.constantFrom('AB:'.repeat(31) + 'AB', 'ab'.repeat(32)), name: fc.constantFrom('amy', 'sam'), password: fc.string({ minLength: 1, maxLength: 20 }) }),
      // Whole payloads: a cached order with its own profile and (full or not) amount.
      '@orders:get': order.map((o) => ({ profileId: o.profile_id, orderNo: o.order_no })),
      '@orders:requery': order.map((o) => ({ profileId: o.profile_id, orderNo: o.order_no })),
      '@actions:preview': fc.tuple(order, fc.constantFrom('cancel', 'refund', undefined)).map(([o, kind]) => ({ profile: nameOf(o.profile_id), orderNo: o.order_no, kind })),
      '@actions:execute': fc.tuple(order, fc.constantFrom('cancel', 'refund'), fc.boolean(), fc.uuid()).chain(([o, kind, typed, key]) =>
        amountText(o).map((amount) => ({
          profile: nameOf(o.profile_id), orderNo: o.order_no, kind, amount, operator: 'fuzz', reason: '顧客取消',
          confirmation: typed ? { confirmed: true, typedAmount: amount } : { confirmed: true }, idempotencyKey: key,
        })),
      ),
    };
  }, 60_000);

  afterAll(async () => {
    if (!app) return;
    await settleJobs(app);
    // A job that died of a JS error would show it only in its message.
    const failed = app.jobs.list().filter((j) => j.state === 'failed');
    for (const j of failed) expect(j.message, `${j.kind} job failed`).not.toMatch(INTERNAL_ERROR);
    app.cleanup();
  });

  test('every channel of the contract is fuzzed, in exactly one of the two lists', () => {
    const listed = [...GATEWAY_SAFE_CHANNELS, ...PROFILE_MUTATORS];
    expect(listed.filter((c, i) => listed.indexOf(c) !== i), 'channels listed twice').toEqual([]);
    expect(ALL_CHANNELS.filter((c) => !listed.includes(c)), 'channels in the contract but in neither list').toEqual([]);
    expect(listed.filter((c) => !ALL_CHANNELS.includes(c)), 'listed channels the contract no longer has').toEqual([]);
  });

  test.each(GATEWAY_SAFE_CHANNELS)('%s', async (channel) => {
    await fuzzChannel(app, channel, hints, 40);
    await settleJobs(app);
    // The seeded profiles are untouched: every later channel still reaches the same (local) gateways.
    expect((await dispatch(app, 'profiles:list', {}) as Array<{ name: string }>).map((p) => p.name)).toEqual([FB_NAME, FP_NAME].sort());
  });

  test.each(PROFILE_MUTATORS)('%s (on an app that never calls a gateway)', async (channel) => {
    const side = tempApp({ shell: 'web' });
    try {
      await addProfile(side, { name: 'keep', gateway: 'flashpay', tradeUrl: 'http://127.0.0.1:9', merchantId: 'M1' }, { hashKey: 'k'.repeat(32), hashIv: 'v'.repeat(16) });
      const profileName = fc.oneof({ arbitrary: fc.constantFrom('keep', 'shop 2', 'shop_3', '第一銀行 商店'), weight: 4 }, fc.string({ maxLength: 45 }));
      const sideHints: Hints = {
        name: profileName,
        '@profiles:add': fc.tuple(profileName, fc.constantFrom('flashpay', 'firstbank'), fc.constantFrom('http://127.0.0.1:9', 'https://pay.example.invalid'), fc.option(fc.constantFrom('2.75', '0', '20'))).map(
          ([name, gateway, tradeUrl, feeRate]) => ({ name, gateway, tradeUrl, merchantId: 'M1', hashKey: 'k'.repeat(32), hashIv: 'v'.repeat(16), ...(feeRate ? { feeRate } : {}) }),
        ),
        '@profiles:setSecrets': fc.tuple(profileName, fc.boolean()).map(([name, ok]) => ({ name, hashKey: ok ? 'K'.repeat(32) : 'short', hashIv: 'V'.repeat(16) })),
        tradeUrl: fc.oneof(fc.constantFrom('http://127.0.0.1:9', 'http://localhost:9/trade.php', 'https://pay.example.invalid/PayServerOnline/x', 'http://evil.example', 'javascript:alert(1)', 'https://u:p@x.invalid'), fc.string({ maxLength: 30 })),
        queryUrl: fc.oneof(fc.constantFrom('http://127.0.0.1:9', 'ftp://x'), fc.string({ maxLength: 30 })),
        hashKey: fc.oneof(fc.constantFrom('k'.repeat(32), '金'.repeat(11)), fc.string({ minLength: 30, maxLength: 34 })),
        hashIv: fc.oneof(fc.constant('v'.repeat(16)), fc.string({ minLength: 14, maxLength: 18 })),
        merchantId: fc.oneof(fc.constantFrom('M1', 'FCB1', 'a b'), fc.string({ maxLength: 45 })),
        feeRate: fc.oneof(fc.constantFrom('2.75', '2.75%', '20', '99.9999', '-1', '1e2'), fc.string({ maxLength: 10 })),
        feeFixed: fc.oneof(fc.constantFrom('5', '5.00', '1,000', '-1', '9007199254740993'), fc.string({ maxLength: 20 })),
      };
      await fuzzChannel(side, channel, sideHints, 60, async () => {
        // Whatever happened, the list of profiles still reads and carries no secret.
        const list = await dispatch(side, 'profiles:list', {});
        expect(contract['profiles:list'].result.safeParse(list).success).toBe(true);
        expect(JSON.stringify(list)).not.toContain('k'.repeat(32));
      });
    } finally {
      side.cleanup();
    }
  });

  /**
   * Notifications that verify with the seeded profiles' own keys but carry arbitrary content (any JSON
   * object for FlashPay, any fields for First Bank, deep nesting included): the inspector's decoding
   * past the cryptography.
   */
  function sealedNotification(fpProfile: Profile, fbProfile: Profile): fc.Arbitrary<string> {
    const fpBody = fc.oneof(
      fc.dictionary(fc.constantFrom('ord_no', 'order_status', 'tx_amt', 'amt', 'ord_time', 'mer_id', 'tx_type', 'ret_code', 'install_period', 'x'), fc.jsonValue({ maxDepth: 2 })),
      nesting.map(nested),
    ).map((payload) => sealAnswer(typeof payload === 'string' ? payload : JSON.stringify(payload), sb.flashpay));
    const fbBody = fc
      .dictionary(fc.constantFrom('OrderId', 'TransStatus', 'ToolStatus', 'Amount', 'PayInfo', 'TransTime', 'ReCheckId', 'Fee', 'ShippingFee', 'x'), fc.oneof(fc.string({ maxLength: 20 }), nesting.map(nested)))
      .map((fields) => encodeForm(signFields('notify', { PlatFormId: sb.firstbank.platformId, OrderId: '2025032099002', ...fields }, sb.firstbank.hashKey)));
    expect([fpProfile.merchantId, fbProfile.merchantId]).toEqual([sb.flashpay.merId, sb.firstbank.platformId]);
    return fc.oneof(fpBody, fbBody);
  }

  /** Real notification bodies for both demo profiles (valid, so mutations of them go deep). */
  function validNotifications(): string[] {
    const fpPayload = {
      ver: '1.0.0', mer_id: sb.flashpay.merId, tx_type: '104', ord_no: '555001', order_no: 'FP2503201400000001', tx_amt: '1280.00',
      ord_time: '2025-03-20 14:00:00+08', purchase_date: '2025-03-20 14:01:00+08', order_status: '02', ret_code: '00', ret_msg: '交易成功',
    };
    const fbFields = signFields('notify', {
      PlatFormId: sb.firstbank.platformId, OrderId: '2025032099001', ReCheckId: '01250320140100123', Amount: '1200', PayType: 'CREDIT', TransStatus: '2',
      ToolStatus: '0000', ToolDesc: '執行成功', ReturnStatus: '00', ReturnDesc: '成功', ReturnType: 'AsynReturn', TransTime: '2025/03/20 14:01:00',
      PayInfo: '{"AuthCode":"AB1234","CardId":"4311952222222222","CardBrand":"V"}', Fee: '0', ShippingFee: '0',
    }, sb.firstbank.hashKey);
    return [sealAnswer(JSON.stringify(fpPayload), sb.flashpay), encodeForm(fbFields), JSON.stringify(Object.fromEntries(new URLSearchParams(sealAnswer(JSON.stringify(fpPayload), sb.flashpay))))];
  }
});

// ---------------------------------------------------------------------------------------------------
// (b) Codecs

const FP_KEYS = { merId: 'HT12345678', hashKey: 'Hk3jR8vQm2XwP9sL4tN7bY6cF1gD5aZ0', hashIv: 'Iv7Qw2Er9Ty4Ui1O' };
const FB_KEY = '28ea3d65ed3cd84437f13e40b843e79d';
const alnum = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');
const alnumOf = (n: number) => fc.string({ unit: alnum, minLength: n, maxLength: n });

/** Payloads like FlashPay's (order fields), and any JSON object at all. */
const fpPayload = fc.oneof(
  fc.record({
    mer_id: fc.constant(FP_KEYS.merId), ord_no: fc.stringMatching(/^\d{6}$/), order_status: fc.constantFrom('00', '02', '03', '04', '06', '08', '12', 'ZF', 'ZP'),
    tx_amt: fc.integer({ min: 1, max: 3_000_000 }).map((c) => (c / 100).toFixed(2)), ret_code: fc.constantFrom('00', '05'), ret_msg: fc.string({ maxLength: 20 }),
    ord_time: fc.constant('2025-03-20 14:00:00+08'), url: fc.constant('http:\\/\\/shop.example\\/return'),
  }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
);
const fbFields = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k !== 'HashKey'),
  fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 8 })),
  { minKeys: 1, maxKeys: 8 },
);

function sameFieldsModuloSignatureCase(a: Record<string, string>, b: Record<string, string>): boolean {
  const norm = (f: Record<string, string>) => JSON.stringify(Object.entries({ ...f, HashKey: f.HashKey?.toUpperCase() }).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  return norm(a) === norm(b);
}

describe('(b) gateway codecs with hostile input', () => {
  test('FlashPay openAnswer: random text is a ReconError or a plain error answer that becomes a GatewayError', async () => {
    await check(junkText, (body) => {
      try {
        const answer = openAnswer(body, FP_KEYS);
        // A plain JSON object is FlashPay's unencrypted error shape; the client turns it into a GatewayError.
        if (answer.kind === 'error') expect(plainErrorToGatewayError(answer.payload, 'fuzz')).toBeInstanceOf(GatewayError);
      } catch (err) {
        expectReconError(err, 'openAnswer');
      }
    }, 400);
  });

  test('hostile nesting, in plain answers, signed answers, PayInfo and decrypted payloads, is a MalformedAnswerError', async () => {
    await check(nesting, (n) => {
      const body = nested(n);
      for (const [what, run] of [
        // FlashPay's plain JSON errors are unauthenticated: the client builds a GatewayError from them.
        ['FlashPay plain answer', () => {
          const answer = openAnswer(body, FP_KEYS);
          if (answer.kind === 'error') plainErrorToGatewayError(answer.payload, 'fuzz');
        }],
        ['FlashPay sealed answer', () => openAnswer(sealAnswer(body, FP_KEYS), FP_KEYS)],
        // First Bank answers are parsed (and their values flattened) before the signature is checked.
        ['First Bank answer', () => parseAnswerJson(body)],
        ['First Bank PayInfo', () => parsePayInfo(body)],
      ] as const) {
        try {
          run();
        } catch (err) {
          if (!(err instanceof ReconError)) throw new Error(`${what}, ${n.depth} levels deep: ${String(err)}`, { cause: err });
          if (n.depth > 1000) expect(err, what).toBeInstanceOf(MalformedAnswerError);
        }
      }
    }, 60);
  });

  test('FlashPay openAnswer: a truncated answer never opens; a bit-flipped one opens only to the same payload', async () => {
    const arb = fc.tuple(fpPayload, fc.nat(), fc.nat(7), fc.boolean(), fc.boolean());
    await check(arb, ([payload, i, bit, asJson, truncate]) => {
      const form = sealAnswer(JSON.stringify(payload), FP_KEYS);
      const body = asJson ? JSON.stringify(Object.fromEntries(new URLSearchParams(form))) : form;
      const damaged = truncate ? body.slice(0, i % body.length) : flipBit(body, i, bit);
      try {
        const answer = openAnswer(damaged, FP_KEYS);
        expect(truncate, `a truncated answer opened: ${damaged.slice(-80)}`).toBe(false);
        // What was sealed is the JSON text: compare with what that text means (-0 is written as 0).
        if (answer.kind === 'data') expect(answer.payload).toEqual(JSON.parse(JSON.stringify(payload)));
        else expect(plainErrorToGatewayError(answer.payload)).toBeInstanceOf(GatewayError);
      } catch (err) {
        expectReconError(err, 'openAnswer');
      }
    }, 400);
  });

  test('FlashPay: an answer never opens with a wrong HashKey; a request envelope never opens with a wrong key or IV', async () => {
    const wrong = fc.record({ hashKey: alnumOf(32), hashIv: fc.oneof(fc.constant(FP_KEYS.hashIv), alnumOf(16)) }).filter((k) => k.hashKey !== FP_KEYS.hashKey);
    // A one-character typo is the realistic wrong key.
    const typo = fc.tuple(fc.constantFrom<'hashKey' | 'hashIv'>('hashKey', 'hashIv'), fc.nat(31), alnum).map(([which, i, c]) => {
      const value = FP_KEYS[which];
      const at = i % value.length;
      return { ...FP_KEYS, [which]: `${value.slice(0, at)}${c}${value.slice(at + 1)}` };
    }).filter((k) => k.hashKey !== FP_KEYS.hashKey || k.hashIv !== FP_KEYS.hashIv);
    await check(fc.tuple(fpPayload, wrong), ([payload, keys]) => {
      expect(() => openAnswer(sealAnswer(JSON.stringify(payload), FP_KEYS), { ...FP_KEYS, ...keys })).toThrow(ReconError);
    }, 200);
    // Requests carry `key` = SHA-256(HashKey + json + HashIV), which binds both secrets. Answers carry
    // only chk (over dat, keyless): with the right HashKey and a wrong HashIV only their first AES
    // block is garbled, which is the protocol's limit and why the gateway's own key check on requests
    // is what catches a mistyped HashIV (test connection fails with E004).
    await check(fc.tuple(fpPayload, fc.oneof(wrong.map((k) => ({ ...FP_KEYS, ...k })), typo), fc.boolean()), ([payload, keys, asJson]) => {
      const envelope = buildRequest(payload, FP_KEYS);
      const body = asJson ? JSON.stringify(envelope) : new URLSearchParams({ ...envelope }).toString();
      expect(() => openEnvelope(body, keys)).toThrow(ReconError);
    }, 200);
  });

  test('FlashPay openEnvelope: random, truncated and bit-flipped requests are a ReconError or the same payload', async () => {
    await check(fc.oneof(junkText.map((t) => ({ t, original: null })), fc.tuple(fpPayload, fc.nat(), fc.nat(7), fc.boolean()).map(([p, i, bit, cut]) => {
      const body = new URLSearchParams({ ...buildRequest(p, FP_KEYS) }).toString();
      return { t: cut ? body.slice(0, i % body.length) : flipBit(body, i, bit), original: cut ? null : p };
    })), ({ t, original }) => {
      try {
        const opened = openEnvelope(t, FP_KEYS);
        expect(original, 'a random or truncated request opened').not.toBeNull();
        expect(opened.payload).toEqual(original);
      } catch (err) {
        expectReconError(err, 'openEnvelope');
      }
    }, 300);
  });

  test('First Bank parseNotification: random text never verifies; damaged ones verify only unchanged; a wrong key never verifies', async () => {
    await check(junkText, (body) => {
      expect(() => parseNotification(body, FB_KEY)).toThrow(ReconError);
    }, 300);
    await check(fc.tuple(fbFields, fc.nat(), fc.nat(7), fc.boolean()), ([fields, i, bit, cut]) => {
      const signed = signFields('notify', fields, FB_KEY);
      const body = encodeForm(signed);
      const damaged = cut ? body.slice(0, i % body.length) : flipBit(body, i, bit);
      try {
        const opened = parseNotification(damaged, FB_KEY);
        expect(sameFieldsModuloSignatureCase(opened.fields, signed), `${damaged} verified`).toBe(true);
      } catch (err) {
        expectReconError(err, 'parseNotification');
      }
    }, 400);
    await check(fc.tuple(fbFields, fc.stringMatching(/^[0-9a-f]{32}$/).filter((k) => k !== FB_KEY)), ([fields, key]) => {
      expect(() => parseNotification(encodeForm(signFields('notify', fields, FB_KEY)), key)).toThrow(SignatureError);
    }, 200);
  });

  test('First Bank answers: parseAnswerJson and parsePayInfo on random text throw only MalformedAnswerError', async () => {
    await check(junkText, (body) => {
      for (const parse of [parseAnswerJson, parsePayInfo]) {
        try {
          const fields = parse(body);
          for (const v of Object.values(fields)) expect(typeof v).toBe('string');
        } catch (err) {
          expect(err, `${parse.name}(${body.slice(0, 60)}) threw ${String(err)}`).toBeInstanceOf(MalformedAnswerError);
        }
      }
    }, 400);
  });

  test('First Bank verifyAnswer: a damaged signed answer is refused, accepted unchanged, or (signature field gone) marked unsigned; a wrong key never verifies', async () => {
    await check(fc.tuple(fbFields, fc.nat(), fc.nat(7), fc.boolean()), ([fields, i, bit, cut]) => {
      const signed = signFields('answer', fields, FB_KEY);
      const body = JSON.stringify(signed);
      const damaged = cut ? body.slice(0, i % body.length) : flipBit(body, i, bit);
      try {
        const parsed = parseAnswerJson(damaged);
        const verified = verifyAnswer(parsed, FB_KEY);
        // Unsigned answers pass verification by design (9991 comes unsigned) and the client records
        // them as unsigned (`signed: false`, stored unverified); a signed one must be the original
        // (under the plugin's rule: its non-empty fields, the only ones that rule signs).
        if (verified.match !== null) {
          expect(sameFieldsModuloSignatureCase(verified.fields, authenticatedFields(signed, verified.match)), `${damaged} verified`).toBe(true);
        }
      } catch (err) {
        expectReconError(err, 'verifyAnswer');
      }
    }, 400);
    await check(fc.tuple(fbFields, fc.stringMatching(/^[0-9a-f]{32}$/).filter((k) => k !== FB_KEY)), ([fields, key]) => {
      expect(() => verifyAnswer(parseAnswerJson(JSON.stringify(signFields('answer', fields, FB_KEY))), key)).toThrow(SignatureError);
    }, 200);
  });
});

// ---------------------------------------------------------------------------------------------------
// (c) Ledger import

const HEADERS = ['訂單編號', '金額', '訂單時間', '狀態', 'Order No', 'Amount', 'Date', 'Status', '金流', 'ReCheckId', 'PayType', '備註', ''];
const CELLS = fc.oneof(
  fc.constantFrom('322875', 'A-1', '2024/12/21 09:26', '2024-03-05 14:03', '民國 113/03/05', '113年3月5日', '2024/3/5 下午 02:03:04', '20240305140300', '45356.58',
    '1,200.50', 'NT$1,200', '1200元', '-5', '已付款', '已退款', 'paid', 'refunded', '待付款', 'FlashPay', '第一銀行', 'CREDIT', '01160815182355178', '=SUM(1+1)'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.constantFrom('"a,b"', '"a""b"', '"line\nbreak"', '"unclosed', '\t', ';', '\r'),
);
const ledgerRows = fc.tuple(
  fc.shuffledSubarray(HEADERS, { minLength: 1 }),
  fc.array(fc.array(CELLS, { maxLength: 8 }), { maxLength: 25 }),
  fc.constantFrom(',', '\t', ';'),
  fc.constantFrom('\n', '\r\n'),
);
const csvText = ledgerRows.map(([headers, rows, sep, eol]) => [headers, ...rows].map((r) => r.join(sep)).join(eol));
const csvBytes = fc.tuple(csvText, fc.constantFrom('utf-8', 'utf-8-bom', 'utf-16le')).map(([text, enc]) => {
  if (enc === 'utf-8') return new Uint8Array(Buffer.from(text, 'utf8'));
  if (enc === 'utf-8-bom') return new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
  return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
});

const LEDGER_PROFILE = { name: 'shop', gateway: 'firstbank' as const };

/** Reads and parses like an import does; every row is imported, bad (with a reason) or skipped. */
async function parseLedger(bytes: Uint8Array): Promise<void> {
  try {
    const table = await readLedgerTable(bytes);
    const parsed = parseLedgerRows(table, suggestMapping(table.headers), LEDGER_PROFILE);
    expect(parsed.entries.length + parsed.bad.length + parsed.skipped).toBe(table.rows.length);
    for (const b of parsed.bad) {
      expect(b.reason.trim()).not.toBe('');
      expect(b.column.trim()).not.toBe('');
      expect(table.rows.some((r) => r.rowNo === b.row)).toBe(true);
    }
    for (const e of parsed.entries) expect(Number.isSafeInteger(e.amount) && Number.isFinite(e.orderedAtMs)).toBe(true);
  } catch (err) {
    expectReconError(err, 'ledger parsing');
  }
}

async function xlsxOf(rows: string[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('帳');
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('(c) ledger import with random input', () => {
  test('random bytes (zip-looking ones included) are a table or a ReconError', async () => {
    const zipMagic = fc.uint8Array({ maxLength: 300 }).map((b) => new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...b]));
    await check(fc.oneof(fc.uint8Array({ maxLength: 500 }), zipMagic, fc.constant(new Uint8Array([0xd0, 0xcf, 0x11])), fc.constant(new Uint8Array([0xff, 0xfe, 0x41]))), parseLedger, 300);
  });

  test('CSV-ish text in every encoding: every row imported, skipped or reported bad with a reason', async () => {
    await check(csvBytes, parseLedger, 300);
  });

  test('damaged .xlsx workbooks (truncated, bit-flipped) are a table or a ReconError', async () => {
    const arb = fc.tuple(ledgerRows, fc.nat(), fc.nat(7), fc.boolean());
    await check(arb, async ([[headers, rows], i, bit, cut]) => {
      const bytes = await xlsxOf([headers, ...rows]);
      await parseLedger(bytes);
      const damaged = new Uint8Array(bytes);
      if (cut) await parseLedger(damaged.subarray(0, i % damaged.length));
      else {
        damaged[i % damaged.length]! ^= 1 << bit;
        await parseLedger(damaged);
      }
    }, 40);
  });

  test('importing into a real database: the counts add up, bad rows carry a reason, or nothing is written', async () => {
    const app = tempApp();
    try {
      const profile = await addProfile(app, { name: 'shop', gateway: 'firstbank', tradeUrl: 'http://127.0.0.1:9', merchantId: 'FCB1' }, { hashKey: 'x'.repeat(32) });
      await check(csvBytes, async (bytes) => {
        const rowsBefore = app.db.prepare('SELECT COUNT(*) FROM ledger_rows').pluck().get() as number;
        let tableRows: number;
        let mapping: ReturnType<typeof suggestMapping>;
        try {
          const table = await readLedgerTable(bytes);
          tableRows = table.rows.length;
          mapping = suggestMapping(table.headers);
        } catch (err) {
          expectReconError(err, 'readLedgerTable');
          return;
        }
        try {
          const r = await importLedger(app, profile, bytes, { fileName: 'fuzz.csv', mapping, operator: 'fuzz' });
          expect(r.imported + r.badCount + r.skipped).toBe(tableRows);
          expect(r.imported).toBeGreaterThan(0);
          for (const b of r.bad) expect(b.reason).not.toBe('');
        } catch (err) {
          expectReconError(err, 'importLedger');
          // One import is one transaction: a refused file writes nothing.
          expect(app.db.prepare('SELECT COUNT(*) FROM ledger_rows').pluck().get()).toBe(rowsBefore);
        }
      }, 150);
    } finally {
      app.cleanup();
    }
  });
});
