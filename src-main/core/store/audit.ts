// The audit log: append-only (triggers refuse UPDATE and DELETE) and hash-chained, so that an entry
// altered or removed behind the console's back (a dropped trigger, a hex editor) is detected by
// verify(). Each entry's hash is SHA-256(prev_hash + canonical content), the content including its
// own sequence number so that a deleted entry leaves a gap the chain cannot hide.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Db } from './db.ts';
import { type TaipeiDay, addDays, taipeiDayStartMs } from '../time.ts';

type Statement = ReturnType<Db['prepare']>;
type NoParams = Database.Statement<[]>;

export const GENESIS_HASH = '0'.repeat(64);

export type AuditOutcome = 'refused' | 'intent' | 'sent' | 'succeeded' | 'failed' | 'unknown' | 'info';

export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['refused', 'intent', 'sent', 'succeeded', 'failed', 'unknown', 'info'];

export interface AuditInput {
  atMs: number;
  operator: string;
  shell: string;
  event: string;
  outcome: AuditOutcome;
  profile: string | null;
  gateway: string | null;
  orderNo: string | null;
  actionId: number | null;
  amount: number | null;
  request: string;
  response: string;
  raw: string;
  note: string;
}

export interface AuditRow {
  seq: number;
  at_ms: number;
  operator: string;
  shell: string;
  event: string;
  outcome: AuditOutcome;
  profile: string | null;
  gateway: string | null;
  order_no: string | null;
  action_id: number | null;
  amount: number | null;
  request: string;
  response: string;
  raw: string;
  note: string;
  prev_hash: string;
  hash: string;
}

export interface AuditFilters {
  from?: TaipeiDay;
  to?: TaipeiDay;
  operator?: string;
  orderNo?: string;
  outcome?: AuditOutcome;
  profile?: string;
}

export interface AuditVerdict {
  ok: boolean;
  entries: number;
  /** The first entry whose chain does not hold, and why. */
  firstBad?: { seq: number; reason: string };
}

/** The fields covered by the hash, in a fixed order: JSON of an array is unambiguous. */
export function canonicalContent(r: Omit<AuditRow, 'prev_hash' | 'hash'>): string {
  return JSON.stringify([
    r.seq,
    r.at_ms,
    r.operator,
    r.shell,
    r.event,
    r.outcome,
    r.profile,
    r.gateway,
    r.order_no,
    r.action_id,
    r.amount,
    r.request,
    r.response,
    r.raw,
    r.note,
  ]);
}

export function chainHash(prevHash: string, content: string): string {
  return createHash('sha256').update(prevHash, 'utf8').update(content, 'utf8').digest('hex');
}

// One WHERE clause for every filter combination (a NULL parameter switches its condition off), so
// each query is prepared once.
const FILTER_WHERE = `
  WHERE (@fromMs IS NULL OR at_ms >= @fromMs) AND (@toMs IS NULL OR at_ms < @toMs)
    AND (@operator IS NULL OR operator = @operator) AND (@orderNo IS NULL OR order_no = @orderNo)
    AND (@outcome IS NULL OR outcome = @outcome) AND (@profile IS NULL OR profile = @profile)`;

function filterParams(f: AuditFilters): Record<string, string | number | null> {
  return {
    fromMs: f.from ? taipeiDayStartMs(f.from) : null,
    toMs: f.to ? taipeiDayStartMs(addDays(f.to, 1)) : null,
    operator: f.operator || null,
    orderNo: f.orderNo || null,
    outcome: f.outcome || null,
    profile: f.profile || null,
  };
}

export class AuditLog {
  readonly db: Db;
  private readonly lastStmt: NoParams;
  private readonly insertStmt: Statement;
  private readonly allStmt: NoParams;
  private readonly operatorsStmt: NoParams;
  private readonly countStmt: Statement;
  private readonly pageStmt: Statement;
  private readonly iterateStmt: Statement;

