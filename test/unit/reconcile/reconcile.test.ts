// Reconciliation against a real SQLite cache: gateway orders go in through OrderStore, the shop's
// ledger comes in as CSV (UTF-8, UTF-8 with BOM, Big5) or XLSX with planted discrepancies of every
// kind; each is found with the right kind and nothing else is flagged.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempApp } from '../../support/app.ts';
import type { App } from '../../../src-main/core/app.ts';
import type { Profile } from '../../../src-main/core/services/profiles.ts';
import { importLedger, previewLedger } from '../../../src-main/core/services/ledger-import.ts';
import { exceptionRowsForExport, exceptionsForExport, listExceptions, resolveException, runReconciliation } from '../../../src-main/core/services/reconcile.ts';
import { exportWorkbook } from '../../../src-main/core/services/export.ts';
import ExcelJS from 'exceljs';
import path from 'node:path';
import { AuditLog } from '../../../src-main/core/store/audit.ts';
import { OrderStore } from '../../../src-main/core/store/orders.ts';
import { type XlsxCell, big5, csv, excelDate, firstBankProfile, flashPayProfile, putFirstBank, putFlashPay, utf8, utf8Bom, xlsx } from './helpers.ts';

let app: App & { cleanup(): void };
beforeEach(() => {
  app = tempApp();
});
afterEach(() => app.cleanup());

/** The gateway's side: what a sync of March 2024 put in the cache. */
function seedFlashPay(profile: Profile): void {
  const put = (ordNo: string, amount: string, status: string, time: string) => putFlashPay(app, profile, { ordNo, amount, status, time });
  put('S001', '1200.00', '03', '2024-03-05 10:00:00');
  put('S002', '500.00', '04', '2024-03-05 11:00:00');
  put('S003', '800.00', '02', '2024-03-06 09:00:00');
  put('S004', '300.00', '12', '2024-03-06 10:00:00');
  put('S005', '450.00', '06', '2024-03-06 11:00:00');
  put('S006', '700.00', '03', '2024-03-06 12:00:00');
  put('S007', '250.00', 'ZF', '2024-03-07 09:00:00');
  put('S008', '100.00', '12', '2024-03-07 10:00:00');
  put('S009', '900.00', '00', '2024-03-07 11:00:00');
  put('S010', '600.00', '08', '2024-03-07 12:00:00');
  put('S011', '999.00', 'ZF', '2024-03-07 13:00:00');
  put('S012', '100.00', '02', '2024-03-08 09:00:00');
  put('S013', '350.00', '06', '2024-03-08 10:00:00');
  put('S014', '500.00', '12', '2024-03-08 11:00:00');
  // The shop dates it 23:50 on the 8th; the gateway stamped the authorization after midnight.
  put('S015', '1500.00', '03', '2024-03-09 00:10:00');
  // Paid, but outside the ledger's days: not this ledger's business.
  put('S050', '800.00', '03', '2024-04-20 10:00:00');
}

interface Row {
  orderNo: string;
  amount: string;
  day: [number, number, number, number, number];
  status: 'paid' | 'refunded' | 'cancelled' | 'pending';
}

