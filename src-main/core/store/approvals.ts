// Approval requests (migration 013). Plain rows in and out; the rules (who may approve, expiry, running
// the action) are core/services/approvals.ts's. Every state change is conditional on the state it
// leaves, so two people deciding at once cannot both win.
import type { Db } from './db.ts';
import { perConnection } from './per-connection.ts';

export interface ApprovalRow {
  id: number;
  profile_id: number;
  profile_name: string;
  gateway: string;
  order_no: string;
  kind: 'cancel' | 'refund';
  amount: number;
  reason: string;
  requester: string;
  created_at_ms: number;
  expires_at_ms: number;
  state: string;
  decided_by: string | null;
  decided_at_ms: number | null;
  decision_reason: string | null;
  action_id: number | null;
  outcome: string | null;
  outcome_note: string | null;
}

export type NewApproval = Pick<ApprovalRow, 'profile_id' | 'profile_name' | 'gateway' | 'order_no' | 'kind' | 'amount' | 'reason' | 'requester' | 'created_at_ms' | 'expires_at_ms'>;

export interface ApprovalStore {
  get(id: number): ApprovalRow | undefined;
  insert(r: NewApproval): number;
  pendingFor(profileId: number, orderNo: string): ApprovalRow | undefined;
  /** PENDING rows whose expiry has come, oldest first. */
  due(nowMs: number): ApprovalRow[];
  /** Newest first; `requester` limits the list to one person's requests. */
  list(f: { state: string | null; requester: string | null; limit: number }): ApprovalRow[];
  /** PENDING -> `to`, only if still PENDING; false when someone else decided first. */
  decide(id: number, to: string, by: string | null, reason: string | null, nowMs: number): boolean;
  recordOutcome(id: number, actionId: number | null, outcome: string, note: string): void;
}

export const approvalStore = perConnection((db: Db): ApprovalStore => {
  const byId = db.prepare<{ id: number }, ApprovalRow>('SELECT * FROM approval_requests WHERE id = @id');
  const insert = db.prepare<NewApproval>(
    `INSERT INTO approval_requests (profile_id, profile_name, gateway, order_no, kind, amount, reason, requester, created_at_ms, expires_at_ms, state)
     VALUES (@profile_id, @profile_name, @gateway, @order_no, @kind, @amount, @reason, @requester, @created_at_ms, @expires_at_ms, 'PENDING')`,
  );
  const pending = db.prepare<{ profileId: number; orderNo: string }, ApprovalRow>(
    "SELECT * FROM approval_requests WHERE profile_id = @profileId AND order_no = @orderNo AND state = 'PENDING'",
  );
  const due = db.prepare<{ nowMs: number }, ApprovalRow>("SELECT * FROM approval_requests WHERE state = 'PENDING' AND expires_at_ms <= @nowMs ORDER BY id");
  const list = db.prepare<{ state: string | null; requester: string | null; limit: number }, ApprovalRow>(
    `SELECT * FROM approval_requests
      WHERE (CAST(@state AS TEXT) IS NULL OR state = @state) AND (CAST(@requester AS TEXT) IS NULL OR lower(requester) = lower(@requester))
      ORDER BY id DESC LIMIT @limit`,
  );
  const decide = db.prepare<{ id: number; to: string; by: string | null; reason: string | null; nowMs: number }>(
    "UPDATE approval_requests SET state = @to, decided_by = @by, decision_reason = @reason, decided_at_ms = @nowMs WHERE id = @id AND state = 'PENDING'",
  );
  const outcome = db.prepare<{ id: number; actionId: number | null; outcome: string; note: string }>(
    'UPDATE approval_requests SET action_id = @actionId, outcome = @outcome, outcome_note = @note WHERE id = @id',
  );
  return {
    get: (id) => byId.get({ id }),
    insert: (r) => Number(insert.run(r).lastInsertRowid),
    pendingFor: (profileId, orderNo) => pending.get({ profileId, orderNo }),
    due: (nowMs) => due.all({ nowMs }),
    list: (f) => list.all(f),
    decide: (id, to, by, reason, nowMs) => decide.run({ id, to, by, reason, nowMs }).changes === 1,
    recordOutcome: (id, actionId, o, note) => void outcome.run({ id, actionId, outcome: o, note }),
  };
});
