// The golden vectors of test/fixtures/vectors/vendor-shapes.json (written by vendor-shapes.gen.py in
// Python, independently of these codecs; docs/VENDOR-SHAPES.md): the console's codecs must reproduce
// every one, under both First Bank signing rules, and must refuse the length-extension forgery.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SignatureError } from '../../../src-main/core/errors.ts';
import { computeChk, computeKey, openEnvelope } from '../../../src-main/core/gateways/flashpay/codec.ts';
import { fieldText, parseFlashPayOrder } from '../../../src-main/core/gateways/flashpay/orders.ts';
import {
  SIGNATURE_FIELD, canonicalString, decodeSignedForm, matchSignature, naturalCaseOrder, parseNotificationAnyRule, sign,
} from '../../../src-main/core/gateways/firstbank/codec.ts';
import { checkFirstBankNotification } from '../../../src-main/core/gateways/firstbank/inspect.ts';
import { parseCents } from '../../../src-main/core/money.ts';
import { lengthExtend } from '../../support/sha256-extend.ts';
import { readVendorShapes } from '../../support/vectors.ts';

const shapes = readVendorShapes();
const FB_KEY = shapes.firstbank.hashKey;

describe('FlashPay vendor envelopes', () => {
  it.each(shapes.flashpay.envelopes)('$source', (v) => {
    const keys = shapes.flashpay.credentials;
    expect(computeChk(v.dat)).toBe(v.chk);
    expect(computeKey(v.json, keys)).toBe(v.key);
    const opened = openEnvelope({ ver: v.ver, mid: v.mid, dat: v.dat, key: v.key, chk: v.chk }, keys);
    expect(opened.json).toBe(v.json);
    expect(opened.payload).toEqual(JSON.parse(v.json));
    // chk is over dat as sent: the other case of the same dat is another text, another chk.
    const otherCase = v.dat === v.dat.toUpperCase() ? v.dat.toLowerCase() : v.dat.toUpperCase();
    expect(() => openEnvelope({ ver: v.ver, mid: v.mid, dat: otherCase, key: v.key, chk: v.chk }, keys)).toThrow(SignatureError);
  });

  it('reads what the vendor payloads carry: ord_time without +08 as Taipei time, amt 405.0 as 405.00', () => {
    const [query, trade, cancel] = shapes.flashpay.envelopes.map((v) => JSON.parse(v.json) as Record<string, unknown>);
    expect(fieldText(query!, 'ver')).toBe('1.0.0');
    const order = parseFlashPayOrder(trade!);
    expect(order.orderedAt).toEqual({ utc: '2022-05-27T03:38:38.000Z', original: '2022-05-27 11:38:38' });
    expect(order.amount).toBe(39_900);
    expect(trade!.order_desc).toBe('商品');
    expect(trade!.phone).toBe('0912345678');
    expect(parseCents(fieldText(cancel!, 'amt')!)).toBe(40_500);
  });

  it.each(shapes.flashpay.tradeAmounts)('amt written as $text is $cents cents ($client)', ({ text, cents }) => {
    expect(parseCents(fieldText(JSON.parse(`{"amt":${text}}`) as Record<string, unknown>, 'amt')!)).toBe(cents);
  });
});

describe('First Bank: the seed rule and the plugin rule', () => {
  it.each(shapes.firstbank.vectors)('$source', (v) => {
    expect(canonicalString(v.kind, v.fields, 'seed')).toBe(v.seed.canonical);
    expect(canonicalString(v.kind, v.fields, 'plugin')).toBe(v.plugin.canonical);
    expect(sign(v.kind, v.fields, FB_KEY, v.keyPrefix, 'seed')).toBe(v.seed.expected);
    expect(sign(v.kind, v.fields, FB_KEY, v.keyPrefix, 'plugin')).toBe(v.plugin.expected);
    // A receiver tries the seed rule first, then its stray space, then the plugin's rule.
    expect(matchSignature(v.kind, { ...v.fields, HashKey: v.seed.expected }, FB_KEY)).toBe(v.keyPrefix === ' ' ? 'seed-stray-space' : 'seed');
    if (v.keyPrefix === '') expect(matchSignature(v.kind, { ...v.fields, HashKey: v.plugin.expected }, FB_KEY)).toBe('plugin');
  });

  it('orders TimeoutSecs before TimeZone under the plugin rule and after it under the seed rule', () => {
    const trade = shapes.firstbank.vectors.find((v) => v.kind === 'trade')!;
    expect(trade.plugin.canonical).toMatch(/&TimeoutSecs=600&TimeZone=\+0800&/);
    expect(trade.seed.canonical).toMatch(/&TimeZone=\+0800&TimeoutSecs=600&/);
    expect(['TimeZone', 'TimeoutSecs', 'Item10', 'item9', 'Amount'].sort(naturalCaseOrder)).toEqual(['Amount', 'item9', 'Item10', 'TimeoutSecs', 'TimeZone']);
  });
});

describe('First Bank: length extension of SHA-256(key + message)', () => {
  const forgery = shapes.firstbank.forgery;
  const seed35 = shapes.firstbank.vectors[0]!;

  it('the TypeScript extension agrees with the Python one on the seed\'s 3.5 example', () => {
    const length = Buffer.byteLength(`${FB_KEY} ${seed35.seed.canonical}`);
    const ext = lengthExtend(seed35.seed.expected, length, Buffer.from(forgery.appended));
    expect(Buffer.from(ext.glue).toString('hex')).toBe(forgery.glueHex);
    expect(ext.digest).toBe(forgery.forgedSignature);
    // The forged signature really is SHA-256(key + " " + the glued canonical bytes): a verifier that
    // hashed raw bytes would take it.
    const glued = Buffer.concat([Buffer.from(`${FB_KEY} ${seed35.seed.canonical}`), Buffer.from(ext.glue), Buffer.from(forgery.appended)]);
    expect(createHash('sha256').update(glued).digest('hex').toUpperCase()).toBe(forgery.forgedSignature);
  });

  it('the forged notification is refused for its glue, by the codec, the inspector\'s verdict and the strict form decoder', () => {
    const fields = decodeSignedForm(forgery.body);
    expect(fields.TransType).toBe('1');
    expect(fields.TransTime).toContain('\ufffd');
    expect(fields[SIGNATURE_FIELD]).toBe(forgery.forgedSignature);
    expect(() => parseNotificationAnyRule(forgery.body, FB_KEY)).toThrow(/not UTF-8 text, the padding a forged \(length-extended\) signature needs/);
    expect(() => checkFirstBankNotification(forgery.body, FB_KEY)).toThrow(SignatureError);
  });

  it('control characters in a signed value are refused even when the signature is genuine', () => {
    const fields = { ...seed35.fields, PlatFormName: '測試\u0000一號店' };
    const body = new URLSearchParams({ ...fields, HashKey: sign('notify', fields, FB_KEY) }).toString();
    expect(() => checkFirstBankNotification(body, FB_KEY)).toThrow(/field "PlatFormName" carries control characters/);
    const tab = { ...seed35.fields, PlatFormName: '測試\t一號店' };
    expect(() => checkFirstBankNotification(new URLSearchParams({ ...tab, HashKey: sign('notify', tab, FB_KEY) }).toString(), FB_KEY)).toThrow(SignatureError);
  });
});
