// The First Bank 整合支付平台 sandbox: OrderProcessOnline (hosted payment page), its Pay submit,
// RefundProcessOnline, ReportProcessOnline, ExchangeRateOnline, async notifications, and the
// /_sandbox/ control API.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  type FirstBankSignKind, SIGNATURE_FIELD, SIGNING_RULES, type SigningRule, assertSignedText, encodeForm, verify,
} from '../../core/gateways/firstbank/codec.ts';
import { FIRSTBANK_PATHS } from '../../core/gateways/firstbank/client.ts';
import { formatTaipei, parseGatewayTime, taipeiDayOf } from '../../core/time.ts';
import type { ActionRecord } from '../actions.ts';
import type { OrdersPerDay } from '../catalogue.ts';
import type { SandboxClock } from '../clock.ts';
import { CONTROL_PREFIX, controlAnswer } from '../control.ts';
import type { FirstBankSandboxCredentials } from '../credentials.ts';
import { FaultPlan, type GatewayOp } from '../faults.ts';
import { firstBankTime } from '../formats.ts';
import {
  type Lifetime, type SandboxAnswer, type SandboxRequest, answerWithFault, bodyFields, flipHexDigit, htmlAnswer, jsonAnswer, serveSandbox, readRequest, send,
} from '../http.ts';
import { type Ledger, type ShopStatus, buildLedger } from '../ledger.ts';
import { Notifier } from '../notifier.ts';
import { DIGITS, type Random, randInt, randomText, streamOf } from '../prng.ts';
import { cardEntryFromForm, checkCardEntry } from '../test-cards.ts';
import { maskCardId } from '../../core/gateways/firstbank/orders.ts';
import { firstBankMessagePage, firstBankPayPage, firstBankResultForm, firstBankResultPage } from './card-page.ts';
import { generateFirstBankHistory, orderIdOf, reCheckIdOf, tenpayPayment } from './generate.ts';
import { type FirstBankIdentity, errorAnswer, rateAnswer, refundAnswer, reportAnswer, statusMessage } from './messages.ts';
import { type FirstBankRecord, SUPPORTED_PAY_TYPES, authorize, catchUp, refund } from './model.ts';

const PAY_PATH = '/PayServerOnline/Pay';
const ORDER_ID = /^[A-Za-z0-9]+$/;
const TRADE_REQUIRED = ['PayType', 'OrderId', 'Amount', 'ProductName', 'ClientIP', 'TimeZone', 'CreateTime', 'TransTime'];

export interface FirstBankSandboxOptions {
  port: number;
  seed: number;
  days: number;
  ordersPerDay: OrdersPerDay;
  clock: SandboxClock;
  credentials: FirstBankSandboxCredentials;
  notifyUrl: string | null;
  /** How outgoing notifications and answers are signed (default 'seed'); changeable via POST /_sandbox/settings. */
  signing?: SigningRule;
}

export interface FirstBankSandbox {
  baseUrl: string;
  credentials: FirstBankSandboxCredentials;
  close(): Promise<void>;
}

const settingsSchema = z.object({ notifyUrl: z.url({ protocol: /^https?$/ }).nullable().optional(), signing: z.enum(SIGNING_RULES).optional() }).strict();

function shopStatusOf(status: string): ShopStatus {
  if (status === '2') return '已付款';
  if (status === '3' || status === '4') return '已退款';
  if (status === '1' || status === '5') return '已取消';
  return '待付款';
}

function orderView(r: FirstBankRecord): Record<string, unknown> {
  return {
    OrderId: r.orderId, ReCheckId: r.reCheckId, Amount: String(r.amount), PayType: r.payType, TransStatus: r.transStatus,
    TransTime: firstBankTime(r.transTimeMs), LastStatusChgTime: firstBankTime(r.lastChangeMs), ShippingFee: String(r.shippingFee), Fee: '0',
    TransType: r.transType, PeriodNum: r.periodNum, BonusActionCode: r.bonusActionCode, AuthCode: r.card?.authCode ?? '', CardId: r.card?.cardId ?? '',
    amountCents: r.amount * 100, source: r.source,
  };
}

