// Sync runs and their chunks (sync_runs, sync_chunks), and the order reads a sync strategy needs.
// A run is recorded so a crashed or killed sync resumes where it stopped.
import type { Db } from './db.ts';

export interface RunRow {
  id: number;
  state: string;
  started_at_ms: number;
}

export interface ChunkRow {
  from: string;
  to: string;
  state: 'done' | 'failed' | 'pending';
  orders: number;
  error: string | null;
}

const cache = new WeakMap<Db, SyncRunStore>();

export function syncRunStore(db: Db): SyncRunStore {
  let s = cache.get(db);
  if (!s) {
    s = new SyncRunStore(db);
    cache.set(db, s);
  }
  return s;
}

type Statement = ReturnType<Db['prepare']>;

export class SyncRunStore {
  private readonly latestStmt: Statement;
  private readonly reopenStmt: Statement;
  private readonly insertRunStmt: Statement;
  private readonly insertChunkStmt: Statement;
  private readonly chunksStmt: Statement;
  private readonly openChunksStmt: Statement;
  private readonly chunkCountStmt: Statement;
  private readonly markDoneStmt: Statement;
  private readonly markFailedStmt: Statement;
  private readonly finishChunksStmt: Statement;
  private readonly finishRunStmt: Statement;
  private readonly inRangeStmt: Statement;
  private readonly withRefsStmt: Statement;
  private readonly touchStmt: Statement;

  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
    this.latestStmt = db.prepare(`SELECT id, state, started_at_ms FROM sync_runs WHERE profile_id = @profileId AND from_day = @from AND to_day = @to ORDER BY id DESC LIMIT 1`);
    this.reopenStmt = db.prepare(`UPDATE sync_runs SET state = 'running', finished_at_ms = NULL WHERE id = @id`);
    this.insertRunStmt = db.prepare(`INSERT INTO sync_runs (profile_id, from_day, to_day, state, started_at_ms) VALUES (@profileId, @from, @to, 'running', @nowMs)`);
    this.insertChunkStmt = db.prepare(`INSERT INTO sync_chunks (run_id, seq, from_day, to_day, state) VALUES (@runId, @seq, @from, @to, 'pending')`);
    this.chunksStmt = db.prepare('SELECT from_day AS "from", to_day AS "to", state, orders, error FROM sync_chunks WHERE run_id = @runId ORDER BY seq');
    this.openChunksStmt = db.prepare(`SELECT seq, from_day AS "from", to_day AS "to" FROM sync_chunks WHERE run_id = @runId AND state != 'done' ORDER BY seq`);
    this.chunkCountStmt = db.prepare('SELECT COUNT(*) FROM sync_chunks WHERE run_id = @runId').pluck();
    this.markDoneStmt = db.prepare(`UPDATE sync_chunks SET state = 'done', orders = @orders, error = NULL WHERE run_id = @runId AND seq = @seq`);
    this.markFailedStmt = db.prepare(`UPDATE sync_chunks SET state = 'failed', error = @error WHERE run_id = @runId AND seq = @seq`);
    this.finishChunksStmt = db.prepare(`UPDATE sync_chunks SET state = @state, orders = @orders, error = @error WHERE run_id = @runId`);
    this.finishRunStmt = db.prepare('UPDATE sync_runs SET state = @state, finished_at_ms = @nowMs, summary = @summary WHERE id = @id');
    this.inRangeStmt = db.prepare(
      `SELECT order_no, status_code, taipei_day FROM orders
       WHERE profile_id = @profileId AND ordered_at_ms >= @startMs AND ordered_at_ms < @endMs`,
    );
    // Orders the gateway can be asked about by reference (no range query): their reference and pay
    // type are known. Orders already re-queried by this run (before a crash) are not asked again.
    this.withRefsStmt = db.prepare(
      `SELECT order_no, gateway_order_no, amount, pay_type FROM orders
       WHERE profile_id = @profileId AND gateway_order_no IS NOT NULL AND gateway_order_no != '' AND pay_type IS NOT NULL
         AND (taipei_day IS NULL OR taipei_day BETWEEN @from AND @to)
         AND NOT (source = @source AND updated_at_ms >= @runStarted)
       ORDER BY order_no`,
    );
    this.touchStmt = db.prepare(`UPDATE orders SET source = @source, updated_at_ms = @nowMs WHERE profile_id = @profileId AND order_no = @orderNo`);
  }

  /** Opens a run for the range, or reopens a killed ('running') or failed one of the same range. */
  open(profileId: number, from: string, to: string, nowMs: number, chunks: Array<{ from: string; to: string }>): { run: RunRow; resumed: boolean } {
    const existing = this.latestStmt.get({ profileId, from, to }) as RunRow | undefined;
    if (existing && (existing.state === 'running' || existing.state === 'failed')) {
      this.reopenStmt.run({ id: existing.id });
      return { run: existing, resumed: true };
    }
    const run = this.db.transaction(() => {
      const id = Number(this.insertRunStmt.run({ profileId, from, to, nowMs }).lastInsertRowid);
      chunks.forEach((c, seq) => this.insertChunkStmt.run({ runId: id, seq, from: c.from, to: c.to }));
      return { id, state: 'running', started_at_ms: nowMs };
    })();
    return { run, resumed: false };
  }

  chunks(runId: number): ChunkRow[] {
    return this.chunksStmt.all({ runId }) as ChunkRow[];
  }

  openChunks(runId: number): Array<{ seq: number; from: string; to: string }> {
    return this.openChunksStmt.all({ runId }) as Array<{ seq: number; from: string; to: string }>;
  }

  chunkCount(runId: number): number {
    return (this.chunkCountStmt.get({ runId }) as number) ?? 0;
  }

  markChunkDone(runId: number, seq: number, orders: number): void {
    this.markDoneStmt.run({ runId, seq, orders });
  }

  markChunkFailed(runId: number, seq: number, error: string): void {
    this.markFailedStmt.run({ runId, seq, error });
  }

  /** A run with one chunk (no range query): the chunk takes the run's outcome. */
  finishChunks(runId: number, state: 'done' | 'failed', orders: number, error: string | null): void {
    this.finishChunksStmt.run({ runId, state, orders, error });
  }

  finish(runId: number, state: string, nowMs: number, summary: string): void {
    this.finishRunStmt.run({ id: runId, state, nowMs, summary });
  }

  ordersOrderedIn(profileId: number, startMs: number, endMs: number): Array<{ order_no: string; status_code: string; taipei_day: string }> {
    return this.inRangeStmt.all({ profileId, startMs, endMs }) as Array<{ order_no: string; status_code: string; taipei_day: string }>;
  }

  ordersWithRefs(
    profileId: number,
    range: { from: string; to: string },
    source: string,
    runStarted: number,
  ): Array<{ order_no: string; gateway_order_no: string; amount: number; pay_type: string }> {
    return this.withRefsStmt.all({ profileId, from: range.from, to: range.to, source, runStarted }) as Array<{
      order_no: string;
      gateway_order_no: string;
      amount: number;
      pay_type: string;
    }>;
  }

  touch(profileId: number, orderNo: string, source: string, nowMs: number): void {
    this.touchStmt.run({ profileId, orderNo, source, nowMs });
  }
}
