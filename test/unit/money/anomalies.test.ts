// Implausible gateway answers are kept raw, flagged on the order, left out of every total, and listed
// until a person accepts them. Each case goes through the real parser and the real store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempApp } from '../../support/app.ts';
import { FIXTURE_FROM, FIXTURE_NOW_MS, FIXTURE_TO, type Fixture, seedFixture } from '../../support/settlement-fixture.ts';
import { parseFlashPayOrder } from '../../../src-main/core/gateways/flashpay/orders.ts';
import { parseFirstBankOrder } from '../../../src-main/core/gateways/firstbank/orders.ts';
import { fromFirstBank, fromFlashPay, orderStore } from '../../../src-main/core/store/orders.ts';
import { orderTotals } from '../../../src-main/core/services/orders-query.ts';
import { dailySettlement } from '../../../src-main/core/services/settlement.ts';
import { acceptAnomaly, listAnomalies } from '../../../src-main/core/services/anomalies.ts';
import { taipeiRangeMs } from '../../../src-main/core/time.ts';
import { InputError } from '../../../src-main/core/errors.ts';

let app: ReturnType<typeof tempApp>;
let fx: Fixture;
beforeEach(async () => {
  app = tempApp();
  fx = await seedFixture(app);
});
afterEach(() => app.cleanup());

const NOW = FIXTURE_NOW_MS;
// The money of every total (a flagged order is listed and counted, but adds no money).
const all = () => {
  const t = orderTotals(app, {});
  const s = dailySettlement(app, { from: '2024-03-01', to: '2024-04-30', nowMs: NOW }).totals;
  return {
    totals: { amount: t.amount, captured: t.captured, refunded: t.refunded, fee: t.fee, feeReturned: t.feeReturned, net: t.net, flagged: t.flagged },
    settlement: { gross: s.gross, captured: s.captured, refunded: s.refunded, fees: s.fees, feesReturned: s.feesReturned, net: s.net, settled: s.settled },
  };
};
const flashpay = (fields: Record<string, string>) =>
  parseFlashPayOrder({ ord_no: 'FP-ODD', order_status: '03', tx_amt: '500.00', tot_pay_amt: '500.00', tot_ret_amt: '0.00', service_fee: '13.75', ord_time: '2024-04-01 10:00:00+08', ...fields });
const firstbank = (fields: Record<string, string>) =>
  parseFirstBankOrder({ OrderId: 'FBODD1', ToolStatus: '0000', TransStatus: '2', Amount: '500', TransTime: '2024/04/01 10:00:00', ...fields });

function ingestFlashPay(fields: Record<string, string>, meta: { expectRange?: { startMs: number; endMs: number } } = {}) {
  const o = flashpay(fields);
  return app.db.transaction(() => {
    const rawAnswerId = orderStore(app.db).saveRawAnswer({ profileId: fx.flashpay.id, atMs: NOW, operation: '106', request: '{}', raw: JSON.stringify(o.raw), verified: true });
    return orderStore(app.db).upsert(fx.flashpay.id, fromFlashPay(o, true), { rawAnswerId, source: '106', nowMs: NOW, ...meta });
  })();
}

