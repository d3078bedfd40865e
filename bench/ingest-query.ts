// ingest: normalized upsert of N orders vs raw prepared inserts into the same table (same indexes,
// same triggers), each in 10k-row transactions; ratio = ours/raw rate (target >= 0.5).
// query: a 100-row keyset page deep into the cache vs OFFSET paging to the same depth (ratio = ours/
// baseline time, target <= 0.1); plus the filtered totals of a 31-day range (target < 50 ms).
import { rmSync } from 'node:fs';
import { createApp } from '../src-main/core/app.ts';
import { MemoryCredentialStore } from '../src-main/core/credentials.ts';
import { OrderStore } from '../src-main/core/store/orders.ts';
import { compressPayload } from '../src-main/core/store/payload-codec.ts';
import { listOrders, orderTotals } from '../src-main/core/services/orders-query.ts';
import { dailySettlement } from '../src-main/core/services/settlement.ts';
import { buildWhere } from '../src-main/core/services/orders-query.ts';
import { taipeiDayOf } from '../src-main/core/time.ts';
import { type BenchResult, benchOrder, benchProfiles, dirSize, median, mulberry32, tempBenchApp, timeIt } from './lib.ts';

const YEAR_MS = 365 * 86_400_000;
const START = Date.parse('2025-01-01T00:00:00+08:00');
const BATCH = 10_000;

