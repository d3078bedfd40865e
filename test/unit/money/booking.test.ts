// Money is booked on the day it happened: a refund made today is today's money, never a rewrite of
// the order's own day.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempApp } from '../../support/app.ts';
import { FIXTURE_NOW_MS, type Fixture, SEED_ORDERS, normalized, seedFixture } from '../../support/settlement-fixture.ts';
import { dailySettlement } from '../../../src-main/core/services/settlement.ts';
import { orderStore } from '../../../src-main/core/store/orders.ts';

let app: ReturnType<typeof tempApp>;
let fx: Fixture;
beforeEach(async () => {
  app = tempApp();
  fx = await seedFixture(app);
});
afterEach(() => app.cleanup());

const DAY_MS = 24 * 3600_000;
const seed = (orderNo: string) => SEED_ORDERS.find((s) => s.orderNo === orderNo)!;
const day = (d: string, profileId: number, nowMs: number) => dailySettlement(app, { from: d, to: d, profileIds: [profileId], nowMs }).rows[0];

describe('booking dates', () => {
  it('books a FlashPay refund seen on a later day on that day, leaving the order’s day as it was', () => {
    const before = day('2024-04-01', fx.flashpay.id, FIXTURE_NOW_MS);
    const nowMs = FIXTURE_NOW_MS + DAY_MS; // 2024-04-03 20:00 Taipei
    const s = seed('FP-0401-EARLY');
    orderStore(app.db).upsert(fx.flashpay.id, { ...normalized(s), statusCode: '06', status: 'refunded', refunded: s.captured!, feeReturned: s.fee! }, { rawAnswerId: null, source: 'refund', nowMs });
    const after = day('2024-04-01', fx.flashpay.id, nowMs);
    expect(after).toEqual({ ...before, settled: after!.settled });
    // The capture of 04-01 stays settled on 04-01; the refund and its fee return are 04-03's.
    expect(after!.settled).toBe(before!.settled);
    const refundDay = day('2024-04-03', fx.flashpay.id, nowMs)!;
    expect(refundDay).toMatchObject({ refunded: s.captured, feesReturned: s.fee, captured: 0, fees: 0, orders: 0 });
    expect(refundDay.net).toBe(-s.captured! + s.fee!);
  });

  it('books a First Bank refund on its LastStatusChgTime day, even when a sync sees it later', () => {
    const s = seed('FB-0401-HALF');
    const before = day('2024-04-01', fx.firstbank.id, FIXTURE_NOW_MS);
    const before03 = day('2024-04-03', fx.firstbank.id, FIXTURE_NOW_MS)!; // FB-0403 was paid that day
    const changedAtMs = Date.parse('2024-04-03T02:00:00Z'); // 2024-04-03 10:00 Taipei
    const nowMs = FIXTURE_NOW_MS + 3 * DAY_MS; // seen on 2024-04-05
    orderStore(app.db).upsert(fx.firstbank.id, { ...normalized(s), statusCode: '3', status: 'refunded', refunded: s.captured!, changedAtMs }, { rawAnswerId: null, source: 'report', nowMs });
    expect(day('2024-04-01', fx.firstbank.id, nowMs)).toEqual(before);
    expect(day('2024-04-03', fx.firstbank.id, nowMs)).toMatchObject({ refunded: before03.refunded + s.captured!, captured: before03.captured });
    expect(day('2024-04-05', fx.firstbank.id, nowMs)).toBeUndefined();
  });
});
