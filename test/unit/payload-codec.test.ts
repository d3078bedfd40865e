import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compressPayload, decompressPayload } from '../../src-main/core/store/payload-codec.ts';

describe('order payload codec', () => {
  it('round-trips a real FlashPay entry and roughly halves it', () => {
    const json = JSON.stringify({
      ver: '1.0.0', mer_id: 'D061', tx_type: '9', tx_amt: '500.98', tot_pay_amt: '500.98', tot_ret_amt: '0.00', can_pay_amt: '0.00',
      can_ret_amt: '500.98', order_no: 'FP2204251200001794', ord_no: '269241', ord_time: '2022-04-25 12:19:17+08', order_status: '04',
      ret_code: '00', ret_msg: '交易成功(Approved or completed successfully)', service_fee: '15.00', refund_service_fee: '0.00',
    });
    const stored = compressPayload(json);
    expect(decompressPayload(stored)).toBe(json);
    expect(Buffer.byteLength(stored)).toBeLessThan(Buffer.byteLength(json) * 0.55);
  });

  it('round-trips any JSON, including values that look like tokens', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const json = JSON.stringify(v);
        expect(decompressPayload(compressPayload(json))).toBe(json);
      }),
      { numRuns: 2000 },
    );
    const tricky = JSON.stringify({ note: '"ver":"0.00"', k: '\\"0.00\\"', '"ret_msg":': '交易成功(Approved or completed successfully)x' });
    expect(decompressPayload(compressPayload(tricky))).toBe(tricky);
  });

  it('reads plain JSON written without the codec', () => {
    expect(decompressPayload('{"a":1}')).toBe('{"a":1}');
    expect(decompressPayload(null)).toBeNull();
  });
});
