// The shop's ledger in SQLite: saved column mappings, imports, and one row per shop order number.
// Statements are prepared once per store; callers wrap batches in a transaction.
import type Database from 'better-sqlite3';
import type { Db } from './db.ts';
import { dialect } from './engine.ts';
import type { ColumnMapping } from '../ledger/mapping.ts';
import type { LedgerEntry } from '../ledger/rows.ts';
import type { ShopStatus } from '../ledger/status.ts';
import { type SuffixRule, parseSuffixRule } from '../ledger/suffix.ts';

type Statement = ReturnType<Db['prepare']>;

export interface SavedMapping {
  mapping: ColumnMapping;
  suffixRule: SuffixRule;
  updatedAtMs: number;
}

export interface LedgerRow {
  id: number;
  profile_id: number;
  import_id: number;
  row_no: number;
  order_no: string;
  match_key: string;
  amount: number;
  ordered_at_ms: number;
  taipei_day: string;
  status: ShopStatus;
  status_text: string;
  recheck_id: string | null;
  pay_type: string | null;
}

export interface LedgerImportRow {
  id: number;
  profile_id: number;
  file_name: string;
  encoding: string;
  operator: string;
  imported_at_ms: number;
  rows: number;
  bad: number;
  skipped: number;
  from_day: string;
  to_day: string;
}

export class LedgerStore {
  readonly db: Db;
  private readonly getMappingStmt: Statement;
  private readonly saveMappingStmt: Statement;
  private readonly insertImportStmt: Statement;
  private readonly upsertRowStmt: Statement;
  private readonly lastImportStmt: Statement;
  private readonly rowsInRangeStmt: Statement;
  private readonly rowsByKeyStmt: Statement;
  private readonly allKeysStmt: Statement;
  private readonly setKeyStmt: Statement;
  private readonly clearRangeStmt: Statement;

  constructor(db: Db) {
    this.db = db;
    this.getMappingStmt = db.prepare('SELECT mapping, suffix_rule, updated_at_ms FROM ledger_mappings WHERE profile_id = @profileId');
    this.saveMappingStmt = db.prepare(`
      INSERT INTO ledger_mappings (profile_id, mapping, suffix_rule, updated_at_ms) VALUES (@profileId, @mapping, @suffixRule, @nowMs)
      ON CONFLICT (profile_id) DO UPDATE SET mapping = excluded.mapping, suffix_rule = excluded.suffix_rule, updated_at_ms = excluded.updated_at_ms`);
    this.insertImportStmt = db.prepare(`
      INSERT INTO ledger_imports (profile_id, file_name, encoding, mapping, operator, imported_at_ms, rows, bad, skipped, from_day, to_day)
      VALUES (@profileId, @fileName, @encoding, @mapping, @operator, @nowMs, @rows, @bad, @skipped, @fromDay, @toDay)`);
    this.upsertRowStmt = db.prepare(`
      INSERT INTO ledger_rows (profile_id, import_id, row_no, order_no, match_key, amount, ordered_at_ms, taipei_day, status, status_text, recheck_id, pay_type)
      VALUES (@profileId, @importId, @rowNo, @orderNo, @matchKey, @amount, @orderedAtMs, @day, @status, @statusText, @reCheckId, @payType)
      ON CONFLICT (profile_id, order_no) DO UPDATE SET import_id = excluded.import_id, row_no = excluded.row_no, match_key = excluded.match_key,
        amount = excluded.amount, ordered_at_ms = excluded.ordered_at_ms, taipei_day = excluded.taipei_day, status = excluded.status,
        status_text = excluded.status_text, recheck_id = COALESCE(excluded.recheck_id, ledger_rows.recheck_id),
        pay_type = COALESCE(excluded.pay_type, ledger_rows.pay_type)`);
    this.lastImportStmt = db.prepare('SELECT * FROM ledger_imports WHERE profile_id = @profileId ORDER BY id DESC LIMIT 1');
    this.rowsInRangeStmt = db.prepare('SELECT * FROM ledger_rows WHERE profile_id = @profileId AND taipei_day BETWEEN @from AND @to');
    this.rowsByKeyStmt = db.prepare('SELECT * FROM ledger_rows WHERE profile_id = @profileId AND match_key = @key');
    this.allKeysStmt = db.prepare('SELECT id, order_no FROM ledger_rows WHERE profile_id = @profileId');
    this.setKeyStmt = db.prepare('UPDATE ledger_rows SET match_key = @key WHERE id = @id');
    this.clearRangeStmt = db.prepare('DELETE FROM ledger_rows WHERE profile_id = @profileId AND taipei_day BETWEEN @from AND @to');
  }

