// The First Bank demo history: `days` Taipei days of CREDIT and TENPAY orders ending now on the
// sandbox clock, every TransStatus 0-7 represented, walked through the live transition code.
import { addDays, formatTaipei, taipeiDayOf } from '../../core/time.ts';
import type { ActionRecord } from '../actions.ts';
import { type OrdersPerDay, PRODUCTS, daySchedule, sampleAmountCents, sampleInstallments } from '../catalogue.ts';
import { MINUTE_MS } from '../clock.ts';
import { compactDigits, taipeiInstant } from '../formats.ts';
import { ALNUM, DIGITS, type Random, chance, pick, randInt, randomText, streamOf } from '../prng.ts';
import { TEST_CARDS } from '../test-cards.ts';
import { maskCardId } from '../../core/gateways/firstbank/orders.ts';
import { type FirstBankRecord, authorize, cancelInBackOffice, catchUp, refund } from './model.ts';

export interface FirstBankHistory {
  records: FirstBankRecord[];
  actions: ActionRecord[];
  nextSequence: number;
}

export interface FirstBankHistoryOptions {
  seed: number;
  days: number;
  nowMs: number;
  ordersPerDay: OrdersPerDay;
}

/** ReCheckId: "01" + yyMMddHHmmss + a 3-digit counter, like the seed's 01160815182355178. */
export function reCheckIdOf(atMs: number, sequence: number): string {
  return `01${compactDigits(atMs, 12)}${String(sequence % 1000).padStart(3, '0')}`;
}

/** OrderId: yyyyMMdd + a 5-digit shop counter (letters and digits only, at most 20). */
export function orderIdOf(atMs: number, sequence: number): string {
  return `20${compactDigits(atMs, 8).slice(0, 6)}${String(sequence).padStart(5, '0')}`;
}

export function tenpayPayment(rand: Random): { channelOrderId: string; channelUserId: string } {
  return { channelOrderId: `4200${randomText(rand, DIGITS, 24)}`, channelUserId: `o${randomText(rand, ALNUM, 15)}` };
}

const APPROVING_CARDS = TEST_CARDS.filter((c) => c.outcome === 'approve');

function newRecord(rand: Random, orderId: string, atMs: number): FirstBankRecord {
  const tenpay = chance(rand, 0.18);
  const amountCents = sampleAmountCents(rand, false);
  const periods = tenpay ? 0 : sampleInstallments(rand, amountCents);
  const bonus = !tenpay && periods === 0 && chance(rand, 0.05);
  return {
    orderId, reCheckId: '', payType: tenpay ? 'TENPAY' : 'CREDIT', amount: amountCents / 100, shippingFee: chance(rand, 0.3) ? pick(rand, [60, 80, 100]) : 0,
    transStatus: '0', transTimeMs: atMs, createTimeMs: atMs, lastChangeMs: atMs, paidMs: null, productName: pick(rand, PRODUCTS),
    resUrl: 'https://shop.example/firstbank/result', customResultPage: false,
    transType: periods > 0 ? '1' : bonus ? '2' : '0', periodNum: periods > 0 ? String(periods) : '', bonusActionCode: bonus ? randomText(rand, DIGITS, 6) : '',
    card: null, tenpay: null, returnStatus: '', returnDesc: '', refundDueMs: null, source: 'seed',
  };
}

function pay(r: FirstBankRecord, rand: Random, atMs: number, sequence: number): void {
  if (r.payType === 'CREDIT') {
    const card = pick(rand, APPROVING_CARDS);
    r.card = { authCode: randomText(rand, DIGITS, 6), cardId: maskCardId(card.number), cardBrand: card.brand };
  } else {
    r.tenpay = tenpayPayment(rand);
  }
  authorize(r, atMs, 'approve', reCheckIdOf(atMs, sequence));
}

function logRefund(r: FirstBankRecord, atMs: number, actions: ActionRecord[]): void {
  if (!refund(r, atMs, r.amount).ok) return;
  actions.push({ op: 'refund', orderNo: r.orderId, amountCents: r.amount * 100, amount: String(r.amount), atMs, time: formatTaipei(atMs), resultStatus: r.transStatus, source: 'seed' });
}

export function generateFirstBankHistory(options: FirstBankHistoryOptions): FirstBankHistory {
  const rand = streamOf(options.seed, 'firstbank-orders');
  const records: FirstBankRecord[] = [];
  const actions: ActionRecord[] = [];
  let sequence = randInt(rand, 10_000, 40_000);
  const today = taipeiDayOf(options.nowMs);
  for (let d = options.days - 1; d >= 0; d--) {
    const day = addDays(today, -d);
    for (const second of daySchedule(rand, options.ordersPerDay)) {
      const atMs = taipeiInstant(day, second);
      const record = newRecord(rand, orderIdOf(atMs, sequence), atMs);
      const paidMs = atMs + randInt(rand, 20, 240) * 1000;
      const u = rand();
      const v = rand();
      const laterMs = paidMs + randInt(rand, 5, 180) * MINUTE_MS;
      const refundMs = taipeiInstant(addDays(day, randInt(rand, 1, 10)), randInt(rand, 9 * 3600, 21 * 3600));
      if (atMs > options.nowMs) continue;
      sequence += 1;
      records.push(record);
      if (paidMs > options.nowMs || u < 0.008) continue; // still on the payment page, or abandoned there
      if (u < 0.018) {
        authorize(record, paidMs, 'processing', reCheckIdOf(paidMs, sequence));
        continue;
      }
      if (u < 0.075) {
        authorize(record, paidMs, pick(rand, ['decline', 'expired'] as const), reCheckIdOf(paidMs, sequence));
        continue;
      }
      pay(record, rand, paidMs, sequence);
      if (u < 0.08) {
        // The buyer's wallet paid another amount than the order (TENPAY currency rounding, mostly).
        record.transStatus = '7';
        continue;
      }
      if (record.payType === 'CREDIT' && v < 0.025 && laterMs <= options.nowMs) {
        cancelInBackOffice(record, laterMs, v < 0.004);
        actions.push({ op: 'cancel', orderNo: record.orderId, amountCents: record.amount * 100, amount: String(record.amount), atMs: laterMs, time: formatTaipei(laterMs), resultStatus: record.transStatus, source: 'seed' });
      } else if (v > 0.95 && refundMs <= options.nowMs) {
        logRefund(record, refundMs, actions);
      }
      catchUp(record, options.nowMs);
    }
  }
  plantPendingRefund(records, options.nowMs, actions);
  actions.sort((a, b) => a.atMs - b.atMs);
  return { records, actions, nextSequence: sequence };
}

/** Status 4 lasts an hour; refund one TENPAY order ten minutes ago so it is always on show. */
function plantPendingRefund(records: FirstBankRecord[], nowMs: number, actions: ActionRecord[]): void {
  if (records.some((r) => r.transStatus === '4')) return;
  const candidate = [...records].reverse().find((r) => r.payType === 'TENPAY' && r.transStatus === '2' && (r.paidMs ?? Infinity) <= nowMs);
  if (!candidate) return;
  logRefund(candidate, Math.max(candidate.paidMs ?? nowMs, nowMs - 10 * MINUTE_MS), actions);
}
