import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { tempApp } from '../../support/app.ts';
import { FIXTURE_FROM, FIXTURE_NOW_MS, FIXTURE_TO, type Fixture, INJECTION_ORDER_NO, LONG_ORDER_NO, SEED_ORDERS, normalized, seedFixture } from '../../support/settlement-fixture.ts';
import { OrderStore } from '../../../src-main/core/store/orders.ts';
import { exportWorkbook, startExport } from '../../../src-main/core/services/export.ts';
import { dailySettlement } from '../../../src-main/core/services/settlement.ts';
import { displayWidth, guardText } from '../../../src-main/core/export/cells.ts';
import type { JobProgress } from '../../../src-main/contract/channels.ts';
import { col, dataRows, readWorkbook, tempDir } from './helpers.ts';
import { msg } from '../../../src-main/contract/messages/render.ts';

let app: ReturnType<typeof tempApp>;
let fx: Fixture;
let dir: string;
beforeEach(async () => {
  app = tempApp();
  fx = await seedFixture(app);
  dir = tempDir();
});
afterEach(() => {
  app.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const dayOf = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
const inRange = SEED_ORDERS.filter((s) => dayOf(s.at) >= FIXTURE_FROM && dayOf(s.at) <= FIXTURE_TO);
const filter = { from: FIXTURE_FROM, to: FIXTURE_TO };

async function exportFixture(extra: Partial<Parameters<typeof exportWorkbook>[1]> = {}) {
  const out = path.join(dir, 'recon.xlsx');
  const result = await exportWorkbook(app, { filter, out, nowMs: FIXTURE_NOW_MS, ...extra });
  return { result, wb: await readWorkbook(out) };
}

describe('Excel export', () => {
  it('writes summary, orders and fees sheets with properties, frozen headers and filters', async () => {
    const { result, wb } = await exportFixture();
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Orders', 'Fees']);
    expect(result.sheets).toEqual(['Summary', 'Orders', 'Fees']);
    expect(result.orders).toBe(inRange.length);
    expect(wb.creator).toMatch(/Reconciliation Console/);
    expect(wb.title).toContain('2024-03-31');
    expect(wb.created.getTime()).toBe(FIXTURE_NOW_MS);
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter).toBeTruthy();
    }
    const orders = wb.getWorksheet('Orders')!;
    expect(orders.autoFilter).toBe(`A1:V${inRange.length + 1}`);
    // Widths fit CJK text: the First Bank profile name counts its Chinese characters twice.
    expect(orders.getColumn(1).width).toBeGreaterThanOrEqual(displayWidth('第一銀行 商店') + 2);
    expect(displayWidth('第一銀行 商店')).toBe(13);
  });

  it('writes totals as SUM formulas whose cached results are the core numbers', async () => {
    const { wb } = await exportFixture();
    const report = dailySettlement(app, { ...filter, nowMs: FIXTURE_NOW_MS });
    const ws = wb.getWorksheet('Summary')!;
    const n = report.rows.length;
    const total = ws.getRow(n + 2);
    expect(total.getCell(1).value).toBe('合計 Total');
    const expectTotal = (zh: string, cents: number, money = true) => {
      const c = col(ws, zh);
      const letter = ws.getColumn(c).letter;
      expect(total.getCell(c).value).toEqual({ formula: `SUM(${letter}2:${letter}${n + 1})`, result: money ? cents / 100 : cents });
    };
    expectTotal('訂單數', report.totals.orders, false);
    expectTotal('授權總額', report.totals.gross);
    expectTotal('請款', report.totals.captured);
    expectTotal('退貨', report.totals.refunded);
    expectTotal('手續費', report.totals.fees);
    expectTotal('退還手續費', report.totals.feesReturned);
    expectTotal('淨額', report.totals.net);
    expectTotal('已清算', report.totals.settled);
    expectTotal('未清算', report.totals.unsettled);
    // Each row's net is a formula over the row, with the core's number cached.
    const rows = dataRows(ws).slice(0, n);
    rows.forEach((row, i) => {
      expect(row.getCell(col(ws, '淨額')).value).toEqual({ formula: `F${i + 2}-G${i + 2}-H${i + 2}+I${i + 2}`, result: report.rows[i]!.net / 100 });
      expect((row.getCell(1).value as Date).toISOString().slice(0, 10)).toBe(report.rows[i]!.day);
      expect(row.getCell(col(ws, '請款')).numFmt).toBe('#,##0.00');
    });
    // The orders sheet adds up to the same figures.
    const orders = wb.getWorksheet('Orders')!;
    const captured = dataRows(orders).reduce((a, r) => a + Math.round((r.getCell(col(orders, '請款')).value as number) * 100), 0);
    expect(captured).toBe(report.totals.captured);
    const fees = wb.getWorksheet('Fees')!;
    const feeTotal = fees.getRow(dataRows(fees).length + 1);
    expect((feeTotal.getCell(col(fees, '手續費')).value as ExcelJS.CellFormulaValue).result).toBe(report.totals.fees / 100);
    const fbRow = dataRows(fees).find((r) => String(r.getCell(2).value) === fx.firstbank.name)!;
    expect(String(fbRow.getCell(col(fees, '手續費依據')).value)).toContain('2.45%');
  });

  it('keeps order numbers as text, amounts as formatted numbers, labels in both languages', async () => {
    const { wb } = await exportFixture();
    const ws = wb.getWorksheet('Orders')!;
    const byNo = new Map(dataRows(ws).map((r) => [String(r.getCell(col(ws, '訂單編號')).value), r]));
    const long = byNo.get(LONG_ORDER_NO)!;
    const noCell = long.getCell(col(ws, '訂單編號'));
    expect(noCell.type).toBe(ExcelJS.ValueType.String);
    expect(noCell.value).toBe('0012345678901234567');
    expect(noCell.numFmt).toBe('@');
    const amount = long.getCell(col(ws, '訂單金額'));
    expect(amount.type).toBe(ExcelJS.ValueType.Number);
    expect(amount.value).toBe(1234.56);
    expect(amount.numFmt).toBe('#,##0.00');
    expect(long.getCell(col(ws, '狀態代碼')).value).toBe('04');
    expect(long.getCell(col(ws, '金流狀態（中文）')).value).toBe('請款已清算');
    expect(long.getCell(col(ws, '金流狀態（英文）')).value).toBe('Capture settled');
    const fb = byNo.get('FB-0401-HALF')!;
    expect(fb.getCell(col(ws, '金流狀態（中文）')).value).toBe('已付款');
    expect(fb.getCell(col(ws, '手續費')).value).toBe(3.25);
  });

  it('writes formula-looking text as inert, apostrophe-guarded strings', async () => {
    const { wb } = await exportFixture();
    const ws = wb.getWorksheet('Orders')!;
    const guarded = dataRows(ws).find((r) => String(r.getCell(col(ws, '訂單編號')).value).includes('HYPERLINK'))!;
    const cell = guarded.getCell(col(ws, '訂單編號'));
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe(`'${INJECTION_ORDER_NO}`);
    expect(guarded.getCell(col(ws, '付款方式')).value).toBe("'@SUM(1+1)");
    let formulas = 0;
    ws.eachRow((row) => row.eachCell((c) => void (c.type === ExcelJS.ValueType.Formula && formulas++)));
    expect(formulas).toBe(0);
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) expect(guardText(`${lead}1`)).toBe(`'${lead}1`);
    expect(guardText('A=1')).toBe('A=1');
  });

  it('adds the exceptions sheet only when reconciliation results are given', async () => {
    const exceptions = [
      { kind: 'amount_mismatch', orderNo: 'FP-0401-EARLY', profile: fx.flashpay.name, detail: '=HYPERLINK("http://x","y")', ledgerAmount: 100_100, gatewayAmount: 100_000, status: 'open' },
      { kind: 'missing_in_ledger', orderNo: '0099', profile: fx.firstbank.name, detail: '通知遺失', ledgerAmount: null, gatewayAmount: 5_000, status: 'open' },
    ];
    const { wb } = await exportFixture({ exceptions });
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Orders', 'Fees', 'Exceptions']);
    const ws = wb.getWorksheet('Exceptions')!;
    const [first, second] = dataRows(ws);
    expect(first!.getCell(1).value).toBe('金額不符 Amount mismatch');
    expect(first!.getCell(4).value).toBe(`'=HYPERLINK("http://x","y")`);
    expect(first!.getCell(7).value).toEqual({ formula: 'E2-F2', result: 1 });
    expect(second!.getCell(1).value).toBe('商店帳無此筆 Missing in ledger');
    expect(second!.getCell(2).value).toBe('0099');
    expect(second!.getCell(7).value).toBeNull();
  });

  it('follows the language chosen at export: sheet names, headers, totals and details', async () => {
    const exceptions = [
      {
        kind: 'amount_mismatch', orderNo: 'FP-0401-EARLY', profile: fx.flashpay.name, detail: 'the shop has 1001.00, the gateway 1000.00 (difference 1.00)',
        detailMsg: msg('recon.amount_mismatch', { ledgerCents: 100_100, gatewayCents: 100_000, differenceCents: 100 }), ledgerAmount: 100_100, gatewayAmount: 100_000, status: 'open',
      },
    ];
    const zh = await exportFixture({ exceptions, lang: 'zh-TW' });
    expect(zh.wb.worksheets.map((w) => w.name)).toEqual(['結算摘要', '訂單', '手續費', '對帳例外']);
    for (const ws of zh.wb.worksheets) {
      const headers = (ws.getRow(1).values as unknown[]).filter((v): v is string => typeof v === 'string');
      expect(headers.length, ws.name).toBeGreaterThan(3);
      for (const h of headers) expect(h, `${ws.name}: ${h}`).not.toMatch(/\n|[A-Za-z]{3,} [A-Za-z]{3,}/);
    }
    const summary = zh.wb.getWorksheet('結算摘要')!;
    const labels = dataRows(summary).map((r) => r.getCell(1).value);
    expect(labels).toContain('合計');
    const ex = dataRows(zh.wb.getWorksheet('對帳例外')!)[0]!;
    expect(ex.getCell(1).value).toBe('金額不符');
    expect(ex.getCell(4).value).toBe('商店帳本為 NT$1,001.00，金流為 NT$1,000.00（差額 NT$1.00）');

    const en = await exportFixture({ exceptions, lang: 'en', replace: true });
    expect(en.wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Orders', 'Fees', 'Exceptions']);
    const enHeaders = (en.wb.getWorksheet('Orders')!.getRow(1).values as unknown[]).filter((v): v is string => typeof v === 'string');
    expect(enHeaders).toContain('Order no');
    for (const h of enHeaders) expect(h).not.toMatch(/[\u4e00-\u9fff]/);
    expect(dataRows(en.wb.getWorksheet('Exceptions')!)[0]!.getCell(4).value).toBe('the shop has NT$1,001.00, the gateway NT$1,000.00 (difference NT$1.00)');
  });

  it('writes ROC dates (民國) when the page shows them, keeping real date values', async () => {
    const { wb } = await exportFixture({ lang: 'zh-TW', dayStyle: 'roc' });
    const orders = wb.getWorksheet('訂單')!;
    const headers = orders.getRow(1).values as unknown[];
    const dayCol = headers.indexOf('台北日期');
    const timeCol = headers.indexOf('交易時間（台北）');
    expect(dayCol).toBeGreaterThan(0);
    const first = dataRows(orders)[0]!;
    expect(first.getCell(dayCol).numFmt).toBe('[$-404]e/mm/dd');
    expect(first.getCell(timeCol).numFmt).toBe('[$-404]e/mm/dd hh:mm:ss');
    expect(first.getCell(dayCol).value).toBeInstanceOf(Date);
    const western = await exportFixture({ lang: 'zh-TW', replace: true });
    expect(dataRows(western.wb.getWorksheet('訂單')!)[0]!.getCell(dayCol).numFmt).toBe('yyyy-mm-dd');
  });

  it('continues on "Orders (2)" past the row limit (injected small limit)', async () => {
    const { result, wb } = await exportFixture({ maxRowsPerSheet: 5, batchSize: 3 });
    const names = wb.worksheets.map((w) => w.name);
    const sheets = Math.ceil(inRange.length / 4);
    expect(names).toEqual(['Summary', ...Array.from({ length: sheets }, (_, i) => (i === 0 ? 'Orders' : `Orders (${i + 1})`)), 'Fees']);
    expect(result.orders).toBe(inRange.length);
    const seen: string[] = [];
    for (const ws of wb.worksheets.filter((w) => w.name.startsWith('Orders'))) {
      expect(ws.rowCount).toBeLessThanOrEqual(5);
      expect(String(ws.getRow(1).getCell(3).value)).toContain('Order no');
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      for (const r of dataRows(ws)) seen.push(String(r.getCell(3).value).replace(/^'/, ''));
    }
    expect(seen.sort()).toEqual(inRange.map((s) => s.orderNo).sort());
  });

  it('pages through orders sharing one timestamp without losing or repeating any', async () => {
    const store = new OrderStore(app.db);
    const same = Array.from({ length: 7 }, (_, i) => normalized({ gateway: 'flashpay', orderNo: `SAME-${i}`, at: '2024-04-01T08:00:00Z', code: '04', amount: 100, captured: 100 }));
    app.db.transaction(() => same.forEach((o) => store.upsert(fx.flashpay.id, o, { rawAnswerId: null, source: 'test', nowMs: FIXTURE_NOW_MS })))();
    const { result, wb } = await exportFixture({ pageSize: 2 });
    const ws = wb.getWorksheet('Orders')!;
    const nos = dataRows(ws).map((r) => String(r.getCell(3).value).replace(/^'/, ''));
    expect(result.orders).toBe(inRange.length + 7);
    expect(new Set(nos).size).toBe(nos.length);
    expect(nos.filter((n) => n.startsWith('SAME-'))).toHaveLength(7);
  });

  it('exports only the filtered rows (statuses, profile) with a summary of the same rows', async () => {
    const { wb } = await exportFixture({ filter: { ...filter, profileIds: [fx.flashpay.id], statuses: ['settled', 'refund_settled'] } });
    const ws = wb.getWorksheet('Orders')!;
    const want = inRange.filter((s) => s.gateway === 'flashpay' && (s.code === '04' || s.code === '08'));
    expect(dataRows(ws)).toHaveLength(want.length);
    const summary = wb.getWorksheet('Summary')!;
    const n = dataRows(summary).length - 1;
    const ordersTotal = summary.getRow(n + 2).getCell(4).value as ExcelJS.CellFormulaValue;
    expect(ordersTotal.result).toBe(want.length);
  });

  it('leaves no file, not even a temp file, when cancelled', async () => {
    const out = path.join(dir, 'cancelled.xlsx');
    const controller = new AbortController();
    const ctx = {
      jobId: 't',
      signal: controller.signal,
      progress: (u: { done?: number }) => {
        if ((u.done ?? 0) >= 2) controller.abort(new Error('cancelled by the user'));
      },
    };
    await expect(exportWorkbook(app, { filter, out, nowMs: FIXTURE_NOW_MS, batchSize: 2 }, ctx)).rejects.toThrow('cancelled by the user');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('runs as a job with progress events and refuses bad input before starting', async () => {
    const events: JobProgress[] = [];
    const off = app.jobs.onProgress((p) => events.push(p));
    const out = path.join(dir, 'job.xlsx');
    const job = startExport(app, { filter, out, nowMs: FIXTURE_NOW_MS, batchSize: 5 });
    const result = await job.done;
    off();
    expect(result.path).toBe(out);
    expect(existsSync(out)).toBe(true);
    expect(events.at(-1)).toMatchObject({ jobId: job.jobId, kind: 'export', state: 'done', done: inRange.length, total: inRange.length });
    expect(() => startExport(app, { filter: { from: '2024-04-31', to: '2024-05-01' }, out })).toThrow(/real calendar day/);
    await expect(exportWorkbook(app, { filter, out: path.join(dir, 'x.csv') })).rejects.toThrow(/\.xlsx/);
  });
});
