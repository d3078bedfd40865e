import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempApp } from '../support/app.ts';
import { FEE_FIXED_CENTS, FEE_RATE_PPM, FIXTURE_FROM, FIXTURE_NOW_MS, FIXTURE_TO, type Fixture, SEED_ORDERS, type SeedOrder, seedFixture } from '../support/settlement-fixture.ts';
import { dailySettlement, settlementDayOrders } from '../../src-main/core/services/settlement.ts';
import { InputError } from '../../src-main/core/errors.ts';

let app: ReturnType<typeof tempApp>;
let fx: Fixture;
beforeEach(async () => {
  app = tempApp();
  fx = await seedFixture(app);
});
afterEach(() => app.cleanup());

// The expectations are computed here from the seed, without the code under test.
const dayOf = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
const AUTHORIZED: Record<string, string[]> = { flashpay: ['02', '03', '04', '06', '08'], firstbank: ['2', '3', '4'] };
function feeOf(s: SeedOrder): number {
  if (s.gateway === 'flashpay' || (s.fee ?? 0) !== 0) return s.fee ?? 0;
  const captured = s.captured ?? 0;
  return captured > 0 ? Math.round((captured * FEE_RATE_PPM) / 1_000_000) + FEE_FIXED_CENTS : 0;
}
function settledOf(s: SeedOrder): boolean {
  if (s.gateway === 'flashpay') return s.code === '04' || s.code === '08';
  return (s.code === '2' || s.code === '3') && dayOf(s.at) < '2024-04-02';
}
function expected(filter: (s: SeedOrder) => boolean) {
  const out = new Map<string, { orders: number; gross: number; captured: number; refunded: number; fees: number; feesReturned: number; net: number; settled: number }>();
  for (const s of SEED_ORDERS.filter(filter)) {
    const key = `${dayOf(s.at)}|${s.gateway}`;
    const e = out.get(key) ?? { orders: 0, gross: 0, captured: 0, refunded: 0, fees: 0, feesReturned: 0, net: 0, settled: 0 };
    const net = (s.captured ?? 0) - (s.refunded ?? 0) - feeOf(s) + (s.feeReturned ?? 0);
    e.orders++;
    if (AUTHORIZED[s.gateway]!.includes(s.code)) e.gross += s.amount;
    e.captured += s.captured ?? 0;
    e.refunded += s.refunded ?? 0;
    e.fees += feeOf(s);
    e.feesReturned += s.feeReturned ?? 0;
    e.net += net;
    if (settledOf(s)) e.settled += net;
    out.set(key, e);
  }
  return out;
}
const inRange = (s: SeedOrder) => dayOf(s.at) >= FIXTURE_FROM && dayOf(s.at) <= FIXTURE_TO;

