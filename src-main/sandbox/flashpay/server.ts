// The FlashPay sandbox: trade.php (hosted card page), pay.php (the page's submit), querytrade.php
// (8 cancel, 106 range, 107 one order) and the /_sandbox/ control API.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sealAnswer } from '../../core/gateways/flashpay/codec.ts';
import { FLASHPAY_VENDOR_MAX_SPAN_DAYS } from '../../core/gateways/flashpay/client.ts';
import { fieldText } from '../../core/gateways/flashpay/orders.ts';
import { parseCents } from '../../core/money.ts';
import { daysBetween, formatTaipei, parseDay, parseGatewayTime, taipeiDayStartMs } from '../../core/time.ts';
import type { ActionRecord } from '../actions.ts';
import { type OrdersPerDay, SHOP_NAMES } from '../catalogue.ts';
import type { SandboxClock } from '../clock.ts';
import { CONTROL_PREFIX, controlAnswer } from '../control.ts';
import type { FlashPaySandboxCredentials } from '../credentials.ts';
import { FaultPlan, type GatewayOp } from '../faults.ts';
import { DAY_MS, flashPayMoney } from '../formats.ts';
import {
  type Lifetime, type SandboxAnswer, type SandboxRequest, answerWithFault, bodyFields, htmlAnswer, jsonAnswer, serveSandbox, readRequest, redirectAnswer, send,
} from '../http.ts';
import { type Ledger, type ShopStatus, buildLedger } from '../ledger.ts';
import { Notifier } from '../notifier.ts';
import { DIGITS, type Random, pick, randomText, streamOf } from '../prng.ts';
import { cardEntryFromForm, checkCardEntry } from '../test-cards.ts';
import { flashPayCardPage, flashPayMessagePage } from './card-page.ts';
import { corruptChk, openMerchantEnvelope } from './envelope.ts';
import { generateFlashPayHistory } from './generate.ts';
import { type FlashPayRecord, RET_AUTHORIZING, RET_OK, authorize, cancel, catchUp, moneyOf } from './model.ts';
import {
  ERRORS, type FlashPayNotificationShape, NOTIFICATION_SHAPES, type PlainError, cancelJson, notificationJson, orderListJson, queryJson, withDetail,
} from './payloads.ts';
import type { FlashPayStore } from './store.ts';

const INSTALLMENT_CHOICES = new Set([0, 3, 6, 12, 18, 24, 30]);
const ORD_NO = /^[A-Za-z0-9_-]{1,32}$/;

export interface FlashPaySandboxOptions {
  port: number;
  seed: number;
  days: number;
  ordersPerDay: OrdersPerDay;
  clock: SandboxClock;
  credentials: FlashPaySandboxCredentials;
  /** The return_url payload's shape (default 'real'); changeable via POST /_sandbox/settings. */
  notificationShape?: FlashPayNotificationShape;
}

export interface FlashPaySandbox {
  baseUrl: string;
  credentials: FlashPaySandboxCredentials;
  close(): Promise<void>;
}

const settingsSchema = z.object({ notificationShape: z.enum(NOTIFICATION_SHAPES) }).strict();

/** The PHP SDK and omnipay post the trade form to /trade; Java, .NET and the seed to /trade.php. */
const TRADE_PATHS = new Set(['/trade.php', '/trade']);

function shopStatusOf(status: string): ShopStatus {
  if (status === '02' || status === '03' || status === '04') return '已付款';
  if (status === '06' || status === '08') return '已退款';
  if (status === '12') return '已取消';
  return '待付款';
}

/** The seed's page prints dates without zero padding: "2022-8-9 16:55:8". */
function unpaddedDate(ms: number): string {
  return formatTaipei(ms).replace(/(^|[-: ])0(\d)/g, '$1$2');
}

function orderView(r: FlashPayRecord): Record<string, unknown> {
  const money = moneyOf(r);
  return {
    ord_no: r.ordNo, order_no: r.orderNo, tx_amt: flashPayMoney(r.amountCents), order_status: r.status,
    ord_time: formatTaipei(r.ordTimeMs), purchase_date: r.purchaseMs === null ? '' : formatTaipei(r.purchaseMs),
    tot_pay_amt: flashPayMoney(money.totPay), tot_ret_amt: flashPayMoney(money.totRet),
    can_pay_amt: flashPayMoney(money.canPay), can_ret_amt: flashPayMoney(money.canRet),
    service_fee: flashPayMoney(r.feeCents), refund_service_fee: flashPayMoney(r.feeReturnedCents),
    install_period: r.installPeriod, use_redeem: r.useRedeem ? '1' : '0', pay_type: r.payType, auth_id_resp: r.authCode,
    ret_code: r.retCode, amountCents: r.amountCents, serviceFeeCents: r.feeCents, refundServiceFeeCents: r.feeReturnedCents, source: r.source,
  };
}

