// Writes one ledger import as its rows stream in, on whichever connection it is given: the worker's
// own (a large file; core/ledger/import-off-thread.ts) or the app's (a small file, the CLI). Rows are
// mapped one at a time and staged in short batches in a TEMP table; only finish() touches the shared
// tables, in one IMMEDIATE transaction: the import, the days it replaces, every row, the First Bank
// orders it makes known, the mapping and the audit entry, all or nothing. Until then nothing of the
// import is visible, and a failure at any point (a limit passed on the last row, a cut-off file, a
// crash) leaves nothing written.
import type { Db } from '../store/db.ts';
import { msg } from '../../contract/messages/render.ts';
import { InputError } from '../errors.ts';
import type { GatewayName } from '../gateways/status.ts';
import { gatewayAdapter } from '../gateways/registry.ts';
import type { ColumnMapping } from '../ledger/mapping.ts';
import { type BadRow, type LedgerEntry, LedgerRowMapper } from '../ledger/rows.ts';
import { type SuffixRule, compileSuffixRule } from '../ledger/suffix.ts';
import type { LedgerRowSink } from '../ledger/table.ts';
import type { LedgerEncoding } from '../ledger/text.ts';
import { AuditLog } from '../store/audit.ts';
import { LedgerStaging, LedgerStore } from '../store/ledger.ts';
import { orderStore } from '../store/orders.ts';

export const MAX_BAD_LISTED = 500;
/** Rows staged per temp-table transaction, and how often progress is reported. */
export const STAGE_BATCH = 2_000;
export const PROGRESS_EVERY = 10_000;

/** Everything an import needs besides the rows: plain data, so it can cross to a worker thread. */
export interface LedgerImportJob {
  profile: { id: number; name: string; gateway: GatewayName };
  fileName: string;
  mapping: ColumnMapping;
  /** The rule to key rows with, and whether it differs from the saved one (then every row is re-keyed). */
  suffixRule: SuffixRule;
  ruleChanged: boolean;
  operator: string;
  shell: string;
  nowMs: number;
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

export interface LedgerImportProgress {
  /** Rows read so far (readable, bad and skipped). */
  rows: number;
}

export class LedgerImportWriter implements LedgerRowSink {
  private readonly db: Db;
  private readonly job: LedgerImportJob;
  private readonly onProgress: (p: LedgerImportProgress) => void;
  private readonly staging: LedgerStaging;
  private readonly keyOf: (orderNo: string) => string;
  private mapper: LedgerRowMapper | null = null;
  private encoding: LedgerEncoding = 'utf-8';
  private batch: Array<{ entry: LedgerEntry; matchKey: string }> = [];
  private rows = 0;
  private imported = 0;
  private skipped = 0;
  private badCount = 0;
  private readonly bad: BadRow[] = [];
  private from = '';
  private to = '';

  constructor(db: Db, job: LedgerImportJob, onProgress: (p: LedgerImportProgress) => void = () => {}) {
    this.db = db;
    this.job = job;
    this.onProgress = onProgress;
    this.keyOf = compileSuffixRule(job.suffixRule);
    this.staging = new LedgerStaging(db);
    this.staging.clear();
  }

  header(headers: string[], encoding: LedgerEncoding): void {
    this.encoding = encoding;
    this.mapper = new LedgerRowMapper(headers, this.job.mapping, this.job.profile);
  }

  row(rowNo: number, cells: string[]): void {
    const m = this.mapper!.map(rowNo, cells);
    this.rows++;
    if (m === 'skipped') this.skipped++;
    else if ('bad' in m) {
      this.badCount++;
      if (this.bad.length < MAX_BAD_LISTED) this.bad.push(m.bad);
    } else {
      const e = m.entry;
      this.imported++;
      if (this.from === '' || e.day < this.from) this.from = e.day;
      if (e.day > this.to) this.to = e.day;
      this.batch.push({ entry: e, matchKey: this.keyOf(e.orderNo) });
      if (this.batch.length >= STAGE_BATCH) this.flush();
    }
    if (this.rows % PROGRESS_EVERY === 0) this.onProgress({ rows: this.rows });
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    this.staging.stage(this.batch);
    this.batch = [];
  }

  /** Commits the import (one transaction) and empties the staging table. */
  finish(): LedgerImportResult {
    try {
      this.flush();
      if (this.rows % PROGRESS_EVERY !== 0) this.onProgress({ rows: this.rows });
      const { job, imported, from, to } = this;
      if (imported === 0) {
        const first = this.bad[0];
        throw first
          ? new InputError(`no row of ${job.fileName} could be read (${this.badCount} bad); row ${first.row}, column ${first.column}, ${JSON.stringify(first.value)}: ${first.reason}`, {
              msg: msg('ledger.nothing_readable', {
                file: job.fileName,
                bad: this.badCount,
                row: first.row,
                column: first.column,
                value: first.value,
                reason: first.reasonMsg ?? first.reason,
              }),
            })
          : new InputError(`no row of ${job.fileName} belongs to profile ${job.profile.name}`, {
              msg: msg('ledger.none_for_profile', { file: job.fileName, profile: job.profile.name }),
            });
      }
      const ledger = new LedgerStore(this.db);
      const orders = orderStore(this.db);
      const profile = job.profile;
      let registered = 0;
      const importId = this.db
        .transaction(() => {
          const id = ledger.insertImport({
            profileId: profile.id, fileName: job.fileName, encoding: this.encoding, mapping: job.mapping, operator: job.operator, nowMs: job.nowMs,
            rows: imported, bad: this.badCount, skipped: this.skipped, fromDay: from, toDay: to,
          });
          ledger.clearRange(profile.id, from, to);
          this.staging.moveInto(profile.id, id);
          // Where the gateway cannot list orders (First Bank), a ledger row with its reference makes the order known.
          if (gatewayAdapter(profile.gateway).capabilities.ledgerRefs) {
            for (const k of this.staging.knownOrders()) {
              const known = orders.registerKnown(
                profile.id,
                { gateway: profile.gateway, orderNo: k.order_no, gatewayOrderNo: k.recheck_id, amount: k.amount, payType: k.pay_type, orderedAtMs: k.ordered_at_ms },
                { source: 'ledger', nowMs: job.nowMs },
              );
              if (known) registered++;
            }
          }
          ledger.saveMapping(profile.id, job.mapping, job.suffixRule, job.nowMs);
          if (job.ruleChanged) ledger.rekey(profile.id, this.keyOf);
          new AuditLog(this.db).append({
            atMs: job.nowMs, operator: job.operator, shell: job.shell, event: 'ledger.import', outcome: 'info', profile: profile.name, gateway: profile.gateway,
            orderNo: null, actionId: null, amount: null,
            request: JSON.stringify({ fileName: job.fileName, mapping: job.mapping, suffixRule: job.suffixRule }),
            response: JSON.stringify({ imported, bad: this.badCount, skipped: this.skipped, from, to }),
            raw: '', note: `imported ${imported} ledger rows from ${job.fileName}`,
          });
          return id;
        })
        .immediate();
      return { importId, fileName: job.fileName, encoding: this.encoding, imported, registered, skipped: this.skipped, bad: this.bad, badCount: this.badCount, from, to };
    } finally {
      this.abandon();
    }
  }

  /** Drops what was staged (a failed read); nothing else was written. */
  abandon(): void {
    this.batch = [];
    this.staging.clear();
  }
}
