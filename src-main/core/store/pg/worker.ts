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
  Client: new (config: { connectionString: string; application_name?: string }) => PgClient;
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

export type WorkerRequest =
  | { op: 'query'; name: string | null; text: string; values: unknown[]; array: boolean; returning: boolean }
  | { op: 'exec'; text: string }
  | { op: 'close' };

export type WorkerAnswer =
  | { ok: true; rows: unknown[]; rowCount: number; columns: string[] }
  | { ok: false; error: { message: string; code?: string; constraint?: string; detail?: string; table?: string } };

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
const client = pg ? new pg.Client({ connectionString: url, application_name: 'recon-console' }) : null;
client?.on('error', (err) => {
  broken = err;
});
const ready = client
  ? client.connect().catch((err: unknown) => {
      broken = err as Error;
    })
  : Promise.resolve();

function answer(a: WorkerAnswer): void {
  port.postMessage(a);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

function failure(err: unknown): WorkerAnswer {
  const e = err as { message?: string; code?: string; constraint?: string; detail?: string; table?: string };
  return { ok: false, error: { message: String(e?.message ?? err), code: e?.code, constraint: e?.constraint, detail: e?.detail, table: e?.table } };
}

// Requests are handled strictly one at a time: the main thread never has two in flight.
let queue = Promise.resolve();
port.on('message', (req: WorkerRequest) => {
  queue = queue.then(async () => {
    await ready;
    if (broken && req.op !== 'close') return answer(failure(broken));
    try {
      if (req.op === 'close') {
        await client?.end().catch(() => undefined);
        answer({ ok: true, rows: [], rowCount: 0, columns: [] });
        port.close();
        return;
      }
      if (!client) throw broken ?? new Error('no PostgreSQL client');
      if (req.op === 'exec') {
        await client.query(req.text);
        return answer({ ok: true, rows: [], rowCount: 0, columns: [] });
      }
      const r = await client.query({
        ...(req.name ? { name: req.name } : {}),
        text: req.text,
        values: req.values,
        ...(req.array ? { rowMode: 'array' as const } : {}),
      });
      answer({ ok: true, rows: r.rows, rowCount: r.rowCount ?? 0, columns: r.fields.map((f) => f.name) });
    } catch (err) {
      answer(failure(err));
    }
  });
});
