// Worker-thread entry (built as ledger-worker.mjs): reads a ledger file off the main thread, so the
// console keeps answering while a large CSV or workbook is decoded, parsed, mapped and written (see
// table-off-thread.ts). Three tasks: `read` the whole table (kept for callers that need it), `preview`
// (the header, the first rows and a count: never the whole table), `import` (rows mapped and written
// through this thread's own SQLite connection; only progress and the summary go back).
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { Message } from '../../contract/messages/render.ts';
import { InputError, ReconError } from '../errors.ts';
import { type LedgerImportJob, LedgerImportWriter } from '../services/ledger-import-writer.ts';
import { setAuditSealer } from '../store/audit.ts';
import { readLedgerFilePreview } from './preview.ts';
import { readLedgerRows, readLedgerTable } from './table.ts';

export type LedgerWorkerTask =
  | { task: 'read'; bytes: Uint8Array }
  | { task: 'preview'; bytes: Uint8Array; previewRows: number }
  | { task: 'import'; bytes: Uint8Array; dbFile: string; auditKey: Uint8Array | null; job: LedgerImportJob };

export type LedgerWorkerMessage = { type: 'progress'; rows: number } | { type: 'done'; value: unknown } | { type: 'error'; input: boolean; message: string; msg?: Message; detail?: string };

function importInThisThread(t: Extract<LedgerWorkerTask, { task: 'import' }>): Promise<unknown> {
  const db = new Database(t.dbFile, { fileMustExist: true });
  // The same settings as the app's connection (store/db.ts); staging spills to a temp file rather
  // than holding a whole file's rows in memory, and a busy main thread is waited for, not failed.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 60000');
  db.pragma('temp_store = FILE');
  if (t.auditKey) setAuditSealer(db, Buffer.from(t.auditKey));
  const writer = new LedgerImportWriter(db, t.job, (p) => parentPort!.postMessage({ type: 'progress', rows: p.rows } satisfies LedgerWorkerMessage));
  return readLedgerRows(t.bytes, writer).then(
    () => {
      try {
        return writer.finish();
      } finally {
        db.close();
      }
    },
    (err: unknown) => {
      writer.abandon();
      db.close();
      throw err;
    },
  );
}

function run(t: LedgerWorkerTask): Promise<unknown> {
  if (t.task === 'read') return readLedgerTable(t.bytes);
  if (t.task === 'preview') return readLedgerFilePreview(t.bytes, t.previewRows);
  return importInThisThread(t);
}

run(workerData as LedgerWorkerTask).then(
  (value) => parentPort!.postMessage({ type: 'done', value } satisfies LedgerWorkerMessage),
  (err: unknown) =>
    parentPort!.postMessage({
      type: 'error',
      input: err instanceof InputError,
      message: err instanceof Error ? err.message : String(err),
      // The catalogue message crosses too (plain data), so the person reads the reason in their language.
      ...(err instanceof ReconError ? { msg: err.msg, detail: err.detail } : {}),
    } satisfies LedgerWorkerMessage),
);
