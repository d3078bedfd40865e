// Typed view of a decrypted FlashPay order payload: 107 query answers, 106 mer_detail entries,
// tx_type 8 cancel answers and 104 return_url notifications all share these field names.
import { GatewayError, InputError, MalformedAnswerError } from '../../errors.ts';
import { type Cents, InexactAmountError, parseCents } from '../../money.ts';
import { type GatewayTime, parseGatewayTime } from '../../time.ts';
import type { NormalizedStatus } from '../status.ts';
import { isPlainObject } from './codec.ts';
import { FLASHPAY, flashPayStatus } from './statuses.ts';

export interface FlashPayOrder {
  /** The merchant's order number (ord_no). */
  ordNo: string;
  /** FlashPay's own number (order_no, "FP..."); absent from cancel and 107 answers. */
  orderNo: string | null;
  merId: string;
  txType: string | null;
  statusCode: string;
  status: NormalizedStatus;
  /** False when the code is not in section 9 (status is then the 'pending' fallback). */
  statusKnown: boolean;
  /** True when order_status was absent and the code was inferred from ret_code (104 notifications). */
  statusInferred: boolean;
  /** Order amount (tx_amt, else amt); null when the payload carries neither (cancel answers). */
  amount: Cents | null;
  captured: Cents;
  refunded: Cents;
  capturable: Cents;
  refundable: Cents;
  fee: Cents;
  feeReturned: Cents;
  orderedAt: GatewayTime | null;
  purchaseDate: GatewayTime | null;
  /** Time fields that are not times: kept raw in `raw`, read as absent, and the order is flagged. */
  malformedTimes: string[];
  /** Amount fields too large to hold exactly in cents: kept raw, read as absent, the order flagged. */
  inexactAmounts: string[];
  authCode: string | null;
  installments: number;
  useRedeem: boolean;
  payType: string | null;
  retCode: string | null;
  retMsg: string | null;
  /** The payload entry as decoded, for audit storage. */
  raw: Record<string, unknown>;
}

