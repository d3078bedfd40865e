// Sync: make the cache agree with the gateway for a range of Taipei days.
//  - FlashPay: 106 in chunks of at most 30 days (2 in flight), each chunk's upsert in one transaction
//    together with marking the chunk done; then 107 for cached orders of the range that are still
//    pending (00, ZP) or that the 106 answers did not mention.
//  - First Bank has no range query: re-query (ReportProcessOnline) every known order of the range.
// A run is recorded in sync_runs/sync_chunks, so a crashed or killed sync resumes where it stopped;
// upserts are idempotent, so nothing is duplicated whichever way it ends.
import type { App } from '../app.ts';
import { ReconError, errorMessage } from '../errors.ts';
import type { JobContext } from '../jobs.ts';
import { runPool } from '../pool.ts';
import { type OrderStore, orderStore, fromFlashPay, type UpsertCounts } from '../store/orders.ts';
import { type TaipeiDay, parseDay, splitDayRange, taipeiRangeMs, daysBetween } from '../time.ts';
import { FLASHPAY_MAX_RANGE_DAYS } from '../gateways/flashpay/client.ts';
import { type ClientOptions, firstBankClientFor, flashPayClientFor } from './gateway-clients.ts';
import type { Profile } from './profiles.ts';
import { InputError } from '../errors.ts';
import { pruneRawAnswers } from '../store/raw-answers.ts';

export interface SyncOptions extends ClientOptions {
  from: TaipeiDay;
  to: TaipeiDay;
  /** 106 chunks in flight (FlashPay) / reports in flight (First Bank). */
  concurrency?: number;
  now?: () => number;
}

export interface ChunkReport {
  from: TaipeiDay;
  to: TaipeiDay;
  state: 'done' | 'failed' | 'pending';
  orders: number;
  error: string | null;
}

export interface SyncSummary {
  runId: number;
  profile: string;
  gateway: Profile['gateway'];
  from: TaipeiDay;
  to: TaipeiDay;
  resumed: boolean;
  state: 'done' | 'failed' | 'cancelled';
  chunks: ChunkReport[];
  counts: UpsertCounts;
  /** Single-order queries made (107 / report). */
  queried: number;
  /** Each error names the profile and the chunk or order it concerns. */
  errors: string[];
  /** Codes for what a person should know though nothing failed: 'no_known_orders' (First Bank has no
   *  range query, so a profile knows only orders from a ledger import or a notification). */
  notices: SyncNotice[];
}

export type SyncNotice = 'no_known_orders';

const MAX_SYNC_DAYS = 366 * 3;
const noopCtx: JobContext = { jobId: '', signal: new AbortController().signal, progress: () => {} };

interface RunRow {
  id: number;
  state: string;
  started_at_ms: number;
}

function openRun(app: App, profile: Profile, from: TaipeiDay, to: TaipeiDay, nowMs: number): { run: RunRow; resumed: boolean } {
  const db = app.db;
  const existing = db
    .prepare(`SELECT id, state, started_at_ms FROM sync_runs WHERE profile_id = @profileId AND from_day = @from AND to_day = @to ORDER BY id DESC LIMIT 1`)
    .get({ profileId: profile.id, from, to }) as RunRow | undefined;
  // A run that was killed (still 'running') or that had failed chunks picks up where it stopped.
  if (existing && (existing.state === 'running' || existing.state === 'failed')) {
    db.prepare(`UPDATE sync_runs SET state = 'running', finished_at_ms = NULL WHERE id = @id`).run({ id: existing.id });
    return { run: existing, resumed: true };
  }
  const chunks = profile.gateway === 'flashpay' ? splitDayRange(from, to, FLASHPAY_MAX_RANGE_DAYS) : [{ from, to }];
  const run = db.transaction(() => {
    const id = Number(
      db.prepare(`INSERT INTO sync_runs (profile_id, from_day, to_day, state, started_at_ms) VALUES (@profileId, @from, @to, 'running', @nowMs)`).run({
        profileId: profile.id,
        from,
        to,
        nowMs,
      }).lastInsertRowid,
    );
    const insertChunk = db.prepare(`INSERT INTO sync_chunks (run_id, seq, from_day, to_day, state) VALUES (@runId, @seq, @from, @to, 'pending')`);
    chunks.forEach((c, seq) => insertChunk.run({ runId: id, seq, from: c.from, to: c.to }));
    return { id, state: 'running', started_at_ms: nowMs };
  })();
  return { run, resumed: false };
}

function chunkReports(app: App, runId: number): ChunkReport[] {
  return app.db
    .prepare('SELECT from_day AS "from", to_day AS "to", state, orders, error FROM sync_chunks WHERE run_id = @runId ORDER BY seq')
    .all({ runId }) as ChunkReport[];
}

