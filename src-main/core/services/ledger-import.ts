// Importing the shop's own ledger: preview (headers, first rows, a suggested or remembered mapping),
// then import with a mapping. One import is one transaction: every readable row or nothing, and it
// replaces the profile's ledger rows of the days it covers (a re-export of a period supersedes). First
// Bank rows that carry ReCheckId and PayType also enter the order cache as known orders, since that
// is the only way the console can ever query them.
// A large file is read, mapped and written by a worker thread with its own connection (the main
// thread only hears progress and the summary); a small one, or where no worker can start, runs the
// same streaming writer here (services/ledger-import-writer.ts).
import type { App } from '../app.ts';
import { type ColumnMapping, mappingFits, suggestMapping } from '../ledger/mapping.ts';
import { type LedgerFilePreview, readLedgerFilePreview } from '../ledger/preview.ts';
import { type SuffixRule, NO_SUFFIX, compileSuffixRule } from '../ledger/suffix.ts';
import { type LedgerTable, readLedgerRows } from '../ledger/table.ts';
import { ledgerWorkerAvailable, runLedgerWorker } from '../ledger/table-off-thread.ts';
import type { LedgerEncoding } from '../ledger/text.ts';
import { auditAppendedElsewhere, auditKeyOf } from '../store/audit.ts';
import { LedgerStore } from '../store/ledger.ts';
import { defaultOperator } from './actions.ts';
import { type LedgerImportJob, type LedgerImportProgress, type LedgerImportResult, LedgerImportWriter, MAX_BAD_LISTED } from './ledger-import-writer.ts';
import type { Profile } from './profiles.ts';

export { MAX_BAD_LISTED, type LedgerImportResult, type LedgerImportProgress };

export const PREVIEW_ROWS = 20;

export interface LedgerPreview {
  fileName: string;
  encoding: LedgerEncoding;
  headers: string[];
  rows: string[][];
  totalRows: number;
  suggestedMapping: ColumnMapping;
  savedMapping: ColumnMapping | null;
  /** What to use: the saved mapping when it fits this file, else the suggestion. */
  mapping: ColumnMapping;
  mappingSource: 'saved' | 'suggested';
  suffixRule: SuffixRule;
}

export function chooseMapping(app: App, profile: Profile, table: Pick<LedgerTable, 'headers'>): Pick<LedgerPreview, 'suggestedMapping' | 'savedMapping' | 'mapping' | 'mappingSource' | 'suffixRule'> {
  const saved = new LedgerStore(app.db).mapping(profile.id);
  const suggested = suggestMapping(table.headers);
  const fits = saved !== null && mappingFits(saved.mapping, table.headers);
  return {
    suggestedMapping: suggested,
    savedMapping: saved?.mapping ?? null,
    mapping: fits ? saved.mapping : suggested,
    mappingSource: fits ? 'saved' : 'suggested',
    suffixRule: saved?.suffixRule ?? NO_SUFFIX,
  };
}

export async function previewLedger(app: App, profile: Profile, fileName: string, bytes: Uint8Array): Promise<LedgerPreview> {
  const file = ledgerWorkerAvailable(bytes.length)
    ? await runLedgerWorker<LedgerFilePreview>({ task: 'preview', bytes, previewRows: PREVIEW_ROWS })
    : await readLedgerFilePreview(bytes, PREVIEW_ROWS);
  return {
    fileName,
    encoding: file.encoding,
    headers: file.headers,
    rows: file.rows,
    totalRows: file.totalRows,
    ...chooseMapping(app, profile, file),
  };
}

export interface ImportOptions {
  fileName: string;
  mapping: ColumnMapping;
  suffixRule?: SuffixRule;
  operator?: string;
  nowMs?: number;
  /** Called as rows are read and staged (every few thousand rows, and once at the end of the file). */
  onProgress?: (p: LedgerImportProgress) => void;
}

function importJob(app: App, profile: Profile, options: ImportOptions): LedgerImportJob {
  const saved = new LedgerStore(app.db).mapping(profile.id);
  const rule = options.suffixRule ?? saved?.suffixRule ?? NO_SUFFIX;
  // Refused here, before any file is read or any worker started.
  compileSuffixRule(rule);
  return {
    profile: { id: profile.id, name: profile.name, gateway: profile.gateway },
    fileName: options.fileName,
    mapping: options.mapping,
    suffixRule: rule,
    ruleChanged: JSON.stringify(rule) !== JSON.stringify(saved?.suffixRule ?? NO_SUFFIX),
    operator: options.operator?.trim() || defaultOperator(),
    shell: app.shell,
    nowMs: options.nowMs ?? Date.now(),
  };
}

/** Imports an already-read table (the CLI reads it once to resolve --columns). */
export function importLedgerTable(app: App, profile: Profile, table: LedgerTable, options: ImportOptions): LedgerImportResult {
  const writer = new LedgerImportWriter(app.db, importJob(app, profile, options), options.onProgress);
  try {
    writer.header(table.headers, table.encoding);
    for (const r of table.rows) writer.row(r.rowNo, r.cells);
  } catch (err) {
    writer.abandon();
    throw err;
  }
  return writer.finish();
}

export async function importLedger(app: App, profile: Profile, bytes: Uint8Array, options: ImportOptions): Promise<LedgerImportResult> {
  const job = importJob(app, profile, options);
  // The worker opens its own SQLite connection to the file; a team database imports on this thread.
  if (ledgerWorkerAvailable(bytes.length) && !app.db.memory && app.engine === 'sqlite') {
    const auditKey = auditKeyOf(app.db);
    const result = await runLedgerWorker<LedgerImportResult>(
      { task: 'import', bytes, dbFile: app.db.name, auditKey: auditKey ? new Uint8Array(auditKey) : null, job },
      (rows) => options.onProgress?.({ rows }),
    );
    // The audit entry was sealed by the worker's connection; the keychain head follows it from here.
    auditAppendedElsewhere(app.db);
    return result;
  }
  const writer = new LedgerImportWriter(app.db, job, options.onProgress);
  try {
    await readLedgerRows(bytes, writer);
  } catch (err) {
    writer.abandon();
    throw err;
  }
  return writer.finish();
}