  mapping(profileId: number): SavedMapping | null {
    const row = this.getMappingStmt.get({ profileId }) as { mapping: string; suffix_rule: string; updated_at_ms: number } | undefined;
    if (!row) return null;
    return { mapping: JSON.parse(row.mapping) as ColumnMapping, suffixRule: parseSuffixRule(JSON.parse(row.suffix_rule)), updatedAtMs: row.updated_at_ms };
  }

  saveMapping(profileId: number, mapping: ColumnMapping, suffixRule: SuffixRule, nowMs: number): void {
    this.saveMappingStmt.run({ profileId, mapping: JSON.stringify(mapping), suffixRule: JSON.stringify(suffixRule), nowMs });
  }

  insertImport(i: { profileId: number; fileName: string; encoding: string; mapping: ColumnMapping; operator: string; nowMs: number; rows: number; bad: number; skipped: number; fromDay: string; toDay: string }): number {
    return Number(this.insertImportStmt.run({ ...i, mapping: JSON.stringify(i.mapping) }).lastInsertRowid);
  }

  upsertRow(profileId: number, importId: number, e: LedgerEntry, matchKey: string): void {
    this.upsertRowStmt.run({
      profileId,
      importId,
      rowNo: e.rowNo,
      orderNo: e.orderNo,
      matchKey,
      amount: e.amount,
      orderedAtMs: e.orderedAtMs,
      day: e.day,
      status: e.status,
      statusText: e.statusText,
      reCheckId: e.reCheckId,
      payType: e.payType,
    });
  }

  /** A new export of a period supersedes the old one: rows the shop since deleted must not linger. */
  clearRange(profileId: number, from: string, to: string): number {
    return this.clearRangeStmt.run({ profileId, from, to }).changes;
  }

  lastImport(profileId: number): LedgerImportRow | null {
    return (this.lastImportStmt.get({ profileId }) as LedgerImportRow | undefined) ?? null;
  }

  rowsInRange(profileId: number, from: string, to: string): LedgerRow[] {
    return this.rowsInRangeStmt.all({ profileId, from, to }) as LedgerRow[];
  }

  rowsByKey(profileId: number, key: string): LedgerRow[] {
    return this.rowsByKeyStmt.all({ profileId, key }) as LedgerRow[];
  }

  /** After the suffix rule changed: every row's key again (call inside a transaction). */
  rekey(profileId: number, keyOf: (orderNo: string) => string): void {
    for (const r of this.allKeysStmt.all({ profileId }) as Array<{ id: number; order_no: string }>) {
      this.setKeyStmt.run({ id: r.id, key: keyOf(r.order_no) });
    }
  }
}

/** A staged row: a ledger entry with its match key, before the import commits. */
export interface StagedKnownOrder {
  order_no: string;
  recheck_id: string;
  pay_type: string;
  amount: number;
  ordered_at_ms: number;
}

/**
 * Rows of an import in progress, in a TEMP table of the importing connection: written in short
 * batches while the file streams in (no lock on the database file, nothing visible to anyone), then
 * moved into ledger_rows by one INSERT … SELECT inside the import's final transaction. A failed or
 * abandoned import leaves only this connection's temp table, which clear() (or closing) empties.
 */
