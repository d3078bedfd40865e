// Reconciliation runs and their exceptions. An exception is keyed by (profile, kind, order number):
// a re-run updates what it says but never its resolution. An exception is active until a run that
// covers its order (its day is in the run's range, or the run examined that order) no longer finds it.
import type { Db } from './db.ts';
import { perConnection } from './per-connection.ts';
import type { GatewayName, NormalizedStatus } from '../gateways/status.ts';
import type { ExceptionKind, ExceptionState } from '../../contract/vocabulary.ts';

type Statement = ReturnType<Db['prepare']>;

export type { ExceptionState };

export interface ExceptionFinding {
  kind: ExceptionKind;
  orderNo: string;
  cacheOrderNo: string | null;
  ledgerAmount: number | null;
  gatewayAmount: number | null;
  ledgerStatus: string | null;
  ledgerStatusText: string | null;
  gatewayStatus: string | null;
  gatewayStatusCode: string | null;
  day: string | null;
  detail: string;
}

export interface ExceptionRecord {
  id: number;
  profile_id: number;
  profile_name: string;
  gateway: string;
  kind: ExceptionKind;
  order_no: string;
  cache_order_no: string | null;
  ledger_amount: number | null;
  gateway_amount: number | null;
  ledger_status: string | null;
  ledger_status_text: string | null;
  gateway_status: string | null;
  gateway_status_code: string | null;
  taipei_day: string | null;
  detail: string;
  state: ExceptionState;
  note: string;
  resolved_by: string | null;
  resolved_at_ms: number | null;
  first_seen_at_ms: number;
  last_seen_at_ms: number;
  last_run_id: number;
  cleared_run_id: number | null;
  cleared_at_ms: number | null;
  /** 1 while no later run covering the order has stopped finding it. */
  active: number;
}

export interface ExceptionQuery {
  profileId?: number;
  kind?: ExceptionKind;
  state?: ExceptionState;
  /** Only exceptions no later covering run has cleared (default true). */
  activeOnly?: boolean;
  from?: string;
  to?: string;
}

const SELECT = `
  SELECT e.*, p.name AS profile_name, p.gateway AS gateway,
    CASE WHEN e.cleared_run_id IS NULL THEN 1 ELSE 0 END AS active
  FROM reconcile_exceptions e JOIN profiles p ON p.id = e.profile_id`;

/** A cached gateway order as reconciliation compares it (only orders the gateway described). */
export interface CachedOrderRow {
  order_no: string;
  gateway: GatewayName;
  status: NormalizedStatus;
  status_code: string;
  amount: number;
  ordered_at_ms: number | null;
  taipei_day: string | null;
}

const CACHED = 'SELECT order_no, gateway, status, status_code, amount, ordered_at_ms, taipei_day FROM orders';

/** The smallest string above every string that starts with `prefix`. */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

export class ReconcileStore {
  readonly db: Db;
  private readonly windowStmt: Statement;
  private readonly byPrefixStmt: Statement;
  private readonly unconfirmedStmt: Statement;
  private readonly insertRunStmt: Statement;
  private readonly finishRunStmt: Statement;
  private readonly upsertStmt: Statement;
  private readonly byRunStmt: Statement;
  private readonly listStmt: Statement;
  private readonly getStmt: Statement;
  private readonly resolveStmt: Statement;
  private readonly historyStmt: Statement;
  private readonly clearDaysStmt: Statement;
  private readonly clearOrderStmt: Statement;

