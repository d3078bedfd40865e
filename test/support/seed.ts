// Seeds a real order cache with synthetic, fully known orders (for tests of queries and views).
import type { App } from '../../src-main/core/app.ts';
import { mulberry32 } from '../../src-main/sandbox/prng.ts';
import { OrderStore, type NormalizedOrder } from '../../src-main/core/store/orders.ts';
import { addProfile, type Profile } from '../../src-main/core/services/profiles.ts';
import { flashPayStatus } from '../../src-main/core/gateways/flashpay/statuses.ts';
import { firstBankTransStatus } from '../../src-main/core/gateways/firstbank/statuses.ts';

export async function seedProfiles(app: App): Promise<{ fp: Profile; fb: Profile }> {
  const fp = await addProfile(app, { name: 'fp-shop', gateway: 'flashpay', tradeUrl: 'http://127.0.0.1:9', merchantId: 'M1', demo: true }, { hashKey: 'k'.repeat(32), hashIv: 'v'.repeat(16) });
  const fb = await addProfile(app, { name: 'fb-shop', gateway: 'firstbank', tradeUrl: 'http://127.0.0.1:9', merchantId: 'FCB1', demo: true, feeRatePpm: 22_000 }, { hashKey: 'x'.repeat(32) });
  return { fp, fb };
}


const FP_CODES = ['02', '03', '04', '06', '08', '12', 'ZF', 'ZP'];
const FB_CODES = ['0', '1', '2', '3', '4', '6'];

export function syntheticOrder(gateway: string, i: number, orderedAtMs: number, rand: () => number): NormalizedOrder {
  const code = gateway === 'flashpay' ? FP_CODES[i % FP_CODES.length]! : FB_CODES[i % FB_CODES.length]!;
  const status = gateway === 'flashpay' ? flashPayStatus(code).normalized : firstBankTransStatus(code).normalized;
  const amount = (Math.floor(rand() * 3000) + 1) * 100 + (gateway === 'flashpay' && i % 7 === 0 ? 98 : 0);
  const captured = ['03', '04', '06', '08', '2', '3', '4'].includes(code) ? amount : 0;
  const refunded = ['06', '08', '3'].includes(code) ? amount : 0;
  return {
    gateway,
    orderNo: `${gateway === 'flashpay' ? 'F' : 'B'}${String(i).padStart(8, '0')}`,
    gatewayOrderNo: gateway === 'flashpay' ? `FP${String(1_000_000 + i)}` : `0116${String(i).padStart(10, '0')}`,
    orderedAtMs,
    orderedAtText: null,
    status,
    statusCode: code,
    amount,
    captured,
    refunded,
    capturable: code === '02' ? amount : 0,
    refundable: captured - refunded,
    fee: code === '04' || code === '08' ? Math.round(amount * 0.0275) : 0,
    feeReturned: code === '08' ? Math.round(amount * 0.0275) : 0,
    shipping: 0,
    payType: gateway === 'flashpay' ? '1' : 'CREDIT',
    installments: i % 11 === 0 ? 3 : 0,
    bonus: i % 13 === 0,
    authCode: String(100_000 + i),
    cardMasked: gateway === 'firstbank' ? `431195******${String(1000 + (i % 9000))}` : null,
    payload: JSON.stringify({ i }),
    verified: true,
  };
}

export function seedOrders(app: App, profile: Profile, count: number, startMs: number, stepMs: number, seed = 1): NormalizedOrder[] {
  const store = new OrderStore(app.db);
  const rand = mulberry32(seed);
  const orders: NormalizedOrder[] = [];
  app.db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const o = syntheticOrder(profile.gateway, i, startMs + i * stepMs, rand);
      orders.push(o);
      store.upsert(profile.id, o, { rawAnswerId: null, source: 'seed', nowMs: startMs });
    }
  })();
  return orders;
}
