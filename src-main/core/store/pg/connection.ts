// A synchronous PostgreSQL connection with the part of better-sqlite3's Database API the repositories
// use (prepare → run/get/all/iterate/pluck, exec, transaction with savepoints, close), so the store and
// the services stay synchronous on both engines. A `pg` Client lives in a worker thread; each call
// posts a request and blocks this thread on Atomics.wait until the worker has the answer (synckit's
// technique). Blocking is what better-sqlite3 does too: a transaction never spans an await.
//
// Writers are serialised the way SQLite serialises them: every top-level transaction first takes one
// transaction-scoped advisory lock (WRITER_LOCK). The repositories were written for one writer at a
// time (the audit chain reads its head and appends; the daily roll-up reads and adds), and a team
// database must keep those rules across machines. Row-level locking can replace this lock where a
// measured need shows up; correctness first.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { InputError, StoreError } from '../../errors.ts';
import type { QueryAnswer, WorkerAnswer, WorkerQuery, WorkerRequest } from './worker.ts';
import { msg } from '../../../contract/messages/render.ts';

/** Any fixed 64-bit number: the key of the one writer lock (pg_advisory_xact_lock). */
export const WRITER_LOCK = 0x7265636f6e; // 'recon'

/** How long a reconnect waits for a restarting server before it is declared unreachable. */
const RECONNECT_WAIT_MS = 5_000;

/** Whether a request only reads, so sending it again after a lost connection changes nothing. */
function readsOnly(req: WorkerRequest): boolean {
  const reads = (text: string) => /^\s*(SELECT|VALUES|SHOW|BEGIN|ROLLBACK|SAVEPOINT)\b/i.test(text) && !/\b(INSERT|UPDATE|DELETE)\b/i.test(text);
  if (req.op === 'exec' || req.op === 'query') return reads(req.text);
  if (req.op === 'batch') return req.queries.every((q) => reads(q.text));
  return false;
}

/** How long a single round trip may block before the connection is declared lost. */
const ROUND_TRIP_LIMIT_MS = 10 * 60_000;

/** An error PostgreSQL raised, with its SQLSTATE (`code`) and the constraint it names. */
export class PgError extends Error {
  readonly code: string | undefined;
  readonly constraint: string | undefined;
  readonly detail: string | undefined;
  /** The start of the statement that failed, for the log. */
  statement: string | undefined;
  /** Which of a batch's statements failed. */
  batchIndex: number | undefined;
  constructor(message: string, code?: string, constraint?: string, detail?: string) {
    super(message);
    this.name = 'PgError';
    this.code = code;
    this.constraint = constraint;
    this.detail = detail;
  }
}

export interface RunResult {
  changes: number;
  lastInsertRowid: number;
}

/**
 * `@name` / `?` parameters rewritten to `$n`, skipping quoted text and comments; and `AS camelCase`
 * aliases quoted, since PostgreSQL folds unquoted names to lower case and the rows' keys must match.
 */
export interface CompiledSql {
  text: string;
  /** For named statements: the parameter names in `$n` order; null for positional (`?`) ones. */
  names: string[] | null;
  positional: number;
}

export function compileSql(sql: string): CompiledSql {
  const names: string[] = [];
  let positional = 0;
  let out = '';
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const stop = end === -1 ? sql.length : end + 1;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else if (c === '@' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_]/.test(sql[j]!)) j++;
      const name = sql.slice(i + 1, j);
      let n = names.indexOf(name);
      if (n === -1) n = names.push(name) - 1;
      out += `$${n + 1}`;
      i = j - 1;
    } else if ((c === 'A' || c === 'a') && /^AS\s+[a-z][a-z0-9_]*[A-Z]/i.test(sql.slice(i, i + 80)) && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? ' ')) {
      const m = /^(AS\s+)([A-Za-z_][A-Za-z0-9_]*)/i.exec(sql.slice(i))!;
      out += /^[a-z][a-z0-9_]*[A-Z]/.test(m[2]!) ? `${m[1]}"${m[2]}"` : m[0];
      i += m[0].length - 1;
    } else if (c === '?') {
      positional++;
      out += `$${positional}`;
    } else {
      out += c;
    }
  }
  if (names.length > 0 && positional > 0) throw new Error(`a statement mixes @named and ? parameters: ${sql.slice(0, 80)}`);
  return { text: out, names: names.length > 0 ? names : null, positional };
}

