// Properties over random histories of captures, refunds, fees and period closes:
//  - the entries booked for each order always sum to its current figures (and the Orders totals
//    equal the settlement totals over all days);
//  - once a day is closed, its settlement figures never change, whatever happens afterwards.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tempApp } from '../../support/app.ts';
import { addProfile } from '../../../src-main/core/services/profiles.ts';
import { flashPayStatus } from '../../../src-main/core/gateways/flashpay/statuses.ts';
import { firstBankTransStatus } from '../../../src-main/core/gateways/firstbank/statuses.ts';
import { type NormalizedOrder, orderStore } from '../../../src-main/core/store/orders.ts';
import { figuresOf, moneyEntryStore } from '../../../src-main/core/store/money-entries.ts';
import { dailySettlement } from '../../../src-main/core/services/settlement.ts';
import { orderTotals } from '../../../src-main/core/services/orders-query.ts';
import { closePeriod } from '../../../src-main/core/services/periods.ts';
import { addDays, taipeiDayOf } from '../../../src-main/core/time.ts';

const START_MS = Date.parse('2024-11-01T04:00:00Z');
const DAY_MS = 24 * 3600_000;
const AMOUNT = 100_000;

const step = fc.record({
  order: fc.nat(5),
  advanceDays: fc.nat(2),
  captured: fc.nat(AMOUNT),
  refundShare: fc.nat(100),
  fee: fc.nat(5_000),
  feeReturnShare: fc.nat(100),
  flashpayCode: fc.constantFrom('02', '03', '04', '06', '08', '12', 'ZF'),
  firstbankCode: fc.constantFrom('0', '1', '2', '3', '4', '6'),
  withChangeTime: fc.boolean(),
  close: fc.boolean(),
  // Through upsertMany, with another order's answer and a second answer of the same order in the same batch (a sync answer's path).
  batch: fc.boolean(),
});

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function answer(gateway: 'flashpay' | 'firstbank', i: number, s: Step, nowMs: number): NormalizedOrder {
  const code = gateway === 'flashpay' ? s.flashpayCode : s.firstbankCode;
  const st = gateway === 'flashpay' ? flashPayStatus(code) : firstBankTransStatus(code);
  const captured = s.captured;
  const refunded = Math.floor((captured * s.refundShare) / 100);
  const fee = gateway === 'flashpay' ? s.fee : 0;
  return {
    gateway, orderNo: `${gateway}-${i}`, gatewayOrderNo: null, orderedAtMs: START_MS + i * 3600_000, orderedAtText: null,
    status: st.normalized, statusCode: code, statusKnown: true, amount: AMOUNT, captured, refunded, capturable: 0, refundable: 0,
    fee, feeReturned: Math.floor((fee * s.feeReturnShare) / 100), shipping: 0, payType: 'CREDIT', installments: 0, bonus: false,
    authCode: null, cardMasked: null, payload: '{}', verified: true,
    // A First Bank change time somewhere between the order and now.
    changedAtMs: gateway === 'firstbank' && s.withChangeTime ? nowMs - DAY_MS : null,
  };
}

describe('money entries over random histories', () => {
  it('sum to each order’s current money, and closed days never change', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const app = tempApp();
        try {
          const fp = await addProfile(app, { name: 'fp', gateway: 'flashpay', tradeUrl: 'http://127.0.0.1:9/', merchantId: 'M1' }, { hashKey: 'k'.repeat(32), hashIv: 'v'.repeat(16) });
          const fb = await addProfile(app, { name: 'fb', gateway: 'firstbank', tradeUrl: 'http://127.0.0.1:9/', merchantId: 'M2', feeRatePpm: 24_500, feeFixedCents: 300 }, { hashKey: 'fbk' });
          const store = orderStore(app.db);
          const entries = moneyEntryStore(app.db);
          let nowMs = START_MS + DAY_MS;
          const frozen: Array<{ through: string; figures: unknown }> = [];
          const closedFigures = (through: string) => dailySettlement(app, { from: '2024-10-25', to: through, nowMs }).rows;
          for (const s of steps) {
            nowMs += s.advanceDays * DAY_MS;
            const gateway = s.order % 2 === 0 ? 'flashpay' : 'firstbank';
            const profileId = gateway === 'flashpay' ? fp.id : fb.id;
            const meta = { rawAnswerId: null, source: 'report', nowMs };
            if (s.batch) {
              const next = s.order + 2;
              // The same order twice in one answer: the second books against the first's entries.
              const again = answer(gateway, s.order, { ...s, captured: Math.floor(s.captured / 2) }, nowMs);
              app.db.transaction(() => store.upsertMany(profileId, [answer(gateway, s.order, s, nowMs), answer(gateway, next, s, nowMs), again], meta))();
            } else {
              app.db.transaction(() => store.upsert(profileId, answer(gateway, s.order, s, nowMs), meta))();
            }
            if (s.close) {
              const through = addDays(taipeiDayOf(nowMs), -1);
              if (!frozen.length || through > frozen.at(-1)!.through) {
                closePeriod(app, through, 'month end', { nowMs, operator: 'prop' });
                frozen.push({ through, figures: closedFigures(through) });
              }
            }
            for (const f of frozen) expect(closedFigures(f.through)).toEqual(f.figures);
          }
          for (const row of app.db.prepare('SELECT * FROM orders').all() as Parameters<typeof figuresOf>[0][] & Array<{ id: number }>) {
            expect(entries.booked(row.id)).toEqual(figuresOf(row));
          }
          // The daily roll-up the Settlement page reads is exactly the entries summed per day and profile.
          const rolled = app.db.prepare('SELECT * FROM money_days ORDER BY day, profile_id').all();
          const summed = app.db.prepare(`SELECT booked_day AS day, profile_id, SUM(orders) AS orders, SUM(CASE WHEN captured > 0 THEN 1 ELSE 0 END) AS captured_orders, SUM(gross) AS gross,
              SUM(captured) AS captured, SUM(refunded) AS refunded, SUM(fees) AS fees, SUM(schedule_fees) AS schedule_fees, SUM(fees_returned) AS fees_returned,
              SUM(settled) AS settled, SUM(CASE WHEN adjustment <> 0 THEN captured - refunded - fees + fees_returned ELSE 0 END) AS adjustments
            FROM money_entries GROUP BY booked_day, profile_id ORDER BY booked_day, profile_id`).all();
          expect(rolled).toEqual(summed);
          const totals = orderTotals(app, {});
          const settled = dailySettlement(app, { from: '2024-10-01', to: '2025-01-31', nowMs }).totals;
          expect({ captured: totals.captured, refunded: totals.refunded, fee: totals.fee, feeReturned: totals.feeReturned, net: totals.net }).toEqual({
            captured: settled.captured, refunded: settled.refunded, fee: settled.fees, feeReturned: settled.feesReturned, net: settled.net,
          });
        } finally {
          app.cleanup();
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