export class LedgerStaging {
  private readonly insertStmt: Statement;
  private readonly moveStmt: Statement;
  private readonly knownStmt: Statement;
  private readonly clearStmt: Database.Statement<[]>;
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
    // PostgreSQL's temp tables have no rowid: a serial column keeps the staging order for paging.
    const { table, key, serial, int } = dialect(db, {
      sqlite: { table: 'temp.ledger_staging', key: 'rowid', serial: '', int: 'INTEGER' },
      postgres: { table: 'pg_temp.ledger_staging', key: 'seq', serial: 'seq BIGSERIAL, ', int: 'BIGINT' },
    });
    db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS ledger_staging (${serial}
        row_no ${int} NOT NULL, order_no TEXT NOT NULL, match_key TEXT NOT NULL, amount ${int} NOT NULL,
        ordered_at_ms ${int} NOT NULL, taipei_day TEXT NOT NULL, status TEXT NOT NULL, status_text TEXT NOT NULL,
        recheck_id TEXT, pay_type TEXT
      )`);
    this.insertStmt = db.prepare(`
      INSERT INTO ${table} (row_no, order_no, match_key, amount, ordered_at_ms, taipei_day, status, status_text, recheck_id, pay_type)
      VALUES (@rowNo, @orderNo, @matchKey, @amount, @orderedAtMs, @day, @status, @statusText, @reCheckId, @payType)`);
    // Same upsert as LedgerStore.upsertRow, for every staged row at once ("WHERE true": SQLite's
    // parser needs it before ON CONFLICT in an INSERT … SELECT).
    this.moveStmt = db.prepare(`
      INSERT INTO ledger_rows (profile_id, import_id, row_no, order_no, match_key, amount, ordered_at_ms, taipei_day, status, status_text, recheck_id, pay_type)
      SELECT @profileId, @importId, row_no, order_no, match_key, amount, ordered_at_ms, taipei_day, status, status_text, recheck_id, pay_type
      FROM ${table} WHERE true
      ON CONFLICT (profile_id, order_no) DO UPDATE SET import_id = excluded.import_id, row_no = excluded.row_no, match_key = excluded.match_key,
        amount = excluded.amount, ordered_at_ms = excluded.ordered_at_ms, taipei_day = excluded.taipei_day, status = excluded.status,
        status_text = excluded.status_text, recheck_id = COALESCE(excluded.recheck_id, ledger_rows.recheck_id),
        pay_type = COALESCE(excluded.pay_type, ledger_rows.pay_type)`);
    this.knownStmt = db.prepare(`
      SELECT ${key} AS rowid, order_no, recheck_id, pay_type, amount, ordered_at_ms FROM ${table}
      WHERE ${key} > @after AND recheck_id IS NOT NULL AND pay_type IS NOT NULL ORDER BY ${key} LIMIT @limit`);
    this.clearStmt = db.prepare<[]>(`DELETE FROM ${table}`);
  }

  /** Stages a batch in one short transaction (on the temp table only). */
  stage(batch: Array<{ entry: LedgerEntry; matchKey: string }>): void {
    this.db.transaction(() => {
      for (const { entry: e, matchKey } of batch) {
        this.insertStmt.run({
          rowNo: e.rowNo,
          orderNo: e.orderNo,
          matchKey,
          amount: e.amount,
          orderedAtMs: e.orderedAtMs,
          day: e.day,
          status: e.status,
          statusText: e.statusText,
          reCheckId: e.reCheckId,
          payType: e.payType,
        });
      }
    })();
  }

  /** Upserts every staged row into ledger_rows (call inside the import's transaction). */
  moveInto(profileId: number, importId: number): number {
    return this.moveStmt.run({ profileId, importId }).changes;
  }

  /** Staged rows that carry ReCheckId and PayType, in pages (no statement stays open across writes). */
  *knownOrders(pageSize = 5_000): Generator<StagedKnownOrder> {
    let after = 0;
    for (;;) {
      const page = this.knownStmt.all({ after, limit: pageSize }) as Array<StagedKnownOrder & { rowid: number }>;
      if (page.length === 0) return;
      yield* page;
      after = page.at(-1)!.rowid;
    }
  }

  clear(): void {
    this.clearStmt.run();
  }
}