function addCounts(into: UpsertCounts, c: UpsertCounts): void {
  into.inserted += c.inserted;
  into.updated += c.updated;
  into.unchanged += c.unchanged;
}

export function validateSyncRange(fromText: string, toText: string): { from: TaipeiDay; to: TaipeiDay } {
  const from = parseDay(fromText, '--from');
  const to = parseDay(toText, '--to');
  const span = daysBetween(from, to);
  if (span < 0) throw new InputError(`the range ends (${to}) before it starts (${from})`);
  if (span >= MAX_SYNC_DAYS) throw new InputError(`a sync covers at most ${MAX_SYNC_DAYS} days; split the range`);
  return { from, to };
}

export async function syncProfile(app: App, profile: Profile, options: SyncOptions, ctx: JobContext = noopCtx): Promise<SyncSummary> {
  const { from, to } = validateSyncRange(options.from, options.to);
  const now = options.now ?? Date.now;
  const store = orderStore(app.db);
  const { run, resumed } = openRun(app, profile, from, to, now());
  const summary: SyncSummary = {
    runId: run.id,
    profile: profile.name,
    gateway: profile.gateway,
    from,
    to,
    resumed,
    state: 'done',
    chunks: [],
    counts: { inserted: 0, updated: 0, unchanged: 0 },
    queried: 0,
    errors: [],
    notices: [],
  };
  // With several profiles syncing at once, an error without its profile's name cannot be acted on.
  const fail = (what: string, err: unknown) => {
    const message = `${profile.name}: ${what}: ${errorMessage(err)}`;
    summary.errors.push(message);
    ctx.progress({ error: message });
    if (!(err instanceof ReconError)) throw err;
  };

  const syncRun: SyncRun = { app, profile, options, ctx, store, run, summary, fail, now };
  if (profile.gateway === 'flashpay') await syncFlashPay(syncRun);
  else await syncFirstBank(syncRun);

  summary.chunks = chunkReports(app, run.id);
  summary.state = ctx.signal.aborted ? 'cancelled' : summary.errors.length > 0 ? 'failed' : 'done';
  app.db
    .prepare('UPDATE sync_runs SET state = @state, finished_at_ms = @nowMs, summary = @summary WHERE id = @id')
    .run({ id: run.id, state: summary.state, nowMs: now(), summary: JSON.stringify({ counts: summary.counts, queried: summary.queried, errors: summary.errors }) });
  // Retention of raw answers (store/raw-answers.ts): after each run, so the table cannot grow per sync.
  pruneRawAnswers(app.db);
  const notice = summary.notices.includes('no_known_orders')
    ? `${profile.name}: no known orders in ${from}..${to}. First Bank has no range query: import the shop's ledger (with ReCheckId) or paste a notification in the inspector to make orders known`
    : null;
  ctx.progress({ message: notice ?? `${profile.name}: ${summary.state}: ${summary.counts.inserted} new, ${summary.counts.updated} updated, ${summary.errors.length} errors` });
  return summary;
}

/** Everything one run of one profile works with. */
interface SyncRun {
  app: App;
  profile: Profile;
  options: SyncOptions;
  ctx: JobContext;
  store: OrderStore;
  run: RunRow;
  summary: SyncSummary;
  /** Records an error of one chunk or order and lets the run go on (a non-ReconError is rethrown). */
  fail: (what: string, err: unknown) => void;
  now: () => number;
}