function workerFile(): URL {
  for (const name of ['./worker.ts', './pg-worker.mjs']) {
    const url = new URL(name, import.meta.url);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return url;
  }
  throw new StoreError('the PostgreSQL worker (pg-worker.mjs) is missing from this build of the console', { msg: msg('db.pg_worker_missing') });
}

/** The connection string without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

type Params = unknown[];

export class PgStatement {
  private readonly db: PgDatabase;
  private readonly compiled: CompiledSql;
  private readonly name: string;
  private readonly returningId: boolean;
  private plucking = false;
  readonly source: string;
  readonly reader: boolean;

  constructor(db: PgDatabase, sql: string, name: string, returningId: boolean) {
    this.db = db;
    this.source = sql;
    this.name = name;
    this.returningId = returningId;
    this.compiled = compileSql(returningId ? `${sql.replace(/;\s*$/, '')} RETURNING id` : sql);
    this.reader = /^\s*(SELECT|WITH|VALUES)\b/i.test(sql) || /\bRETURNING\b/i.test(sql);
  }

  pluck(toggle = true): this {
    this.plucking = toggle;
    return this;
  }

  private values(args: Params): unknown[] {
    const { names, positional } = this.compiled;
    if (names) {
      const bag = args[0];
      if (bag === null || typeof bag !== 'object') throw new RangeError(`missing named parameters (${names.join(', ')}) for: ${this.source.slice(0, 80)}`);
      return names.map((n) => {
        const v = (bag as Record<string, unknown>)[n];
        if (v === undefined) throw new RangeError(`Missing named parameter "${n}"`);
        return bind(v);
      });
    }
    // better-sqlite3 accepts a (named-parameter) object for a statement without parameters.
    if (positional === 0 && args.length === 1 && args[0] !== null && typeof args[0] === 'object' && !Array.isArray(args[0])) return [];
    const flat = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
    if (flat.length !== positional) throw new RangeError(`expected ${positional} parameters, got ${flat.length}: ${this.source.slice(0, 80)}`);
    return flat.map(bind);
  }

  /** The worker's request for one execution of this statement. */
  request(args: Params, array: boolean): WorkerQuery {
    return { name: this.name, text: this.compiled.text, values: this.values(args), array, returning: this.returningId };
  }

  /** A PgError from this statement, marked with its opening words (the log has the rest). */
  mark(err: unknown): unknown {
    if (err instanceof PgError && !err.statement) {
      err.statement = this.source.replace(/\s+/g, ' ').trim().slice(0, 160);
      err.message = `${err.message} (in: ${err.statement})`;
    }
    return err;
  }

  private query(args: Params, array: boolean): QueryAnswer {
    const req = this.request(args, array);
    try {
      return this.db.roundTrip({ op: 'query', ...req });
    } catch (err) {
      throw this.mark(err);
    }
  }

  private runResult(r: QueryAnswer): RunResult {
    const last = r.rows.at(-1) as unknown[] | undefined;
    return { changes: r.rowCount, lastInsertRowid: this.returningId && last ? Number(last[0]) : 0 };
  }

  private getResult(r: QueryAnswer): unknown {
    const row = r.rows[0];
    if (row === undefined) return undefined;
    return this.plucking ? (row as unknown[])[0] : row;
  }

  /** run() once per parameter set, all in one round trip (inside a transaction; see engine.ts runEach). */
  runMany(sets: readonly unknown[]): RunResult[] {
    return this.db.batch(sets.map((p) => ({ statement: this, query: this.request([p], this.returningId) }))).map((r) => this.runResult(r));
  }

  /** get() once per parameter set, all in one round trip. */
  getMany(sets: readonly unknown[]): unknown[] {
    return this.db.batch(sets.map((p) => ({ statement: this, query: this.request([p], this.plucking) }))).map((r) => this.getResult(r));
  }

  run(...args: Params): RunResult {
    return this.runResult(this.query(args, this.returningId));
  }

  get(...args: Params): unknown {
    return this.getResult(this.query(args, this.plucking));
  }

  all(...args: Params): unknown[] {
    const r = this.query(args, this.plucking);
    return this.plucking ? r.rows.map((row) => (row as unknown[])[0]) : r.rows;
  }

  /** All rows fetched, then iterated: the callers page by keyset, so a result is one page, not a table. */
  iterate(...args: Params): IterableIterator<unknown> {
    return this.all(...args)[Symbol.iterator]();
  }
}

