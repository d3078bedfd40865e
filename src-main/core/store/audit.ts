// The audit log: append-only (triggers refuse UPDATE and DELETE) and hash-chained, so that an entry
// altered or removed behind the console's back (a dropped trigger, a hex editor) is detected by
// verify(). Each entry's hash is SHA-256(prev_hash + canonical content), the content including its
// own sequence number so that a deleted entry leaves a gap the chain cannot hide.
// A hash chain alone can be recomputed by anyone who can write the file, so each entry also carries
// an HMAC-SHA256 of its hash under a per-install key that lives in the OS keychain (migration 5,
// core/audit-anchor.ts), and the newest (seq, MAC) is kept there too: a forged append, a recomputed
// chain or a cut-off tail then no longer verifies.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Db } from './db.ts';
import { type TaipeiDay, addDays, taipeiDayStartMs } from '../time.ts';
import { type AuditOutcome, auditOutcome } from '../../contract/vocabulary.ts';

type Statement = ReturnType<Db['prepare']>;
type NoParams = Database.Statement<[]>;

export const GENESIS_HASH = '0'.repeat(64);

export type { AuditOutcome } from '../../contract/vocabulary.ts';
export const AUDIT_OUTCOMES = auditOutcome.options;

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
  /** Digest of the action row right after the change this entry records (store/actions.ts journalDigest). */
  journal?: string | null;
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
  journal: string | null;
  prev_hash: string;
  hash: string;
  mac: string | null;
}

export interface AuditFilters {
  from?: TaipeiDay;
  to?: TaipeiDay;
  operator?: string;
  orderNo?: string;
  outcome?: AuditOutcome;
  profile?: string;
}

export type AuditProblemCode =
  | 'missing_entry'
  | 'link_broken'
  | 'content_changed'
  | 'entry_forged'
  | 'chain_recomputed'
  | 'missing_tail'
  | 'head_mismatch'
  | 'key_missing'
  | 'journal_changed'
  | 'journal_missing'
  | 'journal_unaudited';

/** One thing wrong with the log, as a code with parameters (rendered at the edge) and an English line. */
export interface AuditProblem {
  code: AuditProblemCode;
  seq: number;
  message: string;
  params: Record<string, number>;
}

/** The newest entry as the keychain remembers it. */
export interface AuditHead {
  seq: number;
  mac: string;
}

export interface AuditVerdict {
  ok: boolean;
  entries: number;
  /** The first entry whose chain does not hold, and why. */
  firstBad?: { seq: number; reason: string };
  /** Everything found, most fundamental first (problems[0] is firstBad). */
  problems: AuditProblem[];
  /** Whether the entries were checked against the keychain's audit key and head. */
  anchored: boolean;
  headSeq: number | null;
}

export function macOf(key: Buffer, hash: string): string {
  return createHmac('sha256', key).update(hash, 'utf8').digest('hex');
}

