// What the vendors' own FlashPay clients send and receive (issue #20; docs/VENDOR-SHAPES.md): the
// sandbox answers them exactly as the real gateway does. Each request here is built byte by byte the
// way a vendor client builds it (its own JSON text, its own dat case, its own content type), not
// through the console's client, which only ever sends one shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeChk, computeKey, encryptDat, openAnswer } from '../../../src-main/core/gateways/flashpay/codec.ts';
import { FIRSTBANK_PATHS } from '../../../src-main/core/gateways/firstbank/client.ts';
import { encodeForm, parseAnswerJson, signFields, verify } from '../../../src-main/core/gateways/firstbank/codec.ts';
import { FLASHPAY_MAX_RANGE_DAYS, FLASHPAY_VENDOR_MAX_SPAN_DAYS } from '../../../src-main/core/gateways/flashpay/client.ts';
import { addDays, daysBetween, splitDayRange, taipeiDayOf } from '../../../src-main/core/time.ts';
import type { Sandboxes } from '../../../src-main/sandbox/index.ts';
import { readVectors, readVendorShapes } from '../../support/vectors.ts';
import {
  TEST_NOW, firstBankClient, firstBankTradeFields, flashPayOrders, getJson, merchantEndpoint, paidFlashPayOrder, payFlashPay, postJson, sessionOf, startTestSandboxes,
} from './helpers.ts';

const TODAY = taipeiDayOf(Date.parse(TEST_NOW));
const shapes = readVendorShapes().flashpay;
/** The real server's notification (seed 000 section 4(2)): its field names and order. */
const realSample = readVectors<{ decode: Array<{ json: Record<string, unknown> }> }>('flashpay.json').decode[0]!.json;

interface VendorPost {
  path: string;
  json: string;
  upperDat?: boolean;
  contentType: string;
  /** 'json' posts the envelope as a JSON object body, 'form' as a urlencoded body. */
  body: 'json' | 'form';
}

/** An envelope sealed over the exact JSON text given (a vendor client's own serializer output). */
async function vendorPost(sb: Sandboxes, p: VendorPost): Promise<{ status: number; text: string }> {
  const lower = encryptDat(p.json, sb.flashpay);
  const dat = p.upperDat ? lower.toUpperCase() : lower;
  const envelope = { ver: '1.0.0', mid: sb.flashpay.merId, dat, key: computeKey(p.json, sb.flashpay), chk: computeChk(dat) };
  const response = await fetch(`${sb.flashpay.baseUrl}${p.path}`, {
    method: 'POST',
    headers: { 'content-type': p.contentType },
    body: p.body === 'json' ? JSON.stringify(envelope) : new URLSearchParams(envelope).toString(),
  });
  return { status: response.status, text: await response.text() };
}

function tradePayloadJson(sb: Sandboxes, ordNo: string, parts: { amt: string; extra?: string; ordTime?: string; phoneField?: string }): string {
  // Hand-written JSON, as PHP's json_encode or Java's JSONObject would write it: amt stays `290.0`.
  return `{${parts.extra ?? ''}"mer_id":"${sb.flashpay.merId}","ord_no":"${ordNo}","ord_time":"${parts.ordTime ?? '2025-03-20 14:55:00'}","tx_type":101,`
    + `"pay_type":1,"amt":${parts.amt},"cur":"NTD","order_desc":"\\u624b\\u6c96\\u5496\\u5561\\u8c46","install_period":0,"use_redeem":"",`
    + `"${parts.phoneField ?? 'cell_phone_no'}":"0912345678","return_url":"http:\\/\\/127.0.0.1:9\\/unused","client_url":"http:\\/\\/127.0.0.1:9\\/thanks"}`;
}

