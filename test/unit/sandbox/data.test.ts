// The seeded demo data, seen over HTTP: deterministic per seed, realistic, every status present, a
// shop ledger with the documented discrepancies, and fast enough for a 30-day 106.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCents } from '../../../src-main/core/money.ts';
import { addDays, taipeiDayOf } from '../../../src-main/core/time.ts';
import type { Sandboxes } from '../../../src-main/sandbox/index.ts';
import { TEST_NOW, firstBankOrders, flashPayClient, flashPayOrders, getJson, startTestSandboxes } from './helpers.ts';

async function text(url: string): Promise<string> {
  return (await fetch(url)).text();
}

async function snapshot(sb: Sandboxes): Promise<string[]> {
  return Promise.all(
    [sb.flashpay.baseUrl, sb.firstbank.baseUrl].flatMap((base) => ['orders', 'actions', 'ledger.csv', 'ledger-discrepancies'].map((p) => text(`${base}/_sandbox/${p}`))),
  );
}

describe('seeded demo data', () => {
  let sb: Sandboxes;
  beforeAll(async () => {
    sb = await startTestSandboxes({ seed: 7, days: 90, ordersPerDay: undefined });
  });
  afterAll(() => sb.close());

  it('is byte-identical for the same seed, credentials included, and differs for another seed', async () => {
    const twin = await startTestSandboxes({ seed: 7, days: 90, ordersPerDay: undefined });
    const other = await startTestSandboxes({ seed: 8, days: 90, ordersPerDay: undefined });
    try {
      expect(await snapshot(twin)).toEqual(await snapshot(sb));
      expect({ ...twin.flashpay, baseUrl: '' }).toEqual({ ...sb.flashpay, baseUrl: '' });
      expect({ ...twin.firstbank, baseUrl: '' }).toEqual({ ...sb.firstbank, baseUrl: '' });
      expect((await snapshot(other))[0]).not.toEqual((await snapshot(sb))[0]);
      expect(other.flashpay.hashKey).not.toBe(sb.flashpay.hashKey);
    } finally {
      await Promise.all([twin.close(), other.close()]);
    }
  });

  it('derives credentials of the documented shapes', () => {
    expect(sb.flashpay.merId).toMatch(/^HT\d{8}$/);
    expect(sb.flashpay.hashKey).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(sb.flashpay.hashIv).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(sb.firstbank.platformId).toMatch(/^FCB\d{12}$/);
    expect(sb.firstbank.hashKey).toMatch(/^[0-9a-f]{32}$/);
    expect(sb.flashpay.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('has realistic FlashPay orders: volumes, hours, amounts, installments, every order_status', async () => {
    const orders = await flashPayOrders(sb);
    const today = taipeiDayOf(Date.parse(TEST_NOW));
    const days = new Map<string, number>();
    for (const o of orders) days.set(o.ord_time.slice(0, 10), (days.get(o.ord_time.slice(0, 10)) ?? 0) + 1);
    expect(days.size).toBe(90);
    expect(Math.min(...[...days].filter(([d]) => d !== today).map(([, n]) => n))).toBeGreaterThanOrEqual(20);
    expect(Math.max(...days.values())).toBeLessThanOrEqual(61);
    expect([...days.keys()].sort()[0]).toBe(addDays(today, -89));
    for (const o of orders.filter((x) => x.source === 'seed' && x.order_status !== '02')) {
      expect(Number(o.ord_time.slice(11, 13))).toBeGreaterThanOrEqual(9);
      expect(Number(o.ord_time.slice(11, 13))).toBeLessThan(22);
    }
    for (const o of orders) {
      expect(o.amountCents).toBe(parseCents(o.tx_amt));
      expect(o.amountCents).toBeGreaterThanOrEqual(9900);
      expect(o.amountCents).toBeLessThanOrEqual(3_000_099);
    }
    expect(orders.some((o) => o.amountCents % 100 !== 0)).toBe(true);
    expect(orders.some((o) => o.install_period > 0)).toBe(true);
    expect(orders.some((o) => o.use_redeem === '1')).toBe(true);
    expect(new Set(orders.map((o) => o.order_status))).toEqual(new Set(['00', 'ZP', '02', 'ZF', '12', '03', '04', '06', '08']));
    for (const o of orders.filter((x) => x.order_status === '04')) expect(o.serviceFeeCents).toBe(Math.floor((o.amountCents * 3 + 5000) / 10000) * 100);
    for (const o of orders.filter((x) => x.order_status === '08')) expect(o.refundServiceFeeCents).toBe(o.serviceFeeCents);
  });

  it('has realistic First Bank orders: both pay types, every TransStatus, ReCheckIds for attempted payments', async () => {
    const orders = await firstBankOrders(sb);
    expect(new Set(orders.map((o) => o.TransStatus))).toEqual(new Set(['0', '1', '2', '3', '4', '5', '6', '7']));
    expect(new Set(orders.map((o) => o.PayType))).toEqual(new Set(['CREDIT', 'TENPAY']));
    expect(orders.some((o) => o.TransType === '1' && Number(o.PeriodNum) > 0)).toBe(true);
    expect(orders.some((o) => o.TransType === '2')).toBe(true);
    for (const o of orders) {
      expect(o.OrderId).toMatch(/^[A-Za-z0-9]{1,20}$/);
      expect(Number(o.Amount)).toBeGreaterThanOrEqual(99);
      expect(Number(o.Amount)).toBeLessThanOrEqual(30_000);
      if (o.TransStatus !== '0') expect(o.ReCheckId).toMatch(/^01\d{15}$/);
    }
    expect(new Set(orders.map((o) => o.ReCheckId).filter(Boolean)).size).toBe(orders.filter((o) => o.ReCheckId).length);
  });

  it('answers a 30-day 106 well under a second at 90 days x 20-60 orders a day', async () => {
    const today = taipeiDayOf(Date.parse(TEST_NOW));
    const client = flashPayClient(sb);
    await client.queryOrdersChunk(today, today);
    const started = performance.now();
    const result = await client.queryOrdersChunk(addDays(today, -29), today);
    const elapsed = performance.now() - started;
    expect(result.orders.length).toBeGreaterThan(500);
    expect(elapsed).toBeLessThan(500);
  });

  it('serves the shop ledger as CSV with the four documented discrepancies', async () => {
    for (const gateway of ['flashpay', 'firstbank'] as const) {
      const base = sb[gateway].baseUrl;
      const response = await fetch(`${base}/_sandbox/ledger.csv`);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const [header, ...lines] = (await response.text()).trimEnd().split('\n');
      expect(header).toBe('訂單編號,金額,訂單時間,狀態');
      const rows = new Map(lines.map((l) => l.split(',')).map(([no, amount, time, status]) => [no!, { amount: amount!, time: time!, status: status! }]));
      for (const row of rows.values()) {
        expect(row.time).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/);
        expect(['已付款', '已退款', '已取消', '待付款']).toContain(row.status);
      }
      const { discrepancies } = await getJson<{ discrepancies: Array<{ kind: string; orderNo: string; ledgerAmountCents: number | null; gatewayAmountCents: number | null }> }>(
        `${base}/_sandbox/ledger-discrepancies`,
      );
      expect(discrepancies.map((d) => d.kind).sort()).toEqual(['amount', 'extra', 'missing', 'status']);
      const gatewayNos = new Set(gateway === 'flashpay' ? (await flashPayOrders(sb)).map((o) => o.ord_no) : (await firstBankOrders(sb)).map((o) => o.OrderId));
      const byKind = Object.fromEntries(discrepancies.map((d) => [d.kind, d]));
      expect(rows.has(byKind.missing!.orderNo)).toBe(false);
      expect(gatewayNos.has(byKind.missing!.orderNo)).toBe(true);
      expect(rows.has(byKind.extra!.orderNo)).toBe(true);
      expect(gatewayNos.has(byKind.extra!.orderNo)).toBe(false);
      expect(parseCents(rows.get(byKind.amount!.orderNo)!.amount)).not.toBe(byKind.amount!.gatewayAmountCents);
      expect(rows.get(byKind.status!.orderNo)!.status).toBe('已付款');
      expect(rows.size).toBe(gatewayNos.size);
    }
  });
});

describe('seeded demo data options', () => {
  it('honours days and a fixed ordersPerDay', async () => {
    const sb = await startTestSandboxes({ seed: 3, days: 5, ordersPerDay: 10 });
    try {
      const orders = await flashPayOrders(sb);
      const days = new Set(orders.map((o) => o.ord_time.slice(0, 10)));
      expect(days.size).toBeLessThanOrEqual(5);
      expect(orders.length).toBeLessThanOrEqual(5 * 10 + 1);
      expect((await firstBankOrders(sb)).length).toBeLessThanOrEqual(5 * 10);
    } finally {
      await sb.close();
    }
  });

  it('refuses nonsense options', async () => {
    await expect(startTestSandboxes({ days: -1 })).rejects.toThrow(/days/);
    await expect(startTestSandboxes({ ordersPerDay: { min: 5, max: 2 } })).rejects.toThrow(/ordersPerDay/);
    await expect(startTestSandboxes({ now: 'yesterday-ish' })).rejects.toThrow(/now/);
  });
});
