import { describe, expect, it } from 'vitest';
import { MalformedAnswerError, SignatureError } from '../../../src-main/core/errors.ts';
import {
  FIELD_LISTS,
  canonicalString,
  encodeForm,
  parseAnswerJson,
  parseNotification,
  parsePayInfo,
  sign,
  signFields,
  verify,
  verifyAnswer,
} from '../../../src-main/core/gateways/firstbank/codec.ts';
import { loadFirstBankVectors } from './helpers.ts';

const vectors = loadFirstBankVectors();
const KEY = 'be27d4c871f9bdfd12d02fc8d8041463';
const notifyVector = vectors.find((v) => v.kind === 'notify')!;

describe('First Bank golden vectors (seed 004, 3.1-3.5)', () => {
  it('covers all five sections', () => {
    expect(vectors.map((v) => v.kind)).toEqual(['trade', 'refund', 'query', 'rate', 'notify']);
  });

  for (const v of vectors) {
    it(`${v.section} ${v.kind}: canonical string and signature match byte for byte`, () => {
      expect(canonicalString(v.kind, v.fields)).toBe(v.canonical);
      expect(sign(v.kind, v.fields, v.hashKey, v.prefix)).toBe(v.expected);
    });

    it(`${v.section} ${v.kind}: verifies, in either hex case, and rejects a tampered field`, () => {
      expect(verify(v.kind, { ...v.fields, HashKey: v.expected }, v.hashKey, v.prefix)).toBe(true);
      expect(verify(v.kind, { ...v.fields, HashKey: v.expected.toLowerCase() }, v.hashKey, v.prefix)).toBe(true);
      const [first] = Object.keys(v.fields);
      expect(verify(v.kind, { ...v.fields, [first!]: `${v.fields[first!]}1`, HashKey: v.expected }, v.hashKey, v.prefix)).toBe(false);
      expect(verify(v.kind, { ...v.fields, HashKey: v.expected }, `${v.hashKey}x`, v.prefix)).toBe(false);
    });
  }
});

describe('First Bank canonical string', () => {
  it('keeps every fixed field, empty ones included', () => {
    expect(canonicalString('refund', {})).toBe('Amount=&OrderId=&PayType=&PlatFormId=&ReCheckId=&RefundDesc=');
    expect(canonicalString('trade', {}).split('&')).toHaveLength(FIELD_LISTS.trade.length);
  });

  it('signs an extra field in its ordinal place (3.1 signs OutBank) and never the signature field', () => {
    const fields = { Amount: '100', OrderId: 'A1', PayType: 'CREDIT', PlatFormId: 'P', ReCheckId: 'R', Memo: '備註', HashKey: 'X' };
    expect(canonicalString('query', fields)).toBe('Amount=100&Memo=備註&OrderId=A1&PayType=CREDIT&PlatFormId=P&ReCheckId=R');
    const withoutExtra = { ...fields, Memo: undefined };
    expect(sign('query', fields, KEY)).not.toBe(sign('query', withoutExtra, KEY));
  });

  it('orders names by bytes (uppercase before lowercase)', () => {
    expect(canonicalString('answer', { b: '1', B: '2', a: '3', Amount: '4' })).toBe('Amount=4&B=2&a=3&b=1');
  });

  it('uses raw values: no URL encoding, numbers as text', () => {
    expect(canonicalString('rate', { PayType: 'A&B=C', PlatFormId: 7 })).toBe('PayType=A&B=C&PlatFormId=7');
  });

  it('treats a missing signature as invalid', () => {
    expect(verify('query', { Amount: '1' }, KEY)).toBe(false);
    expect(verify('query', { Amount: '1', HashKey: 'zz' }, KEY)).toBe(false);
  });

  it('signFields adds the signature that verify accepts', () => {
    const signed = signFields('refund', { Amount: 100, OrderId: 'A1', RefundDesc: '交易退貨', PayType: 'CREDIT', PlatFormId: 'P', ReCheckId: 'R' }, KEY);
    expect(signed.Amount).toBe('100');
    expect(verify('refund', signed, KEY)).toBe(true);
  });
});