function sameMac(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

interface Sealer {
  key: Buffer | null;
  /** Called after each append (the anchor schedules a keychain head update). */
  onAppend?: () => void;
}

// The key is per database connection, set once the keychain answered (core/audit-anchor.ts), so the
// many `new AuditLog(db)` call sites need not carry it.
const sealers = new WeakMap<Db, Sealer>();

export function setAuditSealer(db: Db, key: Buffer | null, onAppend?: () => void): void {
  sealers.set(db, { key, onAppend });
}

export function auditKeyOf(db: Db): Buffer | null {
  return sealers.get(db)?.key ?? null;
}

/** Another connection of this process (the ledger import's worker) appended under this db's key. */
export function auditAppendedElsewhere(db: Db): void {
  const sealer = sealers.get(db);
  if (sealer?.onAppend) setImmediate(sealer.onAppend);
}

/** The fields covered by the hash, in a fixed order: JSON of an array is unambiguous. */
export function canonicalContent(r: Omit<AuditRow, 'prev_hash' | 'hash' | 'mac' | 'journal'> & { journal?: string | null }): string {
  const fields: unknown[] = [
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
  ];
  // Entries from before migration 5 have no journal digest; theirs is the original form.
  if (r.journal !== null && r.journal !== undefined) fields.push(r.journal);
  return JSON.stringify(fields);
}

export function chainHash(prevHash: string, content: string): string {
  return createHash('sha256').update(prevHash, 'utf8').update(content, 'utf8').digest('hex');
}

// One WHERE clause for every filter combination (a NULL parameter switches its condition off), so
// each query is prepared once; the CASTs give PostgreSQL the type a bare
// `@x IS NULL` does not.
const FILTER_WHERE = `
  WHERE (CAST(@fromMs AS BIGINT) IS NULL OR at_ms >= @fromMs) AND (CAST(@toMs AS BIGINT) IS NULL OR at_ms < @toMs)
    AND (CAST(@operator AS TEXT) IS NULL OR operator = @operator) AND (CAST(@orderNo AS TEXT) IS NULL OR order_no = @orderNo)
    AND (CAST(@outcome AS TEXT) IS NULL OR outcome = @outcome) AND (CAST(@profile AS TEXT) IS NULL OR profile = @profile)`;

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
  private readonly firstMacStmt: NoParams;
  private readonly macAtStmt: Statement;
  private readonly journalsStmt: NoParams;
  private readonly auditedActionsStmt: NoParams;

  constructor(db: Db) {
    this.db = db;
    this.lastStmt = db.prepare<[]>('SELECT seq, hash, mac FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.insertStmt = db.prepare(`
      INSERT INTO audit_log (seq, at_ms, operator, shell, event, outcome, profile, gateway, order_no, action_id, amount,
        request, response, raw, note, journal, prev_hash, hash, mac)
      VALUES (@seq, @at_ms, @operator, @shell, @event, @outcome, @profile, @gateway, @order_no, @action_id, @amount,
        @request, @response, @raw, @note, @journal, @prev_hash, @hash, @mac)`);
    this.macAtStmt = db.prepare('SELECT mac FROM audit_log WHERE seq = @seq').pluck();
    this.firstMacStmt = db.prepare<[]>('SELECT MIN(seq) FROM audit_log WHERE mac IS NOT NULL').pluck();
    this.auditedActionsStmt = db.prepare<[]>('SELECT DISTINCT action_id FROM audit_log WHERE action_id IS NOT NULL').pluck();
    this.journalsStmt = db.prepare<[]>(`
      SELECT a.action_id AS actionId, a.seq, a.journal FROM audit_log a
      JOIN (SELECT action_id, MAX(seq) AS seq FROM audit_log WHERE journal IS NOT NULL GROUP BY action_id) m ON m.seq = a.seq`);
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
      const last = this.lastStmt.get() as { seq: number; hash: string; mac: string | null } | undefined;
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
        journal: input.journal ?? null,
      };
      const prev_hash = last?.hash ?? GENESIS_HASH;
      const hash = chainHash(prev_hash, canonicalContent(content));
      const key = auditKeyOf(this.db);
      const row: AuditRow = { ...content, prev_hash, hash, mac: key ? macOf(key, hash) : null };
      this.insertStmt.run(row);
      // After the caller's transaction has settled (committed or rolled back), never inside it.
      const sealer = sealers.get(this.db);
      if (sealer?.onAppend) setImmediate(sealer.onAppend);
      return row;
    }).immediate();
  }

  /** The newest entry (committed, or in this connection's open transaction). */
  last(): { seq: number; hash: string; mac: string | null } | undefined {
    return this.lastStmt.get() as { seq: number; hash: string; mac: string | null } | undefined;
  }

  /** The MAC of entry `seq` (null if unsealed, undefined if there is no such entry). */
  macAt(seq: number): string | null | undefined {
    return this.macAtStmt.get({ seq }) as string | null | undefined;
  }

  /** The first entry sealed with the audit key, if any. */
  firstMacSeq(): number | null {
    return (this.firstMacStmt.get() as number | null) ?? null;
  }

  /** Every action id any entry mentions. */
  auditedActionIds(): Set<number> {
    return new Set(this.auditedActionsStmt.all() as number[]);
  }

  /** For each action, the newest entry carrying a journal digest. */
  latestJournals(): Array<{ actionId: number; seq: number; journal: string }> {
    return this.journalsStmt.all() as Array<{ actionId: number; seq: number; journal: string }>;
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

  /**
   * Walks the whole chain from the genesis hash, then checks each entry's MAC under `key` and the
   * newest entry against the keychain's `head`. Without a key only the hash chain is checked.
   */
  verify(anchor: { key: Buffer | null; head: AuditHead | null } = { key: null, head: null }): AuditVerdict {
    const problems: AuditProblem[] = [];
    const problem = (code: AuditProblemCode, seq: number, message: string, params: Record<string, number> = {}) => problems.push({ code, seq, message, params: { seq, ...params } });
    const { key, head } = anchor;
    let prev = GENESIS_HASH;
    let expectedSeq = 1;
    let entries = 0;
    let lastSeq = 0;
    let firstMac: number | null = null;
    let macFailFrom: number | null = null;
    let macOkAfterFail = false;
    let macAtHead: string | null | undefined;
    let chainOk = true;
    for (const row of this.allStmt.iterate() as IterableIterator<AuditRow>) {
      entries++;
      if (row.seq !== expectedSeq) {
        problem('missing_entry', expectedSeq, `entry ${expectedSeq} is missing (the log jumps from ${expectedSeq - 1} to ${row.seq})`, { next: row.seq });
        chainOk = false;
        break;
      }
      if (row.prev_hash !== prev) {
        problem('link_broken', row.seq, `entry ${row.seq}: its link to the previous entry is broken (prev_hash does not match)`);
        chainOk = false;
        break;
      }
      if (chainHash(prev, canonicalContent(row)) !== row.hash) {
        problem('content_changed', row.seq, `entry ${row.seq}: its content was changed after it was written (hash does not match)`);
        chainOk = false;
        break;
      }
      if (row.mac !== null) firstMac ??= row.seq;
      if (key) {
        const good = row.mac !== null && sameMac(row.mac, macOf(key, row.hash));
        // Before the first sealed entry the log predates the key; after it, every entry must be sealed.
        const required = firstMac !== null;
        if (required && !good) macFailFrom ??= row.seq;
        else if (good && macFailFrom !== null) macOkAfterFail = true;
      }
      if (head && row.seq === head.seq) macAtHead = row.mac;
      prev = row.hash;
      expectedSeq++;
      lastSeq = row.seq;
    }
    if (chainOk) {
      if (!key && firstMac !== null) {
        problem('key_missing', firstMac, `entries from ${firstMac} are sealed with an audit key that is not in this keychain, so they cannot be checked (restored on another machine, or the keychain entry was removed)`);
      }
      if (head && lastSeq < head.seq) {
        problem('missing_tail', lastSeq, `entries after seq ${lastSeq} are missing: the audit head kept in the keychain is at seq ${head.seq}`, { headSeq: head.seq });
      }
      if (macFailFrom !== null) {
        if (!macOkAfterFail && macFailFrom < lastSeq && head !== null && macFailFrom <= head.seq) {
          problem('chain_recomputed', macFailFrom, `the chain was recomputed from entry ${macFailFrom}: entries ${macFailFrom}..${lastSeq} have consistent hashes but not the audit key's MACs (rewritten without the key)`, { last: lastSeq });
        } else {
          problem('entry_forged', macFailFrom, `entry ${macFailFrom} is forged: it does not carry a valid MAC of this install's audit key${head && macFailFrom > head.seq ? ` (appended after the keychain head, seq ${head.seq})` : ''}`);
        }
      }
      if (head && lastSeq >= head.seq && (macAtHead === undefined || macAtHead === null || !sameMac(macAtHead, head.mac))) {
        problem('head_mismatch', head.seq, `head mismatch: entry ${head.seq} is not the entry the keychain head recorded (its MAC differs)`);
      }
    }
    const first = problems[0];
    return {
      ok: problems.length === 0,
      entries,
      ...(first ? { firstBad: { seq: first.seq, reason: first.message } } : {}),
      problems,
      anchored: key !== null,
      headSeq: head?.seq ?? null,
    };
  }
}

const logs = new WeakMap<Db, AuditLog>();

/** The database's AuditLog: its statements are prepared once per connection, not per call. */
export function auditLog(db: Db): AuditLog {
  let log = logs.get(db);
  if (!log) {
    log = new AuditLog(db);
    logs.set(db, log);
  }
  return log;
}
