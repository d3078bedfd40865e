// First Bank server-to-server calls: refund (3.2), single-order report (3.3), exchange rate (3.4).
// There is no date-range query: only orders the console already knows can be re-queried.
import { GatewayError, InputError, MalformedAnswerError, TransportError } from '../../errors.ts';
import { type Cents, centsToWholeDollars } from '../../money.ts';
import { type GatewayTime, parseGatewayTime } from '../../time.ts';
import { type FetchLike, postWithPolicy } from '../http.ts';
import { type FirstBankSignKind, type SignatureMatch, encodeForm, parseAnswerJson, signFields, verifyAnswer } from './codec.ts';
import { type FirstBankOrder, parseFirstBankOrder } from './orders.ts';
import { FIRSTBANK, FIRSTBANK_NAME, TOOL_STATUS_OK } from './statuses.ts';
import { msg } from '../../../contract/messages/render.ts';

export const FIRSTBANK_DEFAULT_TIMEOUT_MS = 30_000;

export const FIRSTBANK_PATHS = {
  trade: '/PayServerOnline/OrderProcessOnline',
  refund: '/PayServerOnline/RefundProcessOnline',
  report: '/PayServerOnline/ReportProcessOnline',
  rate: '/PayServerOnline/ExchangeRateOnline',
} as const;

export interface FirstBankClientOptions {
  /** e.g. https://pay.firstbank.com.tw (paths are appended). */
  baseUrl: string;
  platformId: string;
  hashKey: string;
  timeoutMs?: number;
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface FirstBankCallResult {
  /** The answer body exactly as received. */
  raw: string;
  /** The answer's fields as text. */
  fields: Record<string, string>;
  /** True when the answer carried a signature (it was verified). */
  signed: boolean;
  /** Which rule the signature held under (seed, seed with its stray space, the plugin's); null when unsigned. */
  signatureMatch: SignatureMatch | null;
  /** The signed form fields that were sent. */
  request: Record<string, string>;
}

export interface FirstBankOrderResult extends FirstBankCallResult {
  order: FirstBankOrder;
}

export interface FirstBankRate {
  baseCurrency: string;
  targetCurrency: string;
  /** "ddd.ddd" as sent: a rate is not money, and is kept as text to stay exact. */
  rate: string;
  rateTime: GatewayTime | null;
}

export interface FirstBankRateResult extends FirstBankCallResult {
  rate: FirstBankRate;
}

export interface FirstBankOrderRef {
  orderId: string;
  reCheckId: string;
  amountCents: Cents;
  payType: string;
}

export interface FirstBankRefundRequest extends FirstBankOrderRef {
  refundDesc: string;
}

function validateRef(ref: FirstBankOrderRef): { OrderId: string; ReCheckId: string; Amount: string; PayType: string } {
  if (!/^[A-Za-z0-9]{1,20}$/.test(ref.orderId)) {
    throw new InputError(`a First Bank OrderId is 1-20 letters or digits, got ${JSON.stringify(ref.orderId)}`, { msg: msg('input.firstbank_order_id', { text: ref.orderId }) });
  }
  if (ref.reCheckId.trim() === '') throw new InputError('the First Bank ReCheckId is empty', { msg: msg('input.gateway_field_empty', { gateway: FIRSTBANK_NAME, field: 'ReCheckId' }) });
  if (ref.payType.trim() === '') throw new InputError('the First Bank PayType is empty', { msg: msg('input.gateway_field_empty', { gateway: FIRSTBANK_NAME, field: 'PayType' }) });
  if (!Number.isSafeInteger(ref.amountCents) || ref.amountCents <= 0) {
    throw new InputError(`the amount must be a positive number of cents, got ${ref.amountCents}`, { msg: msg('input.amount_not_positive') });
  }
  return {
    OrderId: ref.orderId,
    ReCheckId: ref.reCheckId,
    Amount: String(centsToWholeDollars(ref.amountCents)),
    PayType: ref.payType,
  };
}

function rateTimeOf(text: string, raw: string): GatewayTime {
  try {
    return parseGatewayTime(text);
  } catch {
    throw new MalformedAnswerError('First Bank RateTime is not a time', raw);
  }
}

export class FirstBankClient {
  readonly #baseUrl: string;
  readonly #platformId: string;
  readonly #hashKey: string;
  readonly #timeoutMs: number;
  readonly #fetch: FetchLike | undefined;
  readonly #sleep: ((ms: number) => Promise<void>) | undefined;
  readonly #random: (() => number) | undefined;