describe('FlashPay: what the vendor clients send is accepted', () => {
  let sb: Sandboxes;
  beforeAll(async () => {
    sb = await startTestSandboxes({ days: 3 });
  });
  afterAll(() => sb.close());

  it('posts the trade form to /trade (PHP SDK, omnipay) as well as /trade.php (Java, .NET, the seed)', async () => {
    for (const [path, ordNo] of [['/trade', 'V-PATH-1'], ['/trade.php', 'V-PATH-2']] as const) {
      const answer = await vendorPost(sb, { path, json: tradePayloadJson(sb, ordNo, { amt: '1280' }), contentType: 'application/x-www-form-urlencoded', body: 'form' });
      expect(answer.status, path).toBe(200);
      expect(answer.text, path).toContain('立即付款');
      expect(answer.text, path).toContain(ordNo);
    }
    const orders = await flashPayOrders(sb);
    expect(orders.filter((o) => o.ord_no.startsWith('V-PATH-')).map((o) => [o.ord_no, o.order_status])).toEqual([['V-PATH-1', '00'], ['V-PATH-2', '00']]);
  });

  it.each(shapes.tradeAmounts)('takes amt written as $text ($client)', async ({ text, cents }) => {
    const ordNo = `V-AMT-${cents}-${text.replace(/\W/g, '')}`;
    const answer = await vendorPost(sb, { path: '/trade.php', json: tradePayloadJson(sb, ordNo, { amt: text }), contentType: 'application/x-www-form-urlencoded', body: 'form' });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('立即付款');
    expect((await flashPayOrders(sb)).find((o) => o.ord_no === ordNo)).toMatchObject({ amountCents: cents });
  });

  it('takes phone instead of cell_phone_no, ver inside the payload, \\uXXXX escapes and ord_time without +08', async () => {
    const json = tradePayloadJson(sb, 'V-PHONE', { amt: '"290.00"', extra: '"ver":"1.0.0",', phoneField: 'phone', ordTime: '2025-03-20 14:55:00' });
    const answer = await vendorPost(sb, { path: '/trade', json, contentType: 'application/x-www-form-urlencoded', body: 'form' });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('手沖咖啡豆');
    expect(answer.text).toContain('value="0912345678"');
    const order = (await flashPayOrders(sb)).find((o) => o.ord_no === 'V-PHONE')!;
    expect(order).toMatchObject({ ord_time: '2025-03-20 14:55:00', amountCents: 29_000 });
  });

  it('answers querytrade bodies sent as JSON with a urlencoded content type, and uppercase dat with chk over it', async () => {
    const json = `{"mer_id":"${sb.flashpay.merId}","tx_type":"106","start_date":"${addDays(TODAY, -2)}","end_date":"${TODAY}","ver":"1.0.0"}`;
    for (const upperDat of [false, true]) {
      const answer = await vendorPost(sb, { path: '/querytrade.php', json, upperDat, contentType: 'application/x-www-form-urlencoded', body: 'json' });
      const opened = openAnswer(answer.text, sb.flashpay);
      expect(opened.kind, `upper=${upperDat}: ${answer.text.slice(0, 120)}`).toBe('data');
      expect(opened.payload.returnCode).toBe('0');
    }
    // chk over the lowercase text while uppercase dat is sent: that is not what was received, refused.
    const lower = encryptDat(json, sb.flashpay);
    const mismatched = { ver: '1.0.0', mid: sb.flashpay.merId, dat: lower.toUpperCase(), key: computeKey(json, sb.flashpay), chk: computeChk(lower) };
    const refused = await (await fetch(`${sb.flashpay.baseUrl}/querytrade.php`, { method: 'POST', body: JSON.stringify(mismatched) })).json() as Record<string, string>;
    expect(refused.ret_code).toBe('E003');
  });

  it('applies the vendors\' 106 range rule: end - start <= 30 days (31 calendar days), and the console stays within it', async () => {
    const list = (start: string, end: string) => vendorPost(sb, {
      path: '/querytrade.php', json: JSON.stringify({ mer_id: sb.flashpay.merId, tx_type: 106, start_date: start, end_date: end }), contentType: 'application/json', body: 'json',
    });
    const allowed = await list(addDays(TODAY, -FLASHPAY_VENDOR_MAX_SPAN_DAYS), TODAY);
    expect(openAnswer(allowed.text, sb.flashpay).kind).toBe('data');
    const tooLong = JSON.parse((await list(addDays(TODAY, -FLASHPAY_VENDOR_MAX_SPAN_DAYS - 1), TODAY)).text) as Record<string, string>;
    expect(tooLong.ret_code).toBe('E007');
    expect(tooLong.ret_msg).toMatch(/32 calendar days/);
    for (const chunk of splitDayRange(addDays(TODAY, -400), TODAY, FLASHPAY_MAX_RANGE_DAYS)) {
      expect(daysBetween(chunk.from, chunk.to)).toBeLessThanOrEqual(FLASHPAY_VENDOR_MAX_SPAN_DAYS);
    }
  });
});

