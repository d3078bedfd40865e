// A ledger file as a table of text cells, whatever it arrived as: CSV bytes (UTF-8 / Big5) or an
// .xlsx workbook (its first sheet with data). The first non-empty row is the header.
import ExcelJS from 'exceljs';
import { InputError } from '../errors.ts';
import { parseCsv } from './csv.ts';
import { type LedgerEncoding, decodeLedgerText } from './text.ts';

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

async function readXlsx(bytes: Uint8Array): Promise<LedgerTable> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  } catch (err) {
    throw new InputError(`the file is not a readable .xlsx workbook: ${(err as Error).message}`);
  }
  const sheet = wb.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) throw new InputError('the workbook has no sheet with data');
  const width = sheet.columnCount;
  const all: Array<{ rowNo: number; cells: string[] }> = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNo) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value).trim());
    if (cells.some((c) => c !== '')) all.push({ rowNo, cells });
  });
  return splitHeader(all, 'xlsx');
}

function splitHeader(all: Array<{ rowNo: number; cells: string[] }>, encoding: LedgerEncoding): LedgerTable {
  const [head, ...rows] = all;
  if (!head) throw new InputError('the file is empty');
  const headers = head.cells.map((h, i) => h.replace(/^\uFEFF/, '').trim() || `(${i + 1})`);
  while (headers.length > 1 && /^\(\d+\)$/.test(headers.at(-1)!)) headers.pop();
  if (rows.length === 0) throw new InputError('the file has a header row but no orders');
  return { headers, rows, encoding };
}

/** Reads a ledger file. The bytes, not the file name, say whether it is a workbook (a renamed .csv happens). */
export async function readLedgerTable(bytes: Uint8Array): Promise<LedgerTable> {
  if (bytes.length === 0) throw new InputError('the file is empty');
  if (bytes.length > MAX_LEDGER_BYTES) throw new InputError(`the file is larger than ${MAX_LEDGER_BYTES / 1024 / 1024} MB; export a shorter period`);
  if (isZip(bytes)) return readXlsx(bytes);
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf) throw new InputError('this is an old .xls workbook: save it in Excel as .xlsx or CSV first');
  const { text, encoding } = decodeLedgerText(bytes);
  const rows = parseCsv(text).map((r) => ({ rowNo: r.line, cells: r.cells.map((c) => c.trim()) }));
  return splitHeader(rows, encoding);
}
