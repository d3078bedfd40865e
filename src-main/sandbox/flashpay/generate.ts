// The FlashPay demo history: `days` Taipei days of orders ending now on the sandbox clock, every
// order_status represented, each order walked through the same lifecycle code the live server uses.
import { addDays, formatTaipei, taipeiDayOf, taipeiDayStartMs } from '../../core/time.ts';
import type { ActionRecord } from '../actions.ts';
import { type OrdersPerDay, PRODUCTS, daySchedule, sampleAmountCents, sampleInstallments } from '../catalogue.ts';
import { DIGITS, type Random, chance, pick, randInt, randomText, streamOf } from '../prng.ts';
import { flashPayMoney, taipeiInstant } from '../formats.ts';
import { MINUTE_MS } from '../clock.ts';
import { type AuthorizationResult, type FlashPayRecord, RET_AUTHORIZING, authorize, cancel, catchUp } from './model.ts';
import { FlashPayStore } from './store.ts';

export interface FlashPayHistory {
  store: FlashPayStore;
  actions: ActionRecord[];
  /** The first seeded ord_no minus one: numbers below it were never sent to FlashPay. */
  firstOrdNo: number;
}

export interface FlashPayHistoryOptions {
  seed: number;
  days: number;
  nowMs: number;
  ordersPerDay: OrdersPerDay;
  merId: string;
}

const SEED_RETURN_URL = 'https://shop.example/?wc-api=WC_Gateway_Flashpay';

function newRecord(store: FlashPayStore, rand: Random, merId: string, ordNo: string, ordTimeMs: number): FlashPayRecord {
  const amountCents = sampleAmountCents(rand, true);
  return {
    ordNo,
    orderNo: store.nextOrderNo(ordTimeMs),
    merId,
    stoId: '',
    ordTimeMs,
    amountCents,
    status: '00',
    installPeriod: sampleInstallments(rand, amountCents),
    useRedeem: chance(rand, 0.05),
    payType: '1',
    orderDesc: pick(rand, PRODUCTS),
    cellPhone: `09${randomText(rand, DIGITS, 8)}`,
    returnUrl: SEED_RETURN_URL,
    clientUrl: `https://shop.example/checkout/order-received/${ordNo}/`,
    authCode: '',
    purchaseMs: null,
    retCode: RET_AUTHORIZING.code,
    retMsg: RET_AUTHORIZING.msg,
    feeCents: 0,
    feeReturnedCents: 0,
    dueMs: null,
    source: 'seed',
  };
}

function applyAction(r: FlashPayRecord, atMs: number, actions: ActionRecord[]): void {
  catchUp(r, atMs);
  const outcome = cancel(r, atMs, r.amountCents);
  if (!outcome.ok) return;
  actions.push({
    op: outcome.kind, orderNo: r.ordNo, amountCents: r.amountCents, amount: flashPayMoney(r.amountCents),
    atMs, time: formatTaipei(atMs), resultStatus: r.status, source: 'seed',
  });
}

function pickFate(rand: Random): AuthorizationResult | 'abandoned' {
  const u = rand();
  if (u < 0.012) return 'abandoned';
  if (u < 0.022) return 'processing';
  if (u < 0.07) return 'decline';
  if (u < 0.085) return 'expired';
  return 'approve';
}

/** Live history: an approved order may later be cancelled the same day, or refunded days later. */
function liveAfterApproval(r: FlashPayRecord, rand: Random, nowMs: number, actions: ActionRecord[]): void {
  const purchase = r.purchaseMs ?? r.ordTimeMs;
  const v = rand();
  if (v < 0.03) {
    const at = purchase + randInt(rand, 5, 180) * MINUTE_MS;
    if (at <= nowMs && taipeiDayOf(at) === taipeiDayOf(purchase)) applyAction(r, at, actions);
  } else if (v < 0.08) {
    const refundDay = addDays(taipeiDayOf(purchase), randInt(rand, 1, 10));
    const at = taipeiInstant(refundDay, randInt(rand, 9 * 3600, 21 * 3600));
    if (at <= nowMs) applyAction(r, at, actions);
  }
}

export function generateFlashPayHistory(options: FlashPayHistoryOptions): FlashPayHistory {
  const rand = streamOf(options.seed, 'flashpay-orders');
  const store = new FlashPayStore(randInt(rand, 1000, 4000));
  const actions: ActionRecord[] = [];
  const firstOrdNo = randInt(rand, 100_000, 400_000);
  let ordNo = firstOrdNo;
  const today = taipeiDayOf(options.nowMs);
  for (let d = options.days - 1; d >= 0; d--) {
    const day = addDays(today, -d);
    for (const second of daySchedule(rand, options.ordersPerDay)) {
      const ordTimeMs = taipeiInstant(day, second);
      const record = newRecord(store, rand, options.merId, String(ordNo), ordTimeMs);
      const fate = pickFate(rand);
      const purchaseMs = ordTimeMs + randInt(rand, 20, 240) * 1000;
      const authCode = randomText(rand, DIGITS, 6);
      if (ordTimeMs > options.nowMs) continue;
      ordNo += 1;
      if (fate !== 'abandoned' && purchaseMs <= options.nowMs) {
        authorize(record, purchaseMs, fate, authCode);
        if (fate === 'approve') liveAfterApproval(record, rand, options.nowMs, actions);
      }
      catchUp(record, options.nowMs);
      store.add(record);
    }
  }
  plantMissingStatuses(store, rand, options, String(ordNo), actions);
  actions.sort((a, b) => a.atMs - b.atMs);
  return { store, actions, firstOrdNo };
}

/**
 * 02 lives only until midnight and 06 until the next batch, so a morning start or a quiet day could
 * lack them; plant one of each (an order minutes ago, a refund now) so every status is always shown.
 */
function plantMissingStatuses(store: FlashPayStore, rand: Random, options: FlashPayHistoryOptions, nextOrdNo: string, actions: ActionRecord[]): void {
  const all = store.all();
  if (!all.some((r) => r.status === '02')) {
    const ordTimeMs = Math.max(taipeiDayStartMs(taipeiDayOf(options.nowMs)), options.nowMs - 10 * MINUTE_MS);
    const record = newRecord(store, rand, options.merId, nextOrdNo, ordTimeMs);
    authorize(record, ordTimeMs + Math.min(MINUTE_MS, options.nowMs - ordTimeMs), 'approve', randomText(rand, DIGITS, 6));
    store.add(record);
  }
  if (!all.some((r) => r.status === '06')) {
    const captured = [...all].reverse().find((r) => r.status === '03' || r.status === '04');
    if (captured) applyAction(captured, options.nowMs, actions);
  }
}
