// Two-person approval of large cancels and refunds on a team server (issue #23). A support clerk's
// cancel/refund at or above the threshold is refused by executeAction (code approval_required); the
// clerk asks instead, and a different person with the finance role approves or rejects it with a
// reason. Every decision is one IMMEDIATE transaction whose state change is conditional on PENDING,
// so of two people approving at once exactly one wins; the winner's approval then runs the action
// through executeAction (the same lock, re-query and decision) with the idempotency key
// `approval-<id>`, so nothing can send it twice. Expiry is decided only when a request is read or
// acted on, inside the transaction that reads it, from its stated expiry and nothing else.
import type { App } from '../app.ts';
import { type Message, msg } from '../../contract/messages/render.ts';
import { ActionRefusedError, InputError, ReconError } from '../errors.ts';
import { type Cents, formatCents } from '../money.ts';
import { type ApprovalRow, approvalStore } from '../store/approvals.ts';
import { actionStore } from '../store/actions.ts';
import { auditLog } from '../store/audit.ts';
import type { ActionKind, ActionRow } from '../store/actions.ts';
import { logUnexpected } from '../ops/log.ts';
import { type ActionPolicy, executeAction } from './actions.ts';
import { approvalExpiresHours, approvalThreshold, setApprovalSettings } from './action-settings.ts';
import { cleanAmount, cleanOperator, cleanOrderNo, cleanReason } from './action-input.ts';
import { type ActionOutcome, inProgressReason } from './action-messages.ts';
import { getProfile, getProfileById } from './profiles.ts';
import { signedInPerson } from '../operator-context.ts';
import { roleAtLeast } from '../../contract/vocabulary.ts';
import type { ApprovalState, ApprovalView } from '../../contract/channels.ts';
import { formatTaipei } from '../time.ts';

export interface When {
  /** The clock, injectable so a test can stand past a request's expiry. */
  nowMs?: number;
}

export interface ApprovalPolicy {
  thresholdCents: Cents;
  expiresHours: number;
}

export function approvalPolicy(app: App): ApprovalPolicy {
  return { thresholdCents: approvalThreshold(app), expiresHours: approvalExpiresHours(app) };
}

/** What the renderer needs: the policy, whether it applies to this caller (team mode) and whether they may decide. */
export function approvalPolicyView(app: App): ApprovalPolicy & { applies: boolean; canApprove: boolean } {
  const person = signedInPerson();
  return { ...approvalPolicy(app), applies: person !== undefined, canApprove: person !== undefined && roleAtLeast(person.role, 'finance') };
}

function auditApproval(app: App, row: Pick<ApprovalRow, 'id' | 'profile_name' | 'gateway' | 'order_no' | 'amount'>, operator: string, event: string, outcome: 'info' | 'refused', note: string): void {
  auditLog(app.db).append({
    atMs: Date.now(),
    operator,
    shell: app.shell,
    event,
    outcome,
    profile: row.profile_name,
    gateway: row.gateway,
    orderNo: row.order_no,
    actionId: null,
    amount: row.amount,
    request: JSON.stringify({ approvalId: row.id }),
    response: '',
    raw: '',
    note,
  });
}

export function setApprovalPolicy(app: App, p: { thresholdCents?: Cents; expiresHours?: number }, who: { operator?: string } = {}): ApprovalPolicy {
  const operator = cleanOperator(who.operator);
  const before = approvalPolicy(app);
  app.db.transaction(() => {
    setApprovalSettings(app, p);
    const after = approvalPolicy(app);
    auditLog(app.db).append({
      atMs: Date.now(), operator, shell: app.shell, event: 'approval.policy', outcome: 'info', profile: null, gateway: null, orderNo: null, actionId: null, amount: after.thresholdCents,
      request: JSON.stringify(p), response: '', raw: '',
      note: `approval threshold ${formatCents(before.thresholdCents)} -> ${formatCents(after.thresholdCents)}; requests expire after ${before.expiresHours} -> ${after.expiresHours} hours`,
    });
  }).immediate();
  return approvalPolicy(app);
}

/** Marks every PENDING request whose expiry has come EXPIRED, audited; call inside a transaction. */
function expireDue(app: App, nowMs: number): void {
  const store = approvalStore(app.db);
  for (const row of store.due(nowMs)) {
    if (!store.decide(row.id, 'EXPIRED', null, null, nowMs)) continue;
    auditApproval(app, row, row.requester, 'approval.expired', 'info', `request #${row.id} by ${row.requester} expired at ${formatTaipei(row.expires_at_ms)} Taipei without a decision; nothing was sent`);
  }
}