/** The shop's side, with the planted discrepancies. */
const LEDGER: Row[] = [
  { orderNo: 'S001', amount: '1200', day: [2024, 3, 5, 10, 0], status: 'paid' },
  { orderNo: 'S002', amount: '500', day: [2024, 3, 5, 11, 0], status: 'paid' },
  { orderNo: 'S003', amount: '850', day: [2024, 3, 6, 9, 0], status: 'paid' }, // amount edited after payment
  { orderNo: 'S004', amount: '300', day: [2024, 3, 6, 10, 0], status: 'paid' }, // cancelled at the gateway
  { orderNo: 'S005', amount: '450', day: [2024, 3, 6, 11, 0], status: 'refunded' },
  { orderNo: 'S011', amount: '999', day: [2024, 3, 7, 13, 0], status: 'pending' }, // failed card, shop still waiting: fine
  { orderNo: 'S012', amount: '100', day: [2024, 3, 8, 9, 0], status: 'cancelled' }, // shop cancelled, gateway still holds the money
  { orderNo: 'S013', amount: '350', day: [2024, 3, 8, 10, 0], status: 'paid' }, // refunded in the back-office only
  { orderNo: 'S014', amount: '550', day: [2024, 3, 8, 11, 0], status: 'paid' }, // both wrong
  { orderNo: 'S015', amount: '1500', day: [2024, 3, 8, 23, 50], status: 'paid' },
  { orderNo: 'S100', amount: '2000', day: [2024, 3, 7, 15, 0], status: 'paid' }, // never went through the gateway
  { orderNo: 'S101', amount: '150', day: [2024, 3, 7, 16, 0], status: 'pending' }, // abandoned checkout: no money either side
  { orderNo: 'S102', amount: '180', day: [2024, 3, 7, 17, 0], status: 'cancelled' },
];

const EXPECTED = [
  ['amount_mismatch', 'S003'],
  ['amount_mismatch', 'S014'],
  ['missing_at_gateway', 'S100'],
  ['missing_in_ledger', 'S006'],
  ['missing_in_ledger', 'S010'],
  ['status_mismatch', 'S004'],
  ['status_mismatch', 'S012'],
  ['status_mismatch', 'S013'],
  ['status_mismatch', 'S014'],
];

const ZH: Record<Row['status'], string> = { paid: '已付款', refunded: '已退款', cancelled: '已取消', pending: '待付款' };
const p2 = (n: number) => String(n).padStart(2, '0');

const VARIANTS: Array<{ name: string; file: string; encoding: string; build: () => Promise<Uint8Array> }> = [
  {
    name: 'UTF-8 CSV, Chinese headers, 2024/03/05 14:03',
    file: 'ledger.csv',
    encoding: 'utf-8',
    build: async () =>
      utf8(csv([['訂單編號', '金額', '訂單時間', '狀態'], ...LEDGER.map((r) => [r.orderNo, r.amount, `${r.day[0]}/${p2(r.day[1])}/${p2(r.day[2])} ${p2(r.day[3])}:${p2(r.day[4])}`, ZH[r.status]])])),
  },
  {
    name: 'UTF-8 CSV with BOM, English headers and words, 2024-03-05 14:03',
    file: 'ledger-bom.csv',
    encoding: 'utf-8-bom',
    build: async () =>
      utf8Bom(csv([['Order No', 'Amount', 'Date', 'Status'], ...LEDGER.map((r) => [r.orderNo, r.amount, `${r.day[0]}-${p2(r.day[1])}-${p2(r.day[2])} ${p2(r.day[3])}:${p2(r.day[4])}`, r.status])])),
  },
  {
    name: 'Big5 CSV, Chinese headers, ROC dates (113/3/5, 民國 113/03/05, 2024年3月5日)',
    file: 'ledger-big5.csv',
    encoding: 'big5',
    build: async () =>
      big5(
        csv([
          ['訂單編號', '訂單金額', '日期', '付款狀態'],
          ...LEDGER.map((r, i) => {
            const roc = r.day[0] - 1911;
            const time = `${p2(r.day[3])}:${p2(r.day[4])}`;
            const date = [`${roc}/${r.day[1]}/${r.day[2]} ${time}`, `民國 ${roc}/${p2(r.day[1])}/${p2(r.day[2])} ${time}`, `${r.day[0]}年${r.day[1]}月${r.day[2]}日 ${time}`][i % 3]!;
            return [r.orderNo, r.amount, date, ZH[r.status]];
          }),
        ]),
      ),
  },
  {
    name: 'XLSX, Chinese headers, date cells and numeric amounts',
    file: 'ledger.xlsx',
    encoding: 'xlsx',
    build: () =>
      xlsx([
        ['訂單號碼', '訂單金額', '訂單日期', '訂單狀態', '備註'],
        ...LEDGER.map((r): XlsxCell[] => [r.orderNo, Number(r.amount), excelDate(...r.day), ZH[r.status], null]),
      ]),
  },
];

