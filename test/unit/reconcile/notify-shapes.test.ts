// End to end for every notification shape the sandboxes can send (issue #20): a real sandbox posts the
// notification to a shop endpoint over HTTP, the captured body goes through the console's
// notification inspector and ingest into a real SQLite cache, and the order's status there is checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempApp } from '../../support/app.ts';
import type { App } from '../../../src-main/core/app.ts';
import { addProfile, type Profile } from '../../../src-main/core/services/profiles.ts';
import { ingestNotifications } from '../../../src-main/core/services/notifications.ts';
import { OrderStore } from '../../../src-main/core/store/orders.ts';
import type { Sandboxes } from '../../../src-main/sandbox/index.ts';
import { type MerchantEndpoint, merchantEndpoint, paidFlashPayOrder, postJson, startTestSandboxes } from '../sandbox/helpers.ts';

describe('FlashPay return_url: both sandbox shapes through the console to the order status', () => {
  let sb: Sandboxes;
  let shop: MerchantEndpoint;
  let app: App & { cleanup(): void };
  let profile: Profile;
  beforeAll(async () => {
    sb = await startTestSandboxes({ days: 1 });
    shop = await merchantEndpoint(['1|OK']);
    app = tempApp();
    profile = await addProfile(app, { name: 'fp', gateway: 'flashpay', tradeUrl: sb.flashpay.baseUrl, merchantId: sb.flashpay.merId }, { hashKey: sb.flashpay.hashKey, hashIv: sb.flashpay.hashIv });
  });
  afterAll(async () => {
    app.cleanup();
    await shop.close();
    await sb.close();
  });

  it.each([
    { shape: 'real', approved: 'R-OK', declined: 'R-NO', inferred: true },
    { shape: 'rich', approved: 'C-OK', declined: 'C-NO', inferred: false },
  ] as const)('$shape shape: approved -> 02, declined -> ZF in the cache', async ({ shape, approved, declined, inferred }) => {
    await postJson(`${sb.flashpay.baseUrl}/_sandbox/settings`, { notificationShape: shape });
    const before = shop.received.length;
    await paidFlashPayOrder(sb, approved, { return_url: shop.url, amt: 1280 });
    await paidFlashPayOrder(sb, declined, { return_url: shop.url, amt: 399 }, { number: '4000000000000069' });
    const bodies = shop.received.slice(before);
    expect(bodies).toHaveLength(2);

    const result = await ingestNotifications(app, profile, bodies.join('\n'));
    expect(result.items.map((i) => [i.ok, i.decoded?.orderNo, i.decoded?.statusCode])).toEqual([[true, approved, '02'], [true, declined, 'ZF']]);
    const inferredWarnings = result.items.map((i) => i.warnings.some((w) => /inferred from ret_code/.test(w)));
    expect(inferredWarnings).toEqual([inferred, inferred]);
    expect(result.outcomes.map((o) => o.outcome)).toEqual(['inserted', 'inserted']);

    const store = new OrderStore(app.db);
    expect(store.get(profile.id, approved)).toMatchObject({ status_code: '02', status: 'authorized', amount: 128_000, source: 'notify', verified: 1 });
    expect(store.get(profile.id, declined)).toMatchObject({ status_code: 'ZF', status: 'failed', amount: 39_900, source: 'notify' });
  });
});