function bind(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  // PostgreSQL text cannot hold U+0000 (SQLite can): said as bad input rather than a driver error.
  if (typeof v === 'string' && v.includes('\u0000')) throw new InputError('text with a NUL character (U+0000) cannot be stored in or searched for in the team database', { msg: msg('db.pg_nul_text') });
  if (typeof v === 'boolean') throw new TypeError('booleans are not bound (SQLite cannot store them either); pass 0 or 1');
  return v;
}

export interface PgDatabaseOptions {
  /** Tables whose INSERTs report the new row's `id` (SQLite's lastInsertRowid). */
  idTables: ReadonlySet<string>;
}

type TxFn<A extends unknown[], R> = ((...args: A) => R) & {
  deferred: (...args: A) => R;
  immediate: (...args: A) => R;
  exclusive: (...args: A) => R;
};

export class PgDatabase {
  readonly engine = 'postgres' as const;
  /** The connection string without its password (better-sqlite3's `name` is the file). */
  readonly name: string;
  readonly memory = false;
  readonly readonly = false;
  private worker: Worker | null;
  private readonly port: MessageChannel['port1'];
  private readonly signal: Int32Array;
  private readonly idTables: ReadonlySet<string>;
  private readonly names = new Map<string, string>();
  private depth = 0;
  private closed = false;
  /** The connection dropped inside the open transaction: the server has already rolled it back. */
  private cut = false;
  /** Requests sent to the worker so far: what batching saves is measured in these. */
  roundTrips = 0;

  constructor(url: string, options: PgDatabaseOptions) {
    this.name = redactUrl(url);
    this.idTables = options.idTables;
    this.signal = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(workerFile(), { workerData: { url, port: port2, signal: this.signal }, transferList: [port2] });
    // The worker must never keep a finished process alive; close() ends it explicitly.
    this.worker.unref();
    this.port.unref();
    try {
      this.roundTrip({ op: 'query', name: null, text: 'SELECT 1', values: [], array: true, returning: false }, { reconnect: false });
    } catch (err) {
      this.kill();
      throw new StoreError(`cannot connect to PostgreSQL at ${this.name}: ${(err as Error).message}`, { cause: err, msg: msg('db.pg_unreachable', { where: this.name }), detail: (err as Error).message });
    }
  }

