// FlashPay's server-to-server calls: cancel (tx_type 8), single query (107), multi query (106).
// Order creation (101) is a browser form POST, so the client only builds that form.
import { GatewayError, MalformedAnswerError, TransportError, InputError, safeExcerpt } from '../../errors.ts';
import { type Cents, formatCents } from '../../money.ts';
import { type TaipeiDay, parseDay, splitDayRange } from '../../time.ts';
import { type FetchLike, postWithPolicy } from '../http.ts';
import { type FlashPayCredentials, type FlashPayEnvelope, encryptDat, openAnswer, sealEnvelope } from './codec.ts';
import { type FlashPayOrder, fieldText, parseFlashPayOrder, parseFlashPayOrderList } from './orders.ts';
import { FLASHPAY } from './statuses.ts';
import { msg } from '../../../contract/messages/render.ts';

/**
 * The console's 106 chunk: at most 30 Taipei days, start and end included (end - start <= 29), so it
 * stays inside the vendors' own rule below with a day to spare.
 */
export const FLASHPAY_MAX_RANGE_DAYS = 30;
/**
 * The vendor SDKs' 106 rule (PHP, Java, omnipay): end - start <= 30 days, i.e. 31 calendar days. The
 * seed states no limit; the sandbox applies this one (docs/VENDOR-SHAPES.md).
 */
export const FLASHPAY_VENDOR_MAX_SPAN_DAYS = 30;
export const FLASHPAY_DEFAULT_TIMEOUT_MS = 30_000;

