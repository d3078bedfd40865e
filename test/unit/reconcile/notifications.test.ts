// The notification inspector with real bodies: FlashPay's own return_url sample (vectors/flashpay.json)
// and one sealed with the codec and sandbox credentials; First Bank's 3.5 example (signed with a
// stray space after the key) and freshly signed ones. Tampered bodies are refused with the reason.
import { readFileSync } from 'node:fs';
import { vectorFile } from '../../support/vectors.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempApp } from '../../support/app.ts';
import type { App } from '../../../src-main/core/app.ts';
import { computeChk, sealAnswer } from '../../../src-main/core/gateways/flashpay/codec.ts';
import { encodeForm, signFields } from '../../../src-main/core/gateways/firstbank/codec.ts';
import { addProfile } from '../../../src-main/core/services/profiles.ts';
import { ingestNotifications, inspectNotifications, splitNotifications } from '../../../src-main/core/services/notifications.ts';
import { OrderStore } from '../../../src-main/core/store/orders.ts';
import { flashPayCredentials } from '../../../src-main/sandbox/credentials.ts';
import { FB_KEY, FP_KEYS, firstBankProfile, flashPayProfile, putFlashPay } from './helpers.ts';
import { renderMessage } from '../../../src-main/contract/messages/render.ts';

const fpVectors = JSON.parse(readFileSync(vectorFile('flashpay.json'), 'utf8')) as {
  decode: Array<{ dat: string; chk: string }>;
};
const fbVectors = JSON.parse(readFileSync(vectorFile('firstbank.json'), 'utf8')) as {
  vectors: Array<{ section: string; fields: Record<string, string>; expected: string }>;
};
const seedSample = `ver=1.0.0&dat=${fpVectors.decode[0]!.dat}&chk=${fpVectors.decode[0]!.chk}`;
const v35 = fbVectors.vectors.find((v) => v.section === '3.5')!;
const fb35 = encodeForm({ ...v35.fields, HashKey: v35.expected });

function flip(hex: string, at: number): string {
  return hex.slice(0, at) + (hex[at] === '0' ? '1' : '0') + hex.slice(at + 1);
}

let app: App & { cleanup(): void };
beforeEach(() => {
  app = tempApp();
});
afterEach(() => app.cleanup());

describe('FlashPay return_url bodies', () => {
  it("decodes FlashPay's own notification sample with the profile's keys", async () => {
    const profile = await flashPayProfile(app);
    const [item] = await inspectNotifications(app, profile, seedSample);
    expect(item).toMatchObject({ ok: true, kind: 'flashpay', decoded: { orderNo: '3018', gatewayOrderNo: 'FP2205271100002435', statusCode: '02', amount: 39900, paid: true } });
    expect(item!.decoded!.fields).toMatchObject({ tx_type: '104', auth_id_resp: '202972', ret_code: '00' });
    expect(item!.warnings.join(' ')).toMatch(/inferred from ret_code 00/);
  });

  it('verifies a body sealed with the sandbox credentials (form and JSON shapes) and refuses tampering', async () => {
    const creds = flashPayCredentials(42);
    const profile = await addProfile(app, { name: 'sb', gateway: 'flashpay', tradeUrl: 'http://127.0.0.1:9', merchantId: creds.merId }, { hashKey: creds.hashKey, hashIv: creds.hashIv });
    const payload = { ver: '1.0.0', tx_type: 104, mer_id: creds.merId, order_no: 'FP25032000001', ord_no: '880001', ord_time: '2025-03-20 14:03:00+08', order_status: '02', ret_code: '00', tx_amt: '1280.00', amt: '0.00' };
    const body = sealAnswer(JSON.stringify(payload), creds);
    const fields = Object.fromEntries(new URLSearchParams(body));
    const json = JSON.stringify(fields, null, 2);
    const dat = fields.dat!;
    const tamperedDat = body.replace(dat, flip(dat, 40));
    const rechecked = `ver=1.0.0&dat=${flip(dat, 40)}&chk=${computeChk(flip(dat, 40))}`;
    const otherMerchant = sealAnswer(JSON.stringify({ ...payload, mer_id: 'HT99999999' }), creds);
    const otherKeys = sealAnswer(JSON.stringify(payload), { hashKey: FP_KEYS.hashKey, hashIv: FP_KEYS.hashIv });
    const items = await inspectNotifications(app, profile, [body, '', json, '', tamperedDat, rechecked, otherMerchant, otherKeys, 'hello=world'].join('\n'));
    expect(items.map((i) => [i.index, i.ok, i.kind])).toEqual([
      [1, true, 'flashpay'],
      [2, true, 'flashpay'],
      [3, false, 'flashpay'],
      [4, false, 'flashpay'],
      [5, false, 'flashpay'],
      [6, false, 'flashpay'],
      [7, false, 'unknown'],
    ]);
    expect(items[0]!.decoded).toMatchObject({ orderNo: '880001', amount: 128000, statusCode: '02' });
    expect(items[0]!.warnings).toEqual([]);
    expect(items[2]!.error).toMatch(/chk does not match dat/);
    expect(items[3]!.error).toMatch(/decrypt|not JSON|not UTF-8/);
    expect(items[4]!.error).toMatch(/addressed to merchant HT99999999/);
    expect(items[5]!.error).toMatch(/wrong HashKey\/HashIV|not JSON|not UTF-8/);
    expect(items[6]!.error).toMatch(/neither a FlashPay body/);
    expect(JSON.stringify(items)).not.toContain(creds.hashKey);
    expect(JSON.stringify(items)).not.toContain(creds.hashIv);
  });

  it('ingests valid notifications, never moving an order backwards', async () => {
    const profile = await flashPayProfile(app);
    putFlashPay(app, profile, { ordNo: 'S9', amount: '100.00', status: '04', time: '2022-05-20 10:00:00' });
    const stale = sealAnswer(JSON.stringify({ tx_type: 104, mer_id: 'HT00000002', ord_no: 'S9', ord_time: '2022-05-20 10:00:00+08', ret_code: '00', tx_amt: '100.00' }), FP_KEYS);
    const first = await ingestNotifications(app, profile, `${seedSample}\n${stale}\ngarbage`);
    expect(first.ingested).toBe(1);
    expect(first.outcomes).toEqual([
      { index: 1, orderNo: '3018', outcome: 'inserted' },
      { index: 2, orderNo: 'S9', outcome: 'skipped', reason: expect.stringMatching(/later state \(04\)/), reasonMsg: expect.objectContaining({ code: 'notify.later_state_cached' }) },
    ]);
    // The clerk reads why in Chinese, with the gateway's own name of the later status.
    expect(renderMessage(first.outcomes[1]!.reasonMsg!, 'zh-TW')).toBe('快取中已有金流回報的較新狀態（04 請款已清算），這則通知不會改回舊狀態；如需更新請重新查詢。');
    const store = new OrderStore(app.db);
    expect(store.get(profile.id, '3018')).toMatchObject({ status_code: '02', amount: 39900, source: 'notify', verified: 1 });
    expect(store.get(profile.id, 'S9')).toMatchObject({ status_code: '04' });
    const again = await ingestNotifications(app, profile, seedSample);
    expect(again.outcomes).toEqual([{ index: 1, orderNo: '3018', outcome: 'unchanged' }]);
    expect(app.db.prepare("SELECT COUNT(*) FROM raw_answers WHERE operation = 'notify'").pluck().get()).toBe(1);
  });
});