describe('First Bank notifications', () => {
  function body(fields: Record<string, string>): string {
    return encodeForm(fields);
  }

  it('verifies the 3.5 example as a urlencoded UTF-8 body (with the seed stray space)', () => {
    const form = body({ ...notifyVector.fields, HashKey: notifyVector.expected });
    expect(form).toContain('%E6%B8%AC%E8%A9%A6'); // 測試, percent-encoded UTF-8
    expect(parseNotification(form, KEY, notifyVector.prefix).fields.PlatFormName).toBe(' 測試一號店');
    expect(() => parseNotification(form, KEY)).toThrow(SignatureError);
  });

  it('accepts a notification signed the normal way, Chinese and empty values included', () => {
    const fields = { ...notifyVector.fields, PlatFormName: '測試一號店', PayInfo: '', ToolStatus: '0000', ToolDesc: '執行成功' };
    const form = body(signFields('notify', fields, KEY));
    expect(parseNotification(form, KEY).fields).toMatchObject({ PlatFormName: '測試一號店', PayInfo: '', ToolStatus: '0000' });
  });

  it('rejects a tampered, unsigned, or empty notification', () => {
    const signed = signFields('notify', { ...notifyVector.fields }, KEY);
    expect(() => parseNotification(body({ ...signed, Amount: '1000' }), KEY)).toThrow(SignatureError);
    const { HashKey: _drop, ...unsigned } = signed;
    expect(() => parseNotification(body(unsigned), KEY)).toThrow(SignatureError);
    expect(() => parseNotification('', KEY)).toThrow(MalformedAnswerError);
    expect(() => parseNotification('<html></html>', KEY)).toThrow(MalformedAnswerError);
  });

  it('signs an extra field the platform adds', () => {
    const signed = signFields('notify', { ...notifyVector.fields, NewField: 'x' }, KEY);
    expect(parseNotification(body(signed), KEY).fields.NewField).toBe('x');
    const { NewField: _drop, ...stripped } = signed;
    expect(() => parseNotification(body(stripped), KEY)).toThrow(SignatureError);
  });
});

describe('First Bank PayInfo', () => {
  it('reads a full JSON object', () => {
    expect(parsePayInfo('{"AuthCode":"AB1234","CardId":"123456******5678","CardBrand":"V","TransType":0}')).toEqual({
      AuthCode: 'AB1234', CardId: '123456******5678', CardBrand: 'V', TransType: '0',
    });
  });

  it('reads the seed shape without braces', () => {
    expect(parsePayInfo('"AuthCode" : "AB1234", "CardId" : "1234567822345678", "CardBrand" : "V", "TransType" : 0')).toEqual({
      AuthCode: 'AB1234', CardId: '1234567822345678', CardBrand: 'V', TransType: '0',
    });
    expect(parsePayInfo('"OrderTime" : "20160125071235", "ChannelOrderId" : "12345678", "ChannelUserId" : "abc", "TotalAmount" : 100, "CustFee" : 0')).toMatchObject({
      TotalAmount: '100', CustFee: '0',
    });
  });

  it('reads empty as {} and refuses garbage', () => {
    expect(parsePayInfo('')).toEqual({});
    expect(parsePayInfo('  ')).toEqual({});
    expect(() => parsePayInfo('"ID" : "A1", "OutAccountNo" : "1"","OutBank" : "007"')).toThrow(MalformedAnswerError);
    expect(() => parsePayInfo('[1]')).toThrow(MalformedAnswerError);
  });
});

describe('First Bank JSON answers', () => {
  it('parses plain and double-encoded JSON, values as text', () => {
    expect(parseAnswerJson('{"ToolStatus":"0000","Amount":100}')).toEqual({ ToolStatus: '0000', Amount: '100' });
    expect(parseAnswerJson(JSON.stringify('{"ToolStatus":"0000"}'))).toEqual({ ToolStatus: '0000' });
  });

  it('refuses empty, HTML and broken answers', () => {
    expect(() => parseAnswerJson('')).toThrow(MalformedAnswerError);
    expect(() => parseAnswerJson('<html>error</html>')).toThrow(MalformedAnswerError);
    expect(() => parseAnswerJson('{"ToolStatus":"00')).toThrow(MalformedAnswerError);
  });

  it('verifies a signed answer over all of its fields', () => {
    const signed = signFields('answer', { ToolStatus: '0000', ToolDesc: '執行成功', OrderId: 'A1', Amount: '100' }, KEY);
    expect(() => verifyAnswer(signed, KEY)).not.toThrow();
    expect(() => verifyAnswer({ ...signed, Amount: '1' }, KEY)).toThrow(SignatureError);
    expect(() => verifyAnswer({ ToolStatus: '9999' }, KEY)).not.toThrow();
  });
});