  get open(): boolean {
    return !this.closed;
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  /** Several statements' executions in one round trip, answered in order; the first failure is thrown. */
  batch(items: Array<{ statement: PgStatement; query: WorkerQuery }>): QueryAnswer[] {
    if (items.length === 0) return [];
    if (items.length === 1) {
      const [{ statement, query }] = items as [{ statement: PgStatement; query: WorkerQuery }];
      try {
        return [this.roundTrip({ op: 'query', ...query })];
      } catch (err) {
        throw statement.mark(err);
      }
    }
    try {
      return this.roundTrip({ op: 'batch', queries: items.map((i) => i.query) }).results!;
    } catch (err) {
      const index = (err as { batchIndex?: number }).batchIndex ?? (err as { cause?: { batchIndex?: number } }).cause?.batchIndex;
      throw index === undefined ? err : items[index]!.statement.mark(err);
    }
  }

  /**
   * One request, answered. A connection found gone outside a transaction is reconnected once (the
   * server restarting gets a short wait) and the request sent again, if it had not reached the server
   * or only reads; inside a transaction, or for a change that may have reached it, the loss is a coded
   * error: PostgreSQL rolled the transaction back with the session, and a change in doubt stays in doubt.
   */
  roundTrip(req: WorkerRequest, options: { reconnect?: boolean } = {}): WorkerAnswer & { ok: true } {
    const a = this.send(req);
    if (a.ok) return a;
    if (a.lost && req.op !== 'close' && req.op !== 'reconnect') {
      const detail = a.error.message;
      const unsure = a.lost.sent && (this.depth > 0 ? /^\s*COMMIT\b/i.test(req.op === 'exec' ? req.text : '') : !readsOnly(req));
      if (unsure) {
        this.cut = this.depth > 0;
        throw new StoreError(`the connection to the team database ${this.name} was lost while a change was being saved; it may or may not have been saved: ${detail}`, {
          msg: msg('db.pg_connection_lost_unsure', { where: this.name }),
          detail,
        });
      }
      if (this.depth > 0) {
        this.cut = true;
        throw new StoreError(`the connection to the team database ${this.name} was lost in the middle of a change; nothing of it was written: ${detail}`, {
          msg: msg('db.pg_connection_lost', { where: this.name }),
          detail,
        });
      }
      if (options.reconnect !== false) {
        const r = this.send({ op: 'reconnect', waitMs: RECONNECT_WAIT_MS });
        if (!r.ok) {
          throw new StoreError(`cannot reconnect to PostgreSQL at ${this.name}: ${r.error.message}`, { msg: msg('db.pg_unreachable', { where: this.name }), detail: r.error.message });
        }
        this.cut = false;
        return this.roundTrip(req, { reconnect: false });
      }
    }
    const err = new PgError(a.error.message, a.error.code, a.error.constraint, a.error.detail);
    if (a.index !== undefined) err.batchIndex = a.index;
    // Class 22 is a value that does not fit its type (text where a number goes, a number out of
    // range): SQLite's dynamic types let such a value through to compare unequal; here it is bad input.
    if (a.error.code?.startsWith('22')) throw new InputError(`a value does not fit the team database's column type: ${a.error.message}`, { cause: err, msg: msg('db.pg_value_shape'), detail: a.error.message });
    throw err;
  }

  private send(req: WorkerRequest): WorkerAnswer {
    if (this.closed) throw new TypeError('The database connection is not open');
    this.roundTrips++;
    Atomics.store(this.signal, 0, 0);
    this.port.postMessage(req);
    const started = Date.now();
    while (Atomics.wait(this.signal, 0, 0, 1000) === 'timed-out') {
      if (Date.now() - started > ROUND_TRIP_LIMIT_MS) {
        this.kill();
        throw new StoreError(`PostgreSQL at ${this.name} did not answer within ${ROUND_TRIP_LIMIT_MS / 60_000} minutes; the connection was closed`, { msg: msg('db.pg_silent', { where: this.name, minutes: ROUND_TRIP_LIMIT_MS / 60_000 }) });
      }
    }
    const got = receiveMessageOnPort(this.port);
    if (!got) throw new Error('the PostgreSQL worker woke without an answer');
    return got.message as WorkerAnswer;
  }

  prepare(sql: string): PgStatement {
    const table = /^\s*INSERT\s+INTO\s+([A-Za-z_][A-Za-z0-9_]*)/i.exec(sql)?.[1];
    const returningId = table !== undefined && this.idTables.has(table) && !/\bRETURNING\b/i.test(sql);
    // One server-side prepared statement per text: code that prepares per call (a filter's shape, a
    // one-off) reuses it instead of leaving a new one on the server every time.
    let name = this.names.get(sql);
    if (name === undefined) {
      name = `recon_${this.names.size + 1}`;
      this.names.set(sql, name);
    }
    return new PgStatement(this, sql, name, returningId);
  }

  /** Runs one or more statements (simple query protocol: no parameters). */
  exec(sql: string): this {
    this.roundTrip({ op: 'exec', text: sql });
    return this;
  }

  pragma(name: string): never {
    throw new Error(`PRAGMA ${name} is SQLite's; this store is PostgreSQL (${this.name})`);
  }

  transaction<A extends unknown[], R>(fn: (...args: A) => R): TxFn<A, R> {
    const run = (...args: A): R => {
      const top = this.depth === 0;
      const savepoint = `recon_sp_${this.depth}`;
      this.exec(top ? `BEGIN; SELECT pg_advisory_xact_lock(${WRITER_LOCK})` : `SAVEPOINT ${savepoint}`);
      this.depth++;
      let result: R;
      try {
        result = fn(...args);
        if (result && typeof (result as { then?: unknown }).then === 'function') throw new TypeError('Transaction function cannot return a promise');
        // Still counted as inside: a COMMIT whose connection drops is in doubt, never sent again.
        this.exec(top ? 'COMMIT' : `RELEASE SAVEPOINT ${savepoint}`);
      } catch (err) {
        try {
          // A cut connection took the transaction with it: there is nothing left to roll back.
          if (!this.closed && !this.cut) this.exec(top ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}`);
        } catch (rollbackErr) {
          if (!this.cut) throw rollbackErr;
        } finally {
          this.depth--;
        }
        throw err;
      }
      this.depth--;
      return result;
    };
    return Object.assign(run, { deferred: run, immediate: run, exclusive: run });
  }

  close(): this {
    if (this.closed) return this;
    try {
      this.roundTrip({ op: 'close' });
    } finally {
      this.kill();
    }
    return this;
  }

  private kill(): void {
    this.closed = true;
    this.port.close();
    void this.worker?.terminate();
    this.worker = null;
  }
}
