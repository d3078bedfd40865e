// The export workbook, streamed: exceljs's WorkbookWriter commits each row as it goes, so memory stays
// flat however many orders there are. Sheets are written one after another (the zip takes one entry
// at a time; a second open sheet would sit in memory). Orders beyond one sheet's row limit continue
// on "Orders (2)", "Orders (3)", ...
import type { Lang } from '../../contract/messages/catalogue.ts';
import type { DayStyle } from '../../contract/day-text.ts';
import { msg } from '../../contract/messages/render.ts';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { JobContext } from '../jobs.ts';
import type { OrderFacts } from '../services/order-facts.ts';
import type { AdjustmentEntry, SettlementAmounts, SettlementReport, SettlementRow } from '../services/settlement.ts';
import { DATE_FORMAT, DATETIME_FORMAT, ROC_DATE_FORMAT, ROC_DATETIME_FORMAT, moneyCell } from './cells.ts';
import { gatewayLabelText, type ExceptionRow, type OrderWidths, adjustmentColumns, exceptionColumns, feeColumns, orderColumns, summaryColumns } from './sheets.ts';
import { type Column, setFilter, sheetOptions, startTable, writeTotals } from './table.ts';

/** Rows on one Excel worksheet, header included. */
export const EXCEL_MAX_ROWS = 1_048_576;

export const SHEET_NAMES = { summary: 'Summary', orders: 'Orders', fees: 'Fees', adjustments: 'Adjustments', exceptions: 'Exceptions' } as const;
/** A workbook exported in Chinese names its sheets in Chinese (English and bilingual ones keep SHEET_NAMES). */
export const SHEET_NAMES_ZH: Record<keyof typeof SHEET_NAMES, string> = { summary: '結算摘要', orders: '訂單', fees: '手續費', adjustments: '調整', exceptions: '對帳例外' };

/**
 * The workbook's words in the language chosen at export: headers are written "中文\nEnglish", so a
 * chosen language keeps its half; without one the workbook stays bilingual, as accountants' shared
 * files often need.
 */
function wordsFor(lang: Lang | undefined, dayStyle: DayStyle = 'western') {
  const rocFormat = (f: string | undefined) => (dayStyle !== 'roc' ? f : f === DATE_FORMAT ? ROC_DATE_FORMAT : f === DATETIME_FORMAT ? ROC_DATETIME_FORMAT : f);
  const names = lang === 'zh-TW' ? SHEET_NAMES_ZH : SHEET_NAMES;
  const pick = (zh: string, en: string) => (lang === 'zh-TW' ? zh : lang === 'en' ? en : `${zh} ${en}`);
  return {
    names,
    orderSheet: (index: number) => (index === 0 ? names.orders : `${names.orders} (${index + 1})`),
    total: pick('合計', 'Total'),
    subtotal: (gateway: string) => `${pick('小計', 'Subtotal')} ${gateway}`,
    columns: <R>(columns: Column<R>[]): Column<R>[] =>
      columns.map((c) => ({
        ...c,
        header: lang && c.header.includes('\n') ? c.header.split('\n')[lang === 'zh-TW' ? 0 : 1]! : c.header,
        ...(c.numFmt ? { numFmt: rocFormat(c.numFmt) } : {}),
      })),
  };
}

export interface WorkbookInput {
  title: string;
  settlement: SettlementReport;
  profiles: string[];
  orders: { total: number; widths: OrderWidths; rows: Iterable<OrderFacts> };
  /** Changes of closed days booked on a later day; the sheet exists only when this is given. */
  adjustments?: AdjustmentEntry[];
  /** Reconciliation exceptions; the sheet exists only when this is given. */
  exceptions?: ExceptionRow[];
  /** Sheet names, headers, totals and details in this language; bilingual (中文 English) without one. */
  lang?: Lang;
  /** 'roc': date cells formatted as ROC dates (民國); the values stay real dates. */
  dayStyle?: DayStyle;
}

export interface WriteOptions {
  /** Rows per sheet including the header; tests shrink it to exercise the split. */
  maxRowsPerSheet?: number;
  /** Rows between progress reports, cancel checks and yields to the event loop. */
  batchSize?: number;
  ctx?: JobContext;
  createdAt?: Date;
  creator?: string;
}

