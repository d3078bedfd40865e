// A ledger file's preview for the column-mapping step: its header, the first rows and how many rows
// it has. The whole file is still read (every limit checked, a cut-off file refused) but only the
// first rows are kept.
import { msg } from '../../contract/messages/render.ts';
import { InputError } from '../errors.ts';
import { type LedgerLimits, LEDGER_LIMITS, readLedgerRows } from './table.ts';
import type { LedgerEncoding } from './text.ts';

export interface LedgerFilePreview {
  headers: string[];
  encoding: LedgerEncoding;
  /** The first rows, each as wide as the header. */
  rows: string[][];
  totalRows: number;
}

export async function readLedgerFilePreview(bytes: Uint8Array, previewRows: number, limits: LedgerLimits = LEDGER_LIMITS): Promise<LedgerFilePreview> {
  let preview: LedgerFilePreview | null = null;
  await readLedgerRows(
    bytes,
    {
      header(headers, encoding) {
        preview = { headers, encoding, rows: [], totalRows: 0 };
      },
      row(_rowNo, cells) {
        const p = preview!;
        p.totalRows++;
        if (p.rows.length < previewRows) p.rows.push(p.headers.map((_, i) => cells[i] ?? ''));
      },
    },
    limits,
  );
  if (!preview) throw new InputError('the file is empty', { msg: msg('ledger.file_empty') });
  return preview;
}
