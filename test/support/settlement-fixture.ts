// Orders across several Taipei days and both gateways, with orders right at Taipei midnight, a fee
// schedule that hits an exact half cent, formula-looking text and a long numeric order number. Used by
// the settlement and export tests and seeded into the e2e console's data folder.
import type { App } from '../../src-main/core/app.ts';
import { firstBankTransStatus } from '../../src-main/core/gateways/firstbank/statuses.ts';
import { flashPayStatus } from '../../src-main/core/gateways/flashpay/statuses.ts';
import type { GatewayName } from '../../src-main/core/gateways/status.ts';
import { type Profile, addProfile } from '../../src-main/core/services/profiles.ts';
import { type NormalizedOrder, OrderStore } from '../../src-main/core/store/orders.ts';

/** The clock the fixture's numbers assume: 2024-04-02 20:00 in Taipei (that day is not over). */
export const FIXTURE_NOW_MS = Date.parse('2024-04-02T12:00:00Z');
export const FIXTURE_FROM = '2024-03-31';
export const FIXTURE_TO = '2024-04-02';
export const FEE_RATE_PPM = 24_500;
export const FEE_FIXED_CENTS = 300;
export const INJECTION_ORDER_NO = '=HYPERLINK("http://evil.example/x","click")';
export const LONG_ORDER_NO = '0012345678901234567';

export interface SeedOrder {
  gateway: GatewayName;
  orderNo: string;
  at: string; // UTC ISO
  code: string;
  amount: number;
  captured?: number;
  refunded?: number;
  fee?: number;
  feeReturned?: number;
  payType?: string;
}

export const SEED_ORDERS: SeedOrder[] = [
  // 2024-03-31 23:59:59 Taipei: the last second of March 31.
  { gateway: 'flashpay', orderNo: 'FP-0331-LAST', at: '2024-03-31T15:59:59Z', code: '03', amount: 50_000, captured: 50_000 },
  { gateway: 'flashpay', orderNo: 'FP-0331-A', at: '2024-03-31T02:00:00Z', code: '04', amount: 120_000, captured: 120_000, fee: 3_300 },
  // 2024-04-01 00:30 Taipei although the UTC date is March 31.
  { gateway: 'flashpay', orderNo: 'FP-0401-EARLY', at: '2024-03-31T16:30:00Z', code: '04', amount: 100_000, captured: 100_000, fee: 2_750 },
  { gateway: 'flashpay', orderNo: 'FP-0401-REF', at: '2024-04-01T03:00:00Z', code: '06', amount: 80_000, captured: 80_000, refunded: 80_000, fee: 2_200, feeReturned: 2_200 },
  { gateway: 'flashpay', orderNo: 'FP-0401-REFS', at: '2024-04-01T04:00:00Z', code: '08', amount: 30_000, captured: 30_000, refunded: 30_000, fee: 825, feeReturned: 825 },
  { gateway: 'flashpay', orderNo: 'FP-0401-AUTH', at: '2024-04-01T05:00:00Z', code: '02', amount: 45_000 },
  { gateway: 'flashpay', orderNo: 'FP-0401-FAIL', at: '2024-04-01T06:00:00Z', code: 'ZF', amount: 10_000 },
  { gateway: 'flashpay', orderNo: INJECTION_ORDER_NO, at: '2024-04-01T07:00:00Z', code: '04', amount: 1_000, captured: 1_000, fee: 28, payType: '@SUM(1+1)' },
  // 2024-04-02 00:00:00 Taipei exactly.
  { gateway: 'flashpay', orderNo: 'FP-0402-MIDNIGHT', at: '2024-04-01T16:00:00Z', code: '12', amount: 20_000 },
  { gateway: 'flashpay', orderNo: LONG_ORDER_NO, at: '2024-04-02T15:59:59Z', code: '04', amount: 123_456, captured: 123_456, fee: 3_395 },
  // First Bank reports no fee: the profile's schedule applies (2.45% + 3.00 per captured order).
  { gateway: 'firstbank', orderNo: 'FB-0331-LATE', at: '2024-03-31T15:00:00Z', code: '2', amount: 70_000, captured: 70_000 },
  { gateway: 'firstbank', orderNo: 'FB-0401-MIDNIGHT', at: '2024-03-31T16:00:00Z', code: '2', amount: 200_000, captured: 200_000 },
  // 10.00 x 2.45% = 0.245 -> 0.25 (half-up), + 3.00
  { gateway: 'firstbank', orderNo: 'FB-0401-HALF', at: '2024-04-01T09:00:00Z', code: '2', amount: 1_000, captured: 1_000 },
  { gateway: 'firstbank', orderNo: 'FB-0401-REF', at: '2024-04-01T11:00:00Z', code: '3', amount: 50_000, captured: 50_000, refunded: 50_000 },
  { gateway: 'firstbank', orderNo: 'FB-0401-REFPEND', at: '2024-04-01T12:00:00Z', code: '4', amount: 70_000, captured: 70_000 },
  { gateway: 'firstbank', orderNo: 'FB-0401-MISMATCH', at: '2024-04-01T13:00:00Z', code: '7', amount: 99_900 },
  { gateway: 'firstbank', orderNo: 'FB-0402-NEW', at: '2024-04-02T02:00:00Z', code: '0', amount: 5_000 },
  // Paid today (Taipei): not settled until the day is over.
  { gateway: 'firstbank', orderNo: 'FB-0402-PAID', at: '2024-04-02T01:00:00Z', code: '2', amount: 15_000, captured: 15_000 },
  // Outside the range on both sides.
  { gateway: 'flashpay', orderNo: 'FP-0330', at: '2024-03-30T15:59:59Z', code: '04', amount: 9_900, captured: 9_900, fee: 272 },
  { gateway: 'firstbank', orderNo: 'FB-0403', at: '2024-04-02T16:00:00Z', code: '2', amount: 9_900, captured: 9_900 },
];