  constructor(db: Db) {
    this.db = db;
    this.lastStmt = db.prepare<[]>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.insertStmt = db.prepare(`
      INSERT INTO audit_log (seq, at_ms, operator, shell, event, outcome, profile, gateway, order_no, action_id, amount,
        request, response, raw, note, prev_hash, hash)
      VALUES (@seq, @at_ms, @operator, @shell, @event, @outcome, @profile, @gateway, @order_no, @action_id, @amount,
        @request, @response, @raw, @note, @prev_hash, @hash)`);
    this.allStmt = db.prepare<[]>('SELECT * FROM audit_log ORDER BY seq');
    this.operatorsStmt = db.prepare<[]>('SELECT DISTINCT operator FROM audit_log ORDER BY operator').pluck();
    this.countStmt = db.prepare(`SELECT COUNT(*) FROM audit_log ${FILTER_WHERE}`).pluck();
    this.pageStmt = db.prepare(`SELECT * FROM audit_log ${FILTER_WHERE} ORDER BY seq DESC LIMIT @limit OFFSET @offset`);
    this.iterateStmt = db.prepare(`SELECT * FROM audit_log ${FILTER_WHERE} ORDER BY seq`);
  }

  /**
   * Appends one entry. Reading the head and inserting must not interleave with another process's
   * append, so this runs in an IMMEDIATE transaction (or joins the caller's, which must be one too).
   */
  append(input: AuditInput): AuditRow {
    return this.db.transaction(() => {
      const last = this.lastStmt.get() as { seq: number; hash: string } | undefined;
      const content = {
        seq: (last?.seq ?? 0) + 1,
        at_ms: input.atMs,
        operator: input.operator,
        shell: input.shell,
        event: input.event,
        outcome: input.outcome,
        profile: input.profile,
        gateway: input.gateway,
        order_no: input.orderNo,
        action_id: input.actionId,
        amount: input.amount,
        request: input.request,
        response: input.response,
        raw: input.raw,
        note: input.note,
      };
      const prev_hash = last?.hash ?? GENESIS_HASH;
      const row: AuditRow = { ...content, prev_hash, hash: chainHash(prev_hash, canonicalContent(content)) };
      this.insertStmt.run(row);
      return row;
    }).immediate();
  }

  /** Newest first; `page` is 0-based. */
  list(filters: AuditFilters, page: number, pageSize: number): { rows: AuditRow[]; total: number } {
    const params = filterParams(filters);
    const total = this.countStmt.get(params) as number;
    const rows = this.pageStmt.all({ ...params, limit: pageSize, offset: page * pageSize }) as AuditRow[];
    return { rows, total };
  }

  /** Oldest first, for exports; iterated so a long log never sits in memory at once. */
  iterate(filters: AuditFilters): IterableIterator<AuditRow> {
    return this.iterateStmt.iterate(filterParams(filters)) as IterableIterator<AuditRow>;
  }

  operators(): string[] {
    return this.operatorsStmt.all() as string[];
  }

  /** Walks the whole chain from the genesis hash; reports the first entry that does not hold. */
  verify(): AuditVerdict {
    let prev = GENESIS_HASH;
    let expectedSeq = 1;
    let entries = 0;
    for (const row of this.allStmt.iterate() as IterableIterator<AuditRow>) {
      entries++;
      if (row.seq !== expectedSeq) {
        return { ok: false, entries, firstBad: { seq: row.seq, reason: `entry ${expectedSeq} is missing (the log jumps from ${expectedSeq - 1} to ${row.seq})` } };
      }
      if (row.prev_hash !== prev) {
        return { ok: false, entries, firstBad: { seq: row.seq, reason: 'its link to the previous entry is broken (prev_hash does not match)' } };
      }
      if (chainHash(prev, canonicalContent(row)) !== row.hash) {
        return { ok: false, entries, firstBad: { seq: row.seq, reason: 'its content was changed after it was written (hash does not match)' } };
      }
      prev = row.hash;
      expectedSeq++;
    }
    return { ok: true, entries };
  }
}
