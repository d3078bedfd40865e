// A zip bomb check before a workbook reaches exceljs: a 1 MB .xlsx can inflate to gigabytes. The
// central directory's declared sizes are checked first (instant), then every entry is inflated as a
// stream and counted, output discarded, so a directory that lies about sizes is caught too, with
// memory bounded and work bounded by the budget.
import { createInflateRaw } from 'node:zlib';
import { msg } from '../../contract/messages/render.ts';
import { InputError } from '../errors.ts';

/** Uncompressed bytes a ledger workbook may hold in all (a 15 MB CSV's worth of XML is far below). */
export const MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024;
export const MAX_XLSX_ENTRIES = 2_000;

interface Entry {
  name: string;
  method: number;
  compressed: number;
  uncompressed: number;
  localOffset: number;
}

function tooBig(limit: number): InputError {
  return new InputError(
    `the workbook unpacks to more than ${Math.round(limit / 1024 / 1024)} MB (a damaged or hostile file, a "zip bomb"): refused; export the ledger as CSV or a shorter period`,
    { msg: msg('ledger.zip_bomb', { limitMb: Math.round(limit / 1024 / 1024) }) },
  );
}

/** The workbook cannot be read as a zip: one message for a person, what exactly is wrong as the detail. */
function notXlsx(detail: string): InputError {
  return new InputError(`the file is not a readable .xlsx workbook: ${detail}`, { msg: msg('ledger.not_xlsx'), detail });
}

function centralDirectory(buf: Buffer): Entry[] {
  // End of central directory: the last 0x06054b50 within the final 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notXlsx('no zip directory (cut off?)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (count > MAX_XLSX_ENTRIES) throw new InputError(`the workbook has ${count} parts (at most ${MAX_XLSX_ENTRIES}): refused`, { msg: msg('ledger.xlsx_too_many_parts', { count, max: MAX_XLSX_ENTRIES }) });
  const entries: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw notXlsx('a damaged zip directory');
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    entries.push({
      method: buf.readUInt16LE(p + 10),
      compressed: buf.readUInt32LE(p + 20),
      uncompressed: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function inflatedSize(data: Buffer, budget: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    let size = 0;
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > budget) {
        inflate.destroy();
        reject(tooBig(MAX_XLSX_UNCOMPRESSED));
      }
    });
    inflate.on('end', () => resolve(size));
    inflate.on('error', (err) => reject(notXlsx(err.message)));
    inflate.end(data);
  });
}

/** Throws an InputError when the zip would unpack past `limit` bytes, by its directory or in fact. */
export async function checkZipBomb(bytes: Uint8Array, limit = MAX_XLSX_UNCOMPRESSED): Promise<void> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = centralDirectory(buf);
  const declared = entries.reduce((sum, e) => sum + e.uncompressed, 0);
  if (declared > limit) throw tooBig(limit);
  let budget = limit;
  for (const e of entries) {
    const p = e.localOffset;
    if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50) throw notXlsx('a damaged zip entry');
    const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
    const data = buf.subarray(start, Math.min(buf.length, start + e.compressed));
    if (e.method === 0) budget -= data.length;
    else if (e.method === 8) budget -= await inflatedSize(data, budget);
    else throw notXlsx(`zip method ${e.method} is not supported`);
    if (budget < 0) throw tooBig(limit);
  }
}