  constructor(db: Db) {
    this.db = db;
    // By instant, not by day: (profile_id, ordered_at_ms) is the index the cache keeps.
    this.windowStmt = db.prepare(`
      ${CACHED} WHERE profile_id = @profileId AND status_code != '' AND ordered_at_ms >= @startMs AND ordered_at_ms < @endMs
      UNION ALL
      ${CACHED} WHERE profile_id = @profileId AND status_code != '' AND ordered_at_ms IS NULL`);
    this.byPrefixStmt = db.prepare(`${CACHED} WHERE profile_id = @profileId AND status_code != '' AND order_no >= @prefix AND order_no < @prefixEnd`);
    // Known to the cache (ledger import, demo) but never described by the gateway.
    this.unconfirmedStmt = db.prepare(`SELECT order_no FROM orders WHERE profile_id = @profileId AND status_code = '' AND order_no >= @prefix AND order_no < @prefixEnd`).pluck();
    this.insertRunStmt = db.prepare(`
      INSERT INTO reconcile_runs (profile_id, from_day, to_day, at_ms, operator, shell, matched, exceptions)
      VALUES (@profileId, @from, @to, @nowMs, @operator, @shell, 0, 0)`);
    this.finishRunStmt = db.prepare('UPDATE reconcile_runs SET matched = @matched, exceptions = @exceptions WHERE id = @runId');
    this.upsertStmt = db.prepare(`
      INSERT INTO reconcile_exceptions (profile_id, kind, order_no, cache_order_no, ledger_amount, gateway_amount, ledger_status,
        ledger_status_text, gateway_status, gateway_status_code, taipei_day, detail, first_run_id, last_run_id, first_seen_at_ms, last_seen_at_ms)
      VALUES (@profileId, @kind, @orderNo, @cacheOrderNo, @ledgerAmount, @gatewayAmount, @ledgerStatus,
        @ledgerStatusText, @gatewayStatus, @gatewayStatusCode, @day, @detail, @runId, @runId, @nowMs, @nowMs)
      ON CONFLICT (profile_id, kind, order_no) DO UPDATE SET
        cache_order_no = excluded.cache_order_no, ledger_amount = excluded.ledger_amount, gateway_amount = excluded.gateway_amount,
        ledger_status = excluded.ledger_status, ledger_status_text = excluded.ledger_status_text, gateway_status = excluded.gateway_status,
        gateway_status_code = excluded.gateway_status_code, taipei_day = excluded.taipei_day, detail = excluded.detail,
        last_run_id = excluded.last_run_id, last_seen_at_ms = excluded.last_seen_at_ms, cleared_run_id = NULL, cleared_at_ms = NULL`);
    this.clearDaysStmt = db.prepare(`
      UPDATE reconcile_exceptions SET cleared_run_id = @runId, cleared_at_ms = @nowMs
      WHERE profile_id = @profileId AND last_run_id != @runId AND cleared_run_id IS NULL AND taipei_day >= @from AND taipei_day <= @to`);
    this.clearOrderStmt = db.prepare(`
      UPDATE reconcile_exceptions SET cleared_run_id = @runId, cleared_at_ms = @nowMs
      WHERE profile_id = @profileId AND last_run_id != @runId AND cleared_run_id IS NULL AND (order_no = @orderNo OR cache_order_no = @orderNo)`);
    this.byRunStmt = db.prepare(`${SELECT} WHERE e.profile_id = @profileId AND e.last_run_id = @runId ORDER BY e.kind, e.order_no`);
    this.listStmt = db.prepare(`
      SELECT * FROM (${SELECT}) AS x WHERE (CAST(@profileId AS BIGINT) IS NULL OR profile_id = @profileId) AND (CAST(@kind AS TEXT) IS NULL OR kind = @kind)
        AND (CAST(@state AS TEXT) IS NULL OR state = @state) AND (@activeOnly = 0 OR active = 1)
        AND (CAST(@from AS TEXT) IS NULL OR taipei_day IS NULL OR taipei_day >= @from) AND (CAST(@to AS TEXT) IS NULL OR taipei_day IS NULL OR taipei_day <= @to)
      ORDER BY CASE state WHEN 'open' THEN 0 ELSE 1 END, taipei_day DESC, order_no LIMIT @limit`);
    this.getStmt = db.prepare(`${SELECT} WHERE e.id = @id`);
    this.resolveStmt = db.prepare(`
      UPDATE reconcile_exceptions SET state = @state, note = @note, resolved_by = @operator, resolved_at_ms = @nowMs WHERE id = @id`);
    this.historyStmt = db.prepare(`
      INSERT INTO reconcile_resolutions (exception_id, at_ms, operator, shell, resolution, note) VALUES (@id, @nowMs, @operator, @shell, @state, @note)`);
  }

  /** Described orders placed in [startMs, endMs), and those with no time at all. */
  cachedInWindow(profileId: number, window: { startMs: number; endMs: number }): CachedOrderRow[] {
    return this.windowStmt.all({ profileId, ...window }) as CachedOrderRow[];
  }

  /** Described orders whose number starts with `prefix` (the order number's own index). */
  cachedByPrefix(profileId: number, prefix: string): CachedOrderRow[] {
    return this.byPrefixStmt.all({ profileId, prefix, prefixEnd: prefixEnd(prefix) }) as CachedOrderRow[];
  }

  /** Numbers of orders the cache knows (ledger import, demo) but the gateway never described. */
  unconfirmedByPrefix(profileId: number, prefix: string): string[] {
    return this.unconfirmedStmt.all({ profileId, prefix, prefixEnd: prefixEnd(prefix) }) as string[];
  }

  startRun(r: { profileId: number; from: string; to: string; nowMs: number; operator: string; shell: string }): number {
    return Number(this.insertRunStmt.run(r).lastInsertRowid);
  }

  finishRun(runId: number, matched: number, exceptions: number): void {
    this.finishRunStmt.run({ runId, matched, exceptions });
  }

  record(profileId: number, runId: number, f: ExceptionFinding, nowMs: number): void {
    this.upsertStmt.run({ profileId, runId, nowMs, ...f });
  }

  /** Call inside the run's transaction, after record(): what the run covered but no longer found leaves the queue. */
  clearNotFound(r: { profileId: number; runId: number; from: string; to: string; orderNos: Iterable<string>; nowMs: number }): void {
    this.clearDaysStmt.run({ profileId: r.profileId, runId: r.runId, from: r.from, to: r.to, nowMs: r.nowMs });
    for (const orderNo of r.orderNos) this.clearOrderStmt.run({ profileId: r.profileId, runId: r.runId, orderNo, nowMs: r.nowMs });
  }

  ofRun(profileId: number, runId: number): ExceptionRecord[] {
    return this.byRunStmt.all({ profileId, runId }) as ExceptionRecord[];
  }

  list(q: ExceptionQuery, limit = 5000): ExceptionRecord[] {
    return this.listStmt.all({
      profileId: q.profileId ?? null,
      kind: q.kind ?? null,
      state: q.state ?? null,
      activeOnly: q.activeOnly === false ? 0 : 1,
      from: q.from ?? null,
      to: q.to ?? null,
      limit,
    }) as ExceptionRecord[];
  }

  get(id: number): ExceptionRecord | undefined {
    return this.getStmt.get({ id }) as ExceptionRecord | undefined;
  }

  /** Call inside a transaction: the state and its history row are written together. */
  resolve(id: number, r: { state: 'resolved' | 'accepted'; note: string; operator: string; shell: string; nowMs: number }): void {
    this.resolveStmt.run({ id, ...r });
    this.historyStmt.run({ id, ...r });
  }
}

/** The database's ReconcileStore: its statements are prepared once per connection, not per call. */
export const reconcileStore = perConnection((db) => new ReconcileStore(db));
