import { describe, expect, it } from 'vitest';
import { MalformedAnswerError } from '../../../src-main/core/errors.ts';
import { maskCardId, parseFirstBankOrder } from '../../../src-main/core/gateways/firstbank/orders.ts';
import {
  FIRSTBANK_TOOL_STATUSES,
  FIRSTBANK_TRANS_STATUSES,
  FIRSTBANK_TRANS_STATUS_CODES,
  firstBankTransStatus,
  isPaymentGood,
  toolStatusInfo,
} from '../../../src-main/core/gateways/firstbank/statuses.ts';
import { loadFirstBankVectors } from './helpers.ts';

describe('First Bank statuses', () => {
  it('maps TransStatus 0-7 with corrected names (已, not 己)', () => {
    expect(FIRSTBANK_TRANS_STATUS_CODES.map((c) => [FIRSTBANK_TRANS_STATUSES[c].zh, FIRSTBANK_TRANS_STATUSES[c].normalized])).toEqual([
      ['已建立', 'pending'],
      ['已取消', 'cancelled'],
      ['已付款', 'captured'],
      ['已退款', 'refunded'],
      ['退款交易處理中', 'refund_pending'],
      ['取消交易處理中', 'pending'],
      ['交易失敗', 'failed'],
      ['交易金額不符', 'amount_mismatch'],
    ]);
    expect(firstBankTransStatus('9')).toMatchObject({ known: false, normalized: 'pending' });
  });

  it('lists the 4.1 ToolStatus codes', () => {
    expect(Object.keys(FIRSTBANK_TOOL_STATUSES).sort()).toEqual(['0000', '0001', '9987', '9988', '9989', '9990', '9991', '9992', '9996', '9997', '9998', '9999']);
    expect(toolStatusInfo('9997')).toMatchObject({ known: true, zh: '找不到符合條件的資料' });
    expect(toolStatusInfo('1234').known).toBe(false);
  });

  it('calls a payment good only for ToolStatus 0000 and TransStatus 2', () => {
    expect(isPaymentGood('0000', '2')).toBe(true);
    expect(isPaymentGood('0000', '3')).toBe(false);
    expect(isPaymentGood('0001', '2')).toBe(false);
    expect(isPaymentGood(undefined, '2')).toBe(false);
  });
});

describe('First Bank orders', () => {
  it('reads the 3.5 notification example', () => {
    const fields = loadFirstBankVectors().find((v) => v.kind === 'notify')!.fields;
    const order = parseFirstBankOrder(fields);
    expect(order).toMatchObject({
      orderId: '20160815095408', reCheckId: '01160815182355178', payType: 'TENPAY', amount: 10000, shippingFee: 0, fee: 0,
      transStatusCode: '2', status: 'captured', statusKnown: true, returnType: 'AsynRetun', platformName: '測試一號店',
      transTime: { utc: '2016-08-15T01:54:08.000Z', original: '2016/08/15 09:54:08' }, payInfo: {},
    });
    // The seed's example swaps ToolStatus and ToolDesc, so it does not count as paid.
    expect(order.paid).toBe(false);
    expect(parseFirstBankOrder({ ...fields, ToolStatus: '0000', ToolDesc: '執行成功' }).paid).toBe(true);
  });

  it('reads a card report answer (yyyyMMddHHmmss, PayInfo without braces)', () => {
    const order = parseFirstBankOrder({
      ToolStatus: '0000', ToolDesc: '執行成功', OrderId: 'A1', ReCheckId: 'R1', Amount: '1200', ShippingFee: '60', Fee: '',
      TransTime: '20160815095408', RetutnType: 'ReportReturn', TransStatus: '3', PayType: 'CREDIT',
      PayInfo: '"AuthCode" : "AB1234", "CardId" : "1234567822345678", "CardBrand" : "V", "TransType" : 1, "PeriodNum" : "3"',
    });
    expect(order).toMatchObject({
      amount: 120000, shippingFee: 6000, fee: 0, status: 'refunded', returnType: 'ReportReturn', authCode: 'AB1234',
      cardId: '123456******5678', cardBrand: 'V', transType: '1', periodNum: '3', transTime: { utc: '2016-08-15T01:54:08.000Z' },
    });
  });

  it('keeps an order readable when PayInfo is broken, and refuses broken money', () => {
    const order = parseFirstBankOrder({ OrderId: 'A1', TransStatus: '2', PayInfo: '"ID" : "A1"",' });
    expect(order.payInfo).toBeNull();
    expect(order.payInfoRaw).toBe('"ID" : "A1"",');
    expect(() => parseFirstBankOrder({ OrderId: 'A1', Amount: 'abc' })).toThrow(MalformedAnswerError);
    expect(() => parseFirstBankOrder({ Amount: '1' })).toThrow(MalformedAnswerError);
  });

  it('masks card numbers', () => {
    expect(maskCardId('4111111111111111')).toBe('411111******1111');
    expect(maskCardId('411111******1111')).toBe('411111******1111');
  });
});