function textOnly(fields: Record<string, string>): boolean {
  try {
    assertSignedText(fields, 'request');
    return true;
  } catch {
    return false;
  }
}

/** The badsig fault: a well-formed HashKey field that no longer matches, in a JSON answer or a form body. */
function corruptSignature(body: string): string {
  const json = body.replace(/("HashKey":")([0-9A-Fa-f]+)/, (_, head: string, digest: string) => `${head}${flipHexDigit(digest)}`);
  if (json !== body) return json;
  return body.replace(/(HashKey=)([0-9A-Fa-f]+)/, (_, head: string, digest: string) => `${head}${flipHexDigit(digest)}`);
}

class FirstBankServer {
  readonly #options: FirstBankSandboxOptions;
  readonly #records: FirstBankRecord[];
  readonly #byId = new Map<string, FirstBankRecord>();
  readonly #actions: ActionRecord[];
  readonly #ledger: Ledger;
  readonly #faults = new FaultPlan();
  readonly #notifier: Notifier;
  readonly #sessions = new Map<string, string>();
  readonly #identity: FirstBankIdentity;
  readonly #live: Random;
  #sequence: number;
  #notifyUrl: string | null;

  constructor(options: FirstBankSandboxOptions) {
    this.#options = options;
    this.#notifyUrl = options.notifyUrl;
    this.#live = streamOf(options.seed, 'firstbank-live');
    const nowMs = options.clock.now();
    const history = generateFirstBankHistory({ seed: options.seed, days: options.days, nowMs, ordersPerDay: options.ordersPerDay });
    this.#records = history.records;
    for (const r of this.#records) this.#byId.set(r.orderId, r);
    this.#actions = history.actions;
    this.#sequence = history.nextSequence;
    this.#identity = { platformId: options.credentials.platformId, platformName: '沙盒測試一號店', hashKey: options.credentials.hashKey, signing: options.signing ?? 'seed' };
    this.#ledger = buildLedger({
      seed: options.seed, gateway: 'firstbank', nowMs,
      sources: this.#records.map((r) => ({ orderNo: r.orderId, amountCents: r.amount * 100, timeMs: r.transTimeMs, shopStatus: shopStatusOf(r.transStatus) })),
      formatAmount: (cents) => String(cents / 100),
      phantomOrderNo: (rand) => `${orderIdOf(nowMs, 0).slice(0, 8)}9${randomText(rand, DIGITS, 4)}`,
    });
    this.#notifier = new Notifier({ expectedAnswer: 'OK', faults: this.#faults, corrupt: corruptSignature });
  }

  async catchUp(nowMs: number): Promise<void> {
    this.#applyDue(nowMs);
    await this.#notifier.deliverDue(nowMs);
  }

  #applyDue(nowMs: number): void {
    for (const r of this.#records) if (catchUp(r, nowMs)) this.#notify(r, r.lastChangeMs);
  }

  /**
   * Before answering on a ticking clock: apply what fell due, but deliver notifications in the
   * background. A real gateway does not hold an API answer until a shop's callback URL responds.
   */
  #catchUpForRequest(nowMs: number): void {
    this.#applyDue(nowMs);
    void this.#notifier.deliverDue(nowMs).catch(() => undefined);
  }

  close(): void {
    this.#notifier.close();
  }

  /**
   * Every status change is announced (3.5), to the sandbox's notify URL or else the order's ResURL.
   * Demo orders carry made-up shop URLs: they are announced only to a configured notify URL, so the
   * sandbox never reaches out of the machine on its own.
   */
  #notify(r: FirstBankRecord, atMs: number): void {
    const url = this.#notifyUrl ?? (r.source === 'api' ? r.resUrl : '');
    if (url === '') return;
    this.#notifier.enqueue(r.orderId, url, encodeForm(statusMessage(r, this.#identity, 'AsynReturn')), atMs);
  }

  async handle(req: IncomingMessage, res: ServerResponse, lifetime: Lifetime): Promise<void> {
    const request = await readRequest(req);
    if (!this.#options.clock.frozen) this.#catchUpForRequest(this.#options.clock.now());
    if (request.path.startsWith(CONTROL_PREFIX)) {
      return send(res, await controlAnswer(request, {
        gateway: 'firstbank', clock: this.#options.clock, faults: this.#faults,
        orders: () => this.#records.map(orderView), actions: () => this.#actions, notifications: () => this.#notifier.list(), ledger: () => this.#ledger,
        settings: { schema: settingsSchema, get: () => ({ notifyUrl: this.#notifyUrl, signing: this.#identity.signing }), apply: (value) => this.#applySettings(settingsSchema.parse(value)) },
      }));
    }
    const route = `${request.method} ${request.path}`;
    const gatewayRoute = (op: GatewayOp, produce: () => Promise<SandboxAnswer>): Promise<void> =>
      answerWithFault({ res, lifetime, fault: this.#faults.take(op), produce, corrupt: (a) => ({ ...a, body: corruptSignature(a.body) }) });
    switch (route) {
      case `POST ${FIRSTBANK_PATHS.trade}`:
        return gatewayRoute('order', async () => this.#order(bodyFields(request)));
      case `POST ${FIRSTBANK_PATHS.refund}`:
        return gatewayRoute('refund', async () => this.#refund(bodyFields(request)));
      case `POST ${FIRSTBANK_PATHS.report}`:
        return gatewayRoute('report', async () => this.#report(bodyFields(request)));
      case `POST ${FIRSTBANK_PATHS.rate}`:
        return gatewayRoute('rate', async () => this.#rate(bodyFields(request)));
      case `POST ${PAY_PATH}`:
        return send(res, await this.#pay(request));
      case 'GET /':
        return send(res, jsonAnswer({ sandbox: 'First Bank 整合支付平台', endpoints: [...Object.values(FIRSTBANK_PATHS).map((p) => `POST ${p}`), `${CONTROL_PREFIX}*`] }));
      default:
        return send(res, this.#json(errorAnswer('9996', `no endpoint ${route}`, null), 404));
    }
  }

  #applySettings(settings: z.infer<typeof settingsSchema>): void {
    if (settings.notifyUrl !== undefined) this.#notifyUrl = settings.notifyUrl;
    if (settings.signing !== undefined) this.#identity.signing = settings.signing;
  }

  #json(body: string, status = 200): SandboxAnswer {
    return { status, contentType: 'application/json; charset=utf-8', body };
  }

  /** Merchant and signature checks shared by every endpoint; an answer when they fail. */
  #authenticate(fields: Record<string, string>, kind: FirstBankSignKind): SandboxAnswer | null {
    if ((fields.PlatFormId ?? '').trim() !== this.#identity.platformId) return this.#json(errorAnswer('9991', '特店編號不存在', null));
    const key = this.#identity.hashKey;
    // Both the seed's clients and the bank's own plugin are in production use, so the platform must
    // take requests signed either way (docs/VENDOR-SHAPES.md); glue padding never passes.
    if (!fields[SIGNATURE_FIELD] || !textOnly(fields) || !(verify(kind, fields, key) || verify(kind, fields, key, '', 'plugin'))) {
      return this.#json(errorAnswer('9996', '驗證碼(HashKey)錯誤', this.#identity));
    }
    return null;
  }

  #order(fields: Record<string, string>): SandboxAnswer {
    const denied = this.#authenticate(fields, 'trade');
    if (denied) return denied;
    const error = (code: string, desc: string): SandboxAnswer => this.#json(errorAnswer(code, desc, this.#identity, { OrderId: fields.OrderId ?? '' }));
    const missing = TRADE_REQUIRED.filter((name) => (fields[name] ?? '').trim() === '');
    if (missing.length > 0) return error('9996', `缺少必要欄位: ${missing.join(', ')}`);
    const orderId = fields.OrderId!.trim();
    if (orderId.length > 20) return error('9989', '訂單編號超過 20 字元');
    if (!ORDER_ID.test(orderId)) return error('9996', '訂單編號只允許半形英文字母或數字');
    if (!/^\d+$/.test(fields.Amount!.trim()) || Number(fields.Amount) <= 0) return error('9996', '訂單金額須為正整數');
    if (fields.Amount!.trim().length > 10) return error('9988', '訂單金額超過上限');
    if (!SUPPORTED_PAY_TYPES.includes(fields.PayType!.trim())) return error('9992', `支付別 ${fields.PayType} 尚未開通`);
    if (this.#byId.has(orderId)) return error('9996', '訂單編號重複');
    let transTimeMs: number;
    try {
      transTimeMs = Date.parse(parseGatewayTime(fields.TransTime!).utc);
    } catch {
      return error('9996', '交易時間格式須為 yyyy/MM/dd HH:mm:ss');
    }
    const nowMs = this.#options.clock.now();
    const transType = fields.TransType === '1' || fields.TransType === '2' ? fields.TransType : '0';
    const record: FirstBankRecord = {
      orderId, reCheckId: '', payType: fields.PayType!.trim() as FirstBankRecord['payType'], amount: Number(fields.Amount), shippingFee: Number(fields.ShippingFee || 0) || 0,
      transStatus: '0', transTimeMs, createTimeMs: nowMs, lastChangeMs: nowMs, paidMs: null, productName: fields.ProductName!,
      resUrl: fields.ResURL ?? '', customResultPage: fields.CustomResultPage === '1', transType, periodNum: fields.PeriodNum ?? '',
      bonusActionCode: fields.BonusActionCode ?? '', card: null, tenpay: null, returnStatus: '', returnDesc: '', refundDueMs: null, source: 'api',
    };
    this.#records.push(record);
    this.#byId.set(orderId, record);
    const session = randomUUID();
    this.#sessions.set(session, orderId);
    return htmlAnswer(this.#payPage(session, record, fields.TimeoutSecs || '600'));
  }

  #payPage(session: string, r: FirstBankRecord, timeoutSecs: string, error?: string): string {
    return firstBankPayPage({
      session, platformName: this.#identity.platformName, orderId: r.orderId, productName: r.productName, amount: r.amount, shippingFee: r.shippingFee,
      payType: r.payType, transType: r.transType, periodNum: r.periodNum, timeoutSecs, year: new Date(this.#options.clock.now() + 8 * 3_600_000).getUTCFullYear(), error,
    });
  }

  async #pay(request: SandboxRequest): Promise<SandboxAnswer> {
    const form = bodyFields(request);
    const orderId = this.#sessions.get(form.session ?? '');
    const record = orderId === undefined ? undefined : this.#byId.get(orderId);
    if (!record) return htmlAnswer(firstBankMessagePage('交易連結已失效', '此付款頁面已逾時或已完成交易，請回到商店重新下單。'), 410);
    const nowMs = this.#options.clock.now();
    this.#sequence += 1;
    if (record.payType === 'CREDIT') {
      const checked = checkCardEntry(cardEntryFromForm(form), nowMs);
      if ('error' in checked) return htmlAnswer(this.#payPage(form.session ?? '', record, '600', checked.error), 422);
      record.card = { authCode: randomText(this.#live, DIGITS, 6), cardId: maskCardId(checked.card.number), cardBrand: checked.card.brand };
      authorize(record, nowMs, checked.card.outcome, reCheckIdOf(nowMs, this.#sequence));
    } else {
      record.tenpay = tenpayPayment(this.#live);
      authorize(record, nowMs, 'approve', reCheckIdOf(nowMs, this.#sequence));
    }
    this.#sessions.delete(form.session ?? '');
    if (record.transStatus !== '0') {
      this.#notify(record, nowMs);
      await this.#notifier.deliverDue(nowMs);
    }
    const paid = record.transStatus === '2';
    if (record.customResultPage && record.resUrl !== '') return htmlAnswer(firstBankResultForm(record.resUrl, statusMessage(record, this.#identity, 'OrderReturn')));
    const detail = paid ? `已完成付款 NT$ ${record.amount}` : record.transStatus === '0' ? '銀行授權處理中，請稍後查詢訂單' : `交易失敗：${record.returnDesc}`;
    return htmlAnswer(firstBankResultPage(paid, record.orderId, detail, record.resUrl));
  }

  /** A known order matching every identifying field, or the 9997 answer. */
  #find(fields: Record<string, string>): FirstBankRecord | SandboxAnswer {
    const record = this.#byId.get((fields.OrderId ?? '').trim());
    if (!record || record.reCheckId === '' || record.reCheckId !== (fields.ReCheckId ?? '').trim() || record.payType !== (fields.PayType ?? '').trim()) {
      return this.#json(errorAnswer('9997', '查無訂單(OrderId, ReCheckId, PayType 不符)', this.#identity, { OrderId: fields.OrderId ?? '' }));
    }
    return record;
  }

  #refund(fields: Record<string, string>): SandboxAnswer {
    const denied = this.#authenticate(fields, 'refund');
    if (denied) return denied;
    const found = this.#find(fields);
    if (!('orderId' in found)) return found;
    const context = { OrderId: found.orderId, ReCheckId: found.reCheckId, PayType: found.payType };
    if ((fields.RefundDesc ?? '').trim() === '') return this.#json(errorAnswer('9996', '缺少退款說明(RefundDesc)', this.#identity, context));
    const amount = /^\d+$/.test((fields.Amount ?? '').trim()) ? Number(fields.Amount) : NaN;
    const nowMs = this.#options.clock.now();
    const outcome = refund(found, nowMs, amount);
    if (!outcome.ok) return this.#json(errorAnswer(outcome.toolStatus, outcome.returnDesc, this.#identity, context));
    this.#actions.push({ op: 'refund', orderNo: found.orderId, amountCents: amount * 100, amount: String(amount), atMs: nowMs, time: formatTaipei(nowMs), resultStatus: found.transStatus, source: 'api' });
    this.#notify(found, nowMs);
    // The answer must not wait on the merchant's notify endpoint.
    void this.#notifier.deliverDue(nowMs);
    return this.#json(refundAnswer(found, this.#identity));
  }

  #report(fields: Record<string, string>): SandboxAnswer {
    const denied = this.#authenticate(fields, 'query');
    if (denied) return denied;
    const found = this.#find(fields);
    if (!('orderId' in found)) return found;
    if ((fields.Amount ?? '').trim() !== String(found.amount)) {
      return this.#json(errorAnswer('9997', '查無訂單(訂單金額不符)', this.#identity, { OrderId: found.orderId }));
    }
    return this.#json(reportAnswer(found, this.#identity));
  }

  #rate(fields: Record<string, string>): SandboxAnswer {
    const denied = this.#authenticate(fields, 'rate');
    if (denied) return denied;
    if ((fields.PayType ?? '').trim() !== 'TENPAY') return this.#json(errorAnswer('9996', '匯率查詢僅支援 TENPAY', this.#identity));
    // A daily rate that wobbles around 4.4 TWD per CNY, fixed per seed and Taipei day.
    const nowMs = this.#options.clock.now();
    const rand = streamOf(this.#options.seed, `rate-${taipeiDayOf(nowMs)}`);
    const rate = (4.3 + randInt(rand, 0, 200) / 1000).toFixed(3);
    const rateTimeMs = nowMs - (nowMs % 3_600_000);
    return this.#json(rateAnswer(this.#identity, rate, rateTimeMs));
  }
}

export async function startFirstBankSandbox(options: FirstBankSandboxOptions): Promise<FirstBankSandbox> {
  const served = await serveSandbox(new FirstBankServer(options), options);
  return { ...served, credentials: options.credentials };
}