  constructor(options: FirstBankClientOptions) {
    if (!options.platformId) throw new InputError('the First Bank PlatFormId is empty', { msg: msg('input.gateway_field_empty', { gateway: FIRSTBANK_NAME, field: 'PlatFormId' }) });
    if (!options.hashKey) throw new InputError('the First Bank HashKey is empty', { msg: msg('input.gateway_field_empty', { gateway: FIRSTBANK_NAME, field: 'HashKey' }) });
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#platformId = options.platformId;
    this.#hashKey = options.hashKey;
    this.#timeoutMs = options.timeoutMs ?? FIRSTBANK_DEFAULT_TIMEOUT_MS;
    this.#fetch = options.fetch;
    this.#sleep = options.sleep;
    this.#random = options.random;
  }

  get platformId(): string {
    return this.#platformId;
  }

  /** The signed browser form for order creation (3.1); the caller supplies every 3.1 field but PlatFormId. */
  tradeForm(fields: Record<string, string>): { action: string; fields: Record<string, string> } {
    return { action: `${this.#baseUrl}${FIRSTBANK_PATHS.trade}`, fields: signFields('trade', { ...fields, PlatFormId: this.#platformId }, this.#hashKey) };
  }

  /**
   * Full refund of the original amount (3.2). For cards this is a refund, not a cancellation; TENPAY
   * refunds are asynchronous (TransStatus 4, later 3 by notification). Never retried: after a
   * TransportError the refund may or may not have been accepted, so query the order first.
   */
  async refund(request: FirstBankRefundRequest): Promise<FirstBankOrderResult> {
    const ref = validateRef(request);
    if (request.refundDesc.trim() === '') throw new InputError('the refund description (RefundDesc) is empty', { msg: msg('input.refund_desc_empty') });
    const context = `refund ${request.orderId}`;
    try {
      const result = await this.#call('refund', FIRSTBANK_PATHS.refund, { ...ref, RefundDesc: request.refundDesc }, 0, context);
      return { ...result, order: parseFirstBankOrder({ OrderId: request.orderId, ...result.fields }) };
    } catch (err) {
      if (err instanceof TransportError) {
        throw new TransportError(
          err.kind,
          `${err.message}; the outcome of ${context} is unknown: query the order before trying again`,
          err.status,
          { cause: err, msg: msg('action.outcome_unknown_transport', { reason: err.msg ?? err.message, orderNo: request.orderId }), detail: err.detail ?? err.message },
        );
      }
      throw err;
    }
  }

  /** Single order report (3.3). Check `order.paid`, not just the absence of an error. */
  async queryOrder(ref: FirstBankOrderRef): Promise<FirstBankOrderResult> {
    const fields = validateRef(ref);
    const result = await this.#call('query', FIRSTBANK_PATHS.report, fields, 2, `query ${ref.orderId}`);
    return { ...result, order: parseFirstBankOrder({ OrderId: ref.orderId, ...result.fields }) };
  }

  /** TENPAY exchange rate (3.4). */
  async exchangeRate(): Promise<FirstBankRateResult> {
    const result = await this.#call('rate', FIRSTBANK_PATHS.rate, { PayType: 'TENPAY' }, 2, 'exchange rate');
    const rateTime = result.fields.RateTime?.trim();
    return {
      ...result,
      rate: {
        baseCurrency: result.fields.BaseCurrency ?? '',
        targetCurrency: result.fields.TargetCurrency ?? '',
        rate: result.fields.Rate?.trim() ?? '',
        rateTime: rateTime ? rateTimeOf(rateTime, result.raw) : null,
      },
    };
  }

  async #call(
    kind: FirstBankSignKind,
    path: string,
    fields: Record<string, string>,
    retries: 0 | 2,
    context: string,
  ): Promise<FirstBankCallResult> {
    const request = signFields(kind, { PlatFormId: this.#platformId, ...fields }, this.#hashKey);
    const raw = await postWithPolicy(
      `${this.#baseUrl}${path}`,
      { body: encodeForm(request), contentType: 'application/x-www-form-urlencoded; charset=UTF-8' },
      { timeoutMs: this.#timeoutMs, retries, fetch: this.#fetch, sleep: this.#sleep, random: this.#random, peer: { 'zh-TW': '第一銀行', en: 'First Bank' } },
    );
    const { match, fields: answer } = verifyAnswer(parseAnswerJson(raw), this.#hashKey);
    const toolStatus = answer.ToolStatus?.trim() ?? '';
    if (toolStatus !== TOOL_STATUS_OK) throw new GatewayError(FIRSTBANK, toolStatus, answer.ToolDesc ?? '', context, match !== null);
    return { raw, fields: answer, signed: match !== null, signatureMatch: match, request };
  }
}