describe('daily settlement', () => {
  it('matches an independent computation per Taipei day and profile, totals included', () => {
    const report = dailySettlement(app, { from: FIXTURE_FROM, to: FIXTURE_TO, nowMs: FIXTURE_NOW_MS });
    const want = expected(inRange);
    expect(report.rows.map((r) => `${r.day}|${r.gateway}`).sort()).toEqual([...want.keys()].sort());
    for (const r of report.rows) {
      const e = want.get(`${r.day}|${r.gateway}`)!;
      expect({ orders: r.orders, gross: r.gross, captured: r.captured, refunded: r.refunded, fees: r.fees, feesReturned: r.feesReturned, net: r.net, settled: r.settled }).toEqual(e);
      expect(r.unsettled).toBe(r.net - r.settled);
      expect(r.net).toBe(r.captured - r.refunded - r.fees + r.feesReturned);
    }
    const sum = (k: 'orders' | 'net' | 'fees' | 'captured') => [...want.values()].reduce((a, e) => a + e[k], 0);
    expect(report.totals.orders).toBe(sum('orders'));
    expect(report.totals.net).toBe(sum('net'));
    expect(report.totals.fees).toBe(sum('fees'));
    expect(report.totals.captured).toBe(sum('captured'));
    expect(report.today).toBe('2024-04-02');
  });

  it('puts orders on their Taipei day at the midnight boundaries', () => {
    const report = dailySettlement(app, { from: '2024-04-01', to: '2024-04-01', profileIds: [fx.flashpay.id], nowMs: FIXTURE_NOW_MS });
    // 2024-03-31T16:30Z is 2024-04-01 00:30 in Taipei; 2024-03-31T15:59:59Z is still March 31;
    // 2024-04-01T16:00Z is already April 2.
    const day = settlementDayOrders(app, { day: '2024-04-01', profileIds: [fx.flashpay.id], nowMs: FIXTURE_NOW_MS });
    const nos = day.orders.map((o) => o.order_no);
    expect(nos).toContain('FP-0401-EARLY');
    expect(nos).not.toContain('FP-0331-LAST');
    expect(nos).not.toContain('FP-0402-MIDNIGHT');
    expect(report.rows).toHaveLength(1);
    expect(report.rows[0]!.orders).toBe(day.total);
  });

  it('applies the First Bank fee schedule per captured order, rounding half-up, and its settled rule', () => {
    const day = settlementDayOrders(app, { day: '2024-04-01', profileIds: [fx.firstbank.id], nowMs: FIXTURE_NOW_MS });
    const half = day.orders.find((o) => o.order_no === 'FB-0401-HALF')!;
    expect(half.eff_fee).toBe(25 + 300); // 0.245 -> 0.25
    expect(half.fee_source).toBe('schedule');
    const pending = day.orders.find((o) => o.order_no === 'FB-0401-REFPEND')!;
    expect(pending.is_settled).toBe(0);
    expect(day.orders.find((o) => o.order_no === 'FB-0401-MISMATCH')!.eff_fee).toBe(0);
    const today = dailySettlement(app, { from: '2024-04-02', to: '2024-04-02', profileIds: [fx.firstbank.id], nowMs: FIXTURE_NOW_MS });
    expect(today.rows[0]!.settled).toBe(0);
    const nextDay = dailySettlement(app, { from: '2024-04-02', to: '2024-04-02', profileIds: [fx.firstbank.id], nowMs: FIXTURE_NOW_MS + 24 * 3600_000 });
    expect(nextDay.rows[0]!.settled).toBe(nextDay.rows[0]!.net);
  });

  it('fills every day of the range for the chart and refuses bad ranges', () => {
    const report = dailySettlement(app, { from: '2024-03-29', to: '2024-04-03', nowMs: FIXTURE_NOW_MS });
    expect(report.days.map((d) => d.day)).toEqual(['2024-03-29', '2024-03-30', '2024-03-31', '2024-04-01', '2024-04-02', '2024-04-03']);
    expect(report.days[0]!.orders).toBe(0);
    expect(report.days.reduce((a, d) => a + d.net, 0)).toBe(report.totals.net);
    expect(() => dailySettlement(app, { from: '2024-04-02', to: '2024-04-01' })).toThrow(InputError);
    expect(() => dailySettlement(app, { from: '2024-02-30', to: '2024-04-01' })).toThrow(InputError);
  });
});

describe('settlement and export channels', () => {
  it('answers settlement:daily with the last 30 Taipei days by default, and a day’s orders', async () => {
    const { dispatch } = await import('../../src-main/shell/handlers.ts');
    const report = (await dispatch(app, 'settlement:daily', {})) as { from: string; to: string; days: unknown[] };
    expect(report.days).toHaveLength(30);
    const ranged = (await dispatch(app, 'settlement:daily', { from: FIXTURE_FROM, to: FIXTURE_TO, profileIds: [fx.firstbank.id] })) as { rows: Array<{ gateway: string }> };
    expect(ranged.rows.every((r) => r.gateway === 'firstbank')).toBe(true);
    const day = (await dispatch(app, 'settlement:dayOrders', { day: '2024-04-01' })) as { total: number; orders: Array<{ orderNo: string; statusZh: string; fee: number; feeSource: string }> };
    const half = day.orders.find((o) => o.orderNo === 'FB-0401-HALF')!;
    expect(half).toMatchObject({ statusZh: '已付款', fee: 325, feeSource: 'schedule' });
    await expect(dispatch(app, 'settlement:daily', { from: '2024-4-1' })).rejects.toThrow(InputError);
  });

  it('starts an export into the data folder’s exports/ and refuses path-like file names', async () => {
    const { dispatch } = await import('../../src-main/shell/handlers.ts');
    const started = (await dispatch(app, 'export:start', { kind: 'settlement', filter: { from: FIXTURE_FROM, to: FIXTURE_TO } })) as { jobId: string; path: string; downloadUrl: string | null };
    expect(started.path.startsWith(`${app.dataDir}/exports/recon-settlement-2024-03-31_2024-04-02-`)).toBe(true);
    expect(started.downloadUrl).toMatch(/^\.\/exports\/recon-settlement-.*\.xlsx$/);
    await expect(dispatch(app, 'export:start', { kind: 'orders', filter: { from: FIXTURE_FROM, to: FIXTURE_TO }, fileName: '../evil.xlsx' })).rejects.toThrow(InputError);
    for (let i = 0; i < 100 && !app.jobs.list().some((j) => j.jobId === started.jobId && j.state === 'done'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(app.jobs.list().find((j) => j.jobId === started.jobId)?.state).toBe('done');
  });
});
