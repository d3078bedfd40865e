// codec: FlashPay envelope opens per second (chk + AES + JSON) and First Bank notification verifies
// per second. The baseline is the bare primitive underneath (SHA-256 of the same bytes), so the ratio
// shows what the protocol handling costs on top of hashing.
import { createHash } from 'node:crypto';
import { openAnswer, sealAnswer } from '../src-main/core/gateways/flashpay/codec.ts';
import { encodeForm, parseNotification, signFields } from '../src-main/core/gateways/firstbank/codec.ts';
import type { BenchResult } from './lib.ts';

function perSecond(fn: () => void, minMs = 1500): number {
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < minMs) {
    for (let i = 0; i < 200; i++) fn();
    n += 200;
  }
  return n / ((performance.now() - t0) / 1000);
}

export async function run(): Promise<Record<string, BenchResult>> {
  const keys = { hashKey: 'U9kmXqjovFsBb1BEuEyPiO03uHGIE1Jr', hashIv: 'V4msmb1cSCBUSLWr' };
  const json = JSON.stringify({
    ver: '1.0.0', tx_type: 107, mer_id: 'HT00000002', ord_no: '269201', order_no: 'FP2205271100002435', ord_time: '2022-04-15 16:46:50+08',
    order_status: '04', tx_amt: '500.00', tot_pay_amt: '500.00', tot_ret_amt: '0.00', can_pay_amt: '0.00', can_ret_amt: '500.00',
    ret_code: '00', ret_msg: '交易成功(Approved or completed successfully)', service_fee: '15.00', refund_service_fee: '0.00',
  });
  const body = sealAnswer(json, keys);
  const fpRate = perSecond(() => openAnswer(body, keys));
  const fpBase = perSecond(() => createHash('sha256').update(body).digest('hex'));

  const hashKey = 'be27d4c871f9bdfd12d02fc8d8041463';
  const fields = signFields(
    'notify',
    {
      Amount: '100', Fee: '0', LastStatusChgTime: '2016/08/15 09:54:08', OrderId: '20160815095408', PayInfo: '', PayType: 'CREDIT',
      PlatFormId: 'FCB002330917805', PlatFormName: '測試一號店', ReCheckId: '01160815182355178', ReturnDesc: '成功', ReturnStatus: '00',
      ReturnType: 'AsynReturn', ShippingFee: '0', ToolDesc: '執行成功', ToolStatus: '0000', TransStatus: '2', TransTime: '2016/08/15 09:54:08',
    },
    hashKey,
  );
  const form = encodeForm(fields);
  const fbRate = perSecond(() => parseNotification(form, hashKey));
  const fbBase = perSecond(() => createHash('sha256').update(form).digest('hex'));
  return {
    codec_flashpay_open: { value: Math.round(fpRate), unit: 'answers/s', baseline: Math.round(fpBase), ratio: Math.round((fpRate / fpBase) * 1000) / 1000, note: 'baseline: SHA-256 of the same body' },
    codec_firstbank_verify: { value: Math.round(fbRate), unit: 'notifications/s', baseline: Math.round(fbBase), ratio: Math.round((fbRate / fbBase) * 1000) / 1000, note: 'baseline: SHA-256 of the same body' },
  };
}
