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
import { createHash } from 'node:crypto';
import { FIELD_LISTS, decodeForm, encodeForm, verify } from '../../../src-main/core/gateways/firstbank/codec.ts';
import { requeryOrder } from '../../../src-main/core/services/requery.ts';
import { glue, lengthExtend, percentBytes } from '../../support/sha256-extend.ts';
import {
  type MerchantEndpoint, firstBankClient, firstBankOrders, firstBankTradeFields, merchantEndpoint, paidFlashPayOrder, payFirstBank, postFirstBankTrade, postJson,
  sessionOf, startTestSandboxes,
} from '../sandbox/helpers.ts';

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

describe('First Bank notifications: the seed rule and the plugin rule through the console', () => {
  let sb: Sandboxes;
  let shop: MerchantEndpoint;
  let app: App & { cleanup(): void };
  let profile: Profile;
  beforeAll(async () => {
    sb = await startTestSandboxes({ days: 1 });
    shop = await merchantEndpoint(['OK']);
    app = tempApp();
    profile = await addProfile(app, { name: 'fb', gateway: 'firstbank', tradeUrl: sb.firstbank.baseUrl, merchantId: sb.firstbank.platformId }, { hashKey: sb.firstbank.hashKey });
    await postJson(`${sb.firstbank.baseUrl}/_sandbox/settings`, { notifyUrl: shop.url });
  });
  afterAll(async () => {
    app.cleanup();
    await shop.close();
    await sb.close();
  });

  async function payCard(orderId: string, card: string): Promise<string> {
    const before = shop.received.length;
    const trade = await postFirstBankTrade(sb, firstBankTradeFields(orderId, { CustomResultPage: '' }));
    await payFirstBank(sb, sessionOf(trade.body), { number: card });
    expect(shop.received.length).toBe(before + 1);
    return shop.received.at(-1)!;
  }

  it.each([
    { signing: 'seed', approved: 'FBSEEDOK', declined: 'FBSEEDNO', label: null },
    { signing: 'plugin', approved: 'FBPLUGOK', declined: 'FBPLUGNO', label: /WooCommerce plugin's rule/ },
  ] as const)('$signing rule: approved -> 2, declined (empty PayInfo) -> 6 in the cache', async ({ signing, approved, declined, label }) => {
    expect(await postJson(`${sb.firstbank.baseUrl}/_sandbox/settings`, { signing })).toMatchObject({ signing, notifyUrl: shop.url });
    const bodies = [await payCard(approved, '4311952222222222'), await payCard(declined, '4000000000000002')];
    const declinedFields = decodeForm(bodies[1]!);
    expect(declinedFields.PayInfo).toBe('');
    // A shop that verifies only the plugin's way refuses seed-signed declines (the empty PayInfo),
    // and one that verifies only the seed's way refuses plugin-signed ones: the sandbox can play both.
    expect(verify('notify', declinedFields, sb.firstbank.hashKey, '', 'plugin')).toBe(signing === 'plugin');
    expect(verify('notify', declinedFields, sb.firstbank.hashKey)).toBe(signing === 'seed');

    const result = await ingestNotifications(app, profile, bodies.join('\n'));
    expect(result.items.map((i) => [i.ok, i.decoded?.orderNo, i.decoded?.statusCode])).toEqual([[true, approved, '2'], [true, declined, '6']]);
    const declinedWarnings = result.items[1]!.warnings;
    if (label) expect(declinedWarnings.join('\n')).toMatch(label);
    else expect(declinedWarnings).toEqual([]);
    expect(result.outcomes.map((o) => o.outcome)).toEqual(['inserted', 'inserted']);
    const store = new OrderStore(app.db);
    expect(store.get(profile.id, approved)).toMatchObject({ status_code: '2', status: 'captured', amount: 120_000, source: 'notify' });
    expect(store.get(profile.id, declined)).toMatchObject({ status_code: '6', status: 'failed', source: 'notify' });
  });

  it('answers too: the client labels a plugin-signed answer, and the stored answer says so', async () => {
    await postJson(`${sb.firstbank.baseUrl}/_sandbox/settings`, { signing: 'plugin' });
    expect((await firstBankClient(sb).exchangeRate()).signatureMatch).toBe('plugin');
    // A card the bank never answers: report answers carry an empty ReturnStatus, signed the plugin's way.
    const trade = await postFirstBankTrade(sb, firstBankTradeFields('FBSTUCK1', { CustomResultPage: '' }));
    await payFirstBank(sb, sessionOf(trade.body), { number: '4000000000000119' });
    const stuck = (await firstBankOrders(sb)).find((o) => o.OrderId === 'FBSTUCK1')!;
    const store = new OrderStore(app.db);
    store.registerKnown(profile.id, { gateway: 'firstbank', orderNo: 'FBSTUCK1', gatewayOrderNo: stuck.ReCheckId, amount: 120_000, payType: 'CREDIT', orderedAtMs: null }, { source: 'test', nowMs: 1 });
    await requeryOrder(app, profile, 'FBSTUCK1');
    const raw = app.db.prepare("SELECT verified, note FROM raw_answers WHERE operation = 'report' ORDER BY id DESC LIMIT 1").get() as { verified: number; note: string };
    expect(raw).toEqual({ verified: 1, note: expect.stringMatching(/WooCommerce plugin's rule/) });
    await postJson(`${sb.firstbank.baseUrl}/_sandbox/settings`, { signing: 'seed' });
    expect((await firstBankClient(sb).exchangeRate()).signatureMatch).toBe('seed');
  });

  it('a notification forged by length extension from a captured one is refused, with the reason', async () => {
    await postJson(`${sb.firstbank.baseUrl}/_sandbox/settings`, { signing: 'seed' });
    const captured = await payCard('FBFORGE1', '4000000000000002');
    const fields = decodeForm(captured);
    // The forger knows the message and the key's length (32 hex digits), not the key.
    // The seed rule is public: the signed text is the 3.5 fields in byte order, TransTime last, so
    // glue after TransTime's value and one field that sorts after it (TransType) extend it.
    const message = FIELD_LISTS.notify.map((n) => `${n}=${fields[n]}`).join('&');
    const appended = '&TransType=1';
    const ext = lengthExtend(fields.HashKey!, 32 + Buffer.byteLength(message), Buffer.from(appended));
    expect(ext.glue).toEqual(glue(32 + Buffer.byteLength(message)));
    const glued = Buffer.concat([Buffer.from(fields.TransTime!), Buffer.from(ext.glue)]);
    const forged = `${encodeForm({ ...fields, TransTime: 'X', HashKey: ext.digest }).replace('TransTime=X', `TransTime=${percentBytes(glued)}`)}&TransType=1`;
    // Genuinely valid over the bytes: SHA-256(key + message + glue + appended) is the forged digest.
    const bytes = Buffer.concat([Buffer.from(sb.firstbank.hashKey + message), Buffer.from(ext.glue), Buffer.from(appended)]);
    expect(createHash('sha256').update(bytes).digest('hex').toUpperCase()).toBe(ext.digest);

    const [item] = await ingestNotifications(app, profile, forged).then((r) => r.items);
    expect(item).toMatchObject({ ok: false, kind: 'firstbank' });
    expect(item!.error).toMatch(/TransTime.*not UTF-8 text, the padding a forged \(length-extended\) signature needs/);
    expect(new OrderStore(app.db).get(profile.id, 'FBFORGE1')).toBeUndefined();
  });
});
