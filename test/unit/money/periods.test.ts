// Closing a period: its figures never change; a later change that belongs to it is an adjustment on
// the first open day, labelled with the order and why; close and reopen are audited.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { tempApp } from '../../support/app.ts';
import { type Fixture, SEED_ORDERS, normalized, seedFixture } from '../../support/settlement-fixture.ts';
import { dailySettlement, settlementAdjustments } from '../../../src-main/core/services/settlement.ts';
import { closePeriod, periodState, reopenPeriod } from '../../../src-main/core/services/periods.ts';
import { orderStore } from '../../../src-main/core/store/orders.ts';
import { InputError } from '../../../src-main/core/errors.ts';
import { createApp } from '../../../src-main/core/app.ts';
import { MemoryCredentialStore } from '../../../src-main/core/credentials.ts';
import { runRecon } from '../../support/cli.ts';
import { tempDir } from '../export/helpers.ts';

let app: ReturnType<typeof tempApp>;
let fx: Fixture;
beforeEach(async () => {
  app = tempApp();
  fx = await seedFixture(app);
});
afterEach(() => app.cleanup());

const MAY_2 = Date.parse('2024-05-02T04:00:00Z');
const seed = (orderNo: string) => SEED_ORDERS.find((s) => s.orderNo === orderNo)!;
const april = (nowMs: number) => dailySettlement(app, { from: '2024-03-01', to: '2024-04-30', nowMs });
const auditEvents = () => app.db.prepare("SELECT event, note FROM audit_log WHERE event LIKE 'period.%' ORDER BY seq").all();

describe('closed periods', () => {
  it('a refund of a closed month’s order changes nothing in that month and is booked on the first open day', () => {
    closePeriod(app, '2024-04-30', 'April closed', { nowMs: MAY_2, operator: 'finance' });
    const before = april(MAY_2);
    const s = seed('FB-0401-HALF');
    // First Bank dates the refund in April (closed); the sync sees it on May 2.
    const changedAtMs = Date.parse('2024-04-20T02:00:00Z');
    orderStore(app.db).upsert(fx.firstbank.id, { ...normalized(s), statusCode: '3', status: 'refunded', refunded: s.captured!, changedAtMs }, { rawAnswerId: null, source: 'report', nowMs: MAY_2 });
    expect(april(MAY_2)).toEqual(before);
    const may1 = dailySettlement(app, { from: '2024-05-01', to: '2024-05-01', nowMs: MAY_2 }).rows;
    expect(may1).toHaveLength(1);
    expect(may1[0]).toMatchObject({ day: '2024-05-01', refunded: s.captured, adjustments: -s.captured! });
    const adj = settlementAdjustments(app, { from: '2024-05-01', to: '2024-05-31' });
    expect(adj.map((a) => [a.orderNo, a.kind, a.amount, a.eventDay, a.bookedDay, a.source])).toContainEqual(['FB-0401-HALF', 'refund', s.captured, '2024-04-20', '2024-05-01', 'report']);
  });

  it('a refund made today of a closed month’s order is today’s money', () => {
    closePeriod(app, '2024-04-30', '', { nowMs: MAY_2 });
    const before = april(MAY_2);
    const s = seed('FP-0401-EARLY');
    orderStore(app.db).upsert(fx.flashpay.id, { ...normalized(s), statusCode: '06', status: 'refunded', refunded: s.captured!, feeReturned: s.fee! }, { rawAnswerId: null, source: 'refund', nowMs: MAY_2 });
    expect(april(MAY_2)).toEqual(before);
    expect(dailySettlement(app, { from: '2024-05-02', to: '2024-05-02', nowMs: MAY_2 }).rows[0]).toMatchObject({ refunded: s.captured, feesReturned: s.fee, adjustments: 0 });
  });

  it('refuses to close a day that is not over, or to close backwards; reopening needs a reason; both are audited', () => {
    expect(() => closePeriod(app, '2024-05-02', '', { nowMs: MAY_2 })).toThrow(/not over yet/);
    closePeriod(app, '2024-04-30', 'April', { nowMs: MAY_2, operator: 'finance' });
    expect(() => closePeriod(app, '2024-04-15', '', { nowMs: MAY_2 })).toThrow(/already closed through 2024-04-30/);
    expect(() => reopenPeriod(app, '2024-04-20', '  ', { nowMs: MAY_2 })).toThrow(InputError);
    expect(() => reopenPeriod(app, '2024-05-01', 'x', { nowMs: MAY_2 })).toThrow(/not closed/);
    const state = reopenPeriod(app, '2024-04-20', 'late bank statement', { nowMs: MAY_2, operator: 'finance' });
    expect(state.closedThrough).toBe('2024-04-19');
    expect(state.events.map((e) => [e.action, e.day, e.operator])).toEqual([['close', '2024-04-30', 'finance'], ['reopen', '2024-04-20', 'finance']]);
    expect(auditEvents()).toEqual([{ event: 'period.close', note: 'April' }, { event: 'period.reopen', note: 'late bank statement' }]);
    // Reopened days take their own changes again.
    const s = seed('FB-0401-HALF');
    orderStore(app.db).upsert(fx.firstbank.id, { ...normalized(s), statusCode: '3', status: 'refunded', refunded: s.captured!, changedAtMs: Date.parse('2024-04-20T02:00:00Z') }, { rawAnswerId: null, source: 'report', nowMs: MAY_2 });
    expect(dailySettlement(app, { from: '2024-04-20', to: '2024-04-20', nowMs: MAY_2 }).rows[0]).toMatchObject({ refunded: s.captured, adjustments: 0 });
    expect(periodState(app).closedThrough).toBe('2024-04-19');
  });
});

describe('recon period', () => {
  it('closes, lists and reopens, with exit 2 and nothing written on bad input', async () => {
    const dataDir = tempDir('recon-period-');
    try {
      createApp({ dataDir, shell: 'cli', credentials: new MemoryCredentialStore() }).close();
      const env = { RECON_DATA_DIR: dataDir };
      const bad = await runRecon(['period', 'reopen', '--from', '2024-04-01', '--reason', 'x'], { env });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/no period is closed/);
      const closed = await runRecon(['period', 'close', '--through', '2024-04-30', '--operator', 'finance', '--reason', 'April'], { env });
      expect(closed.stderr).toBe('');
      expect(closed.stdout).toBe('closed through 2024-04-30\n');
      const noReason = await runRecon(['period', 'reopen', '--from', '2024-04-01'], { env });
      expect(noReason.code).toBe(2);
      expect(noReason.stderr).toMatch(/--reason is required/);
      const reopened = await runRecon(['period', 'reopen', '--from', '2024-04-10', '--reason', 'late refund', '--operator', 'finance'], { env });
      expect(reopened.code).toBe(0);
      const list = await runRecon(['period', 'list', '--json'], { env });
      const state = JSON.parse(list.stdout) as { closedThrough: string; events: Array<{ action: string; day: string; reason: string }> };
      expect(state.closedThrough).toBe('2024-04-09');
      expect(state.events.map((e) => [e.action, e.day, e.reason])).toEqual([['close', '2024-04-30', 'April'], ['reopen', '2024-04-10', 'late refund']]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