export interface WorkbookSummary {
  sheets: string[];
  orders: number;
}

export function orderSheetName(index: number): string {
  return index === 0 ? SHEET_NAMES.orders : `${SHEET_NAMES.orders} (${index + 1})`;
}

/** Sheet XML allowed to wait for the compressor before the writer pauses. */
const MAX_PENDING_BYTES = 4 * 1024 * 1024;

interface StreamState {
  length?: number;
}
interface PipeInternals {
  _writableState?: StreamState;
  _readableState?: StreamState;
}
interface SheetStreamInternals {
  stream?: { pipes?: PipeInternals[]; buffers?: unknown[]; bufSize?: number };
}

/**
 * Bytes of sheet XML not yet taken by the zip. exceljs's sheet stream ignores backpressure (it keeps
 * writing into the compressor's buffer, or its own until the zip reaches the entry), so the writer
 * must look: without this, a producer faster than deflate queues the whole sheet in memory.
 */
function pendingBytes(sheet: unknown): number {
  const stream = (sheet as SheetStreamInternals).stream;
  let n = (stream?.buffers?.length ?? 0) * (stream?.bufSize ?? 65536);
  // The pipe is a readable-stream PassThrough into archiver (its own streams, not Node's): what it
  // holds on either side is what deflate has not consumed yet.
  for (const p of stream?.pipes ?? []) n += (p._writableState?.length ?? 0) + (p._readableState?.length ?? 0);
  return n;
}

/** Lets the compressor and the file catch up before more rows are made. */
async function breathe(out: Writable, sheet: unknown): Promise<void> {
  while (pendingBytes(sheet) > MAX_PENDING_BYTES) await new Promise<void>((resolve) => setTimeout(resolve, 2));
  if (out.writableNeedDrain) await once(out, 'drain');
  else await new Promise<void>((resolve) => setImmediate(resolve));
}

function checkCancelled(ctx: JobContext | undefined, failure: { error?: unknown }): void {
  if (failure.error !== undefined) throw failure.error instanceof Error ? failure.error : new Error(String(failure.error));
  if (ctx?.signal.aborted) {
    const reason: unknown = ctx.signal.reason;
    throw reason instanceof Error ? reason : new Error('export cancelled');
  }
}

function summaryTotals(t: SettlementAmounts): Record<string, number> {
  return {
    orders: t.orders,
    gross: moneyCell(t.gross),
    captured: moneyCell(t.captured),
    refunded: moneyCell(t.refunded),
    fees: moneyCell(t.fees),
    feesReturned: moneyCell(t.feesReturned),
    net: moneyCell(t.net),
    settled: moneyCell(t.settled),
    unsettled: moneyCell(t.unsettled),
  };
}

function feeRows(report: SettlementReport): SettlementRow[] {
  return report.rows.filter((r) => r.capturedOrders > 0 || r.fees !== 0 || r.feesReturned !== 0);
}

function feeTotals(rows: SettlementRow[]): Record<string, number> {
  let capturedOrders = 0;
  let captured = 0;
  let fees = 0;
  let scheduleFees = 0;
  let feesReturned = 0;
  for (const r of rows) {
    capturedOrders += r.capturedOrders;
    captured += r.captured;
    fees += r.fees;
    scheduleFees += r.scheduleFees;
    feesReturned += r.feesReturned;
  }
  return {
    capturedOrders,
    captured: moneyCell(captured),
    fees: moneyCell(fees),
    scheduleFees: moneyCell(scheduleFees),
    feesReturned: moneyCell(feesReturned),
    netFees: moneyCell(fees - feesReturned),
  };
}

type StreamSheet = ExcelJS.Worksheet & { commit(): void };

function smallTable<R>(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  title: string,
  columns: Column<R>[],
  rows: R[],
  totals?: Record<string, number>,
  subtotals: Array<{ label: string; results: Record<string, number> }> = [],
  totalLabel = '合計 Total',
): void {
  const sheet = wb.addWorksheet(name, sheetOptions(title)) as StreamSheet;
  const table = startTable(sheet, columns);
  for (const r of rows) table.write(r).commit();
  setFilter(sheet, columns.length, rows.length);
  if (totals) writeTotals(sheet, columns, rows.length, { label: totalLabel, results: totals }).commit();
  // Below the total (so its SUM never counts them): one row per gateway, as plain values.
  for (const sub of subtotals) writeTotals(sheet, columns, 0, sub).commit();
  sheet.commit();
}

