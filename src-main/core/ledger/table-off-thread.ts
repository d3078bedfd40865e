// Ledger files in a worker thread: decoding, parsing, mapping and writing a 15 MB ledger took the web
// shell's only thread for seconds (every other request waited). The worker is a sibling file (source:
// .ts; built bundles: ledger-worker.mjs next to the bundle); where it cannot start (a missing file)
// callers run the same code on the main thread, with the same limits. Inside the packaged app the file
// sits in app.asar: Electron has read asar archives in worker threads since 17/18 (electron#33216),
// and its fs answers existsSync there, so the desktop app imports off the main thread too.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { msg } from '../../contract/messages/render.ts';
import { InputError, ReconError } from '../errors.ts';
import { type LedgerTable, readLedgerTable } from './table.ts';
import type { LedgerWorkerMessage, LedgerWorkerTask } from './table-worker.ts';

function workerFile(): URL | undefined {
  for (const name of ['./table-worker.ts', './ledger-worker.mjs']) {
    const url = new URL(name, import.meta.url);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}

/** Below this, starting a worker costs about what parsing on the main thread does. */
export const OFF_THREAD_MIN_BYTES = 512 * 1024;

/** Whether a file of this size is handled by the worker (else the caller runs the task in this thread). */
export function ledgerWorkerAvailable(size: number, minBytes = OFF_THREAD_MIN_BYTES): boolean {
  return size >= minBytes && workerFile() !== undefined;
}

const COPY_SLICE = 1024 * 1024;

/** A copy the worker can own, made a megabyte per turn of the event loop (15 MB at once is a stall). */
async function ownCopy(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const copy = new Uint8Array(bytes.length);
  for (let at = 0; at < bytes.length; at += COPY_SLICE) {
    copy.set(bytes.subarray(at, at + COPY_SLICE), at);
    if (at + COPY_SLICE < bytes.length) await new Promise((r) => setImmediate(r));
  }
  return copy;
}

/**
 * Runs one task in a fresh worker. The bytes are copied once into a buffer that is transferred, not
 * cloned (the caller's buffer stays its own); the answer is what the task returns (never a whole
 * table, except for `read`).
 */
export async function runLedgerWorker<T>(task: LedgerWorkerTask, onProgress?: (rows: number) => void): Promise<T> {
  const file = workerFile();
  // Callers ask ledgerWorkerAvailable() first: no file here is a bug, not something a person did.
  if (!file) throw new Error('the ledger worker is not available');
  const bytes = await ownCopy(task.bytes);
  return new Promise<T>((resolve, reject) => {
    // The worker's heap is capped too: a file that slips past the limits cannot take the machine. Its
    // young generation is kept small: a parse makes short-lived strings by the million, and V8's
    // default semi-spaces held about 30 MB more resident for no gain in speed worth having.
    const worker = new Worker(file, {
      workerData: { ...task, bytes },
      transferList: [bytes.buffer],
      resourceLimits: { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 8 },
    });
    worker.on('message', (m: LedgerWorkerMessage) => {
      if (m.type === 'progress') {
        onProgress?.(m.rows);
        return;
      }
      if (m.type === 'done') resolve(m.value as T);
      else reject(m.input ? new InputError(m.message, { msg: m.msg, detail: m.detail }) : new ReconError('internal', m.message, { msg: m.msg, detail: m.detail }));
      // The worker ends by itself once it has answered (nothing else keeps it alive). Stopping it
      // mid-teardown with terminate() is what a V8 JIT-page check crashed on once under Node 24
      // ("Check failed: jit_page.has_value()"), so it is only the fallback for one that lingers.
      const linger = setTimeout(() => void worker.terminate(), 5_000);
      linger.unref();
      worker.once('exit', () => clearTimeout(linger));
    });
    worker.once('error', (err) => reject(err.name === 'ERR_WORKER_OUT_OF_MEMORY' ? new InputError('the file is too large to read: split it into shorter periods', { msg: msg('ledger.too_large_to_read') }) : err));
    worker.once('exit', (code) => {
      if (code !== 0) reject(new ReconError('internal', `the ledger reader stopped (exit ${code})`, { msg: msg('ledger.reader_stopped', { code }) }));
    });
  });
}

export async function readLedgerTableOffThread(bytes: Uint8Array, minBytes = OFF_THREAD_MIN_BYTES): Promise<LedgerTable> {
  if (!ledgerWorkerAvailable(bytes.length, minBytes)) return readLedgerTable(bytes);
  return runLedgerWorker<LedgerTable>({ task: 'read', bytes });
}
