// Typed view of a First Bank order, from a report (3.3) or refund (3.2) answer or a 3.5 notification.
import { InputError, MalformedAnswerError } from '../../errors.ts';
import { type Cents, InexactAmountError, parseCents } from '../../money.ts';
import { type GatewayTime, parseGatewayTime } from '../../time.ts';
import type { NormalizedStatus } from '../status.ts';
import { parsePayInfo } from './codec.ts';
import { firstBankTransStatus, isPaymentGood } from './statuses.ts';

export interface FirstBankOrder {
  orderId: string;
  reCheckId: string | null;
  payType: string | null;
  platformId: string | null;
  platformName: string | null;
  /** Amount in cents (the platform sends whole NTD); null when the message has none. */
  amount: Cents | null;
  shippingFee: Cents;
  fee: Cents;
  transStatusCode: string | null;
  status: NormalizedStatus;
  statusKnown: boolean;
  toolStatus: string | null;
  toolDesc: string | null;
  returnStatus: string | null;
  returnDesc: string | null;
  returnType: string | null;
  /** ToolStatus 0000 and TransStatus 2: the only combination that means the money was paid. */
  paid: boolean;
  transTime: GatewayTime | null;
  lastStatusChangeAt: GatewayTime | null;
  /** Time fields that are not times: kept raw in `raw`, read as absent, and the order is flagged. */
  malformedTimes: string[];
  /** Amount fields too large to hold exactly in cents: kept raw, read as absent, the order flagged. */
  inexactAmounts: string[];
  /** Parsed PayInfo; null when it is present but unreadable (payInfoRaw keeps the text). */
  payInfo: Record<string, string> | null;
  payInfoRaw: string;
  authCode: string | null;
  /** Never more than the first 6 and last 4 digits, even if the platform sends more. */
  cardId: string | null;
  cardBrand: string | null;
  transType: string | null;
  periodNum: string | null;
  raw: Record<string, string>;
}

function text(fields: Record<string, string>, name: string): string | null {
  const value = fields[name]?.trim();
  return value === undefined || value === '' ? null : value;
}

function cents(fields: Record<string, string>, name: string, inexact: string[]): Cents | null {
  const value = text(fields, name);
  if (value === null) return null;
  try {
    return parseCents(value, `First Bank ${name}`);
  } catch (err) {
    // One order's absurd amount must not cost the rest of the message: it is flagged, not thrown.
    if (err instanceof InexactAmountError) {
      inexact.push(name);
      return null;
    }
    if (err instanceof InputError) throw new MalformedAnswerError(`First Bank ${name} is not an amount`, value);
    throw err;
  }
}

function time(fields: Record<string, string>, name: string, malformed: string[]): GatewayTime | null {
  const value = text(fields, name);
  if (value === null) return null;
  try {
    return parseGatewayTime(value);
  } catch {
    // The rest of a signed answer is still worth keeping: the order is flagged, not dropped.
    malformed.push(name);
    return null;
  }
}

/** Masks anything that looks like a full card number down to first 6 + last 4. */
export function maskCardId(cardId: string): string {
  const digits = cardId.replace(/[\s-]/g, '');
  if (!/^\d{11,19}$/.test(digits)) return cardId;
  return `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`;
}

export function parseFirstBankOrder(fields: Record<string, string>): FirstBankOrder {
  const orderId = text(fields, 'OrderId');
  if (orderId === null) throw new MalformedAnswerError('First Bank message has no OrderId', JSON.stringify(fields));
  const transStatusCode = text(fields, 'TransStatus');
  const status = transStatusCode === null ? null : firstBankTransStatus(transStatusCode);
  const payInfoRaw = fields.PayInfo ?? '';
  let payInfo: Record<string, string> | null;
  try {
    payInfo = parsePayInfo(payInfoRaw);
  } catch {
    // The signature already vouches for the message; an odd PayInfo (the seed's own IDP example is
    // broken JSON) must not make the order unreadable.
    payInfo = null;
  }
  const info = (name: string): string | null => {
    const value = payInfo?.[name]?.trim();
    return value === undefined || value === '' ? null : value;
  };
  const cardId = info('CardId');
  const malformedTimes: string[] = [];
  const inexactAmounts: string[] = [];
  return {
    orderId,
    reCheckId: text(fields, 'ReCheckId'),
    payType: text(fields, 'PayType'),
    platformId: text(fields, 'PlatFormId'),
    platformName: text(fields, 'PlatFormName'),
    amount: cents(fields, 'Amount', inexactAmounts),
    shippingFee: cents(fields, 'ShippingFee', inexactAmounts) ?? 0,
    fee: cents(fields, 'Fee', inexactAmounts) ?? 0,
    transStatusCode: status?.code ?? null,
    status: status?.normalized ?? 'pending',
    statusKnown: status?.known ?? false,
    toolStatus: text(fields, 'ToolStatus'),
    toolDesc: text(fields, 'ToolDesc'),
    returnStatus: text(fields, 'ReturnStatus'),
    returnDesc: text(fields, 'ReturnDesc'),
    // The seed's tables spell it RetutnType; its signed example says ReturnType.
    returnType: text(fields, 'ReturnType') ?? text(fields, 'RetutnType'),
    paid: isPaymentGood(fields.ToolStatus, fields.TransStatus),
    transTime: time(fields, 'TransTime', malformedTimes),
    lastStatusChangeAt: time(fields, 'LastStatusChgTime', malformedTimes),
    malformedTimes,
    inexactAmounts,
    payInfo,
    payInfoRaw,
    authCode: info('AuthCode'),
    cardId: cardId === null ? null : maskCardId(cardId),
    cardBrand: info('CardBrand'),
    transType: info('TransType'),
    periodNum: info('PeriodNum'),
    raw: fields,
  };
}