/** Writes the whole workbook to `out` (which the caller owns: a temp file it renames on success). */
export async function writeWorkbook(out: Writable, input: WorkbookInput, options: WriteOptions = {}): Promise<WorkbookSummary> {
  const maxRows = options.maxRowsPerSheet ?? EXCEL_MAX_ROWS;
  if (maxRows < 2) throw new Error('a sheet needs room for its header and one row');
  const batch = options.batchSize ?? 2000;
  const ctx = options.ctx;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 6 } } });
  const created = options.createdAt ?? new Date();
  wb.creator = options.creator ?? 'Reconciliation Console 對帳主控台';
  wb.lastModifiedBy = wb.creator;
  wb.created = created;
  wb.modified = created;
  wb.title = input.title;
  wb.subject = 'Daily settlement and orders 每日結算與訂單';
  // Errors surface through commit(); a listener keeps a late zip error from becoming an uncaught one.
  const failure: { error?: unknown } = {};
  const fail = (e: unknown) => {
    failure.error ??= e;
  };
  (wb as unknown as { zip: NodeJS.EventEmitter }).zip.on('error', fail);
  // A full disk mid-sheet must stop the export, not leave it waiting for a 'finish' that never comes.
  out.on('error', fail);

  const sheets: string[] = [];
  const words = wordsFor(input.lang, input.dayStyle);
  const report = input.settlement;
  const subtotals = report.gateways.length > 1 ? report.gateways.map((g) => ({ label: words.subtotal(gatewayLabelText(g.gateway)), results: summaryTotals(g) })) : [];
  smallTable(wb, words.names.summary, input.title, words.columns(summaryColumns(input.profiles)), report.rows, summaryTotals(report.totals), subtotals, words.total);
  sheets.push(words.names.summary);

  const columns = words.columns(orderColumns(input.orders.widths));
  let sheetIndex = 0;
  let sheet: StreamSheet | undefined;
  let table: ReturnType<typeof startTable<OrderFacts>> | undefined;
  let written = 0;
  const closeSheet = () => {
    if (!sheet || !table) return;
    setFilter(sheet, columns.length, table.rows());
    sheet.commit();
    sheet = undefined;
    table = undefined;
  };
  const openSheet = () => {
    const name = words.orderSheet(sheetIndex++);
    sheet = wb.addWorksheet(name, sheetOptions(input.title)) as StreamSheet;
    table = startTable(sheet, columns);
    sheets.push(name);
  };
  ctx?.progress({ done: 0, total: input.orders.total, message: 'writing orders', messageMsg: msg('export.progress_orders') });
  openSheet();
  for (const o of input.orders.rows) {
    if (table!.rows() >= maxRows - 1) {
      closeSheet();
      openSheet();
    }
    table!.write(o).commit();
    written++;
    if (written % batch === 0) {
      checkCancelled(ctx, failure);
      ctx?.progress({ done: written });
      await breathe(out, sheet);
    }
  }
  closeSheet();
  checkCancelled(ctx, failure);

  const fees = feeRows(report);
  smallTable(wb, words.names.fees, input.title, words.columns(feeColumns(input.profiles, fees)), fees, feeTotals(fees), [], words.total);
  sheets.push(words.names.fees);

  if (input.adjustments) {
    smallTable(wb, words.names.adjustments, input.title, words.columns(adjustmentColumns(input.adjustments)), input.adjustments);
    sheets.push(words.names.adjustments);
  }

  if (input.exceptions) {
    smallTable(wb, words.names.exceptions, input.title, words.columns(exceptionColumns(input.exceptions, input.lang)), input.exceptions);
    sheets.push(words.names.exceptions);
  }
  ctx?.progress({ done: written, message: 'finishing the file', messageMsg: msg('export.progress_finishing') });
  checkCancelled(ctx, failure);
  await wb.commit();
  checkCancelled(ctx, failure);
  if (!out.writableFinished) await once(out, 'finish');
  return { sheets, orders: written };
}
