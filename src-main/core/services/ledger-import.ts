// Importing the shop's own ledger: preview (headers, first rows, a suggested or remembered mapping),
// then import with a mapping. One import is one transaction: every readable row or nothing, and it
// replaces the profile's ledger rows of the days it covers (a re-export of a period supersedes). First
// Bank rows that carry ReCheckId and PayType also enter the order cache as known orders, since that
// is the only way the console can ever query them.
import { gatewayAdapter } from '../gateways/registry.ts';
import type { App } from '../app.ts';
import { InputError } from '../errors.ts';
import { type ColumnMapping, mappingFits, suggestMapping } from '../ledger/mapping.ts';
import { type BadRow, parseLedgerRows } from '../ledger/rows.ts';
import { type SuffixRule, NO_SUFFIX, compileSuffixRule } from '../ledger/suffix.ts';
import type { LedgerTable } from '../ledger/table.ts';
import { readLedgerTableOffThread } from '../ledger/table-off-thread.ts';
import type { LedgerEncoding } from '../ledger/text.ts';
import { AuditLog } from '../store/audit.ts';
import { LedgerStore } from '../store/ledger.ts';
import { orderStore } from '../store/orders.ts';
import { defaultOperator } from './actions.ts';
import type { Profile } from './profiles.ts';

export const PREVIEW_ROWS = 20;
export const MAX_BAD_LISTED = 500;

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

export interface LedgerImportResult {
  importId: number;
  fileName: string;
  encoding: LedgerEncoding;
  imported: number;
  /** First Bank orders newly known to the cache (queryable by sync / re-query). */
  registered: number;
  skipped: number;
  bad: BadRow[];
  badCount: number;
  from: string;
  to: string;
}

export function chooseMapping(app: App, profile: Profile, table: LedgerTable): Pick<LedgerPreview, 'suggestedMapping' | 'savedMapping' | 'mapping' | 'mappingSource' | 'suffixRule'> {
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
  const table = await readLedgerTableOffThread(bytes);
  return {
    fileName,
    encoding: table.encoding,
    headers: table.headers,
    rows: table.rows.slice(0, PREVIEW_ROWS).map((r) => table.headers.map((_, i) => r.cells[i] ?? '')),
    totalRows: table.rows.length,
    ...chooseMapping(app, profile, table),
  };
}

export interface ImportOptions {
  fileName: string;
  mapping: ColumnMapping;
  suffixRule?: SuffixRule;
  operator?: string;
  nowMs?: number;
}

/** Imports an already-read table (the CLI reads it once to resolve --columns). */
export function importLedgerTable(app: App, profile: Profile, table: LedgerTable, options: ImportOptions): LedgerImportResult {
  const parsed = parseLedgerRows(table, options.mapping, profile);
  if (parsed.entries.length === 0) {
    const first = parsed.bad[0];
    throw new InputError(
      first
        ? `no row of ${options.fileName} could be read (${parsed.bad.length} bad); row ${first.row}, column ${first.column}, ${JSON.stringify(first.value)}: ${first.reason}`
        : `no row of ${options.fileName} belongs to profile ${profile.name}`,
    );
  }
  const ledger = new LedgerStore(app.db);
  const orders = orderStore(app.db);
  const saved = ledger.mapping(profile.id);
  const rule = options.suffixRule ?? saved?.suffixRule ?? NO_SUFFIX;
  const keyOf = compileSuffixRule(rule);
  const ruleChanged = JSON.stringify(rule) !== JSON.stringify(saved?.suffixRule ?? NO_SUFFIX);
  const nowMs = options.nowMs ?? Date.now();
  const operator = options.operator?.trim() || defaultOperator();
  const days = parsed.entries.map((e) => e.day).sort();
  const from = days[0]!;
  const to = days.at(-1)!;
  let registered = 0;
  // Where the gateway cannot list orders (First Bank), a ledger row with its reference makes the order known.
  const ledgerRefs = gatewayAdapter(profile.gateway).capabilities.ledgerRefs;
  const importId = app.db.transaction(() => {
    const id = ledger.insertImport({
      profileId: profile.id, fileName: options.fileName, encoding: table.encoding, mapping: options.mapping, operator, nowMs,
      rows: parsed.entries.length, bad: parsed.bad.length, skipped: parsed.skipped, fromDay: from, toDay: to,
    });
    ledger.clearRange(profile.id, from, to);
    for (const e of parsed.entries) {
      ledger.upsertRow(profile.id, id, e, keyOf(e.orderNo));
      if (ledgerRefs && e.reCheckId && e.payType) {
        const known = orders.registerKnown(
          profile.id,
          { gateway: profile.gateway, orderNo: e.orderNo, gatewayOrderNo: e.reCheckId, amount: e.amount, payType: e.payType, orderedAtMs: e.orderedAtMs },
          { source: 'ledger', nowMs },
        );
        if (known) registered++;
      }
    }
    ledger.saveMapping(profile.id, options.mapping, rule, nowMs);
    if (ruleChanged) ledger.rekey(profile.id, keyOf);
    new AuditLog(app.db).append({
      atMs: nowMs, operator, shell: app.shell, event: 'ledger.import', outcome: 'info', profile: profile.name, gateway: profile.gateway,
      orderNo: null, actionId: null, amount: null,
      request: JSON.stringify({ fileName: options.fileName, mapping: options.mapping, suffixRule: rule }),
      response: JSON.stringify({ imported: parsed.entries.length, bad: parsed.bad.length, skipped: parsed.skipped, from, to }),
      raw: '', note: `imported ${parsed.entries.length} ledger rows from ${options.fileName}`,
    });
    return id;
  }).immediate();
  return {
    importId,
    fileName: options.fileName,
    encoding: table.encoding,
    imported: parsed.entries.length,
    registered,
    skipped: parsed.skipped,
    bad: parsed.bad.slice(0, MAX_BAD_LISTED),
    badCount: parsed.bad.length,
    from,
    to,
  };
}

export async function importLedger(app: App, profile: Profile, bytes: Uint8Array, options: ImportOptions): Promise<LedgerImportResult> {
  const table = await readLedgerTableOffThread(bytes);
  return importLedgerTable(app, profile, table, options);
}
