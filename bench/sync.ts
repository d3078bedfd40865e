// sync: orders per second through the full protocol path into the cache (106 chunks: encrypt, HTTP,
// decrypt, verify chk, parse, upsert, then 107 stragglers) against the sandbox on loopback, vs the
// same 106 answers fetched and decoded without the cache. The ratio shows what the cache costs.
import { startSandboxes } from '../src-main/sandbox/index.ts';
import { FlashPayClient } from '../src-main/core/gateways/flashpay/client.ts';
import { splitDayRange, taipeiDayOf, addDays } from '../src-main/core/time.ts';
import { addProfile } from '../src-main/core/services/profiles.ts';
import { syncProfile } from '../src-main/core/services/sync.ts';
import { type BenchResult, tempBenchApp } from './lib.ts';

export async function run(options: { days?: number; perDay?: number } = {}): Promise<Record<string, BenchResult>> {
  const days = options.days ?? 90;
  const perDay = options.perDay ?? 200;
  const sb = await startSandboxes({ seed: 7, days, now: '2025-06-30T18:00:00+08:00', ordersPerDay: perDay });
  try {
    const to = taipeiDayOf(sb.clock.now());
    const from = addDays(to, -(days - 1));
    const client = new FlashPayClient({ tradeBaseUrl: sb.flashpay.baseUrl, queryBaseUrl: sb.flashpay.baseUrl, ...sb.flashpay });
    // Baseline: the same chunks, decoded and parsed, nothing stored.
    const t0 = performance.now();
    let decoded = 0;
    for (const c of splitDayRange(from, to, 30)) decoded += (await client.queryOrdersChunk(c.from, c.to)).orders.length;
    const baseMs = performance.now() - t0;

    const app = tempBenchApp();
    try {
      const profile = await addProfile(app, { name: 'bench', gateway: 'flashpay', tradeUrl: sb.flashpay.baseUrl, merchantId: sb.flashpay.merId, demo: true }, sb.flashpay);
      const t1 = performance.now();
      const summary = await syncProfile(app, profile, { from, to });
      const oursMs = performance.now() - t1;
      const stored = app.db.prepare('SELECT COUNT(*) FROM orders').pluck().get() as number;
      const ours = stored / (oursMs / 1000);
      const base = decoded / (baseMs / 1000);
      return {
        sync: {
          value: Math.round(ours),
          unit: 'orders/s',
          baseline: Math.round(base),
          ratio: Math.round((ours / base) * 1000) / 1000,
          note: `${stored} orders, ${days} days, ${summary.queried} stragglers re-queried (107); baseline: 106 decode only`,
        },
      };
    } finally {
      app.cleanup();
    }
  } finally {
    await sb.close();
  }
}