describe('FlashPay notifications: the real shape by default, the richer one on request', () => {
  it('sends no order_status and an empty purchase_date, like the real server; the rich shape adds both', async () => {
    const sb = await startTestSandboxes({ days: 1 });
    const shop = await merchantEndpoint(['1|OK']);
    try {
      expect(await getJson(`${sb.flashpay.baseUrl}/_sandbox/settings`)).toEqual({ notificationShape: 'real' });
      await paidFlashPayOrder(sb, 'N-REAL', { return_url: shop.url });
      await postJson(`${sb.flashpay.baseUrl}/_sandbox/settings`, { notificationShape: 'rich' });
      await paidFlashPayOrder(sb, 'N-RICH', { return_url: shop.url });
      const [real, rich] = shop.received.map((body) => openAnswer(body, sb.flashpay));
      if (real?.kind !== 'data' || rich?.kind !== 'data') throw new Error('expected two encrypted notifications');
      expect(Object.keys(real.payload)).toEqual(Object.keys(realSample));
      expect(real.payload).toMatchObject({ ord_no: 'N-REAL', ret_code: '00', purchase_date: '' });
      expect(real.payload).not.toHaveProperty('order_status');
      expect(rich.payload).toMatchObject({ ord_no: 'N-RICH', ret_code: '00', order_status: '02', purchase_date: '2025-03-20 15:00:00' });
      const bad = await fetch(`${sb.flashpay.baseUrl}/_sandbox/settings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ notificationShape: 'fancy' }) });
      expect(bad.status).toBe(400);
    } finally {
      await shop.close();
      await sb.close();
    }
  });

  it('takes the shape as a start option too', async () => {
    const sb = await startTestSandboxes({ days: 1, flashpayNotificationShape: 'rich' });
    const shop = await merchantEndpoint(['1|OK']);
    try {
      const trade = await vendorPost(sb, { path: '/trade', json: tradePayloadJson(sb, 'N-OPT', { amt: '500' }).replace('http:\\/\\/127.0.0.1:9\\/unused', shop.url.replaceAll('/', '\\/')), contentType: 'application/x-www-form-urlencoded', body: 'form' });
      await payFlashPay(sb, sessionOf(trade.text), { number: '4000000000000002' });
      const opened = openAnswer(shop.received[0]!, sb.flashpay);
      expect(opened.payload).toMatchObject({ ord_no: 'N-OPT', order_status: 'ZF', ret_code: '05', purchase_date: '' });
    } finally {
      await shop.close();
      await sb.close();
    }
  });
});

describe('First Bank: the signing rule is a sandbox setting; requests are taken under either rule', () => {
  async function postTrade(sb: Sandboxes, form: Record<string, string>): Promise<string> {
    const response = await fetch(`${sb.firstbank.baseUrl}${FIRSTBANK_PATHS.trade}`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' }, body: encodeForm(form),
    });
    return response.text();
  }

  it('signs answers under the start option\'s rule, switches through the control API, refuses a bad choice', async () => {
    const sb = await startTestSandboxes({ days: 1, firstbankSigning: 'plugin' });
    try {
      expect(await getJson(`${sb.firstbank.baseUrl}/_sandbox/settings`)).toEqual({ notifyUrl: null, signing: 'plugin' });
      const rate = await firstBankClient(sb).exchangeRate();
      expect(rate.fields.PayInfo).toBeUndefined(); // empty, so not covered by a plugin signature: left out
      expect(verify('answer', parseAnswerJson(rate.raw), sb.firstbank.hashKey, '', 'plugin')).toBe(true);
      expect(verify('answer', parseAnswerJson(rate.raw), sb.firstbank.hashKey)).toBe(false);
      expect(await postJson(`${sb.firstbank.baseUrl}/_sandbox/settings`, { signing: 'seed' })).toEqual({ notifyUrl: null, signing: 'seed' });
      expect((await firstBankClient(sb).exchangeRate()).signatureMatch).toBe('seed');
      const bad = await fetch(`${sb.firstbank.baseUrl}/_sandbox/settings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ signing: 'woo' }) });
      expect(bad.status).toBe(400);
    } finally {
      await sb.close();
    }
  });

  it('takes a trade form signed the plugin\'s way (TimeoutSecs, empty fields dropped) or the seed\'s; refuses glue padding', async () => {
    const sb = await startTestSandboxes({ days: 1 });
    try {
      const fields = { PlatFormId: sb.firstbank.platformId, ...firstBankTradeFields('VPLUG1', { TimeoutSecs: '600' }) };
      const plugin = signFields('trade', fields, sb.firstbank.hashKey, 'plugin');
      expect(plugin.HashKey).not.toBe(signFields('trade', fields, sb.firstbank.hashKey).HashKey);
      expect(await postTrade(sb, plugin)).toContain('VPLUG1');
      const seed = signFields('trade', { ...fields, OrderId: 'VSEED1' }, sb.firstbank.hashKey);
      expect(await postTrade(sb, seed)).toContain('VSEED1');
      const glued = signFields('trade', { ...fields, OrderId: 'VGLUE1', ProductName: 'tea\u0000\u0080' }, sb.firstbank.hashKey);
      expect(parseAnswerJson(await postTrade(sb, glued))).toMatchObject({ ToolStatus: '9996' });
    } finally {
      await sb.close();
    }
  });
});