const kinds = (exceptions: Array<{ kind: string; order_no: string }>) => exceptions.map((e) => [e.kind, e.order_no]).sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));

describe('reconciliation against a FlashPay cache', () => {
  it.each(VARIANTS)('$name: finds every planted discrepancy and nothing else', async (variant) => {
    const profile = await flashPayProfile(app);
    seedFlashPay(profile);
    const bytes = await variant.build();
    const preview = await previewLedger(app, profile, variant.file, bytes);
    expect(preview.encoding).toBe(variant.encoding);
    expect(preview.mappingSource).toBe('suggested');
    expect(preview.rows).toHaveLength(LEDGER.length);
    const imported = await importLedger(app, profile, bytes, { fileName: variant.file, mapping: preview.mapping });
    expect(imported).toMatchObject({ imported: LEDGER.length, badCount: 0, from: '2024-03-05', to: '2024-03-08' });

    const result = runReconciliation(app, profile);
    expect({ from: result.from, to: result.to }).toEqual({ from: '2024-03-05', to: '2024-03-08' });
    expect(kinds(result.exceptions)).toEqual(EXPECTED);
    expect(result.matched).toBe(7);
    const s003 = result.exceptions.find((e) => e.order_no === 'S003')!;
    expect(s003).toMatchObject({ ledger_amount: 85000, gateway_amount: 80000, cache_order_no: 'S003', state: 'open' });
    const s004 = result.exceptions.find((e) => e.order_no === 'S004')!;
    expect(s004).toMatchObject({ kind: 'status_mismatch', ledger_status: 'paid', gateway_status: 'cancelled', gateway_status_code: '12' });
  });

  it('remembers the mapping per profile and uses it for the next file', async () => {
    const profile = await flashPayProfile(app);
    const bytes = utf8(csv([['單號', '總計', '建立時間', '付款狀態', '訂單編號(舊)'], ['x', '1200', '2024/03/05', '已付款', 'S001']]));
    const first = await previewLedger(app, profile, 'a.csv', bytes);
    expect(first.mapping).toEqual({ orderNo: '單號', date: '建立時間', status: '付款狀態' });
    const mapping = { ...first.mapping, orderNo: '訂單編號(舊)', amount: '總計' };
    await importLedger(app, profile, bytes, { fileName: 'a.csv', mapping });
    const second = await previewLedger(app, profile, 'b.csv', bytes);
    expect(second.mappingSource).toBe('saved');
    expect(second.mapping).toEqual(mapping);
    // Another profile has its own (none yet).
    const other = await flashPayProfile(app, 'fp2', 'HT00000003');
    expect((await previewLedger(app, other, 'b.csv', bytes)).mappingSource).toBe('suggested');
  });

  it('keeps resolutions across re-runs, and drops what a re-run no longer finds from the queue', async () => {
    const profile = await flashPayProfile(app);
    seedFlashPay(profile);
    const bytes = await VARIANTS[0]!.build();
    const preview = await previewLedger(app, profile, 'l.csv', bytes);
    await importLedger(app, profile, bytes, { fileName: 'l.csv', mapping: preview.mapping });
    const first = runReconciliation(app, profile);
    const s100 = first.exceptions.find((e) => e.order_no === 'S100')!;
    const s013 = first.exceptions.find((e) => e.order_no === 'S013')!;
    expect(() => resolveException(app, s100.id, 'resolved', '  ')).toThrow(/needs a note/);
    resolveException(app, s100.id, 'resolved', 'bank transfer, booked by hand', { operator: 'amy' });
    resolveException(app, s013.id, 'accepted', '', { operator: 'bob' });

    // A later sync reports S003 at the shop's 850: that exception is no longer found.
    putFlashPay(app, profile, { ordNo: 'S003', amount: '850.00', status: '03', time: '2024-03-06 09:00:00' });
    const second = runReconciliation(app, profile);
    expect(kinds(second.exceptions)).toEqual(EXPECTED.filter(([k, o]) => !(k === 'amount_mismatch' && o === 'S003')));
    const again = second.exceptions.find((e) => e.order_no === 'S100')!;
    expect(again).toMatchObject({ id: s100.id, state: 'resolved', note: 'bank transfer, booked by hand', resolved_by: 'amy' });
    expect(second.exceptions.find((e) => e.order_no === 'S013')).toMatchObject({ state: 'accepted', resolved_by: 'bob' });

    const queue = listExceptions(app, { profileId: profile.id });
    expect(queue.some((e) => e.order_no === 'S003' && e.kind === 'amount_mismatch')).toBe(false);
    expect(listExceptions(app, { profileId: profile.id, activeOnly: false }).some((e) => e.order_no === 'S003' && e.kind === 'amount_mismatch')).toBe(true);
    expect(listExceptions(app, { profileId: profile.id, state: 'open' })).toHaveLength(EXPECTED.length - 3);
    expect(listExceptions(app, { profileId: profile.id, kind: 'missing_in_ledger' }).map((e) => e.order_no).sort()).toEqual(['S006', 'S010']);

    const history = app.db.prepare('SELECT operator, resolution, note FROM reconcile_resolutions ORDER BY id').all();
    expect(history).toEqual([
      { operator: 'amy', resolution: 'resolved', note: 'bank transfer, booked by hand' },
      { operator: 'bob', resolution: 'accepted', note: '' },
    ]);
    const events = [...new AuditLog(app.db).iterate({})].map((e) => [e.event, e.operator, e.order_no]);
    expect(events).toEqual(
      expect.arrayContaining([
        ['ledger.import', expect.any(String), null],
        ['reconcile.run', expect.any(String), null],
        ['reconcile.resolved', 'amy', 'S100'],
        ['reconcile.accepted', 'bob', 'S013'],
      ]),
    );
    expect(new AuditLog(app.db).verify().ok).toBe(true);

    const sheet = exceptionRowsForExport(app, { profileIds: [profile.id], from: '2024-03-01', to: '2024-03-31' });
    expect(sheet).toHaveLength(EXPECTED.length - 1);
    expect(sheet.find((r) => r.orderNo === 'S100')).toMatchObject({ kind: 'missing_at_gateway', ledgerAmount: 200000, gatewayAmount: null, status: expect.stringMatching(/resolved: bank transfer/) });
  });

  it("fills the Excel export's exceptions sheet", async () => {
    const profile = await flashPayProfile(app);
    seedFlashPay(profile);
    const filter = { profileIds: [profile.id], from: '2024-03-01', to: '2024-03-31' };
    expect(exceptionsForExport(app, filter)).toBeUndefined();
    const bytes = await VARIANTS[0]!.build();
    await importLedger(app, profile, bytes, { fileName: 'l.csv', mapping: (await previewLedger(app, profile, 'l.csv', bytes)).mapping });
    runReconciliation(app, profile);
    const out = path.join(app.dataDir, 'x.xlsx');
    const result = await exportWorkbook(app, { filter, out, exceptions: exceptionsForExport(app, filter) });
    expect(result.sheets).toContain('Exceptions');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sheet = wb.getWorksheet('Exceptions')!;
    const texts: string[] = [];
    sheet.eachRow((row) => texts.push(row.values!.toString()));
    const body = texts.join('\n');
    expect(body).toContain('商店帳無此筆 Missing in ledger');
    expect(body).toContain('S100');
    expect(body).toContain('S013');
  });

  it('an explicit range narrows both sides', async () => {
    const profile = await flashPayProfile(app);
    seedFlashPay(profile);
    const bytes = await VARIANTS[0]!.build();
    await importLedger(app, profile, bytes, { fileName: 'l.csv', mapping: (await previewLedger(app, profile, 'l.csv', bytes)).mapping });
    const result = runReconciliation(app, profile, { from: '2024-03-05', to: '2024-03-06' });
    expect(kinds(result.exceptions)).toEqual([['amount_mismatch', 'S003'], ['missing_in_ledger', 'S006'], ['status_mismatch', 'S004']]);
    expect(() => runReconciliation(app, profile, { from: '2024-03-06', to: '2024-03-05' })).toThrow(/before it starts/);
  });

  it('nothing is half-imported: a bad mapping or an unreadable file writes nothing', async () => {
    const profile = await flashPayProfile(app);
    const bytes = utf8(csv([['訂單編號', '金額', '訂單時間', '狀態'], ['S1', 'x', '2024/03/05', '已付款'], ['S2', '1', 'never', '已付款']]));
    await expect(importLedger(app, profile, bytes, { fileName: 'l.csv', mapping: { orderNo: '訂單編號', amount: '金額', date: '訂單時間' } })).rejects.toThrow(/map a column to status/);
    await expect(importLedger(app, profile, bytes, { fileName: 'l.csv', mapping: { orderNo: '訂單編號', amount: '金額', date: '訂單時間', status: 'Nope' } })).rejects.toThrow(/no column "Nope"/);
    await expect(importLedger(app, profile, bytes, { fileName: 'l.csv', mapping: { orderNo: '訂單編號', amount: '金額', date: '訂單時間', status: '狀態' } })).rejects.toThrow(
      /no row of l.csv could be read \(2 bad\); row 2, column 金額/,
    );
    await expect(
      importLedger(app, profile, bytes, { fileName: 'l.csv', mapping: { orderNo: '訂單編號', amount: '金額', date: '訂單時間', status: '狀態' }, suffixRule: { kind: 'regex', pattern: '(' } }),
    ).rejects.toThrow();
    for (const table of ['ledger_imports', 'ledger_rows', 'ledger_mappings']) {
      expect(app.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get(), table).toBe(0);
    }
    expect(() => runReconciliation(app, profile)).toThrow(/import the shop's ledger/);
  });

  it('a gateway/profile column keeps other profiles\' rows out', async () => {
    const profile = await flashPayProfile(app, 'FlashPay 主店');
    seedFlashPay(profile);
    const bytes = utf8(
      csv([
        ['訂單編號', '金額', '訂單時間', '狀態', '金流'],
        ['S001', '1200', '2024/03/05 10:00', '已付款', 'FlashPay'],
        ['S002', '500', '2024/03/05 11:00', '已付款', 'FlashPay 主店'],
        ['F9', '100', '2024/03/05 11:00', '已付款', '第一銀行'],
      ]),
    );
    const preview = await previewLedger(app, profile, 'l.csv', bytes);
    expect(preview.mapping.gateway).toBe('金流');
    const imported = await importLedger(app, profile, bytes, { fileName: 'l.csv', mapping: preview.mapping });
    expect(imported).toMatchObject({ imported: 2, skipped: 1 });
    const result = runReconciliation(app, profile);
    expect(result.exceptions).toEqual([]);
    expect(result.matched).toBe(2);
  });
});

describe('First Bank: suffix rule, retries, double payment, orders known only from the ledger', () => {
  async function setup(): Promise<Profile> {
    const profile = await firstBankProfile(app);
    const put = (orderId: string, amount: string, status: string, time: string) => putFirstBank(app, profile, { orderId, amount, status, time });
    put('F1001A0207', '1000', '2', '2024/03/05 10:02:07');
    put('F1002A0101', '600', '6', '2024/03/05 11:01:01'); // declined first try
    put('F1002A0105', '600', '2', '2024/03/05 11:01:05'); // paid on retry
    put('F1003A0101', '300', '2', '2024/03/06 09:01:01');
    put('F1003A0109', '300', '2', '2024/03/06 09:01:09'); // paid twice
    put('F1004A0000', '250', '1', '2024/03/06 10:00:00'); // cancelled, not in the ledger: fine
    return profile;
  }
  const ledger = utf8(
    csv([
      ['訂單編號', '金額', '訂單時間', '狀態'],
      ['F1001', '1000', '113/03/05 10:02', '已付款'],
      ['F1002', '600', '113/03/05 11:01', '已付款'],
      ['F1003', '300', '113/03/06 09:01', '已付款'],
    ]),
  );

  it('with "strip A + 4 digits" the retries and the double payment come out right', async () => {
    const profile = await setup();
    const preview = await previewLedger(app, profile, 'l.csv', ledger);
    await importLedger(app, profile, ledger, { fileName: 'l.csv', mapping: preview.mapping, suffixRule: { kind: 'lastA4' } });
    const result = runReconciliation(app, profile);
    expect(kinds(result.exceptions)).toEqual([['missing_in_ledger', 'F1003A0101']]);
    expect(result.exceptions[0]!.detail).toMatch(/paid twice/);
    expect(result.matched).toBe(3);
    // The rule is saved with the mapping.
    expect((await previewLedger(app, profile, 'l.csv', ledger)).suffixRule).toEqual({ kind: 'lastA4' });
  });

  it('without it nothing matches, and changing the rule re-keys the stored ledger', async () => {
    const profile = await setup();
    const preview = await previewLedger(app, profile, 'l.csv', ledger);
    await importLedger(app, profile, ledger, { fileName: 'l.csv', mapping: preview.mapping });
    const result = runReconciliation(app, profile);
    expect(kinds(result.exceptions)).toEqual([
      ['missing_at_gateway', 'F1001'],
      ['missing_at_gateway', 'F1002'],
      ['missing_at_gateway', 'F1003'],
      ['missing_in_ledger', 'F1001A0207'],
      ['missing_in_ledger', 'F1002A0105'],
      ['missing_in_ledger', 'F1003A0101'],
      ['missing_in_ledger', 'F1003A0109'],
    ]);
    await importLedger(app, profile, ledger, { fileName: 'l.csv', mapping: preview.mapping, suffixRule: { kind: 'regex', pattern: 'A\\d{4}$' } });
    expect(kinds(runReconciliation(app, profile).exceptions)).toEqual([['missing_in_ledger', 'F1003A0101']]);
  });

  it('ReCheckId and PayType columns make ledger orders known (queryable); unconfirmed ones are reported as such', async () => {
    const profile = await firstBankProfile(app);
    const bytes = await xlsx([
      ['訂單編號', '金額', '訂單時間', '狀態', 'ReCheckId', 'PayType'],
      ['F2001', 1000, excelDate(2024, 3, 5, 9, 0), '已付款', '01240305090000111', 'credit'],
      ['F2002', 500, excelDate(2024, 3, 5, 9, 30), '已付款', '', ''],
    ]);
    const preview = await previewLedger(app, profile, 'l.xlsx', bytes);
    expect(preview.mapping).toMatchObject({ reCheckId: 'ReCheckId', payType: 'PayType' });
    const imported = await importLedger(app, profile, bytes, { fileName: 'l.xlsx', mapping: preview.mapping });
    expect(imported.registered).toBe(1);
    const known = new OrderStore(app.db).get(profile.id, 'F2001')!;
    expect(known).toMatchObject({ gateway_order_no: '01240305090000111', pay_type: 'CREDIT', status_code: '', amount: 100000, source: 'ledger' });
    const result = runReconciliation(app, profile);
    expect(kinds(result.exceptions)).toEqual([['missing_at_gateway', 'F2001'], ['missing_at_gateway', 'F2002']]);
    const f2001 = result.exceptions.find((e) => e.order_no === 'F2001')!;
    expect(f2001.cache_order_no).toBe('F2001');
    expect(f2001.detail).toMatch(/has not confirmed/);
    // The gateway answers the re-query: now it matches.
    putFirstBank(app, profile, { orderId: 'F2001', amount: '1000', status: '2', time: '2024/03/05 09:00:00', reCheckId: '01240305090000111' });
    expect(kinds(runReconciliation(app, profile).exceptions)).toEqual([['missing_at_gateway', 'F2002']]);
  });
});