export async function run(options: { orders?: number } = {}): Promise<Record<string, BenchResult>> {
  const total = options.orders ?? 1_000_000;
  const rand = mulberry32(42);
  // Generated once, outside both timings, so only the writes are compared.
  const orders = Array.from({ length: total }, (_, i) => benchOrder(i, START, YEAR_MS, total, rand));
  const results: Record<string, BenchResult> = {};

  // Baseline: raw prepared inserts into the same table, in a fresh database.
  const rawApp = tempBenchApp();
  const [rawProfile] = await benchProfiles(rawApp);
  const insert = rawApp.db.prepare(`
    INSERT INTO orders (profile_id, gateway, order_no, gateway_order_no, ordered_at_ms, ordered_at_text, taipei_day, status, status_code,
      amount, captured, refunded, capturable, refundable, fee, fee_returned, shipping, pay_type, installments, bonus, auth_code,
      card_masked, payload, raw_answer_id, verified, source, updated_at_ms)
    VALUES (@p, 'flashpay', @orderNo, @gatewayOrderNo, @orderedAtMs, @orderedAtText, @day, @status, @statusCode, @amount, @captured,
      @refunded, @capturable, @refundable, @fee, @feeReturned, @shipping, @payType, @installments, @bonus, @authCode, @cardMasked,
      @payload, NULL, 1, '106', @orderedAtMs)`);
  // The raw baseline writes rows exactly as the table stores them, payloads already deflated.
  const storedPayloads = orders.map((o) => compressPayload(o.payload));
  const raw = timeIt(() => {
    for (let b = 0; b < total; b += BATCH) {
      rawApp.db.transaction(() => {
        for (let i = b; i < Math.min(total, b + BATCH); i++) {
          const o = orders[i]!;
          insert.run({ ...o, payload: storedPayloads[i], p: rawProfile!.id, day: taipeiDayOf(o.orderedAtMs!), bonus: o.bonus ? 1 : 0 });
        }
      })();
    }
  });
  rawApp.cleanup();

  const app = tempBenchApp();
  const profiles = await benchProfiles(app);
  const store = new OrderStore(app.db);
  const ours = timeIt(() => {
    for (let b = 0; b < total; b += BATCH) {
      const batch = orders.slice(b, b + BATCH);
      const profile = profiles[(b / BATCH) % profiles.length]!;
      app.db.transaction(() => store.upsertMany(profile.id, batch, { rawAnswerId: null, source: '106', nowMs: Date.now() }))();
    }
  });
  const rawRate = total / (raw.ms / 1000);
  const ourRate = total / (ours.ms / 1000);
  results.ingest = { value: Math.round(ourRate), unit: 'orders/s', baseline: Math.round(rawRate), ratio: round(ourRate / rawRate), target: '>= 0.5' };

  app.db.pragma('wal_checkpoint(TRUNCATE)');
  const bytes = dirSize(app.dir);
  results.db_size = { value: round(bytes / 1024 / 1024), unit: 'MiB', baseline: 1024, ratio: round(bytes / (1024 * 1024 * 1024)), target: '< 1 GiB for 1M orders (ratio < 1)' };

  // Deep page: 90% into a full-year range, filtered to two statuses (the common "captured or settled" view).
  const filter = { from: '2025-01-01', to: '2025-12-31', statuses: ['captured', 'settled'] };
  const matching = orderTotals(app, filter).count;
  const depth = Math.floor(matching * 0.9);
  let cursor: string | null = null;
  // Reach the depth through keyset pages of 500 (what scrolling does), then time the next page.
  for (let seen = 0; seen + 500 <= depth; seen += 500) cursor = listOrders(app, { ...filter, limit: 500, cursor }).nextCursor;
  const keysetTimes: number[] = [];
  const offsetTimes: number[] = [];
  const { sql, params } = buildWhere(filter);
  const offsetStmt = app.db.prepare(
    `SELECT o.*, p.name AS profile_name FROM orders o JOIN profiles p ON p.id = o.profile_id ${sql} ORDER BY o.ordered_at_ms DESC, o.id DESC LIMIT 100 OFFSET @offset`,
  );
  for (let i = 0; i < 7; i++) {
    keysetTimes.push(timeIt(() => listOrders(app, { ...filter, limit: 100, cursor })).ms);
    offsetTimes.push(timeIt(() => offsetStmt.all({ ...params, offset: depth })).ms);
  }
  const k = median(keysetTimes);
  const off = median(offsetTimes);
  results.query = { value: round(k), unit: 'ms', baseline: round(off), ratio: round(k / off), target: '<= 0.1', note: `page of 100 at depth ${depth.toLocaleString()} of ${matching.toLocaleString()}` };

  const totalsTimes: number[] = [];
  for (let i = 0; i < 7; i++) totalsTimes.push(timeIt(() => orderTotals(app, { from: '2025-06-01', to: '2025-07-01' })).ms);
  const tt = median(totalsTimes);
  results.totals_31d = { value: round(tt), unit: 'ms', baseline: 50, ratio: round(tt / 50), target: '< 50 ms (ratio < 1)' };

  // All-dates search, as a clerk types it: an order number, an auth code, a masked card. Each is the
  // first page plus the totals the Orders page asks for, over the whole million.
  const sample = orders[Math.floor(total * 0.37)]!;
  const searches = [sample.orderNo, sample.authCode!, '**4321', '431195******4321'];
  const searchTimes: number[] = [];
  for (let i = 0; i < 7; i++) {
    for (const search of searches) {
      searchTimes.push(timeIt(() => {
        listOrders(app, { search, limit: 200 });
        orderTotals(app, { search });
      }).ms);
    }
  }
  const searchMs = median(searchTimes);
  results.search_all_dates = { value: round(searchMs), unit: 'ms', baseline: 20, ratio: round(searchMs / 20), target: '< 20 ms (ratio < 1)', note: `median of ${searches.length} kinds x 7: page + totals` };

  // A month's daily settlement over the same cache: it reads the booked entries' daily roll-up, so its
  // cost follows days x profiles, not orders.
  const entries = app.db.prepare('SELECT COUNT(*) FROM money_entries').pluck().get() as number;
  const settlementTimes: number[] = [];
  let monthNet = 0;
  for (let i = 0; i < 7; i++) settlementTimes.push(timeIt(() => (monthNet = dailySettlement(app, { from: '2025-06-01', to: '2025-06-30' }).totals.net)).ms);
  const settleMs = median(settlementTimes);
  results.settlement_month = {
    value: round(settleMs), unit: 'ms', baseline: 100, ratio: round(settleMs / 100), target: '< 100 ms (ratio < 1)',
    note: `${total.toLocaleString()} orders, ${entries.toLocaleString()} money entries, June net ${monthNet}`,
  };

  // Start: what a launch does before the first rows are on screen, on this cache: open the database
  // with the start-up checks (header, schema, newest pages; quick_check only for small files), then
  // the orders page's first query. The app core's own open is timed, not the window.
  app.db.pragma('wal_checkpoint(TRUNCATE)');
  app.close();
  const starts: number[] = [];
  for (let i = 0; i < 3; i++) {
    starts.push(
      timeIt(() => {
        const again = createApp({ dataDir: app.dir, shell: 'cli', credentials: new MemoryCredentialStore() });
        listOrders(again, { from: '2025-12-01', to: '2025-12-31', limit: 100 });
        again.close();
      }).ms,
    );
  }
  const st = median(starts);
  results.start_to_first_rows = { value: round(st), unit: 'ms', baseline: 2000, ratio: round(st / 2000), target: '< 2 s (ratio < 1)', note: `${total.toLocaleString()} cached orders` };
  rmSync(app.dir, { recursive: true, force: true });
  return results;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
