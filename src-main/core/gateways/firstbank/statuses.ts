// First Bank TransStatus (appendix 4.2) and ToolStatus (appendix 4.1) codes.
import type { GatewayStatus, NormalizedStatus } from '../status.ts';

/** Who answered, for GatewayError and messages. */
export const FIRSTBANK = { name: 'firstbank', displayName: 'First Bank' } as const;

/** The gateway's name in both languages, for the messages that name it. */
export const FIRSTBANK_NAME = { 'zh-TW': '第一銀行', en: FIRSTBANK.displayName };

export const FIRSTBANK_TRANS_STATUS_CODES = ['0', '1', '2', '3', '4', '5', '6', '7'] as const;

export type FirstBankTransStatusCode = (typeof FIRSTBANK_TRANS_STATUS_CODES)[number];

export interface FirstBankStatusInfo {
  zh: string;
  en: string;
  normalized: NormalizedStatus;
}

// The seed writes 己 for 已 (a copy error); the correct character is used here.
export const FIRSTBANK_TRANS_STATUSES: Readonly<Record<FirstBankTransStatusCode, FirstBankStatusInfo>> = {
  '0': { zh: '已建立', en: 'Created', normalized: 'pending' },
  '1': { zh: '已取消', en: 'Cancelled', normalized: 'cancelled' },
  // The platform exposes no separate capture step (AutoCap moves paid card orders to the capture
  // file); for TENPAY/ATM "paid" is final. Paid therefore means money taken: captured.
  '2': { zh: '已付款', en: 'Paid', normalized: 'captured' },
  '3': { zh: '已退款', en: 'Refunded', normalized: 'refunded' },
  '4': { zh: '退款交易處理中', en: 'Refund in progress', normalized: 'refund_pending' },
  // Neither paid nor cancelled yet: unresolved until the platform reports 1 (or back to 2).
  '5': { zh: '取消交易處理中', en: 'Cancellation in progress', normalized: 'pending' },
  '6': { zh: '交易失敗', en: 'Failed', normalized: 'failed' },
  '7': { zh: '交易金額不符', en: 'Amount mismatch', normalized: 'amount_mismatch' },
};

export function isTransStatusCode(code: string): code is FirstBankTransStatusCode {
  return Object.hasOwn(FIRSTBANK_TRANS_STATUSES, code);
}

/** Unknown codes map to 'pending' (known: false): they claim nothing about money and get re-queried. */
export function firstBankTransStatus(code: string): GatewayStatus {
  const trimmed = code.trim();
  if (isTransStatusCode(trimmed)) return { code: trimmed, known: true, ...FIRSTBANK_TRANS_STATUSES[trimmed] };
  return { code: trimmed, known: false, zh: `未知狀態(${trimmed})`, en: `Unknown status ${trimmed}`, normalized: 'pending' };
}

export const TOOL_STATUS_OK = '0000';

export const FIRSTBANK_TOOL_STATUSES: Readonly<Record<string, { zh: string; en: string }>> = {
  '0000': { zh: '執行成功', en: 'Success' },
  '0001': { zh: '使用者確認中', en: 'Awaiting user confirmation' },
  '9987': { zh: '使用 API版本與系統不同', en: 'API version differs from the system' },
  '9988': { zh: '交易金額超過接口允許上限', en: 'Amount exceeds the interface limit' },
  '9989': { zh: '交易單號長度超過接口允許上限', en: 'Order id longer than the interface allows' },
  '9990': { zh: '來源 IP不符，請洽系統管理員', en: 'Source IP not allowed; contact the administrator' },
  '9991': { zh: '無法取得整合支付平台設定檔', en: 'Platform configuration unavailable' },
  '9992': { zh: '服務尚未開通，請洽系統管理員', en: 'Service not enabled; contact the administrator' },
  '9996': { zh: '資料錯誤', en: 'Invalid data' },
  '9997': { zh: '找不到符合條件的資料', en: 'No matching data' },
  '9998': { zh: '異動資料失敗，請洽系統管理員', en: 'Update failed; contact the administrator' },
  '9999': { zh: '系統暫時無法提供服務', en: 'Service temporarily unavailable' },
};

export function toolStatusInfo(code: string): { code: string; known: boolean; zh: string; en: string } {
  const info = Object.hasOwn(FIRSTBANK_TOOL_STATUSES, code) ? FIRSTBANK_TOOL_STATUSES[code] : undefined;
  return info ? { code, known: true, ...info } : { code, known: false, zh: `未知回傳代碼(${code})`, en: `Unknown code ${code}` };
}

/** A payment is good only when the call succeeded AND the order is paid (PROTOCOL-NOTES.md). */
export function isPaymentGood(toolStatus: string | undefined, transStatus: string | undefined): boolean {
  return toolStatus?.trim() === TOOL_STATUS_OK && transStatus?.trim() === '2';
}
