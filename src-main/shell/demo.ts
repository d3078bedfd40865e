// Demo mode, the embedded default: both sandbox gateways start in this process on loopback, two demo
// profiles point at them (secrets in memory, labelled "demo"), and a first sync runs as a job, so the
// first screen a new user sees is real data over the real protocols.
import { FLASHPAY } from '../core/gateways/flashpay/statuses.ts';
import { FIRSTBANK } from '../core/gateways/firstbank/statuses.ts';
import type { App } from '../core/app.ts';
import { taipeiDayOf, addDays } from '../core/time.ts';
import { orderStore } from '../core/store/orders.ts';
import { parseCents } from '../core/money.ts';
import { parseGatewayTime } from '../core/time.ts';
import { addProfile, listProfiles, removeProfile, type Profile } from '../core/services/profiles.ts';
import { syncProfile } from '../core/services/sync.ts';
import { type Sandboxes, startSandboxes } from '../sandbox/index.ts';
import { reconcileDemoLedger } from './demo-ledger.ts';
import { msg } from '../contract/messages/render.ts';

export const DEMO_FLASHPAY = 'FlashPay 示範商店';
export const DEMO_FIRSTBANK = '第一銀行 示範商店';

export interface Demo {
  sandboxes: Sandboxes;
  profiles: Profile[];
  close(): Promise<void>;
}

/** Demo mode unless asked otherwise: on by --demo, or when no real profile exists yet (SQLite only). */
export function shouldRunDemo(app: App, flags: { demo?: boolean; noDemo?: boolean }): boolean {
  if (flags.noDemo) return false;
  if (flags.demo) return true;
  // A team database is never filled with sandbox data on its own: an empty one is a team's first day.
  if (app.engine === 'postgres') return false;
  return listProfiles(app).every((p) => p.demo);
}

/** Demo profiles left from an earlier demo session point at sandboxes that no longer run. */
export async function removeDemoProfiles(app: App): Promise<void> {
  for (const p of listProfiles(app).filter((x) => x.demo)) await removeProfile(app, p.name);
}

async function registerFirstBankOrders(app: App, profile: Profile, baseUrl: string): Promise<number> {
  // First Bank has no range query: a shop knows its own orders (OrderId, ReCheckId, amount, PayType)
  // from its checkout. The sandbox's order list plays the shop's records here.
  const res = await fetch(`${baseUrl}/_sandbox/orders`);
  const body = (await res.json()) as { orders: Array<Record<string, string>> } | Array<Record<string, string>>;
  const orders = Array.isArray(body) ? body : body.orders;
  const store = orderStore(app.db);
  const nowMs = Date.now();
  let n = 0;
  app.db.transaction(() => {
    for (const o of orders) {
      if (!o.OrderId || !o.ReCheckId || !o.PayType || !o.Amount) continue;
      const at = o.TransTime ? Date.parse(parseGatewayTime(String(o.TransTime)).utc) : null;
      if (store.registerKnown(profile.id, { gateway: profile.gateway, orderNo: o.OrderId, gatewayOrderNo: o.ReCheckId, amount: parseCents(String(o.Amount)), payType: o.PayType, orderedAtMs: at }, { source: 'demo-import', nowMs })) n++;
    }
  })();
  return n;
}

export async function startDemo(app: App, options: { seed?: number; days?: number; sync?: boolean } = {}): Promise<Demo> {
  const days = options.days ?? 90;
  const sandboxes = await startSandboxes({ seed: options.seed ?? 1, days });
  try {
    await removeDemoProfiles(app);
    const fp = await addProfile(
      app,
      { name: DEMO_FLASHPAY, gateway: FLASHPAY.name, environment: 'sandbox', tradeUrl: sandboxes.flashpay.baseUrl, merchantId: sandboxes.flashpay.merId, demo: true },
      { hashKey: sandboxes.flashpay.hashKey, hashIv: sandboxes.flashpay.hashIv },
    );
    const fb = await addProfile(
      app,
      {
        name: DEMO_FIRSTBANK,
        gateway: FIRSTBANK.name,
        environment: 'sandbox',
        tradeUrl: sandboxes.firstbank.baseUrl,
        merchantId: sandboxes.firstbank.platformId,
        feeRatePpm: 22_000,
        feeFixedCents: 0,
        demo: true,
      },
      { hashKey: sandboxes.firstbank.hashKey },
    );
    await registerFirstBankOrders(app, fb, sandboxes.firstbank.baseUrl);
    if (options.sync !== false) {
      const to = taipeiDayOf(sandboxes.clock.now());
      const from = addDays(to, -(days - 1));
      for (const p of [fp, fb]) {
        const baseUrl = p === fp ? sandboxes.flashpay.baseUrl : sandboxes.firstbank.baseUrl;
        const job = app.jobs.run(
          'demo',
          async (ctx) => {
            const summary = await syncProfile(app, p, { from, to }, ctx);
            if (!ctx.signal.aborted) await reconcileDemoLedger(app, p, baseUrl);
            return summary;
          },
          { messageMsg: msg('sync.starting', { profile: p.name, fromDay: from, toDay: to }) },
        );
        job.done.catch(() => undefined);
      }
    }
    return {
      sandboxes,
      profiles: [fp, fb],
      async close() {
        await sandboxes.close();
      },
    };
  } catch (err) {
    await sandboxes.close();
    throw err;
  }
}
