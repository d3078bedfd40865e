// FlashPay answer payloads in the real servers' shape (seed 000 sections 6-8, vectors/flashpay.json):
// amounts as strings with two decimals, ord_time with "+08", slashes escaped as PHP's json_encode does.
import { FLASHPAY_VERSION } from '../../core/gateways/flashpay/codec.ts';
import { flashPayMoney, flashPayTime } from '../formats.ts';
import { type FlashPayRecord, RET_OK, moneyOf } from './model.ts';

/** PHP's json_encode escapes "/" (and keeps UTF-8 as is): the decrypted JSON must match byte for byte. */
export function phpJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('/', '\\/');
}

/** A 107 answer or a 106 mer_detail entry; the field order is the seed's 106 sample. */
export function orderEntry(r: FlashPayRecord, txType: string): Record<string, unknown> {
  const money = moneyOf(r);
  return {
    ver: FLASHPAY_VERSION,
    mer_id: r.merId,
    tx_type: txType,
    tx_amt: flashPayMoney(r.amountCents),
    tot_pay_amt: flashPayMoney(money.totPay),
    tot_ret_amt: flashPayMoney(money.totRet),
    can_pay_amt: flashPayMoney(money.canPay),
    can_ret_amt: flashPayMoney(money.canRet),
    order_no: r.orderNo,
    ord_no: r.ordNo,
    ord_time: flashPayTime(r.ordTimeMs),
    order_status: r.status,
    ret_code: r.retCode,
    ret_msg: r.retMsg,
    service_fee: flashPayMoney(r.feeCents),
    refund_service_fee: flashPayMoney(r.feeReturnedCents),
  };
}

/** The seed's 106 sample lists its entries with tx_type "9". */
export const LIST_ENTRY_TX_TYPE = '9';

export function orderListJson(records: FlashPayRecord[]): string {
  return phpJson({ returnCode: '0', mer_detail: records.map((r) => orderEntry(r, LIST_ENTRY_TX_TYPE)) });
}

/**
 * 107's ret_code is the query's own result (the seed's sample: a cancelled order with "00"), so a
 * declined order still answers "00" and tells its fate in order_status; 106 entries keep the
 * order's authorization result, as the vendor's list does.
 */
export function queryJson(r: FlashPayRecord): string {
  return phpJson({ ...orderEntry(r, '107'), ret_code: RET_OK.code, ret_msg: RET_OK.msg });
}

/** tx_type 8 answer (seed section 7 sample), carrying the cancel's own result code. */
export function cancelJson(r: FlashPayRecord, requestedAmt: string, ret: { code: string; msg: string }): string {
  const money = moneyOf(r);
  return phpJson({
    ver: FLASHPAY_VERSION,
    mer_id: r.merId,
    tx_type: '8',
    amt: requestedAmt,
    tot_pay_amt: flashPayMoney(money.totPay),
    tot_ret_amt: flashPayMoney(money.totRet),
    can_pay_amt: flashPayMoney(money.canPay),
    can_ret_amt: flashPayMoney(money.canRet),
    order_no: r.orderNo,
    ord_no: r.ordNo,
    ord_time: flashPayTime(r.ordTimeMs),
    order_status: r.status,
    ret_code: ret.code,
    ret_msg: ret.msg,
  });
}

/**
 * How the return_url notification looks. `real`: the real tx_type 104 sample (vectors/flashpay.json
 * decode[0]) field for field: no order_status, purchase_date "" even when approved, amt and
 * tot_pay_amt "0.00", so a merchant must infer 02/ZF from ret_code. `rich`: order_status added before
 * ret_code and purchase_date filled for an approved order (what the seed's parameter table lists).
 */
export type FlashPayNotificationShape = 'real' | 'rich';
export const NOTIFICATION_SHAPES: readonly FlashPayNotificationShape[] = ['real', 'rich'];

export function notificationJson(r: FlashPayRecord, shape: FlashPayNotificationShape = 'real'): string {
  const rich = shape === 'rich';
  return phpJson({
    ver: FLASHPAY_VERSION,
    tx_type: 104,
    mer_id: r.merId,
    sto_id: r.stoId,
    order_no: r.orderNo,
    ord_no: r.ordNo,
    ord_time: flashPayTime(r.ordTimeMs),
    ...(rich ? { order_status: r.status } : {}),
    ret_code: r.retCode,
    ret_msg: r.retMsg,
    purchase_date: !rich || r.purchaseMs === null || r.status !== '02' ? '' : flashPayTime(r.purchaseMs).slice(0, 19),
    auth_id_resp: r.authCode,
    amt: '0.00',
    tx_amt: flashPayMoney(r.amountCents),
    tot_pay_amt: '0.00',
    install_period: String(r.installPeriod),
    use_redeem: r.useRedeem ? '1' : '0',
    return_url: r.returnUrl,
    client_url: r.clientUrl,
    pay_type: r.payType,
  });
}

/** FlashPay's server errors: plain, unencrypted JSON (section 4(2)d). */
export interface PlainError {
  ret_code: string;
  ret_msg: string;
}

export const ERRORS = {
  malformed: { ret_code: 'E001', ret_msg: '資料格式錯誤(malformed request: ver, mid, dat, key and chk are required)' },
  merchant: { ret_code: 'E002', ret_msg: '特店編號不存在(unknown merchant)' },
  chk: { ret_code: 'E003', ret_msg: '檢查碼錯誤(chk does not match dat)' },
  key: { ret_code: 'E004', ret_msg: '確認碼錯誤或無法解密(key mismatch or undecryptable dat)' },
  missing: { ret_code: 'E005', ret_msg: '缺少必要欄位(missing required field)' },
  txType: { ret_code: 'E006', ret_msg: '交易類別錯誤(unsupported tx_type)' },
  range: { ret_code: 'E007', ret_msg: '查詢區間錯誤(date range invalid, or end_date more than 30 days after start_date)' },
  order: { ret_code: 'E008', ret_msg: '查無此訂單(order not found)' },
  duplicate: { ret_code: 'E009', ret_msg: '訂單編號重複(ord_no already used)' },
  value: { ret_code: 'E010', ret_msg: '欄位內容錯誤(invalid field value)' },
} as const satisfies Record<string, PlainError>;

export function withDetail(error: PlainError, detail: string): PlainError {
  return { ret_code: error.ret_code, ret_msg: `${error.ret_msg}: ${detail}` };
}
