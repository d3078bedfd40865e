// Cell-level rules every sheet follows: text that Excel or LibreOffice could read as a formula is
// made inert, money goes in as a number of dollars with a currency format, and Taipei times become
// real Excel dates that do not depend on the machine's time zone.
import type { Cents } from '../money.ts';
import { TAIPEI_OFFSET_MS, type TaipeiDay, taipeiDayStartMs } from '../time.ts';

export const MONEY_FORMAT = '#,##0.00';
export const NET_FORMAT = '#,##0.00;[Red]-#,##0.00';
export const DATETIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';
export const DATE_FORMAT = 'yyyy-mm-dd';
// The same cells as ROC dates (民國 115/11/30): Excel's "e" is the era year of the zh-TW (0x404)
// calendar. The value stays a real date, so sorting, filters and formulas work as before.
export const ROC_DATETIME_FORMAT = '[$-404]e/mm/dd hh:mm:ss';
export const ROC_DATE_FORMAT = '[$-404]e/mm/dd';
export const INT_FORMAT = '#,##0';
export const TEXT_FORMAT = '@';

// =, +, -, @ start a formula in Excel and LibreOffice; tab and CR are the OWASP additions (a pasted
// or CSV-saved cell can start with them and still be read as a formula).
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A string as a cell can hold it safely. Every text cell is written as a string (never a formula), and
 * one that would start a formula also gets a leading apostrophe: opening the file shows it as text in
 * both Excel and LibreOffice, and it stays text when someone edits the cell (Excel then reads the
 * apostrophe as its quote prefix) or saves the sheet as CSV. The apostrophe is visible; that is the
 * price of a guard that survives every later step.
 */
export function guardText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Cents as the dollars a money cell holds (the format shows two decimals). */
export function moneyCell(cents: Cents): number {
  return cents / 100;
}

/**
 * Excel dates have no zone; exceljs turns a Date into a serial from its UTC milliseconds
 * (25569 + ms / 86400000). A Date whose UTC fields equal the Taipei wall time therefore writes the
 * Taipei wall time, whatever TZ this process runs in.
 */
export function taipeiExcelDate(utcMs: number): Date {
  return new Date(utcMs + TAIPEI_OFFSET_MS);
}

/** A Taipei day as an Excel date (midnight of that day). */
export function dayExcelDate(day: TaipeiDay): Date {
  return new Date(taipeiDayStartMs(day) + TAIPEI_OFFSET_MS);
}

// East Asian wide and fullwidth ranges: these take two columns in a spreadsheet cell.
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** Display width of a text: CJK characters count 2, everything else 1. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

/** A column width (Excel character units) that fits the widest of the given texts (multi-line aware). */
export function fitWidth(texts: Iterable<string>, options: { min?: number; max?: number } = {}): number {
  let widest = 0;
  for (const t of texts) for (const line of t.split('\n')) widest = Math.max(widest, displayWidth(line));
  // Excel's unit is the width of a '0' in the default font; viewers that substitute a wider font
  // (LibreOffice without Calibri) need the extra fifth to keep digits off the next column.
  return Math.min(Math.max(Math.ceil(widest * 1.2) + 2, options.min ?? 6), options.max ?? 60);
}
