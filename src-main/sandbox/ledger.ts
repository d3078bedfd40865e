// The shop's own ledger of the seeded orders (GET /_sandbox/ledger.csv), the other side of a
// reconciliation, with four planted discrepancies of the kinds real shops produce.
import { type Random, pick, randInt, streamOf } from './prng.ts';
import { DAY_MS, ledgerTime } from './formats.ts';

export type ShopStatus = '已付款' | '已退款' | '已取消' | '待付款';

export interface LedgerSource {
  orderNo: string;
  amountCents: number;
  timeMs: number;
  shopStatus: ShopStatus;
}

export type DiscrepancyKind = 'missing' | 'extra' | 'amount' | 'status';

export interface Discrepancy {
  kind: DiscrepancyKind;
  orderNo: string;
  /** What the gateway has (null for the extra row). */
  gatewayAmountCents: number | null;
  gatewayShopStatus: ShopStatus | null;
  /** What the shop's ledger says (null for the missing order). */
  ledgerAmountCents: number | null;
  ledgerStatus: ShopStatus | null;
  why: string;
}

export interface Ledger {
  csv: string;
  discrepancies: Discrepancy[];
}

export const LEDGER_HEADER = '訂單編號,金額,訂單時間,狀態';

/** Old enough that the clock advances of a test session never change what the shop should have. */
const PLANT_MIN_AGE_MS = 3 * DAY_MS;

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function pickFrom(rand: Random, sources: LedgerSource[], taken: Set<string>, test: (s: LedgerSource) => boolean): LedgerSource | undefined {
  const candidates = sources.filter((s) => !taken.has(s.orderNo) && test(s));
  if (candidates.length === 0) return undefined;
  const chosen = pick(rand, candidates);
  taken.add(chosen.orderNo);
  return chosen;
}

export interface LedgerOptions {
  seed: number;
  gateway: 'flashpay' | 'firstbank';
  nowMs: number;
  sources: LedgerSource[];
  /** The gateway's amount text convention ("500.98" or "500"). */
  formatAmount(cents: number): string;
  /** An order number the gateway has never seen, in the shop's numbering. */
  phantomOrderNo(rand: Random): string;
}

export function buildLedger(options: LedgerOptions): Ledger {
  const rand = streamOf(options.seed, `${options.gateway}-ledger`);
  const old = (s: LedgerSource): boolean => s.timeMs <= options.nowMs - PLANT_MIN_AGE_MS;
  const taken = new Set<string>();
  const discrepancies: Discrepancy[] = [];
  const rows = new Map<string, { amountCents: number; timeMs: number; status: ShopStatus }>();
  for (const s of options.sources) rows.set(s.orderNo, { amountCents: s.amountCents, timeMs: s.timeMs, status: s.shopStatus });

  const missing = pickFrom(rand, options.sources, taken, (s) => old(s) && s.shopStatus === '已付款');
  if (missing) {
    rows.delete(missing.orderNo);
    discrepancies.push({
      kind: 'missing', orderNo: missing.orderNo, gatewayAmountCents: missing.amountCents, gatewayShopStatus: missing.shopStatus,
      ledgerAmountCents: null, ledgerStatus: null,
      why: 'paid at the gateway, but the payment notification never reached the shop, so the order is absent from the ledger',
    });
  }
  const amount = pickFrom(rand, options.sources, taken, (s) => old(s) && s.shopStatus === '已付款' && s.amountCents > 50_000);
  if (amount) {
    const ledgerAmount = amount.amountCents + pick(rand, [-10_000, 5_000, 12_000]);
    rows.set(amount.orderNo, { amountCents: ledgerAmount, timeMs: amount.timeMs, status: amount.shopStatus });
    discrepancies.push({
      kind: 'amount', orderNo: amount.orderNo, gatewayAmountCents: amount.amountCents, gatewayShopStatus: amount.shopStatus,
      ledgerAmountCents: ledgerAmount, ledgerStatus: amount.shopStatus,
      why: 'the shop edited the order total (coupon or shipping) after the buyer had paid the original amount',
    });
  }
  const status =
    pickFrom(rand, options.sources, taken, (s) => old(s) && s.shopStatus === '已退款') ??
    pickFrom(rand, options.sources, taken, (s) => old(s) && s.shopStatus === '已取消');
  if (status) {
    rows.set(status.orderNo, { amountCents: status.amountCents, timeMs: status.timeMs, status: '已付款' });
    discrepancies.push({
      kind: 'status', orderNo: status.orderNo, gatewayAmountCents: status.amountCents, gatewayShopStatus: status.shopStatus,
      ledgerAmountCents: status.amountCents, ledgerStatus: '已付款',
      why: 'refunded or cancelled in the gateway back-office, but nobody updated the shop, which still says paid',
    });
  }
  const anchor = options.sources.find(old) ?? options.sources[0];
  if (anchor) {
    const phantom = options.phantomOrderNo(rand);
    const phantomAmount = randInt(rand, 5, 40) * 10_000 - 100;
    const phantomTime = anchor.timeMs + randInt(rand, 60, 3600) * 1000;
    rows.set(phantom, { amountCents: phantomAmount, timeMs: phantomTime, status: '已付款' });
    discrepancies.push({
      kind: 'extra', orderNo: phantom, gatewayAmountCents: null, gatewayShopStatus: null,
      ledgerAmountCents: phantomAmount, ledgerStatus: '已付款',
      why: 'a staff member marked an order paid (bank transfer taken by phone) that never went through the gateway',
    });
  }

  const lines = [...rows.entries()]
    .sort((a, b) => a[1].timeMs - b[1].timeMs || (a[0] < b[0] ? -1 : 1))
    .map(([orderNo, r]) => [orderNo, options.formatAmount(r.amountCents), ledgerTime(r.timeMs), r.status].map(csvCell).join(','));
  return { csv: `${[LEDGER_HEADER, ...lines].join('\n')}\n`, discrepancies };
}
