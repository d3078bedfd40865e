import { mkdtempSync, readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';

export function tempDir(prefix = 'recon-export-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** Data rows of a table sheet (header skipped), as arrays indexed by column number (1-based). */
export function dataRows(ws: ExcelJS.Worksheet): ExcelJS.Row[] {
  const rows: ExcelJS.Row[] = [];
  ws.eachRow((row, n) => {
    if (n > 1) rows.push(row);
  });
  return rows;
}

/** Column number of a header that starts with the given Chinese label. */
export function col(ws: ExcelJS.Worksheet, zh: string): number {
  let found = 0;
  ws.getRow(1).eachCell((cell, n) => {
    if (String(cell.value).split('\n')[0] === zh) found = n;
  });
  if (!found) throw new Error(`no column ${zh} on ${ws.name}`);
  return found;
}

/** One entry of a zip file (an .xlsx part), read without exceljs: the raw XML as written. */
export function zipEntry(file: string, name: string): string {
  const buf = readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const entryName = buf.toString('utf8', p + 46, p + 46 + nameLen).replace(/^\//, '');
    if (entryName === name) {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  throw new Error(`${name} is not in ${file}`);
}
