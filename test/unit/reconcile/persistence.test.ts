// The exceptions queue is the set of open exceptions across every run and period: a narrower run
// (a 2-day ledger, a re-query of one row) never hides what a wider run found outside its days, and an
// exception leaves only when resolved/accepted or when a later run covering it no longer finds it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempApp } from '../../support/app.ts';
import type { App } from '../../../src-main/core/app.ts';
import { importLedger, previewLedger } from '../../../src-main/core/services/ledger-import.ts';
import { listExceptions, runReconciliation } from '../../../src-main/core/services/reconcile.ts';
import { csv, flashPayProfile, putFlashPay, utf8 } from './helpers.ts';

let app: App & { cleanup(): void };
beforeEach(() => {
  app = tempApp();
});
afterEach(() => app.cleanup());

const open = (profileId: number) =>
  listExceptions(app, { profileId, state: 'open' })
    .map((e) => `${e.kind}:${e.order_no}`)
    .sort();

describe('the exceptions queue across runs', () => {
  it('a narrow run keeps the open exceptions a wide run found on other days', async () => {
    const profile = await flashPayProfile(app);
    putFlashPay(app, profile, { ordNo: 'A1', amount: '100.00', status: '03', time: '2024-03-01 10:00:00' });
    putFlashPay(app, profile, { ordNo: 'A2', amount: '200.00', status: '03', time: '2024-03-02 10:00:00' });
    putFlashPay(app, profile, { ordNo: 'B1', amount: '300.00', status: '03', time: '2024-03-10 10:00:00' });
    putFlashPay(app, profile, { ordNo: 'B2', amount: '400.00', status: '03', time: '2024-03-11 10:00:00' });
    const wide = utf8(csv([['訂單編號', '金額', '訂單時間', '狀態'], ['A1', '150', '2024/03/01 10:00', '已付款'], ['B1', '300', '2024/03/10 10:00', '已付款']]));
    const preview = await previewLedger(app, profile, 'wide.csv', wide);
    await importLedger(app, profile, wide, { fileName: 'wide.csv', mapping: preview.mapping });
    runReconciliation(app, profile, { from: '2024-03-01', to: '2024-03-11' });
    const before = open(profile.id);
    expect(before).toEqual(['amount_mismatch:A1', 'missing_in_ledger:A2', 'missing_in_ledger:B2']);

    // A 2-day ledger for the 10th and 11th, then a run over just those days.
    const narrow = utf8(csv([['訂單編號', '金額', '訂單時間', '狀態'], ['B1', '300', '2024/03/10 10:00', '已付款'], ['B2', '400', '2024/03/11 10:00', '已付款']]));
    await importLedger(app, profile, narrow, { fileName: 'narrow.csv', mapping: preview.mapping });
    const run = runReconciliation(app, profile, { from: '2024-03-10', to: '2024-03-11' });
    expect(run.exceptions).toHaveLength(0);
    // B2 is now in the shop's ledger: it leaves. A1 and A2 are outside the narrow run: they stay.
    expect(open(profile.id)).toEqual(['amount_mismatch:A1', 'missing_in_ledger:A2']);
    // Even without the state filter (the default queue).
    expect(listExceptions(app, { profileId: profile.id }).map((e) => e.order_no).sort()).toEqual(['A1', 'A2', 'B2'].filter((o) => o !== 'B2'));
  });

  it('a later run covering the order that no longer finds it clears it; one that finds it again reopens it', async () => {
    const profile = await flashPayProfile(app);
    putFlashPay(app, profile, { ordNo: 'C1', amount: '100.00', status: '03', time: '2024-04-01 10:00:00' });
    const header = ['訂單編號', '金額', '訂單時間', '狀態'];
    const bad = utf8(csv([header, ['C1', '120', '2024/04/01 10:00', '已付款']]));
    const preview = await previewLedger(app, profile, 'c.csv', bad);
    await importLedger(app, profile, bad, { fileName: 'c.csv', mapping: preview.mapping });
    runReconciliation(app, profile, { from: '2024-04-01', to: '2024-04-01' });
    expect(open(profile.id)).toEqual(['amount_mismatch:C1']);

    const fixed = utf8(csv([header, ['C1', '100', '2024/04/01 10:00', '已付款']]));
    await importLedger(app, profile, fixed, { fileName: 'c2.csv', mapping: preview.mapping });
    runReconciliation(app, profile, { from: '2024-03-30', to: '2024-04-02' });
    expect(open(profile.id)).toEqual([]);
    // Kept as history: listed with everything, marked no longer found.
    const all = listExceptions(app, { profileId: profile.id, activeOnly: false });
    expect(all.map((e) => [e.order_no, e.active])).toEqual([['C1', 0]]);

    await importLedger(app, profile, bad, { fileName: 'c3.csv', mapping: preview.mapping });
    runReconciliation(app, profile, { from: '2024-04-01', to: '2024-04-01' });
    expect(open(profile.id)).toEqual(['amount_mismatch:C1']);
  });
});