export interface FlashPayClientOptions {
  /** Base URL of trade.php (e.g. https://api.fl-pay.com), without the file name. */
  tradeBaseUrl: string;
  /** Base URL of querytrade.php; the seed names a different host than for trade. */
  queryBaseUrl: string;
  merId: string;
  hashKey: string;
  hashIv: string;
  timeoutMs?: number;
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface FlashPayCallResult {
  /** The answer body exactly as received. */
  raw: string;
  /** The decrypted answer JSON text. */
  json: string;
  payload: Record<string, unknown>;
  /** The request JSON that was encrypted and sent. */
  request: string;
}

export interface FlashPayOrderResult extends FlashPayCallResult {
  order: FlashPayOrder;
}

export interface FlashPayChunkResult extends FlashPayCallResult {
  from: TaipeiDay;
  to: TaipeiDay;
  orders: FlashPayOrder[];
}

const ERROR_CODE_FIELDS = ['ret_code', 'returnCode', 'code', 'error_code', 'errorCode', 'status'];
const ERROR_MESSAGE_FIELDS = ['ret_msg', 'returnMsg', 'msg', 'message', 'error', 'error_msg', 'errorMsg'];

/** FlashPay's plain JSON errors have no documented shape; take whatever code/message it carries. */
export function plainErrorToGatewayError(payload: Record<string, unknown>, context?: string): GatewayError {
  const pick = (names: string[]): string | undefined => {
    for (const name of names) {
      const text = fieldText(payload, name)?.trim();
      if (text) return text;
    }
    return undefined;
  };
  const message = pick(ERROR_MESSAGE_FIELDS) ?? safeExcerpt(JSON.stringify(payload), 120);
  // A plain JSON error is not encrypted with the merchant's keys: anyone on the path could write it.
  return new GatewayError(FLASHPAY, pick(ERROR_CODE_FIELDS) ?? '', message, context, false);
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function requireRetCodeOk(payload: Record<string, unknown>, raw: string, context: string): void {
  const retCode = fieldText(payload, 'ret_code')?.trim();
  if (retCode === undefined || retCode === '') throw new MalformedAnswerError(`FlashPay answer to ${context} has no ret_code`, raw);
  if (retCode !== '00') throw new GatewayError(FLASHPAY, retCode, fieldText(payload, 'ret_msg') ?? '', context);
}

function validateOrdNo(ordNo: string): string {
  if (typeof ordNo !== 'string' || ordNo.trim() === '' || ordNo.length > 32) {
    throw new InputError(`FlashPay ord_no must be 1-32 characters, got ${JSON.stringify(ordNo)}`, { msg: msg('input.flashpay_ord_no', { text: ordNo }) });
  }
  return ordNo;
}

export class FlashPayClient {
  readonly #credentials: FlashPayCredentials;
  readonly #tradeBaseUrl: string;
  readonly #queryBaseUrl: string;
  readonly #timeoutMs: number;
  readonly #fetch: FetchLike | undefined;
  readonly #sleep: ((ms: number) => Promise<void>) | undefined;
  readonly #random: (() => number) | undefined;

  constructor(options: FlashPayClientOptions) {
    this.#credentials = { merId: options.merId, hashKey: options.hashKey, hashIv: options.hashIv };
    // Fail on a mis-sized key or IV now, not on the first call.
    encryptDat('', this.#credentials);
    if (!options.merId) throw new InputError('the FlashPay merchant id (mer_id) is empty', { msg: msg('input.gateway_field_empty', { gateway: 'FlashPay', field: 'mer_id' }) });
    this.#tradeBaseUrl = trimSlash(options.tradeBaseUrl);
    this.#queryBaseUrl = trimSlash(options.queryBaseUrl);
    this.#timeoutMs = options.timeoutMs ?? FLASHPAY_DEFAULT_TIMEOUT_MS;
    this.#fetch = options.fetch;
    this.#sleep = options.sleep;
    this.#random = options.random;
  }

  get merId(): string {
    return this.#credentials.merId;
  }

  /** The auto-submitted browser form for order creation (tx_type 101). */
  tradeForm(payload: object): { action: string; fields: FlashPayEnvelope } {
    return { action: `${this.#tradeBaseUrl}/trade.php`, fields: sealEnvelope(JSON.stringify(payload), this.#credentials) };
  }

  /**
   * Cancels an authorization (tx_type 8), the API's only money action. Never retried: on a
   * TransportError the cancel may or may not have happened, so query the order before trying again.
   */
  async cancel(ordNo: string, amountCents: Cents): Promise<FlashPayOrderResult> {
    validateOrdNo(ordNo);
    if (!Number.isSafeInteger(amountCents) || amountCents <= 0) {
      throw new InputError(`the cancel amount must be a positive number of cents, got ${amountCents}`, { msg: msg('input.amount_not_positive') });
    }
    // amt is a JSON number of dollars: 405, or 500.98 when there are cents (formatCents is exact,
    // and JSON.stringify prints the shortest decimal that round-trips).
    const amt = Number(formatCents(amountCents));
    const context = `cancel ${ordNo}`;
    let result: FlashPayCallResult;
    try {
      result = await this.#call({ mer_id: this.merId, tx_type: 8, ord_no: ordNo, amt }, 0, context);
    } catch (err) {
      if (err instanceof TransportError) {
        throw new TransportError(
          err.kind,
          `${err.message}; the outcome of ${context} is unknown: query the order before trying again`,
          err.status,
          { cause: err, msg: msg('action.outcome_unknown_transport', { reason: err.msg ?? err.message, orderNo: ordNo }), detail: err.detail ?? err.message },
        );
      }
      throw err;
    }
    requireRetCodeOk(result.payload, result.raw, context);
    return { ...result, order: parseFlashPayOrder(result.payload) };
  }

  /** Single order query (tx_type 107). */
  async queryOrder(ordNo: string): Promise<FlashPayOrderResult> {
    validateOrdNo(ordNo);
    const context = `query ${ordNo}`;
    const result = await this.#call({ mer_id: this.merId, tx_type: 107, ord_no: ordNo }, 2, context);
    requireRetCodeOk(result.payload, result.raw, context);
    return { ...result, order: parseFlashPayOrder(result.payload) };
  }

  /** One 106 call; the range must be at most FLASHPAY_MAX_RANGE_DAYS Taipei days. */
  async queryOrdersChunk(from: TaipeiDay, to: TaipeiDay): Promise<FlashPayChunkResult> {
    const start = parseDay(from, 'start date');
    const end = parseDay(to, 'end date');
    const chunks = splitDayRange(start, end, FLASHPAY_MAX_RANGE_DAYS);
    if (chunks.length !== 1) {
      throw new InputError(`a FlashPay order-list query covers at most ${FLASHPAY_MAX_RANGE_DAYS} days (${start}..${end} is longer); split the range`, { msg: msg('input.flashpay_range_too_long', { days: FLASHPAY_MAX_RANGE_DAYS, fromDay: start, toDay: end }) });
    }
    const context = `order list ${start}..${end}`;
    const result = await this.#call({ mer_id: this.merId, tx_type: 106, start_date: start, end_date: end }, 2, context);
    return { ...result, from: start, to: end, orders: parseFlashPayOrderList(result.payload) };
  }

  async #call(request: object, retries: 0 | 2, context: string): Promise<FlashPayCallResult> {
    const requestJson = JSON.stringify(request);
    const envelope = sealEnvelope(requestJson, this.#credentials);
    const raw = await postWithPolicy(
      `${this.#queryBaseUrl}/querytrade.php`,
      { body: JSON.stringify(envelope), contentType: 'application/json' },
      { timeoutMs: this.#timeoutMs, retries, fetch: this.#fetch, sleep: this.#sleep, random: this.#random, peer: 'FlashPay' },
    );
    const answer = openAnswer(raw, this.#credentials);
    if (answer.kind === 'error') throw plainErrorToGatewayError(answer.payload, context);
    return { raw, json: answer.json, payload: answer.payload, request: requestJson };
  }
}
