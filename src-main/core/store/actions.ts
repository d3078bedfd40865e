// The money-action journal. Every transition is a conditional UPDATE on the expected current state,
// so two processes resolving the same action cannot both record an outcome: the loser sees
// changes = 0 and re-reads. The partial unique index (migration 3) is the one-open-action-per-order lock.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Db } from './db.ts';
import type { GatewayName } from '../gateways/status.ts';
import type { ActionKind, ActionState } from '../../contract/vocabulary.ts';

type Statement = ReturnType<Db['prepare']>;

export type { ActionKind, ActionState } from '../../contract/vocabulary.ts';

export interface ActionRow {
  id: number;
  idempotency_key: string;
  profile_id: number;
  profile_name: string;
  gateway: GatewayName;
  order_no: string;
  kind: ActionKind;
  operation: string;
  amount: number;
  operator: string;
  reason: string;
  shell: string;
  owner: string;
  state: ActionState;
  status_before: string;
  status_after: string | null;
  gateway_code: string | null;
  gateway_message: string | null;
  error: string | null;
  resolution: string | null;
  requeries: number;
  raw_answer_id: number | null;
  created_at_ms: number;
  sent_at_ms: number | null;
  unknown_at_ms: number | null;
  finished_at_ms: number | null;
  updated_at_ms: number;
}

export interface IntentInput {
  idempotencyKey: string;
  profileId: number;
  profileName: string;
  gateway: GatewayName;
  orderNo: string;
  kind: ActionKind;
  operation: string;
  amount: number;
  operator: string;
  reason: string;
  shell: string;
  owner: string;
  statusBefore: string;
  nowMs: number;
}

export interface FinishInput {
  id: number;
  from: ActionState;
  state: 'SUCCEEDED' | 'FAILED';
  statusAfter: string | null;
  gatewayCode: string | null;
  gatewayMessage: string | null;
  error: string | null;
  /** answer: the gateway's own answer; requery: the order's status; never-sent: its process died before
   *  sending; refused: refused under the lock, before sending; person: marked not applied by a person. */
  resolution: 'answer' | 'requery' | 'never-sent' | 'refused' | 'person';
  rawAnswerId: number | null;
  nowMs: number;
}

/**
 * The fields of an action row that its audit entries vouch for (audit_log.journal): who, what, on
 * which order, and how it ended. Re-query counters and timestamps are bookkeeping, not history.
 */
export function journalDigest(r: ActionRow): string {
  const fields = [r.id, r.idempotency_key, r.profile_id, r.order_no, r.kind, r.amount, r.operator, r.state, r.status_after, r.gateway_code, r.resolution];
  return createHash('sha256').update(JSON.stringify(fields), 'utf8').digest('hex');
}

/** The engine's answer when the partial unique index refuses a second open action on an order. */
export function isOpenActionConflict(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as { code?: unknown; constraint?: unknown };
  // PostgreSQL: unique_violation naming the index (another console's INTENT committed first).
  if (e.code === '23505') return e.constraint === 'actions_one_open_per_order';
  return e.code === 'SQLITE_CONSTRAINT_UNIQUE' && /actions\.(profile_id|order_no)/.test(err.message);
}

export class ActionStore {
  readonly db: Db;
  private readonly insertStmt: Statement;
  private readonly sentStmt: Statement;
  private readonly unknownStmt: Statement;
  private readonly finishStmt: Statement;
  private readonly requeriedStmt: Statement;
  private readonly getStmt: Statement;
  private readonly byKeyStmt: Statement;
  private readonly openForStmt: Statement;
  private readonly openStmt: Database.Statement<[]>;
  private readonly allStmt: Database.Statement<[]>;
  private readonly statusBeforeStmt: Statement;

