// Type-checked with the test project (tsconfig.test.json): it drives a browser page, so it needs the DOM types.
// ui_filter: in Chromium, the time from a filter change (the profile selector) to the new rows and
// totals on screen, on a cache of N orders (default 1M over a year), vs the bare contract calls the
// page makes for it (orders:list + orders:totals over the web shell) timed from the same page.
// The ratio is what React, the bridge and rendering add on top of the queries.
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../src-main/core/app.ts';
import { MemoryCredentialStore } from '../src-main/core/credentials.ts';
import { addProfile } from '../src-main/core/services/profiles.ts';
import { OrderStore } from '../src-main/core/store/orders.ts';
import { startConsole } from '../test/support/console-process.ts';
import { chromiumPath } from '../test/support/chromium.ts';
import { type BenchResult, benchOrder, median, mulberry32 } from './lib.ts';

const YEAR_MS = 365 * 86_400_000;
const START = Date.parse('2025-01-01T00:00:00+08:00');

export async function run(options: { orders?: number } = {}): Promise<Record<string, BenchResult>> {
  const total = options.orders ?? 1_000_000;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'recon-bench-ui-'));
  const seedApp = createApp({ dataDir, shell: 'cli', credentials: new MemoryCredentialStore() });
  const ids: number[] = [];
  for (const name of ['店 A', '店 B']) {
    const p = await addProfile(seedApp, { name, gateway: 'flashpay', tradeUrl: 'http://127.0.0.1:9', merchantId: 'M1' }, { hashKey: 'k'.repeat(32), hashIv: 'v'.repeat(16) });
    ids.push(p.id);
  }
  const store = new OrderStore(seedApp.db);
  const rand = mulberry32(5);
  for (let b = 0; b < total; b += 10_000) {
    seedApp.db.transaction(() => {
      for (let i = b; i < Math.min(total, b + 10_000); i++) store.upsert(ids[i % 2]!, benchOrder(i, START, YEAR_MS, total, rand), { rawAnswerId: null, source: 'bench', nowMs: START });
    })();
  }
  seedApp.close();

  const c = await startConsole({ args: ['--no-demo'], env: { RECON_DATA_DIR: dataDir } });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${c.url}#/orders?from=2025-01-01&to=2025-12-31`);
    await page.locator('[role=row][data-order-no]').first().waitFor();
    const uiTimes: number[] = [];
    const apiTimes: number[] = [];
    const choices = [String(ids[0]), String(ids[1]), ''];
    for (let i = 0; i < 12; i++) {
      const value = choices[i % choices.length]!;
      uiTimes.push(
        await page.evaluate((v) => {
          const select = document.querySelector<HTMLSelectElement>('select[aria-label="設定檔"], select[aria-label="Profile"]')!;
          const state = () => `${document.querySelector('[role=row][data-order-no]')?.getAttribute('data-order-no')}|${document.querySelector('[data-testid=total-count]')?.textContent}`;
          const before = state();
          const t0 = performance.now();
          Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')!.set!.call(select, v);
          select.dispatchEvent(new Event('change', { bubbles: true }));
          return new Promise<number>((resolve) => {
            const check = () => (state() !== before ? resolve(performance.now() - t0) : requestAnimationFrame(check));
            requestAnimationFrame(check);
          });
        }, value),
      );
      apiTimes.push(
        await page.evaluate(async (v) => {
          const filter = { from: '2025-01-01', to: '2025-12-31', ...(v ? { profileIds: [Number(v)] } : {}) };
          const call = (channel: string, body: unknown) =>
            fetch(`./api/call/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
          const t0 = performance.now();
          await Promise.all([call('orders:list', { ...filter, limit: 200 }), call('orders:totals', filter)]);
          return performance.now() - t0;
        }, value),
      );
    }
    const ui = median(uiTimes.slice(2));
    const api = median(apiTimes.slice(2));
    return {
      ui_filter: {
        value: Math.round(ui * 10) / 10,
        unit: 'ms',
        baseline: Math.round(api * 10) / 10,
        ratio: Math.round((ui / api) * 1000) / 1000,
        target: '<= 1.2',
        note: `profile switch to rows on screen, ${total.toLocaleString()} cached orders, 1-year range; baseline: the same two contract calls`,
      },
    };
  } finally {
    await browser.close();
    await c.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
