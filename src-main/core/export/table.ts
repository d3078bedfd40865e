// A table on a worksheet: a bilingual header row (frozen, filtered, styled), typed columns with their
// number formats and widths, rows, and an optional totals row of SUM formulas with cached results.
// Written against the small part of exceljs that both the streaming and the in-memory writer share.
import type ExcelJS from 'exceljs';
import { fitWidth } from './cells.ts';

export interface Column<R> {
  key: string;
  /** 'zh\nen': shown on two lines. */
  header: string;
  numFmt?: string;
  /** Short codes and dates read better centred, and then never touch a neighbouring number. */
  center?: boolean;
  /** Texts the column must fit besides its header (labels, longest values). */
  fit?: Iterable<string>;
  /** Width when the values are not known in advance (Excel character units). */
  width?: number;
  value(row: R, rowNumber: number): ExcelJS.CellValue;
}

export interface TotalsRow {
  label: string;
  /** Column key -> cached result of SUM over the data rows (dollars for money columns). */
  results: Record<string, number>;
}

type SheetLike = Pick<ExcelJS.Worksheet, 'addRow' | 'columns' | 'autoFilter'>;

const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { bold: true, color: { argb: 'FF1D2430' } },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F0FA' } },
  alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
  border: { bottom: { style: 'thin', color: { argb: 'FF9AA5B1' } } },
};

const TOTAL_STYLE: Partial<ExcelJS.Font> = { bold: true };

export function columnLetter(index1: number): string {
  let n = index1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Worksheet options shared by every table: header frozen, landscape, fit to page width when printed. */
export function sheetOptions(title: string): Partial<ExcelJS.AddWorksheetOptions> {
  return {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
    headerFooter: { oddHeader: `&L${title.replace(/&/g, '&&')}`, oddFooter: '&L&A&R&P / &N' },
  };
}

function columnStyle<R>(c: Column<R>): Partial<ExcelJS.Style> {
  return { ...(c.numFmt ? { numFmt: c.numFmt } : {}), ...(c.center ? { alignment: { horizontal: 'center' } } : {}) };
}

/** Sets widths and formats, writes the header row; returns a writer for the data rows. */
export function startTable<R>(sheet: SheetLike, columns: Column<R>[], options: { shareStyles?: boolean } = {}): { write(row: R): ExcelJS.Row; rows(): number } {
  const share = options.shareStyles ?? true;
  sheet.columns = columns.map((c) => ({
    key: c.key,
    width: c.width ?? fitWidth([c.header, ...(c.fit ?? [])]),
    style: columnStyle(c),
  }));
  const header = sheet.addRow(columns.map((c) => c.header));
  header.height = 32;
  header.eachCell((cell) => {
    cell.style = HEADER_STYLE;
  });
  // One style object per column, shared by all its cells: exceljs caches style ids by object identity,
  // so this spares it from serialising each cell's style to find its id (most of the export's time).
  const styles = columns.map(columnStyle);
  let count = 0;
  return {
    write(row: R) {
      count++;
      const added = sheet.addRow(columns.map((c) => c.value(row, count + 1)));
      if (share) {
        added.eachCell((cell, col) => {
          cell.style = styles[col - 1]!;
        });
      }
      return added;
    },
    rows: () => count,
  };
}

/** Filter over the header and data rows (not the totals row, so filtering never hides it). */
export function setFilter(sheet: SheetLike, columnCount: number, dataRows: number): void {
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + dataRows, column: columnCount } };
}

/** SUM formulas with cached results, so every viewer shows the numbers without recalculating. */
export function writeTotals<R>(sheet: SheetLike, columns: Column<R>[], dataRows: number, totals: TotalsRow): ExcelJS.Row {
  const values = columns.map((c, i) => {
    if (i === 0) return totals.label;
    const result = totals.results[c.key];
    if (result === undefined) return null;
    if (dataRows === 0) return result;
    const letter = columnLetter(i + 1);
    return { formula: `SUM(${letter}2:${letter}${dataRows + 1})`, result };
  });
  const row = sheet.addRow(values);
  row.font = TOTAL_STYLE;
  row.eachCell((cell, col) => {
    const numFmt = columns[col - 1]?.numFmt;
    cell.style = { ...cell.style, font: TOTAL_STYLE, border: { top: { style: 'thin' }, bottom: { style: 'double' } }, ...(numFmt ? { numFmt } : {}) };
  });
  return row;
}