export function normalized(s: SeedOrder): NormalizedOrder {
  const status = s.gateway === 'flashpay' ? flashPayStatus(s.code) : firstBankTransStatus(s.code);
  return {
    gateway: s.gateway,
    orderNo: s.orderNo,
    gatewayOrderNo: `G${s.orderNo.length}${Date.parse(s.at)}`,
    orderedAtMs: Date.parse(s.at),
    orderedAtText: s.at,
    status: status.normalized,
    statusCode: s.code,
    amount: s.amount,
    captured: s.captured ?? 0,
    refunded: s.refunded ?? 0,
    capturable: 0,
    refundable: 0,
    fee: s.fee ?? 0,
    feeReturned: s.feeReturned ?? 0,
    shipping: 0,
    payType: s.payType ?? 'CREDIT',
    installments: 0,
    bonus: false,
    authCode: '777777',
    cardMasked: '431195******2222',
    payload: '{}',
    verified: true,
  };
}

export interface Fixture {
  flashpay: Profile;
  firstbank: Profile;
}

/**
 * Adds a profile per gateway (dummy valid secrets) and the seed orders. A console started on the data
 * folder removes demo profiles left from an earlier demo session, so the e2e seeds real ones.
 */
export async function seedFixture(app: App, options: { demo?: boolean } = {}): Promise<Fixture> {
  const demo = options.demo ?? true;
  const flashpay = await addProfile(
    app,
    { name: 'FlashPay 商店', gateway: 'flashpay', tradeUrl: 'http://127.0.0.1:9/', merchantId: 'FP001', demo },
    { hashKey: 'k'.repeat(32), hashIv: 'v'.repeat(16) },
  );
  const firstbank = await addProfile(
    app,
    { name: '第一銀行 商店', gateway: 'firstbank', tradeUrl: 'http://127.0.0.1:9/', merchantId: 'FB001', demo, feeRatePpm: FEE_RATE_PPM, feeFixedCents: FEE_FIXED_CENTS },
    { hashKey: 'first-bank-key' },
  );
  const store = new OrderStore(app.db);
  app.db.transaction(() => {
    for (const s of SEED_ORDERS) {
      store.upsert(s.gateway === 'flashpay' ? flashpay.id : firstbank.id, normalized(s), { rawAnswerId: null, source: 'test', nowMs: FIXTURE_NOW_MS });
    }
  })();
  return { flashpay, firstbank };
}