  constructor(db: Db) {
    this.db = db;
    this.insertStmt = db.prepare(`
      INSERT INTO actions (idempotency_key, profile_id, profile_name, gateway, order_no, kind, operation, amount, operator, reason,
        shell, owner, state, status_before, created_at_ms, updated_at_ms)
      VALUES (@idempotencyKey, @profileId, @profileName, @gateway, @orderNo, @kind, @operation, @amount, @operator, @reason,
        @shell, @owner, 'INTENT', @statusBefore, @nowMs, @nowMs)`);
    this.sentStmt = db.prepare(`UPDATE actions SET state = 'SENT', sent_at_ms = @nowMs, updated_at_ms = @nowMs WHERE id = @id AND state = 'INTENT'`);
    this.unknownStmt = db.prepare(`
      UPDATE actions SET state = 'UNKNOWN', error = @error, unknown_at_ms = @nowMs, updated_at_ms = @nowMs
      WHERE id = @id AND state IN ('INTENT', 'SENT')`);
    this.finishStmt = db.prepare(`
      UPDATE actions SET state = @state, status_after = @statusAfter, gateway_code = @gatewayCode, gateway_message = @gatewayMessage,
        error = COALESCE(@error, error), resolution = @resolution, raw_answer_id = COALESCE(@rawAnswerId, raw_answer_id),
        finished_at_ms = @nowMs, updated_at_ms = @nowMs
      WHERE id = @id AND state = @from`);
    this.requeriedStmt = db.prepare(`UPDATE actions SET requeries = requeries + 1, updated_at_ms = @nowMs WHERE id = @id`);
    this.getStmt = db.prepare('SELECT * FROM actions WHERE id = @id');
    this.byKeyStmt = db.prepare('SELECT * FROM actions WHERE idempotency_key = @key');
    this.openForStmt = db.prepare(`SELECT * FROM actions WHERE profile_id = @profileId AND order_no = @orderNo AND state IN ('INTENT', 'SENT', 'UNKNOWN')`);
    this.openStmt = db.prepare<[]>(`SELECT * FROM actions WHERE state IN ('INTENT', 'SENT', 'UNKNOWN') ORDER BY id`);
    this.allStmt = db.prepare<[]>('SELECT * FROM actions ORDER BY id');
    this.statusBeforeStmt = db.prepare(`UPDATE actions SET status_before = @statusBefore, operation = @operation, updated_at_ms = @nowMs WHERE id = @id AND state = 'INTENT'`);
  }

  /** The fresh status the decision was made on (the INTENT row is written, as the lock, before the re-query). */
  setDecided(id: number, statusBefore: string, operation: string, nowMs: number): boolean {
    return this.statusBeforeStmt.run({ id, statusBefore, operation, nowMs }).changes === 1;
  }

  /** Every action, oldest first (audit verification). */
  all(): IterableIterator<ActionRow> {
    return this.allStmt.iterate() as IterableIterator<ActionRow>;
  }

  /** Throws SQLITE_CONSTRAINT_UNIQUE (see isOpenActionConflict) when the order already has an open action. */
  insertIntent(i: IntentInput): number {
    return Number(this.insertStmt.run(i).lastInsertRowid);
  }

  markSent(id: number, nowMs: number): boolean {
    return this.sentStmt.run({ id, nowMs }).changes === 1;
  }

  markUnknown(id: number, error: string, nowMs: number): boolean {
    return this.unknownStmt.run({ id, error, nowMs }).changes === 1;
  }

  finish(f: FinishInput): boolean {
    return this.finishStmt.run(f).changes === 1;
  }

  countRequery(id: number, nowMs: number): void {
    this.requeriedStmt.run({ id, nowMs });
  }

  get(id: number): ActionRow | undefined {
    return this.getStmt.get({ id }) as ActionRow | undefined;
  }

  byKey(key: string): ActionRow | undefined {
    return this.byKeyStmt.get({ key }) as ActionRow | undefined;
  }

  openFor(profileId: number, orderNo: string): ActionRow | undefined {
    return this.openForStmt.get({ profileId, orderNo }) as ActionRow | undefined;
  }

  open(): ActionRow[] {
    return this.openStmt.all() as ActionRow[];
  }
}

const stores = new WeakMap<Db, ActionStore>();

/** The database's ActionStore: its statements are prepared once per connection, not per call. */
export function actionStore(db: Db): ActionStore {
  let store = stores.get(db);
  if (!store) {
    store = new ActionStore(db);
    stores.set(db, store);
  }
  return store;
}
