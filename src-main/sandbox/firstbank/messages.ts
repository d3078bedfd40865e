// First Bank messages in the seed's shapes (004 sections 3.1-3.5): the async notification (signed
// over the 3.5 list), the browser result, and the JSON answers to refund/report/rate, signed in the
// HashKey field over every field they carry.
import { type SigningRule, signFields } from '../../core/gateways/firstbank/codec.ts';
import { FIRSTBANK_TOOL_STATUSES, TOOL_STATUS_OK } from '../../core/gateways/firstbank/statuses.ts';
import { firstBankCompactTime, firstBankTime } from '../formats.ts';
import type { FirstBankRecord } from './model.ts';

export interface FirstBankIdentity {
  platformId: string;
  platformName: string;
  hashKey: string;
  /** How outgoing messages are signed (docs/VENDOR-SHAPES.md); default the seed's rule. */
  signing?: SigningRule;
}

export function toolDesc(code: string): string {
  return FIRSTBANK_TOOL_STATUSES[code]?.zh ?? '';
}

/** PayInfo: a JSON object string whose fields depend on PayType (tables under 3.1 and 3.5). */
export function payInfo(r: FirstBankRecord): string {
  if (r.card) {
    const info: Record<string, string | number> = { AuthCode: r.card.authCode, CardId: r.card.cardId, CardBrand: r.card.cardBrand, TransType: Number(r.transType) };
    if (r.transType === '1') info.PeriodNum = r.periodNum;
    if (r.transType === '2') info.BonusActionCode = r.bonusActionCode;
    return JSON.stringify(info);
  }
  if (r.tenpay && r.paidMs !== null) {
    return JSON.stringify({
      OrderTime: firstBankCompactTime(r.paidMs), ChannelOrderId: r.tenpay.channelOrderId, ChannelUserId: r.tenpay.channelUserId,
      TotalAmount: r.amount + r.shippingFee, CustFee: 0,
    });
  }
  return '';
}

/** The 3.5 async notification (ReturnType AsynReturn) or the browser result (OrderReturn). */
export function statusMessage(r: FirstBankRecord, id: FirstBankIdentity, returnType: 'AsynReturn' | 'OrderReturn'): Record<string, string> {
  return signFields('notify', {
    PlatFormId: id.platformId,
    PlatFormName: id.platformName,
    PayType: r.payType,
    ToolStatus: TOOL_STATUS_OK,
    ToolDesc: toolDesc(TOOL_STATUS_OK),
    ReturnStatus: r.returnStatus,
    ReturnDesc: r.returnDesc,
    OrderId: r.orderId,
    ReCheckId: r.reCheckId,
    Amount: String(r.amount),
    ShippingFee: String(r.shippingFee),
    Fee: '0',
    TransTime: firstBankTime(r.transTimeMs),
    PayInfo: payInfo(r),
    ReturnType: returnType,
    TransStatus: r.transStatus,
    LastStatusChgTime: firstBankTime(r.lastChangeMs),
  }, id.hashKey, id.signing);
}

function signedJson(fields: Record<string, string>, id: FirstBankIdentity): string {
  return JSON.stringify(signFields('answer', fields, id.hashKey, id.signing));
}

export function refundAnswer(r: FirstBankRecord, id: FirstBankIdentity): string {
  return signedJson({
    PlatFormId: id.platformId, PayType: r.payType, ToolStatus: TOOL_STATUS_OK, ToolDesc: toolDesc(TOOL_STATUS_OK),
    ReturnStatus: r.returnStatus, ReturnDesc: r.returnDesc, OrderId: r.orderId, ReCheckId: r.reCheckId, Amount: String(r.amount),
    PayInfo: payInfo(r), ReturnType: 'RefundReturn', TransStatus: r.transStatus,
  }, id);
}

export function reportAnswer(r: FirstBankRecord, id: FirstBankIdentity): string {
  return signedJson({
    PlatFormId: id.platformId, PayType: r.payType, ToolStatus: TOOL_STATUS_OK, ToolDesc: toolDesc(TOOL_STATUS_OK),
    ReturnStatus: r.returnStatus, ReturnDesc: r.returnDesc, OrderId: r.orderId, ReCheckId: r.reCheckId, Amount: String(r.amount),
    ShippingFee: String(r.shippingFee), Fee: '0', TransTime: firstBankCompactTime(r.transTimeMs), ReturnType: 'ReportReturn',
    TransStatus: r.transStatus, PayInfo: payInfo(r),
  }, id);
}

export function rateAnswer(id: FirstBankIdentity, rate: string, rateTimeMs: number): string {
  return signedJson({
    PlatFormId: id.platformId, PayType: 'TENPAY', ToolStatus: TOOL_STATUS_OK, ToolDesc: toolDesc(TOOL_STATUS_OK),
    ReturnStatus: '00', ReturnDesc: '成功', BaseCurrency: 'CNY', TargetCurrency: 'TWD', RateTime: firstBankCompactTime(rateTimeMs), Rate: rate,
    PayInfo: '', ReturnType: 'ExchangeRateReturn',
  }, id);
}

/**
 * An error answer with the seed's ToolStatus codes. Signed when the merchant is known (a console
 * verifies every answer); unsigned for an unknown PlatFormId, whose key the platform does not have.
 */
export function errorAnswer(code: string, returnDesc: string, id: FirstBankIdentity | null, context: Record<string, string> = {}): string {
  const fields = { ...context, ToolStatus: code, ToolDesc: toolDesc(code), ReturnStatus: '', ReturnDesc: returnDesc };
  return id ? signedJson({ PlatFormId: id.platformId, ...fields }, id) : JSON.stringify(fields);
}