describe('implausible answers', () => {
  it.each([
    ['a negative refund', { tot_ret_amt: '-500.00' }, 'negative_amount'],
    ['captured above the order amount', { tot_pay_amt: '900.00' }, 'captured_above_amount'],
    ['refunded above the order amount', { order_status: '06', tot_ret_amt: '900.00' }, 'refunded_above_amount'],
    ['a 90-trillion-NTD amount', { tx_amt: '90000000000000.00', tot_pay_amt: '90000000000000.00' }, 'amount_too_large'],
    ['an unknown status code', { order_status: '99' }, 'unknown_status'],
    ['a malformed time', { ord_time: '2024-13-45 99:00:00' }, 'malformed_time'],
  ])('FlashPay %s: kept raw, flagged, out of every total', (_what, fields, code) => {
    const before = all();
    expect(ingestFlashPay(fields)).toBe('inserted');
    expect(all()).toEqual({ ...before, totals: { ...before.totals, flagged: 1 } });
    const [a] = listAnomalies(app);
    expect(a).toMatchObject({ orderNo: 'FP-ODD', codes: [code], state: 'open' });
    expect(a!.reasons[0]!.zh.length).toBeGreaterThan(0);
    const raw = app.db.prepare('SELECT raw FROM raw_answers WHERE id = ?').pluck().get(a!.rawAnswerId) as string;
    expect(JSON.parse(raw)).toMatchObject(fields);
    const row = orderStore(app.db).get(fx.flashpay.id, 'FP-ODD')!;
    expect(JSON.parse(row.anomaly!)).toEqual([code]);
    expect([row.captured, row.refunded, row.eff_fee]).toEqual([0, 0, 0]);
  });

  it('an existing order keeps its last plausible money while a later implausible answer waits', () => {
    ingestFlashPay({});
    const before = all();
    expect(ingestFlashPay({ order_status: '06', tot_ret_amt: '-1.00' })).toBe('unchanged');
    expect(all()).toEqual({ ...before, totals: { ...before.totals, flagged: 1 } });
    expect(orderStore(app.db).get(fx.flashpay.id, 'FP-ODD')).toMatchObject({ status_code: '03', refunded: 0, captured: 50_000 });
    // A plausible answer afterwards replaces what was held back.
    ingestFlashPay({ order_status: '06', tot_ret_amt: '500.00', refund_service_fee: '13.75' });
    expect(orderStore(app.db).get(fx.flashpay.id, 'FP-ODD')).toMatchObject({ anomaly: null, refunded: 50_000 });
    expect(listAnomalies(app, { state: 'all' }).map((a) => a.state)).toEqual(['superseded']);
  });

  it('an order outside the range a 106 query asked for is held back', () => {
    const expectRange = taipeiRangeMs('2024-04-02', '2024-04-02');
    expect(ingestFlashPay({}, { expectRange })).toBe('inserted');
    expect(listAnomalies(app)[0]!.codes).toEqual(['outside_requested_range']);
  });

  it.each([
    ['an unknown TransStatus', { TransStatus: '9' }, 'unknown_status'],
    ['a malformed LastStatusChgTime', { LastStatusChgTime: 'yesterday' }, 'malformed_time'],
    ['a negative Amount', { Amount: '-500' }, 'negative_amount'],
  ])('First Bank %s: flagged', (_what, fields, code) => {
    const o = firstbank(fields);
    app.db.transaction(() => orderStore(app.db).upsert(fx.firstbank.id, fromFirstBank(o, true), { rawAnswerId: null, source: 'report', nowMs: NOW }))();
    expect(listAnomalies(app)[0]!.codes).toContain(code);
    expect(orderTotals(app, { profileIds: [fx.firstbank.id] }).flagged).toBe(1);
  });

  it('a person accepts a held-back answer: its money is booked, and the acceptance audited', () => {
    const before = all();
    ingestFlashPay({ order_status: '99' });
    const [a] = listAnomalies(app);
    expect(() => acceptAnomaly(app, a!.id, ' ', { nowMs: NOW })).toThrow(InputError);
    const accepted = acceptAnomaly(app, a!.id, 'FlashPay support confirmed the status', { nowMs: NOW + 3600_000, operator: 'finance' });
    expect(accepted).toMatchObject({ state: 'accepted', decidedBy: 'finance' });
    expect(() => acceptAnomaly(app, a!.id, 'again', { nowMs: NOW })).toThrow(/already accepted/);
    const after = all();
    expect(after.totals.captured - before.totals.captured).toBe(50_000);
    expect(after.settlement.captured - before.settlement.captured).toBe(50_000);
    expect(after.totals.flagged).toBe(0);
    const audit = app.db.prepare("SELECT operator, order_no, note FROM audit_log WHERE event = 'anomaly.accept'").all();
    expect(audit).toEqual([{ operator: 'finance', order_no: 'FP-ODD', note: 'FlashPay support confirmed the status' }]);
    // Never described plausibly before, so its money counts on its own order day.
    const entries = app.db.prepare("SELECT e.captured, e.booked_day, e.source FROM money_entries e JOIN orders o ON o.id = e.order_id WHERE o.order_no = 'FP-ODD' AND e.captured <> 0").all();
    expect(entries).toEqual([{ captured: 50_000, booked_day: '2024-04-01', source: 'accept' }]);
    expect(dailySettlement(app, { from: FIXTURE_FROM, to: FIXTURE_TO, nowMs: NOW }).rows.some((r) => r.day === '2024-04-01' && r.profileId === fx.flashpay.id)).toBe(true);
  });
});