async function syncFlashPay(r: SyncRun): Promise<void> {
  const { app, profile, options, ctx, store, run, summary, fail, now } = r;
  const client = await flashPayClientFor(app, profile, options);
  const pending = app.db
    .prepare(`SELECT seq, from_day AS "from", to_day AS "to" FROM sync_chunks WHERE run_id = @runId AND state != 'done' ORDER BY seq`)
    .all({ runId: run.id }) as Array<{ seq: number; from: TaipeiDay; to: TaipeiDay }>;
  const totalChunks = (app.db.prepare('SELECT COUNT(*) FROM sync_chunks WHERE run_id = @runId').pluck().get({ runId: run.id }) as number) ?? 0;
  let doneChunks = totalChunks - pending.length;
  ctx.progress({ done: doneChunks, total: totalChunks, message: `FlashPay ${summary.from}..${summary.to}: ${pending.length} of ${totalChunks} chunks to fetch` });
  const markDone = app.db.prepare(`UPDATE sync_chunks SET state = 'done', orders = @orders, error = NULL WHERE run_id = @runId AND seq = @seq`);
  const markFailed = app.db.prepare(`UPDATE sync_chunks SET state = 'failed', error = @error WHERE run_id = @runId AND seq = @seq`);
  const seen = new Set<string>();

  await runPool(
    pending,
    options.concurrency ?? 2,
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
          markDone.run({ runId: run.id, seq: chunk.seq, orders: result.orders.length });
          return c;
        })();
        for (const o of result.orders) seen.add(o.ordNo);
        addCounts(summary.counts, counts);
      } catch (err) {
        markFailed.run({ runId: run.id, seq: chunk.seq, error: errorMessage(err) });
        fail(`chunk ${chunk.from}..${chunk.to}`, err);
      }
      doneChunks++;
      ctx.progress({ done: doneChunks, message: `FlashPay chunk ${chunk.from}..${chunk.to}` });
    },
    ctx.signal,
  );
  if (ctx.signal.aborted) return;

  // Stragglers: only worth asking about when the chunks that cover them came back.
  const { startMs, endMs } = taipeiRangeMs(summary.from, summary.to);
  const failedDays = chunkReports(app, run.id).filter((c) => c.state !== 'done');
  const candidates = (
    app.db
      .prepare(
        `SELECT order_no, status_code, taipei_day FROM orders
         WHERE profile_id = @profileId AND ordered_at_ms >= @startMs AND ordered_at_ms < @endMs`,
      )
      .all({ profileId: profile.id, startMs, endMs }) as Array<{ order_no: string; status_code: string; taipei_day: string }>
  ).filter(
    (o) =>
      !failedDays.some((c) => o.taipei_day >= c.from && o.taipei_day <= c.to) &&
      (o.status_code === '00' || o.status_code === 'ZP' || o.status_code === '' || (!summary.resumed && !seen.has(o.order_no))),
  );
  if (candidates.length === 0) return;
  ctx.progress({ total: totalChunks + candidates.length, message: `FlashPay: ${candidates.length} orders to re-query (107)` });
  await runPool(
    candidates,
    options.concurrency ?? 2,
    async (o) => {
      try {
        const result = await client.queryOrder(o.order_no);
        summary.queried++;
        const nowMs = now();
        const { outcome } = app.db.transaction(() => store.recordFlashPayAnswer(profile.id, result, { operation: '107', source: '107', nowMs }))();
        summary.counts[outcome]++;
      } catch (err) {
        fail(`order ${o.order_no}`, err);
      }
      doneChunks++;
      ctx.progress({ done: doneChunks });
    },
    ctx.signal,
  );
}

async function syncFirstBank(r: SyncRun): Promise<void> {
  const { app, profile, options, ctx, store, run, summary, fail, now } = r;
  const client = await firstBankClientFor(app, profile, options);
  // Orders already re-queried by this run (before a crash) are not asked again on resume.
  const known = app.db
    .prepare(
      `SELECT order_no, gateway_order_no, amount, pay_type FROM orders
       WHERE profile_id = @profileId AND gateway_order_no IS NOT NULL AND gateway_order_no != '' AND pay_type IS NOT NULL
         AND (taipei_day IS NULL OR taipei_day BETWEEN @from AND @to)
         AND NOT (source = 'report' AND updated_at_ms >= @runStarted)
       ORDER BY order_no`,
    )
    .all({ profileId: profile.id, from: summary.from, to: summary.to, runStarted: summary.resumed ? run.started_at_ms : Number.MAX_SAFE_INTEGER }) as Array<{
    order_no: string;
    gateway_order_no: string;
    amount: number;
    pay_type: string;
  }>;
  let done = 0;
  if (known.length === 0 && !summary.resumed) summary.notices.push('no_known_orders');
  ctx.progress({ done: 0, total: known.length, message: `First Bank: re-querying ${known.length} known orders` });
  const touch = app.db.prepare(`UPDATE orders SET source = 'report', updated_at_ms = @nowMs WHERE profile_id = @profileId AND order_no = @orderNo`);
  await runPool(
    known,
    options.concurrency ?? 4,
    async (o) => {
      try {
        const result = await client.queryOrder({ orderId: o.order_no, reCheckId: o.gateway_order_no, amountCents: o.amount, payType: o.pay_type });
        summary.queried++;
        const nowMs = now();
        const outcome = app.db.transaction(() => {
          const r = store.recordFirstBankAnswer(profile.id, result, { operation: 'report', source: 'report', nowMs });
          touch.run({ nowMs, profileId: profile.id, orderNo: o.order_no });
          return r.outcome;
        })();
        summary.counts[outcome]++;
      } catch (err) {
        fail(`order ${o.order_no}`, err);
      }
      done++;
      ctx.progress({ done });
    },
    ctx.signal,
  );
  app.db
    .prepare(`UPDATE sync_chunks SET state = @state, orders = @orders, error = @error WHERE run_id = @runId`)
    .run({ runId: run.id, state: summary.errors.length ? 'failed' : 'done', orders: summary.queried, error: summary.errors[0] ?? null });
}
