// readLedgerTable in a worker thread: decoding and parsing a 15 MB ledger took the web shell's only
// thread for seconds (every other request waited). The worker is a sibling file (source: .ts; built
// bundles: ledger-worker.mjs next to the bundle); where it cannot start (an asar archive, a missing
// file) the same function runs on the main thread, with the same limits.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError, ReconError } from '../errors.ts';
import { type LedgerTable, readLedgerTable } from './table.ts';

function workerFile(): URL | undefined {
  for (const name of ['./table-worker.ts', './ledger-worker.mjs']) {
    const url = new URL(name, import.meta.url);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url)) && !fileURLToPath(url).includes('.asar')) return url;
  }
  return undefined;
}

/** Below this, starting a worker costs about what parsing on the main thread does. */
export const OFF_THREAD_MIN_BYTES = 512 * 1024;

export async function readLedgerTableOffThread(bytes: Uint8Array, minBytes = OFF_THREAD_MIN_BYTES): Promise<LedgerTable> {
  const file = bytes.length >= minBytes ? workerFile() : undefined;
  if (!file) return readLedgerTable(bytes);
  const copy = new Uint8Array(bytes); // its own buffer, transferred rather than copied again
  return new Promise<LedgerTable>((resolve, reject) => {
    // The worker's heap is capped too: a file that slips past the limits cannot take the machine.
    const worker = new Worker(file, { workerData: { bytes: copy }, transferList: [copy.buffer], resourceLimits: { maxOldGenerationSizeMb: 1024 } });
    worker.once('message', (m: { ok: true; table: LedgerTable } | { ok: false; input: boolean; message: string }) => {
      if (m.ok) resolve(m.table);
      else reject(m.input ? new InputError(m.message) : new ReconError('internal', m.message));
      void worker.terminate();
    });
    worker.once('error', (err) => reject(err.name === 'ERR_WORKER_OUT_OF_MEMORY' ? new InputError('the file is too large to read: split it into shorter periods') : err));
    worker.once('exit', (code) => {
      if (code !== 0) reject(new ReconError('internal', `the ledger reader stopped (exit ${code})`));
    });
  });
}