export function toApprovalView(row: ApprovalRow): ApprovalView {
  return {
    id: row.id,
    profile: row.profile_name,
    gateway: row.gateway,
    orderNo: row.order_no,
    kind: row.kind,
    amountCents: row.amount,
    reason: row.reason,
    requester: row.requester,
    createdAtMs: row.created_at_ms,
    expiresAtMs: row.expires_at_ms,
    state: row.state as ApprovalState,
    decidedBy: row.decided_by,
    decidedAtMs: row.decided_at_ms,
    decisionReason: row.decision_reason,
    actionId: row.action_id,
    outcome: row.outcome,
    outcomeNote: row.outcome_note,
  };
}

export interface ApprovalRequestInput {
  profile: string;
  orderNo: string;
  kind: ActionKind;
  /** As typed ("50,000" or "50000.00"), or cents. */
  amount: string | Cents;
  reason?: string;
}

/** A refusal decided inside a transaction, thrown after it commits (so its audit entry stays). */
type Verdict<T> = { ok: T } | { refused: ActionRefusedError };

function settle<T>(v: Verdict<T>): T {
  if ('refused' in v) throw v.refused;
  return v.ok;
}

export function requestApproval(app: App, req: ApprovalRequestInput, when: When = {}): ApprovalView {
  // The same input rules as executeAction: a person's name, a reason of sane length, a positive amount.
  const requester = cleanOperator(undefined);
  const reason = cleanReason(req.reason);
  const amount = cleanAmount(req.amount);
  const orderNo = cleanOrderNo(req.orderNo);
  const profile = getProfile(app, req.profile);
  const nowMs = when.nowMs ?? Date.now();
  const store = approvalStore(app.db);
  const base = { id: 0, profile_name: profile.name, gateway: profile.gateway, order_no: orderNo, amount };
  const id = settle(
    app.db.transaction((): Verdict<number> => {
      expireDue(app, nowMs);
      const open = actionStore(app.db).openFor(profile.id, orderNo);
      if (open) {
        auditApproval(app, base, requester, 'approval.refused', 'refused', `in_progress: ${inProgressReason(open)}`);
        return {
          refused: new ActionRefusedError('in_progress', `no request made: ${inProgressReason(open)}`, msg('refusal.in_progress', { operator: open.operator, sinceMs: open.created_at_ms, id: String(open.id) })),
        };
      }
      const pending = store.pendingFor(profile.id, orderNo);
      if (pending) {
        auditApproval(app, base, requester, 'approval.refused', 'refused', `approval_pending: request #${pending.id} by ${pending.requester} is pending`);
        return {
          refused: new ActionRefusedError('approval_pending', `order ${orderNo} already has a pending request (#${pending.id} by ${pending.requester})`, msg('approvals.pending_exists', { orderNo, id: String(pending.id), requester: pending.requester })),
        };
      }
      const newId = store.insert({
        profile_id: profile.id,
        profile_name: profile.name,
        gateway: profile.gateway,
        order_no: orderNo,
        kind: req.kind,
        amount,
        reason,
        requester,
        created_at_ms: nowMs,
        expires_at_ms: nowMs + approvalExpiresHours(app) * 3_600_000,
      });
      auditApproval(app, { ...base, id: newId }, requester, 'approval.requested', 'info', `request #${newId}: ${req.kind} of ${orderNo} (${formatCents(amount)}) by ${requester}${reason ? `. Reason: ${reason}` : ''}`);
      return { ok: newId };
    }).immediate(),
  );
  return toApprovalView(store.get(id)!);
}

/** Finance and above see every request; anyone else (support) sees the ones they made. */
export function listApprovals(app: App, f: { state?: ApprovalState } = {}, when: When = {}): ApprovalView[] {
  const nowMs = when.nowMs ?? Date.now();
  // The writer lock only when something is due (expireDue looks again under it).
  if (approvalStore(app.db).due(nowMs).length > 0) app.db.transaction(() => expireDue(app, nowMs)).immediate();
  const person = signedInPerson();
  const own = person !== undefined && !roleAtLeast(person.role, 'finance') ? person.name : null;
  return approvalStore(app.db)
    .list({ state: f.state ?? null, requester: own, limit: 500 })
    .map((row) => approvalView(app, row));
}

/**
 * Decides one request: the row is read, its expiry judged and its state changed in one IMMEDIATE
 * transaction. A refusal (expired, already decided, the requester themself) commits its audit entry.
 */
