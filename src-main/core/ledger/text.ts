// A shop system's CSV export arrives as bytes in whatever the shop's Windows locale wrote: UTF-8
// (with or without a BOM, Excel's "CSV UTF-8" adds one) or Big5 (older Taiwanese systems and Excel's
// plain "CSV" on a zh-TW machine). UTF-8 is tried strictly first: Big5 text is almost never valid
// UTF-8, while the reverse guess would silently turn UTF-8 Chinese into mojibake.
import { msg } from '../../contract/messages/render.ts';
import { InputError } from '../errors.ts';
import { isUtf8 } from 'node:buffer';

export type LedgerEncoding = 'utf-8' | 'utf-8-bom' | 'big5' | 'utf-16le' | 'xlsx';

/** The whole file as one string (small files, tests): the pieces of ledgerTextPieces joined. */
export function decodeLedgerText(bytes: Uint8Array): { text: string; encoding: LedgerEncoding } {
  const { encoding, pieces } = ledgerTextPieces(bytes, Math.max(bytes.length, 1));
  return { text: [...pieces()].join(''), encoding };
}

function strict(label: string, bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`the file starts with a ${name} byte-order mark but is not valid ${name} text`, { msg: msg('ledger.bad_bom', { encoding: name }) });
  }
}

/** How much of a file is decoded at a time when it is read as a stream of text pieces. */
export const TEXT_PIECE_BYTES = 1024 * 1024;

function* decodedPieces(label: string, bytes: Uint8Array, pieceBytes: number): Generator<string> {
  const decoder = new TextDecoder(label, { fatal: true, ignoreBOM: true });
  for (let at = 0; at < bytes.length; at += pieceBytes) {
    yield decoder.decode(bytes.subarray(at, at + pieceBytes), { stream: at + pieceBytes < bytes.length });
  }
}

function decodes(label: string, bytes: Uint8Array, pieceBytes: number): boolean {
  try {
    for (const piece of decodedPieces(label, bytes, pieceBytes)) void piece;
    return true;
  } catch {
    return false;
  }
}

/**
 * A ledger file's text as pieces, a megabyte of the file at a time (UTF-8 with or without a BOM,
 * UTF-16 with its BOM, else Big5): a 15 MB ledger with Chinese in it is a 30 MB string when decoded
 * whole (two bytes per character), held for the whole import. The encoding is settled (and the file checked to be that text) before the first
 * piece, so a caller never sees rows of a file that then turns out not to be text.
 */
export function ledgerTextPieces(bytes: Uint8Array, pieceBytes = TEXT_PIECE_BYTES): { encoding: LedgerEncoding; pieces: () => Iterable<string> } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const body = bytes.subarray(3);
    if (!isUtf8(body)) throw new InputError('the file starts with a UTF-8 byte-order mark but is not valid UTF-8 text', { msg: msg('ledger.bad_bom', { encoding: 'UTF-8' }) });
    return { encoding: 'utf-8-bom', pieces: () => decodedPieces('utf-8', body, pieceBytes) };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    // Excel's "Unicode text" export (rare): read whole.
    const text = strict('utf-16le', bytes.subarray(2), 'UTF-16');
    return { encoding: 'utf-16le', pieces: () => [text] };
  }
  if (isUtf8(bytes)) return { encoding: 'utf-8', pieces: () => decodedPieces('utf-8', bytes, pieceBytes) };
  if (decodes('big5', bytes, pieceBytes)) return { encoding: 'big5', pieces: () => decodedPieces('big5', bytes, pieceBytes) };
  throw new InputError('the file is neither UTF-8 nor Big5 text: save it from the shop system or Excel as CSV (UTF-8) or as .xlsx', { msg: msg('ledger.not_text') });
}
