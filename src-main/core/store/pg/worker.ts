// Worker-thread side of the synchronous PostgreSQL connection (connection.ts): one `pg` Client per
// worker. The main thread posts a request on the port and blocks on the shared word; this thread runs
// the query, posts the answer, then flips the word and wakes it. Node's event loop keeps running here
// while the main thread waits, which is what makes a blocking call over an async driver possible.
import { createRequire } from 'node:module';
import { type MessagePort, workerData } from 'node:worker_threads';

// The part of node-postgres (`pg`, which ships no types) this worker uses.
interface PgQueryResult {
  rows: unknown[];
  rowCount: number | null;
  fields: Array<{ name: string }>;
}
interface PgClient {
  connect(): Promise<void>;
  query(q: string | { name?: string; text: string; values?: unknown[]; rowMode?: 'array' }): Promise<PgQueryResult>;
  end(): Promise<void>;
  on(event: 'error', listener: (err: Error) => void): unknown;
}
interface PgModule {
  Client: new (config: { connectionString: string; application_name?: string; pipeline?: boolean; keepAlive?: boolean; keepAliveInitialDelayMillis?: number; options?: string }) => PgClient;
  types: { setTypeParser(oid: number, parse: (text: string) => unknown): void };
}
// Loaded here, not by a static import: a console installed without the driver must answer each request
// with that error (the main thread is blocked waiting for an answer), not die silently and leave it
// waiting for the round-trip limit.
let broken: Error | null = null;
let pg: PgModule | null = null;
try {
  pg = createRequire(import.meta.url)('pg') as PgModule;
} catch (err) {
  broken = new Error(`the PostgreSQL driver (the pg package) cannot be loaded: ${(err as Error).message.split('\n')[0]}; reinstall the console`);
}

export interface WorkerQuery {
  name: string | null;
  text: string;
  values: unknown[];
  array: boolean;
  returning: boolean;
}

export type WorkerRequest =
  | ({ op: 'query' } & WorkerQuery)
  | { op: 'batch'; queries: WorkerQuery[] }
  | { op: 'exec'; text: string }
  | { op: 'reconnect'; waitMs: number }
  | { op: 'close' };

export interface QueryAnswer {
  rows: unknown[];
  rowCount: number;
  columns: string[];
}

export type WorkerAnswer =
  | ({ ok: true; results?: QueryAnswer[] } & QueryAnswer)
  | {
      ok: false;
      error: { message: string; code?: string; constraint?: string; detail?: string; table?: string };
      /** Which of a batch's statements failed. */
      index?: number;
      /** Set when the connection is gone; `sent` says whether the request reached the server first. */
      lost?: { sent: boolean };
    };

interface Init {
  url: string;
  port: MessagePort;
  signal: Int32Array;
}

// BIGINT (every cents and milliseconds column), NUMERIC (SUM over BIGINT) come back as JS numbers the
// way SQLite's integers do; a value past 2^53 would lose cents, so it fails loudly instead.
function exactNumber(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) && !(Number.isFinite(n) && text.includes('.'))) {
    throw new RangeError(`PostgreSQL returned ${text}, which a JavaScript number cannot hold exactly`);
  }
  return n;
}
pg?.types.setTypeParser(20, exactNumber);
pg?.types.setTypeParser(1700, exactNumber);
// SQLite has no booleans: a comparison selected as a column is 0 or 1, and the repositories expect that.
pg?.types.setTypeParser(16, (t) => (t === 't' ? 1 : 0));

const { url, port, signal } = workerData as Init;
let client: PgClient | null = null;
/** Why the connection is gone (the server restarted or went away), until a reconnect replaces it. */
let lost: Error | null = null;

