// A ledger file as a table of text cells, whatever it arrived as: CSV bytes (UTF-8 / Big5) or an
// .xlsx workbook (its first sheet with data). The first non-empty row is the header.
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { msg } from '../../contract/messages/render.ts';
import { InputError } from '../errors.ts';
import { CsvRowStream } from './csv.ts';
import { type LedgerEncoding, ledgerTextPieces } from './text.ts';
import { checkZipBomb } from './zip-guard.ts';

/**
 * What one ledger file may hold, checked while it is read (never after building it all): a shop's
 * export of a period is far below, a hostile or broken file is refused with the limit it passed.
 */
export interface LedgerLimits {
  maxRows: number;
  maxColumns: number;
  maxCells: number;
}

export const LEDGER_LIMITS: LedgerLimits = { maxRows: 500_000, maxColumns: 200, maxCells: 5_000_000 };

/** Counts as rows arrive and throws at the first limit passed. */
export function limitCounter(limits: LedgerLimits): (cells: number) => void {
  let rows = 0;
  let total = 0;
  return (cells) => {
    rows++;
    total += cells;
    if (rows > limits.maxRows) throw new InputError(`the file has more than ${limits.maxRows} rows: split it into shorter periods`, { msg: msg('ledger.too_many_rows', { max: limits.maxRows }) });
    if (cells > limits.maxColumns) throw new InputError(`row ${rows} has ${cells} columns (at most ${limits.maxColumns}): is this the shop's ledger?`, { msg: msg('ledger.too_many_columns', { row: rows, columns: cells, max: limits.maxColumns }) });
    if (total > limits.maxCells) throw new InputError(`the file has more than ${limits.maxCells} cells: split it into shorter periods`, { msg: msg('ledger.too_many_cells', { max: limits.maxCells }) });
  };
}

export interface LedgerTable {
  headers: string[];
  /** rowNo: the row (xlsx) or line (csv) number the person sees in Excel or an editor. */
  rows: Array<{ rowNo: number; cells: string[] }>;
  encoding: LedgerEncoding;
}

export const MAX_LEDGER_BYTES = 15 * 1024 * 1024;
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * exceljs hands date cells over as Dates whose UTC fields are the wall time typed in Excel; they
 * become text the date reader knows, still wall time (Taipei), never shifted by the machine's TZ.
 */
function dateText(d: Date): string {
  const base = `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  return h === 0 && m === 0 && s === 0 ? base : `${base} ${two(h)}:${two(m)}:${two(s)}`;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result instanceof Date) return dateText(result);
    return result === undefined || result === null || typeof result === 'object' ? '' : String(result);
  }
  if ('hyperlink' in value) return String(value.text ?? '');
  if ('error' in value) return String(value.error);
  return '';
}

function isZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

/** What a streaming read hands over: the header once, then each non-empty row as it is parsed. */
export interface LedgerRowSink {
  header(headers: string[], encoding: LedgerEncoding): void;
  row(rowNo: number, cells: string[]): void;
}

/** Cleans the header row: a BOM, blank names become `(n)`, trailing blank columns dropped. */
function headerOf(cells: string[]): string[] {
  const headers = cells.map((h, i) => h.replace(/^\uFEFF/, '').trim() || `(${i + 1})`);
  while (headers.length > 1 && /^\(\d+\)$/.test(headers.at(-1)!)) headers.pop();
  return headers;
}

/** Splits the first non-empty row off as the header; refuses a file with no rows after it. */
function headerSplitter(sink: LedgerRowSink, encoding: LedgerEncoding): { row(rowNo: number, cells: string[]): void; end(): void } {
  let headed = false;
  let rows = 0;
  return {
    row(rowNo, cells) {
      if (!headed) {
        headed = true;
        sink.header(headerOf(cells), encoding);
        return;
      }
      rows++;
      sink.row(rowNo, cells);
    },
    end() {
      if (!headed) throw new InputError('the file is empty', { msg: msg('ledger.file_empty') });
      if (rows === 0) throw new InputError('the file has a header row but no orders', { msg: msg('ledger.no_orders') });
    },
  };
}

/**
 * The streaming reader: rows are handled as they are parsed, so the limits stop a huge sheet early
 * and memory holds the rows kept, not exceljs's model of the whole workbook.
 */
async function readXlsxRows(bytes: Uint8Array, limits: LedgerLimits, sink: LedgerRowSink): Promise<void> {
  await checkZipBomb(bytes);
  const count = limitCounter(limits);
  const split = headerSplitter(sink, 'xlsx');
  let any = false;
  try {
    // Loaded only for a workbook: a CSV import's worker starts without it (about a second of CPU).
    const { default: excel } = await import('exceljs');
    const reader = new excel.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), {
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'emit',
    });
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as ExcelJS.CellValue[];
        count(values.length - 1);
        const cells: string[] = [];
        for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]).trim());
        if (cells.some((c) => c !== '')) {
          any = true;
          split.row(row.number, cells);
        }
      }
      // The first sheet with data is the ledger; the rest are never parsed.
      if (any) break;
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`the file is not a readable .xlsx workbook: ${(err as Error).message}`, { msg: msg('ledger.not_xlsx'), detail: (err as Error).message });
  }
  if (!any) throw new InputError('the workbook has no sheet with data', { msg: msg('ledger.no_sheet') });
  split.end();
}

/**
 * Reads a ledger file row by row into `sink`, with the size, row, column and cell limits checked as
 * it goes. The bytes, not the file name, say whether it is a workbook (a renamed .csv happens).
 */
export async function readLedgerRows(bytes: Uint8Array, sink: LedgerRowSink, limits: LedgerLimits = LEDGER_LIMITS): Promise<void> {
  if (bytes.length === 0) throw new InputError('the file is empty', { msg: msg('ledger.file_empty') });
  if (bytes.length > MAX_LEDGER_BYTES) throw new InputError(`the file is larger than ${MAX_LEDGER_BYTES / 1024 / 1024} MB; export a shorter period`, { msg: msg('ledger.too_large', { limitMb: MAX_LEDGER_BYTES / 1024 / 1024 }) });
  if (isZip(bytes)) return readXlsxRows(bytes, limits, sink);
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf) throw new InputError('this is an old .xls workbook: save it in Excel as .xlsx or CSV first', { msg: msg('ledger.old_xls') });
  const { encoding, pieces } = ledgerTextPieces(bytes);
  const count = limitCounter(limits);
  const split = headerSplitter(sink, encoding);
  const csv = new CsvRowStream((line, cells) => {
    count(cells.length);
    if (cells.length > 1 || cells[0]!.trim() !== '') {
      split.row(
        line,
        cells.map((c) => c.trim()),
      );
    }
  });
  for (const piece of pieces()) csv.push(piece);
  csv.end();
  split.end();
}

/** Reads a whole ledger file into a table (the CLI and small files; rows padded to the widest). */
export async function readLedgerTable(bytes: Uint8Array, limits: LedgerLimits = LEDGER_LIMITS): Promise<LedgerTable> {
  let headers: string[] = [];
  let encoding = 'utf-8' as LedgerEncoding;
  const rows: LedgerTable['rows'] = [];
  let width = 0;
  await readLedgerRows(
    bytes,
    {
      header(h, e) {
        headers = h;
        encoding = e;
      },
      row(rowNo, cells) {
        rows.push({ rowNo, cells });
        width = Math.max(width, cells.length);
      },
    },
    limits,
  );
  if (encoding === 'xlsx') for (const r of rows) while (r.cells.length < width) r.cells.push('');
  return { headers, rows, encoding };
}
