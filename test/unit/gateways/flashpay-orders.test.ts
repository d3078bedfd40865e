import { describe, expect, it } from 'vitest';
import { GatewayError, MalformedAnswerError } from '../../../src-main/core/errors.ts';
import { parseFlashPayOrder, parseFlashPayOrderList } from '../../../src-main/core/gateways/flashpay/orders.ts';
import { FLASHPAY_STATUS_CODES, FLASHPAY_STATUSES, flashPayStatus } from '../../../src-main/core/gateways/flashpay/statuses.ts';
import { SEED_106_ANSWER, SEED_CANCEL_ANSWER } from './fixtures.ts';
import { loadFlashPayVectors } from './helpers.ts';

describe('FlashPay order statuses', () => {
  it('lists every section 9 code with its seed name and mapping', () => {
    expect(FLASHPAY_STATUS_CODES).toHaveLength(9);
    const mapping = Object.fromEntries(FLASHPAY_STATUS_CODES.map((c) => [c, FLASHPAY_STATUSES[c].normalized]));
    expect(mapping).toEqual({
      '00': 'pending', ZP: 'pending', '02': 'authorized', ZF: 'failed', '12': 'cancelled',
      '03': 'captured', '04': 'settled', '06': 'refunded', '08': 'refund_settled',
    });
    expect(FLASHPAY_STATUSES['00'].zh).toBe('授權中(授權失敗)');
    expect(FLASHPAY_STATUSES['08'].zh).toBe('退貨已清算');
  });

  it('does not crash on an unknown code', () => {
    expect(flashPayStatus('99')).toMatchObject({ code: '99', known: false, normalized: 'pending' });
    expect(flashPayStatus(' 02 ')).toMatchObject({ code: '02', known: true, normalized: 'authorized' });
  });
});

describe('FlashPay orders', () => {
  it('parses the 104 notification (no order_status: inferred from ret_code)', () => {
    const order = parseFlashPayOrder(loadFlashPayVectors().decode[0]!.json);
    expect(order).toMatchObject({
      ordNo: '3018', orderNo: 'FP2205271100002435', merId: 'HT00000002', txType: '104',
      statusCode: '02', status: 'authorized', statusKnown: true, statusInferred: true,
      amount: 39900, captured: 0, refunded: 0, fee: 0,
      orderedAt: { utc: '2022-05-27T03:38:38.000Z', original: '2022-05-27 11:38:38+08' },
      purchaseDate: null, authCode: '202972', installments: 0, useRedeem: false, payType: '1',
      retCode: '00',
    });
  });

  it('infers a declined authorization when a notification has a failing ret_code', () => {
    const order = parseFlashPayOrder({ ord_no: '1', ret_code: '05', ret_msg: 'declined' });
    expect(order).toMatchObject({ statusCode: 'ZF', status: 'failed', statusInferred: true, amount: null });
  });

  it('parses the seed 106 list with exact cents', () => {
    const orders = parseFlashPayOrderList(SEED_106_ANSWER);
    expect(orders.map((o) => [o.ordNo, o.amount, o.captured, o.refundable, o.fee, o.status])).toEqual([
      ['269242', 50000, 50000, 50000, 1500, 'settled'],
      ['269241', 50098, 50098, 50098, 1500, 'settled'],
    ]);
  });

  it('parses the seed cancel answer', () => {
    expect(parseFlashPayOrder(SEED_CANCEL_ANSWER)).toMatchObject({ ordNo: '10329', status: 'cancelled', amount: null, orderNo: null });
  });

  it('takes amounts sent as JSON numbers and empty strings as zero', () => {
    const order = parseFlashPayOrder({ ord_no: 'a', order_status: '03', amt: 500.98, tot_pay_amt: '', tx_amt: '' });
    expect(order.amount).toBe(50098);
    expect(order.captured).toBe(0);
  });

  it('accepts the seed purchase_date shape without a separator', () => {
    const order = parseFlashPayOrder({ ord_no: 'a', order_status: '02', purchase_date: '2020-10-2812:05:13' });
    expect(order.purchaseDate).toEqual({ utc: '2020-10-28T04:05:13.000Z', original: '2020-10-2812:05:13' });
  });

  it('refuses a garbled amount and a missing ord_no; keeps an order with a garbled time, marked', () => {
    expect(() => parseFlashPayOrder({ ord_no: 'a', tx_amt: '1e3' })).toThrow(MalformedAnswerError);
    // The store flags it as an anomaly (plausibility.ts) instead of dropping the whole answer.
    const o = parseFlashPayOrder({ ord_no: 'a', ord_time: 'yesterday' });
    expect(o.orderedAt).toBeNull();
    expect(o.malformedTimes).toEqual(['ord_time']);
    expect(o.raw.ord_time).toBe('yesterday');
    expect(() => parseFlashPayOrder({ order_status: '02' })).toThrow(MalformedAnswerError);
  });

  it('treats a failing 106 returnCode as a gateway error and an empty list as empty', () => {
    expect(() => parseFlashPayOrderList({ returnCode: '1', ret_msg: 'no auth' })).toThrow(GatewayError);
    expect(parseFlashPayOrderList({ returnCode: '0' })).toEqual([]);
    expect(parseFlashPayOrderList({ returnCode: '0', mer_detail: [] })).toEqual([]);
    expect(() => parseFlashPayOrderList({ foo: 1 })).toThrow(MalformedAnswerError);
    expect(() => parseFlashPayOrderList({ returnCode: '0', mer_detail: 'x' })).toThrow(MalformedAnswerError);
  });
});
