// What the demo shops sell and when: plausible Taiwanese e-commerce orders, drawn from a seeded stream.
import { type Random, chance, pick, randInt } from './prng.ts';

export const PRODUCTS = [
  '網路商品一批', '手沖咖啡豆 半磅', '阿里山高山茶禮盒', '有機米 3公斤', '手工皂組合', '保溫杯 500ml',
  '藍牙耳機', '機能運動外套', '嬰兒紗布巾 6入', '鳳梨酥禮盒 12入', '登山背包 35L', '護手霜 3入組',
  '木質桌上收納盒', '寵物乾糧 7公斤', '防曬乳 SPF50', '陶瓷餐盤組', '行動電源 10000mAh', '經典帆布鞋',
] as const;

export const SHOP_NAMES = ['小島咖啡烘焙有限公司', '青田生活選物有限公司', '山城手作工坊股份有限公司', '日常好物商行', '北門茶行股份有限公司'] as const;

export interface OrdersPerDay {
  min: number;
  max: number;
}

export const DEFAULT_ORDERS_PER_DAY: OrdersPerDay = { min: 20, max: 60 };

/** Open 09:00-22:00 Taipei; busier at lunch and in the evening, like most online shops. */
export const OPEN_SECONDS = 9 * 3600;
export const CLOSE_SECONDS = 22 * 3600;

export function businessSecond(rand: Random): number {
  const r = rand();
  if (r < 0.2) return randInt(rand, 12 * 3600, 13 * 3600 - 1);
  if (r < 0.5) return randInt(rand, 19 * 3600, CLOSE_SECONDS - 1);
  return randInt(rand, OPEN_SECONDS, CLOSE_SECONDS - 1);
}

/** Sorted seconds into the day for one day's orders. */
export function daySchedule(rand: Random, perDay: OrdersPerDay): number[] {
  const count = randInt(rand, perDay.min, perDay.max);
  const seconds: number[] = [];
  for (let i = 0; i < count; i++) seconds.push(businessSecond(rand));
  return seconds.sort((a, b) => a - b);
}

/**
 * NTD 99 to 30,000, log-uniform (many small baskets, a few big ones), priced like shops price
 * (…99, …90, …50). With `cents`, some amounts carry cents, as FlashPay's 500.98 sample does.
 */
export function sampleAmountCents(rand: Random, cents: boolean): number {
  const raw = Math.exp(Math.log(99) + rand() * (Math.log(30_000) - Math.log(99)));
  const ending = pick(rand, [99, 90, 50, 0, 80]);
  let dollars = Math.floor(raw / 100) * 100 + ending;
  if (dollars < 99) dollars = 99;
  if (dollars > 30_000) dollars = 30_000;
  const fraction = cents && chance(rand, 0.2) ? randInt(rand, 1, 99) : 0;
  return dollars * 100 + fraction;
}

/** Card installments are offered on bigger baskets only, as Taiwanese banks do. */
export function sampleInstallments(rand: Random, amountCents: number): number {
  if (amountCents < 300_000 || !chance(rand, 0.18)) return 0;
  return pick(rand, [3, 6, 12]);
}
