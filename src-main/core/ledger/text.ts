// A shop system's CSV export arrives as bytes in whatever the shop's Windows locale wrote: UTF-8
// (with or without a BOM, Excel's "CSV UTF-8" adds one) or Big5 (older Taiwanese systems and Excel's
// plain "CSV" on a zh-TW machine). UTF-8 is tried strictly first: Big5 text is almost never valid
// UTF-8, while the reverse guess would silently turn UTF-8 Chinese into mojibake.
import { msg } from '../../contract/messages/render.ts';
import { InputError } from '../errors.ts';

export type LedgerEncoding = 'utf-8' | 'utf-8-bom' | 'big5' | 'utf-16le' | 'xlsx';

export function decodeLedgerText(bytes: Uint8Array): { text: string; encoding: LedgerEncoding } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: strict('utf-8', bytes.subarray(3), 'UTF-8'), encoding: 'utf-8-bom' };
  }
  // Excel's "Unicode text" export.
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: strict('utf-16le', bytes.subarray(2), 'UTF-16'), encoding: 'utf-16le' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // not UTF-8: Big5 below
  }
  try {
    return { text: new TextDecoder('big5', { fatal: true }).decode(bytes), encoding: 'big5' };
  } catch {
    throw new InputError('the file is neither UTF-8 nor Big5 text: save it from the shop system or Excel as CSV (UTF-8) or as .xlsx', { msg: msg('ledger.not_text') });
  }
}

function strict(label: string, bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`the file starts with a ${name} byte-order mark but is not valid ${name} text`, { msg: msg('ledger.bad_bom', { encoding: name }) });
  }
}
