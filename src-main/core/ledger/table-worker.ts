// Worker-thread entry: reads a ledger file into a table off the main thread, so the console keeps
// answering while a large CSV or workbook is decoded and parsed (see table-off-thread.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../errors.ts';
import { readLedgerTable } from './table.ts';

const { bytes } = workerData as { bytes: Uint8Array };
readLedgerTable(bytes).then(
  (table) => parentPort!.postMessage({ ok: true, table }),
  (err: unknown) => parentPort!.postMessage({ ok: false, input: err instanceof InputError, message: err instanceof Error ? err.message : String(err) }),
);