async function open(): Promise<void> {
  if (!pg) return;
  // Pipelined: a batch's statements are all written to the socket at once and answered in order, so a
  // sync answer's few hundred statements cost one trip to the server, not one each.
  // A console cut off mid-transaction by a network split (not a restart) would otherwise leave its
  // session "idle in transaction" holding the team's writer lock until TCP gives up (hours): keepalive
  // finds a dead peer in minutes, and the server ends a transaction left idle for five.
  const c = new pg.Client({
    connectionString: url,
    application_name: 'recon-console',
    pipeline: true,
    keepAlive: true,
    keepAliveInitialDelayMillis: 30_000,
    options: '-c idle_in_transaction_session_timeout=300000',
  });
  c.on('error', (err) => {
    if (client === c) lost = err;
  });
  await client?.end().catch(() => undefined);
  client = c;
  lost = null;
  try {
    await c.connect();
  } catch (err) {
    lost = err as Error;
  }
}
const ready = open();

/** A connection-level failure (the server ended the session, the socket dropped), not a statement's. */
function connectionGone(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (e?.code && (e.code.startsWith('08') || ['57P01', '57P02', '57P03', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT'].includes(e.code))) return true;
  return /Connection terminated|not queryable/i.test(e?.message ?? '');
}

function answer(a: WorkerAnswer): void {
  port.postMessage(a);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

function failure(err: unknown, sent = true): Extract<WorkerAnswer, { ok: false }> {
  const e = err as { message?: string; code?: string; constraint?: string; detail?: string; table?: string };
  const gone = err === lost || connectionGone(err);
  return {
    ok: false,
    error: { message: String(e?.message ?? err), code: e?.code, constraint: e?.constraint, detail: e?.detail, table: e?.table },
    ...(gone ? { lost: { sent } } : {}),
  };
}

async function run(c: PgClient, q: WorkerQuery): Promise<QueryAnswer> {
  const r = await c.query({
    ...(q.name ? { name: q.name } : {}),
    text: q.text,
    values: q.values,
    ...(q.array ? { rowMode: 'array' as const } : {}),
  });
  return { rows: r.rows, rowCount: r.rowCount ?? 0, columns: r.fields.map((f) => f.name) };
}

// Requests are handled strictly one at a time: the main thread never has two in flight.
let queue = Promise.resolve();
port.on('message', (req: WorkerRequest) => {
  queue = queue.then(async () => {
    await ready;
    if (broken && req.op !== 'close') return answer(failure(broken));
    if (req.op === 'reconnect') {
      // The server restarting takes a moment: try again for a short while, then say it is unreachable.
      const until = Date.now() + req.waitMs;
      for (;;) {
        await open();
        if (!lost) return answer({ ok: true, rows: [], rowCount: 0, columns: [] });
        if (Date.now() >= until) return answer(failure(lost, false));
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    // Known gone before this request: it was not sent, so the caller may safely send it again.
    if (lost && req.op !== 'close') return answer(failure(lost, false));
    try {
      if (req.op === 'close') {
        await client?.end().catch(() => undefined);
        answer({ ok: true, rows: [], rowCount: 0, columns: [] });
        port.close();
        return;
      }
      if (!client) throw broken ?? new Error('no PostgreSQL client');
      const c = client;
      if (req.op === 'exec') {
        await c.query(req.text);
        return answer({ ok: true, rows: [], rowCount: 0, columns: [] });
      }
      if (req.op === 'batch') {
        // All sent before any answer is awaited (pipelining). Only transactions are batched, so after
        // the first failure the rest fail as 'transaction aborted': the first one is the answer.
        const settled = await Promise.allSettled(req.queries.map((q) => run(c, q)));
        const bad = settled.findIndex((s) => s.status === 'rejected');
        if (bad !== -1) {
          const reason: unknown = (settled[bad] as PromiseRejectedResult).reason;
          if (connectionGone(reason)) lost = reason as Error;
          return answer({ ...failure(reason), index: bad });
        }
        const results = settled.map((s) => (s as PromiseFulfilledResult<QueryAnswer>).value);
        return answer({ ok: true, rows: [], rowCount: 0, columns: [], results });
      }
      answer({ ok: true, ...(await run(c, req)) });
    } catch (err) {
      if (connectionGone(err)) lost = err as Error;
      answer(failure(err));
    }
  });
});