function decideRequest(app: App, id: number, to: 'APPROVED' | 'REJECTED', by: string, reason: string, nowMs: number): ApprovalRow {
  const store = approvalStore(app.db);
  return settle(
    app.db.transaction((): Verdict<ApprovalRow> => {
      const row = store.get(id);
      if (!row) return { refused: new ActionRefusedError('approval_not_pending', `no approval request #${id}`, msg('approvals.no_request', { id: String(id) })) };
      const refuse = (code: string, why: string, said: Message): Verdict<ApprovalRow> => {
        auditApproval(app, row, by, 'approval.refused', 'refused', `${code}: ${why}`);
        return { refused: new ActionRefusedError(code, why, said) };
      };
      if (row.state === 'PENDING' && row.expires_at_ms <= nowMs) {
        expireDue(app, nowMs);
        return refuse('approval_expired', `request #${id} expired at ${formatTaipei(row.expires_at_ms)} Taipei`, msg('approvals.expired', { id: String(id), expiresMs: row.expires_at_ms }));
      }
      const notPending = () =>
        refuse('approval_not_pending', `request #${id} is ${row.state}, not pending`, msg('approvals.not_pending', { id: String(id), state: msg('approvals.state', { state: row.state }) }));
      if (row.state !== 'PENDING') return notPending();
      if (to === 'APPROVED' && row.requester.toLowerCase() === by.toLowerCase()) {
        return refuse('approval_same_person', `request #${id} was made by ${by}: a different person must approve it`, msg('approvals.same_person', { id: String(id), name: by }));
      }
      // Conditional on PENDING: of two people deciding at once, only the first changes the row.
      const current = store.get(id)!;
      if (!store.decide(id, to, by, reason, nowMs)) return notPending();
      const verb = to === 'APPROVED' ? 'approved' : 'rejected';
      auditApproval(app, current, by, `approval.${verb}`, 'info', `request #${id} by ${row.requester} ${verb} by ${by}${reason ? `: ${reason}` : ''}`);
      return { ok: store.get(id)! };
    }).immediate(),
  );
}

/**
 * Approves a request and runs its action as the approver, through executeAction with the key
 * `approval-<id>`; the request records the action's id and outcome, and a refusal or unknown outcome
 * is rethrown after it is recorded.
 */
export async function approveRequest(app: App, req: { id: number; reason?: string }, policy: ActionPolicy = {}, when: When = {}): Promise<ApprovalView> {
  const approver = cleanOperator(undefined);
  const reason = cleanReason(req.reason);
  const row = decideRequest(app, req.id, 'APPROVED', approver, reason, when.nowMs ?? Date.now());
  const store = approvalStore(app.db);
  const profile = getProfileById(app, row.profile_id);
  let outcome: ActionOutcome | undefined;
  let failure: unknown;
  try {
    outcome = await executeAction(
      app,
      {
        profile: profile.name,
        orderNo: row.order_no,
        kind: row.kind,
        amount: row.amount,
        reason: row.reason,
        operator: approver,
        confirmed: true,
        typedAmount: formatCents(row.amount),
        idempotencyKey: `approval-${row.id}`,
      },
      policy,
      { requestId: row.id, requester: row.requester, approver },
    );
  } catch (err) {
    failure = err;
  }
  // What happened is what the journal says about the action made under this request's key, whatever
  // the call answered; the note on the request is a convenience.
  const action = approvalAction(app, row.id);
  const state = action ? outcomeOf(action) : failure instanceof ActionRefusedError ? 'REFUSED' : 'ERROR';
  const note = outcome?.message ?? (failure instanceof ReconError ? failure.message : 'an unexpected error (see the log)');
  try {
    store.recordOutcome(row.id, action?.id ?? null, state, note);
  } catch (err) {
    // A note that could not be saved must not turn an action that went out into an error: the view
    // below reads the journal.
    logUnexpected(err, { approvalId: String(row.id), actionId: action ? String(action.id) : null });
  }
  if (failure !== undefined) throw failure;
  return approvalView(app, store.get(row.id)!);
}

/** The action an approval ran, from the journal, or undefined before it was taken. */
function approvalAction(app: App, requestId: number): ActionRow | undefined {
  return actionStore(app.db).byKey(`approval-${requestId}`);
}

function outcomeOf(action: ActionRow): string {
  return action.resolution === 'refused' ? 'REFUSED' : action.state;
}

/** A request as shells show it; an approved one with its action's state now (settled later by a re-check, too). */
export function approvalView(app: App, row: ApprovalRow): ApprovalView {
  const view = toApprovalView(row);
  if (row.state !== 'APPROVED') return view;
  const action = approvalAction(app, row.id);
  return action ? { ...view, actionId: action.id, outcome: outcomeOf(action) } : view;
}

export function rejectRequest(app: App, req: { id: number; reason: string }, when: When = {}): ApprovalView {
  const by = cleanOperator(undefined);
  const reason = cleanReason(req.reason);
  if (reason === '') throw new InputError('rejecting a request needs a reason', { msg: msg('approvals.reason_required') });
  return toApprovalView(decideRequest(app, req.id, 'REJECTED', by, reason, when.nowMs ?? Date.now()));
}