/** A field as text: FlashPay sends most values as strings but some (tx_type, amt) as JSON numbers. */
export function fieldText(payload: Record<string, unknown>, name: string): string | undefined {
  const value = payload[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function nonEmpty(payload: Record<string, unknown>, name: string): string | null {
  const text = fieldText(payload, name)?.trim();
  return text === undefined || text === '' ? null : text;
}

function centsField(payload: Record<string, unknown>, name: string, inexact: string[]): Cents | null {
  const text = nonEmpty(payload, name);
  if (text === null) return null;
  try {
    return parseCents(text, `FlashPay ${name}`);
  } catch (err) {
    // One order's absurd amount must not cost the rest of the answer: it is flagged, not thrown.
    if (err instanceof InexactAmountError) {
      inexact.push(name);
      return null;
    }
    if (err instanceof InputError) throw new MalformedAnswerError(`FlashPay ${name} is not an amount`, text);
    throw err;
  }
}

const JOINED_DATE_TIME = /^(\d{4}-\d{1,2}-\d{1,2})(\d{1,2}:\d{2}:\d{2}.*)$/;

function timeField(payload: Record<string, unknown>, name: string, malformed: string[]): GatewayTime | null {
  const text = nonEmpty(payload, name);
  if (text === null) return null;
  try {
    return parseGatewayTime(text);
  } catch {
    // The seed documents purchase_date as "YYYY-MM-DDhh:mm:ss" (no separator); accept that shape.
    const joined = JOINED_DATE_TIME.exec(text);
    if (joined) {
      try {
        return { ...parseGatewayTime(`${joined[1]} ${joined[2]}`), original: text };
      } catch {
        // fall through: not a time in any shape FlashPay uses
      }
    }
    // The rest of the answer is still worth keeping: the order is flagged, not dropped.
    malformed.push(name);
    return null;
  }
}

/**
 * A 104 notification carries no order_status (seed sample): ret_code 00 there means the card was
 * authorized ('02'), anything else that it was declined ('ZF'). The same inference applies to any
 * payload that lacks order_status.
 */
function statusCodeOf(payload: Record<string, unknown>): { code: string; inferred: boolean } {
  const explicit = nonEmpty(payload, 'order_status');
  if (explicit !== null) return { code: explicit, inferred: false };
  return { code: nonEmpty(payload, 'ret_code') === '00' ? '02' : 'ZF', inferred: true };
}

export function parseFlashPayOrder(payload: Record<string, unknown>): FlashPayOrder {
  const ordNo = nonEmpty(payload, 'ord_no');
  if (ordNo === null) throw new MalformedAnswerError('FlashPay order has no ord_no', JSON.stringify(payload));
  const { code, inferred } = statusCodeOf(payload);
  const status = flashPayStatus(code);
  const installments = Number.parseInt(nonEmpty(payload, 'install_period') ?? '0', 10);
  const malformedTimes: string[] = [];
  const inexactAmounts: string[] = [];
  return {
    ordNo,
    orderNo: nonEmpty(payload, 'order_no'),
    merId: nonEmpty(payload, 'mer_id') ?? '',
    txType: nonEmpty(payload, 'tx_type'),
    statusCode: status.code,
    status: status.normalized,
    statusKnown: status.known,
    statusInferred: inferred,
    amount: centsField(payload, 'tx_amt', inexactAmounts) ?? centsField(payload, 'amt', inexactAmounts),
    captured: centsField(payload, 'tot_pay_amt', inexactAmounts) ?? 0,
    refunded: centsField(payload, 'tot_ret_amt', inexactAmounts) ?? 0,
    capturable: centsField(payload, 'can_pay_amt', inexactAmounts) ?? 0,
    refundable: centsField(payload, 'can_ret_amt', inexactAmounts) ?? 0,
    fee: centsField(payload, 'service_fee', inexactAmounts) ?? 0,
    feeReturned: centsField(payload, 'refund_service_fee', inexactAmounts) ?? 0,
    orderedAt: timeField(payload, 'ord_time', malformedTimes),
    purchaseDate: timeField(payload, 'purchase_date', malformedTimes),
    malformedTimes,
    inexactAmounts,
    authCode: nonEmpty(payload, 'auth_id_resp'),
    installments: Number.isSafeInteger(installments) ? installments : 0,
    useRedeem: nonEmpty(payload, 'use_redeem') === '1',
    payType: nonEmpty(payload, 'pay_type'),
    retCode: nonEmpty(payload, 'ret_code'),
    retMsg: nonEmpty(payload, 'ret_msg'),
    raw: payload,
  };
}

/**
 * The 106 answer: {"returnCode":"0","mer_detail":[...]}. A returnCode other than "0" is a gateway
 * error. Entries' own ret_code is each order's authorization result, not a query failure, so a
 * declined order in the list is data, not an error.
 */
export function parseFlashPayOrderList(payload: Record<string, unknown>): FlashPayOrder[] {
  const returnCode = nonEmpty(payload, 'returnCode');
  if (returnCode !== null && returnCode !== '0') {
    throw new GatewayError(FLASHPAY, returnCode, nonEmpty(payload, 'ret_msg') ?? nonEmpty(payload, 'returnMsg') ?? '');
  }
  const detail = payload.mer_detail;
  if (detail === undefined || detail === null || detail === '') {
    if (returnCode === '0') return [];
    const retCode = nonEmpty(payload, 'ret_code');
    if (retCode !== null && retCode !== '00') throw new GatewayError(FLASHPAY, retCode, nonEmpty(payload, 'ret_msg') ?? '');
    throw new MalformedAnswerError('FlashPay order list has neither returnCode nor mer_detail', JSON.stringify(payload));
  }
  if (!Array.isArray(detail)) throw new MalformedAnswerError('FlashPay mer_detail is not a list', JSON.stringify(payload));
  return detail.map((entry: unknown) => {
    if (!isPlainObject(entry)) throw new MalformedAnswerError('FlashPay mer_detail entry is not an object', JSON.stringify(entry));
    return parseFlashPayOrder(entry);
  });
}