describe('First Bank async notifications', () => {
  it('verifies the 3.5 example (stray space after the key) and says so', async () => {
    const profile = await firstBankProfile(app);
    const [item] = await inspectNotifications(app, profile, fb35);
    expect(item).toMatchObject({ ok: true, kind: 'firstbank', decoded: { orderNo: '20160815095408', gatewayOrderNo: '01160815182355178', statusCode: '2', amount: 10000 } });
    expect(item!.warnings.join('\n')).toMatch(/stray space/);
    expect(item!.warnings.join('\n')).toMatch(/ToolStatus and ToolDesc look swapped/);
    expect(item!.decoded!.fields).not.toHaveProperty('HashKey');
  });

  it('verifies freshly signed ones, refuses altered, unsigned and foreign ones', async () => {
    const profile = await firstBankProfile(app);
    const fields = {
      PlatFormId: 'FCB002330917805', PlatFormName: '測試一號店', PayType: 'CREDIT', ToolStatus: '0000', ToolDesc: '執行成功', ReturnStatus: '00', ReturnDesc: '成功',
      OrderId: '2025032000042', ReCheckId: '01250320140301999', Amount: '1280', ShippingFee: '0', Fee: '0', TransTime: '2025/03/20 14:03:01',
      PayInfo: '{"AuthCode":"AB1234","CardId":"4111111111111111","CardBrand":"VISA"}', ReturnType: 'AsynReturn', TransStatus: '2', LastStatusChgTime: '2025/03/20 14:03:05',
    };
    const good = encodeForm(signFields('notify', fields, FB_KEY));
    const altered = good.replace('Amount=1280', 'Amount=12800');
    const unsigned = encodeForm(fields);
    const foreign = encodeForm(signFields('notify', { ...fields, PlatFormId: 'FCB000000000001' }, FB_KEY));
    const items = await inspectNotifications(app, profile, [good, altered, unsigned, foreign, seedSample].join('\n\n'));
    expect(items.map((i) => i.ok)).toEqual([true, false, false, false, false]);
    expect(items[0]!.warnings).toEqual([]);
    expect(items[0]!.decoded).toMatchObject({ orderNo: '2025032000042', amount: 128000, paid: true });
    expect(items[0]!.decoded!.fields.PayInfo).toContain('411111******1111');
    expect(items[1]!.error).toMatch(/signature does not match/);
    expect(items[2]!.error).toMatch(/carries no signature/);
    expect(items[3]!.error).toMatch(/addressed to platform FCB000000000001/);
    expect(items[4]!.error).toMatch(/FlashPay message, but fb is a First Bank profile/);
    expect(JSON.stringify(items)).not.toContain(FB_KEY);
  });

  it('ingesting fills in an order known only from the ledger', async () => {
    const profile = await firstBankProfile(app);
    const store = new OrderStore(app.db);
    store.registerKnown(profile.id, { gateway: 'firstbank', orderNo: '20160815095408', gatewayOrderNo: '01160815182355178', amount: 10000, payType: 'TENPAY', orderedAtMs: null }, { source: 'ledger', nowMs: 1 });
    const result = await ingestNotifications(app, profile, fb35);
    expect(result.outcomes).toEqual([{ index: 1, orderNo: '20160815095408', outcome: 'updated' }]);
    expect(store.get(profile.id, '20160815095408')).toMatchObject({ status_code: '2', status: 'captured', source: 'notify', taipei_day: '2016-08-15' });
  });
});

describe('splitting pasted text', () => {
  it('one per line, blank-line separated, or a pretty-printed JSON body', () => {
    expect(splitNotifications('a=1\r\nb=2\n\n\nc=3\n')).toEqual(['a=1', 'b=2', 'c=3']);
    expect(splitNotifications('{\n "dat": "00",\n "chk": "x"\n}\n\nd=4')).toEqual(['{\n "dat": "00",\n "chk": "x"\n}', 'd=4']);
    expect(splitNotifications('{"dat":"1"}\n{"dat":"2"}')).toEqual(['{"dat":"1"}', '{"dat":"2"}']);
  });
});