class FlashPayServer {
  readonly #options: FlashPaySandboxOptions;
  readonly #store: FlashPayStore;
  readonly #actions: ActionRecord[];
  readonly #ledger: Ledger;
  readonly #faults = new FaultPlan();
  readonly #notifier: Notifier;
  readonly #sessions = new Map<string, string>();
  readonly #shopName: string;
  readonly #live: Random;
  #notificationShape: FlashPayNotificationShape;

  constructor(options: FlashPaySandboxOptions) {
    this.#options = options;
    this.#notificationShape = options.notificationShape ?? 'real';
    this.#live = streamOf(options.seed, 'flashpay-live');
    const nowMs = options.clock.now();
    const history = generateFlashPayHistory({ seed: options.seed, days: options.days, nowMs, ordersPerDay: options.ordersPerDay, merId: options.credentials.merId });
    this.#store = history.store;
    this.#actions = history.actions;
    this.#shopName = pick(streamOf(options.seed, 'flashpay-shop'), SHOP_NAMES);
    this.#ledger = buildLedger({
      seed: options.seed, gateway: 'flashpay', nowMs,
      sources: this.#store.all().map((r) => ({ orderNo: r.ordNo, amountCents: r.amountCents, timeMs: r.ordTimeMs, shopStatus: shopStatusOf(r.status) })),
      formatAmount: flashPayMoney,
      phantomOrderNo: (rand) => String(history.firstOrdNo - 1 - Number(randomText(rand, DIGITS, 3))),
    });
    this.#notifier = new Notifier({ expectedAnswer: '1|OK', faults: this.#faults, corrupt: corruptChk });
  }

  /** Runs what fell due: batch transitions first, then notification retries. */
  async catchUp(nowMs: number): Promise<void> {
    this.#applyDue(nowMs);
    await this.#notifier.deliverDue(nowMs);
  }

  #applyDue(nowMs: number): void {
    for (const r of this.#store.all()) if (r.dueMs !== null && r.dueMs <= nowMs) catchUp(r, nowMs);
  }

  /**
   * Before answering on a ticking clock: apply what fell due, but deliver notifications in the
   * background. A real gateway does not hold an API answer until a shop's return_url responds.
   */
  #catchUpForRequest(nowMs: number): void {
    this.#applyDue(nowMs);
    void this.#notifier.deliverDue(nowMs).catch(() => undefined);
  }

  close(): void {
    this.#notifier.close();
  }

  async handle(req: IncomingMessage, res: ServerResponse, lifetime: Lifetime): Promise<void> {
    const request = await readRequest(req);
    const nowMs = this.#options.clock.now();
    if (!this.#options.clock.frozen) this.#catchUpForRequest(nowMs);
    if (request.path.startsWith(CONTROL_PREFIX)) {
      return send(res, await controlAnswer(request, {
        gateway: 'flashpay', clock: this.#options.clock, faults: this.#faults,
        orders: () => this.#store.all().map(orderView), actions: () => this.#actions,
        notifications: () => this.#notifier.list(), ledger: () => this.#ledger,
        settings: {
          schema: settingsSchema,
          get: () => ({ notificationShape: this.#notificationShape }),
          apply: (value) => (this.#notificationShape = settingsSchema.parse(value).notificationShape),
        },
      }));
    }
    const route = `${request.method} ${request.method === 'POST' && TRADE_PATHS.has(request.path) ? '/trade.php' : request.path}`;
    const gatewayRoute = (op: GatewayOp, produce: () => Promise<SandboxAnswer>): Promise<void> =>
      answerWithFault({ res, lifetime, fault: this.#faults.take(op), produce, corrupt: (a) => ({ ...a, body: corruptChk(a.body) }) });
    switch (route) {
      case 'POST /trade.php':
        return gatewayRoute('trade', async () => this.#trade(request));
      case 'POST /querytrade.php':
        return gatewayRoute('querytrade', async () => this.#query(request));
      case 'POST /pay.php':
        return send(res, await this.#pay(request));
      case 'GET /':
        return send(res, jsonAnswer({ sandbox: 'FlashPay', endpoints: ['POST /trade.php', 'POST /trade', 'POST /querytrade.php', `${CONTROL_PREFIX}*`] }));
      default:
        return send(res, jsonAnswer(withDetail(ERRORS.malformed, `no endpoint ${route}`), 404));
    }
  }

  #plain(error: PlainError): SandboxAnswer {
    return jsonAnswer(error);
  }

  #sealed(json: string): SandboxAnswer {
    return { status: 200, contentType: 'text/plain; charset=utf-8', body: sealAnswer(json, this.#options.credentials) };
  }

  #trade(request: SandboxRequest): SandboxAnswer {
    const opened = openMerchantEnvelope(request.body, this.#options.credentials);
    if (!opened.ok) return this.#plain(opened.error);
    const p = opened.payload;
    const text = (name: string): string => fieldText(p, name)?.trim() ?? '';
    if (text('tx_type') !== '101') return this.#plain(withDetail(ERRORS.txType, 'trade.php takes tx_type 101'));
    const required = ['mer_id', 'ord_no', 'ord_time', 'pay_type', 'amt', 'cur', 'order_desc', 'return_url', 'client_url'];
    const missing = required.filter((name) => text(name) === '');
    if (missing.length > 0) return this.#plain(withDetail(ERRORS.missing, missing.join(', ')));
    const ordNo = text('ord_no');
    if (!ORD_NO.test(ordNo)) return this.#plain(withDetail(ERRORS.value, 'ord_no is 1-32 letters, digits, - or _'));
    if (this.#store.has(ordNo)) return this.#plain(ERRORS.duplicate);
    if (text('pay_type') !== '1') return this.#plain(withDetail(ERRORS.value, 'pay_type must be 1 (銀聯卡尚未開放)'));
    if (text('cur') !== 'NTD') return this.#plain(withDetail(ERRORS.value, 'cur must be NTD'));
    let amountCents: number;
    let ordTimeMs: number;
    try {
      amountCents = parseCents(text('amt'));
      ordTimeMs = Date.parse(parseGatewayTime(text('ord_time')).utc);
    } catch {
      return this.#plain(withDetail(ERRORS.value, 'amt must be an amount and ord_time YYYY-MM-DD hh:mm:ss'));
    }
    if (amountCents <= 0) return this.#plain(withDetail(ERRORS.value, 'amt must be positive'));
    const installPeriod = text('install_period') === '' ? 0 : Number(text('install_period'));
    if (!INSTALLMENT_CHOICES.has(installPeriod)) return this.#plain(withDetail(ERRORS.value, 'install_period must be 0, 3, 6, 12, 18, 24 or 30'));
    const urls = [text('return_url'), text('client_url')];
    if (!urls.every((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol))) return this.#plain(withDetail(ERRORS.value, 'return_url and client_url must be http(s) URLs'));
    const record: FlashPayRecord = {
      ordNo, orderNo: this.#store.nextOrderNo(this.#options.clock.now()), merId: this.#options.credentials.merId, stoId: text('sto_id'),
      ordTimeMs, amountCents, status: '00', installPeriod, useRedeem: text('use_redeem') === '1', payType: '1',
      orderDesc: text('order_desc'), cellPhone: text('cell_phone_no') || text('phone'), returnUrl: urls[0]!, clientUrl: urls[1]!,
      authCode: '', purchaseMs: null, retCode: RET_AUTHORIZING.code, retMsg: RET_AUTHORIZING.msg, feeCents: 0, feeReturnedCents: 0, dueMs: null, source: 'api',
    };
    this.#store.add(record);
    const session = randomUUID();
    this.#sessions.set(session, ordNo);
    return htmlAnswer(this.#cardPage(session, record));
  }

  #cardPage(session: string, r: FlashPayRecord, error?: string): string {
    return flashPayCardPage({
      session, ordNo: r.ordNo, shopName: this.#shopName, orderDate: unpaddedDate(r.ordTimeMs), amountCents: r.amountCents,
      orderDesc: r.orderDesc, installPeriod: r.installPeriod, phone: r.cellPhone,
      year: new Date(this.#options.clock.now() + 8 * 3_600_000).getUTCFullYear(), error,
    });
  }

  async #pay(request: SandboxRequest): Promise<SandboxAnswer> {
    const form = bodyFields(request);
    const ordNo = this.#sessions.get(form.session ?? '');
    const record = ordNo === undefined ? undefined : this.#store.get(ordNo);
    if (!record) return htmlAnswer(flashPayMessagePage('付款連結已失效', '此付款頁面已過期或已完成付款，請回到商店重新下單。'), 410);
    const retry = (error: string): SandboxAnswer => htmlAnswer(this.#cardPage(form.session ?? '', record, error), 422);
    const nowMs = this.#options.clock.now();
    const checked = checkCardEntry(cardEntryFromForm(form), nowMs);
    if ('error' in checked) return retry(checked.error);
    if (form.agree !== '1') return retry('請勾選「我已詳閱並同意 FlashPay金流電子支付約定條款」');
    this.#sessions.delete(form.session ?? '');
    authorize(record, nowMs, checked.card.outcome, randomText(this.#live, DIGITS, 6));
    if (record.status !== 'ZP') {
      this.#notifier.enqueue(record.ordNo, record.returnUrl, sealAnswer(notificationJson(record, this.#notificationShape), this.#options.credentials), nowMs);
      await this.#notifier.deliverDue(nowMs);
    }
    return redirectAnswer(record.clientUrl);
  }

  #query(request: SandboxRequest): SandboxAnswer {
    const opened = openMerchantEnvelope(request.body, this.#options.credentials);
    if (!opened.ok) return this.#plain(opened.error);
    const p = opened.payload;
    const text = (name: string): string => fieldText(p, name)?.trim() ?? '';
    switch (text('tx_type')) {
      case '107': {
        if (text('ord_no') === '') return this.#plain(withDetail(ERRORS.missing, 'ord_no'));
        const record = this.#store.get(text('ord_no'));
        return record ? this.#sealed(queryJson(record)) : this.#plain(ERRORS.order);
      }
      case '8':
        return this.#cancel(text('ord_no'), text('amt'));
      case '106':
        return this.#list(text('start_date'), text('end_date'));
      default:
        return this.#plain(withDetail(ERRORS.txType, 'querytrade.php takes tx_type 8, 106 or 107'));
    }
  }

  #cancel(ordNo: string, amt: string): SandboxAnswer {
    if (ordNo === '' || amt === '') return this.#plain(withDetail(ERRORS.missing, 'ord_no and amt'));
    const record = this.#store.get(ordNo);
    if (!record) return this.#plain(ERRORS.order);
    let amountCents: number;
    try {
      amountCents = parseCents(amt);
    } catch {
      return this.#plain(withDetail(ERRORS.value, 'amt is not an amount'));
    }
    const nowMs = this.#options.clock.now();
    const outcome = cancel(record, nowMs, amountCents);
    if (!outcome.ok) return this.#sealed(cancelJson(record, flashPayMoney(amountCents), outcome));
    this.#actions.push({
      op: outcome.kind, orderNo: ordNo, amountCents, amount: flashPayMoney(amountCents), atMs: nowMs, time: formatTaipei(nowMs), resultStatus: record.status, source: 'api',
    });
    return this.#sealed(cancelJson(record, flashPayMoney(amountCents), RET_OK));
  }

  #list(start: string, end: string): SandboxAnswer {
    if (start === '' || end === '') return this.#plain(withDetail(ERRORS.missing, 'start_date and end_date'));
    let from: string;
    let to: string;
    try {
      from = parseDay(start);
      to = parseDay(end);
    } catch {
      return this.#plain(withDetail(ERRORS.range, 'dates are YYYY-MM-DD'));
    }
    // The vendor SDKs' rule: end - start <= 30, so 31 calendar days pass (docs/VENDOR-SHAPES.md).
    const span = daysBetween(from, to);
    if (span < 0) return this.#plain(withDetail(ERRORS.range, 'end_date is before start_date'));
    if (span > FLASHPAY_VENDOR_MAX_SPAN_DAYS) {
      return this.#plain(withDetail(ERRORS.range, `${span + 1} calendar days requested; end_date may be at most ${FLASHPAY_VENDOR_MAX_SPAN_DAYS} days after start_date`));
    }
    const records = this.#store.inRange(taipeiDayStartMs(from), taipeiDayStartMs(to) + DAY_MS);
    return this.#sealed(orderListJson(records));
  }
}

export async function startFlashPaySandbox(options: FlashPaySandboxOptions): Promise<FlashPaySandbox> {
  const served = await serveSandbox(new FlashPayServer(options), options);
  return { ...served, credentials: options.credentials };
}
