// Cancel and refund, exactly once. The order of events for one action:
//   1. cheap refusals (bad input, no confirmation, the typed amount), each audited;
//   2. the lock: one IMMEDIATE transaction checks for an open action on the order and, finding none,
//      writes the INTENT row (the partial unique index backs it up across processes). Any other
//      attempt, from any window or process, is refused at once while the row is open;
//   3. under the lock, re-query the order and decide from its fresh state (action-rules.ts); a
//      refusal closes the INTENT row as `refused`, nothing sent;
//   4. SENT + audit entry, then the one HTTP call (never retried);
//   5. a signed answer -> SUCCEEDED / FAILED. Anything else after the request left (timeout, lost or
//      unsigned answer, a local failure such as a full disk) -> UNKNOWN, settled only by the order's
//      status showing that it happened, or by a person marking it not applied. Never by time.
// Nothing is ever awaited inside a transaction; every state change and its audit entry commit together.
// This module holds the use cases (preview, execute, settle, resolve, mark not applied); the journal is
// store/actions.ts, when an open action is an orphan action-orphans.ts, input cleaning action-input.ts,
// audit wiring action-audit-trail.ts and the words a person reads action-messages.ts.
import { randomUUID } from 'node:crypto';
import type { App } from '../app.ts';
import type { ActionPreviewResult } from '../../contract/channels.ts';
import { type Message, msg } from '../../contract/messages/render.ts';
import { ActionRefusedError, GatewayError, InputError, MalformedAnswerError, OutcomeUnknownError, ReconError, errorMessage } from '../errors.ts';
import { type Cents, formatCents, parseCents } from '../money.ts';
import { maskPans } from '../pan.ts';
import { type ActionKind, type ActionRow, actionStore, isOpenActionConflict } from '../store/actions.ts';
import { whileClaiming } from '../store/fault-hooks.ts';
import { orderStore, type OrderRow } from '../store/orders.ts';
import { gatewayAdapter, gatewayLabel } from '../gateways/registry.ts';
import { labelParam } from '../gateways/adapter.ts';
import { type RefusalCode, decide, judgeAfter, naturalKind } from './action-rules.ts';
import { type GatewayCallOptions, type MoneySender, moneySender, queryOrderFresh, requestSummary } from './action-gateway.ts';
import { approvalThreshold, typedAmountThreshold } from './action-settings.ts';
import { signedInPerson } from '../operator-context.ts';
import { formatTaipei } from '../time.ts';
import { type Profile, getProfile, getProfileById } from './profiles.ts';
import { describeStatus } from './action-status.ts';
import { type ExecuteRequest, cleanAmount, cleanOperator, cleanOrderNo, cleanReason, defaultOperator } from './action-input.ts';
import { holdInFlight, isOrphaned, ownerTag, releaseInFlight } from './action-orphans.ts';
import { type ActionOutcome, inProgressReason, toOutcome, what } from './action-messages.ts';
import { type AuditContext, audit, auditInputRefusal, refuse } from './action-audit-trail.ts';

// The modules this use-case module is built from; their public names stay importable from here.
export { type ExecuteRequest, defaultOperator } from './action-input.ts';
export { isOrphaned } from './action-orphans.ts';
export { type ActionOutcome, unknownAdvice } from './action-messages.ts';

export interface ActionPolicy extends GatewayCallOptions {
  /** Waits before each re-query once an outcome is unknown (the first query comes at once). */
  requeryDelaysMs?: number[];
  sleep?: (ms: number) => Promise<void>;
}

/** 0.5 s, 1, 2, 4, 8, 15 s: quick for a dropped answer (the first re-query settles it), ~30 s in all. */
export const DEFAULT_REQUERY_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 15000];
/** The contract's preview, with the refusal narrowed to the codes action-rules.ts gives. */
export interface ActionPreview extends Omit<ActionPreviewResult, 'refusal'> {
  refusal: RefusalCode | null;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Re-queries the order of an open action until its status shows that the action happened. A status
 * that still shows the old state proves nothing (the request may be applied late), so the row then
 * stays UNKNOWN. Only an INTENT row, never sent, is closed without the gateway's word.
 */
export async function settleAction(app: App, actionId: number, policy: ActionPolicy = {}, delaysMs: number[] = policy.requeryDelaysMs ?? DEFAULT_REQUERY_DELAYS_MS): Promise<ActionRow> {
  const store = actionStore(app.db);
  const sleep = policy.sleep ?? defaultSleep;
  let row = store.get(actionId)!;
  const profile = getProfileById(app, row.profile_id);
  const c: AuditContext = { app, operator: row.operator, profile, orderNo: row.order_no };
  for (const [i, delay] of [0, ...delaysMs].entries()) {
    if (i > 0) await sleep(delay);
    row = store.get(actionId)!;
    if (row.state === 'SUCCEEDED' || row.state === 'FAILED') return row;
    const neverSent = row.state === 'INTENT';
    let fresh: { order: OrderRow; rawAnswerId: number } | undefined;
    try {
      fresh = await queryOrderFresh(app, profile, row.order_no, policy);
    } catch (err) {
      store.countRequery(actionId, Date.now());
      if (!neverSent) {
        if (err instanceof ActionRefusedError) return store.get(actionId)!;
        continue;
      }
    }
    const code = fresh?.order.status_code ?? '';
    const verdict = judgeAfter(row.gateway, code);
    const nowMs = Date.now();
    store.countRequery(actionId, nowMs);
    if (verdict !== 'happened' && !neverSent) continue;
    const state = neverSent ? 'FAILED' : 'SUCCEEDED';
    const from = row.state;
    app.db.transaction(() => {
      const done = store.finish({
        id: actionId,
        from,
        state,
        statusAfter: fresh ? code : null,
        gatewayCode: row.gateway_code,
        gatewayMessage: row.gateway_message,
        error: null,
        resolution: neverSent ? 'never-sent' : 'requery',
        rawAnswerId: fresh?.rawAnswerId ?? null,
        nowMs,
      });
      if (!done) return;
      audit(c, {
        event: `action.${row.kind}.resolved`,
        outcome: state === 'SUCCEEDED' ? 'succeeded' : 'failed',
        actionId,
        amount: row.amount,
        note: neverSent
          ? `never sent (its process stopped before sending); the order shows ${describeStatus(row.gateway, code)}`
          : `settled by re-query: the order shows ${describeStatus(row.gateway, code)}, so the ${row.kind} happened`,
      });
    }).immediate();
    return store.get(actionId)!;
  }
  return store.get(actionId)!;
}

/** Marks an orphaned SENT row UNKNOWN (audited) so that it can be settled. */
function adoptOrphan(app: App, row: ActionRow): void {
  if (row.state === 'UNKNOWN' || row.state === 'INTENT') return;
  const store = actionStore(app.db);
  const profile = getProfileById(app, row.profile_id);
  app.db.transaction(() => {
    if (!store.markUnknown(row.id, 'the process that sent it stopped before the answer was recorded', Date.now())) return;
    audit({ app, operator: row.operator, profile, orderNo: row.order_no }, {
      event: `action.${row.kind}.unknown`,
      outcome: 'unknown',
      actionId: row.id,
      amount: row.amount,
      note: `found ${row.state} from process ${row.owner} that is gone; settling by re-query`,
    });
  }).immediate();
}

/**
 * Settles every orphaned open action (killed processes, lost answers) by re-querying. Shells call it
 * at start; the CLI before any action. Returns the outcomes, unknown ones included.
 */
export async function resolveUnknownActions(app: App, policy: ActionPolicy = {}, delaysMs: number[] = []): Promise<ActionOutcome[]> {
  const store = actionStore(app.db);
  const out: ActionOutcome[] = [];
  for (const row of store.open()) {
    if (!isOrphaned(row, Date.now())) continue;
    try {
      adoptOrphan(app, row);
      out.push(toOutcome(await settleAction(app, row.id, policy, delaysMs)));
    } catch (err) {
      if (!(err instanceof ReconError)) throw err;
      out.push({ ...toOutcome(store.get(row.id) ?? row), message: `could not settle: ${err.message}` });
    }
  }
  return out;
}

/** Every open action (in flight or unknown) with how long and what to check, for the UI and CLI. */
export function openActions(app: App): ActionOutcome[] {
  return actionStore(app.db).open().map(toOutcome);
}

/**
 * A person checked the gateway's back-office and found that an unknown action did not happen. The
 * gateway is asked once more first: if its status shows the action, that wins and it is recorded
 * as done. The reason is required and kept in the journal and the audit log.
 */
export async function markNotApplied(app: App, req: { actionId: number; reason: string; operator?: string }, policy: ActionPolicy = {}): Promise<ActionOutcome> {
  const operator = cleanOperator(req.operator);
  const reason = cleanReason(req.reason);
  if (reason === '') throw new InputError('say what the back-office showed (--reason): marking an action not applied needs a reason', { msg: msg('input.mark_needs_reason') });
  const store = actionStore(app.db);
  let row = store.get(req.actionId);
  if (!row) throw new InputError(`no action #${req.actionId}`, { msg: msg('input.no_action', { actionId: String(req.actionId) }) });
  const c: AuditContext = { app, operator, profile: getProfileById(app, row.profile_id), orderNo: row.order_no };
  const refuseMark = (why: string, said: Message): never => {
    audit(c, { event: `action.${row!.kind}.not-applied.refused`, outcome: 'refused', actionId: row!.id, amount: row!.amount, note: `${why} Reason given: ${reason}` });
    throw new ActionRefusedError('not_unknown', why, said);
  };
  if (row.state === 'SUCCEEDED' || row.state === 'FAILED') {
    refuseMark(`action #${row.id} is already ${row.state}; only an unknown outcome can be marked not applied.`, msg('refusal.mark_settled', { actionId: String(row.id), state: row.state }));
  }
  if (!isOrphaned(row, Date.now())) refuseMark(`action #${row.id} is still in flight (${row.state}); wait for its answer first.`, msg('refusal.mark_in_flight', { actionId: String(row.id), state: row.state }));
  adoptOrphan(app, row);
  row = await settleAction(app, row.id, policy, []);
  if (row.state !== 'UNKNOWN') return toOutcome(row);
  const id = row.id;
  const from = row.state;
  app.db.transaction(() => {
    const done = store.finish({ id, from, state: 'FAILED', statusAfter: row!.status_after, gatewayCode: row!.gateway_code, gatewayMessage: row!.gateway_message, error: reason, resolution: 'person', rawAnswerId: null, nowMs: Date.now() });
    if (!done) return;
    audit(c, {
      event: `action.${row!.kind}.not-applied`,
      outcome: 'failed',
      actionId: id,
      amount: row!.amount,
      note: `marked not applied by ${operator} after checking the back-office (unknown since ${formatTaipei(row!.unknown_at_ms ?? row!.created_at_ms)} Taipei): ${reason}`,
    });
  }).immediate();
  return toOutcome(store.get(id)!);
}

/** Settles an open action on the order first if it is nobody's any more (a killed process, a lost answer). */
async function settleOrphanOn(c: AuditContext, policy: ActionPolicy): Promise<void> {
  const store = actionStore(c.app.db);
  const open = store.openFor(c.profile.id, c.orderNo);
  if (open && isOrphaned(open, Date.now())) {
    adoptOrphan(c.app, open);
    await settleAction(c.app, open.id, policy, []);
  }
}

export async function previewAction(app: App, req: { profile: string; orderNo: string; kind?: ActionKind }, policy: ActionPolicy = {}): Promise<ActionPreview> {
  const profile = getProfile(app, req.profile);
  const orderNo = req.orderNo.trim();
  const threshold = typedAmountThreshold(app);
  const cached = orderStore(app.db).get(profile.id, orderNo);
  const base = (kind: ActionKind, order: OrderRow | undefined) => ({
    profile: profile.name,
    gateway: profile.gateway,
    orderNo,
    kind,
    amountCents: order?.amount ?? 0,
    statusCode: order?.status_code ?? '',
    statusText: order ? describeStatus(profile.gateway, order.status_code) : '',
    orderedAtMs: order?.ordered_at_ms ?? null,
    thresholdCents: threshold,
    requiresTypedAmount: (order?.amount ?? 0) >= threshold,
    defaultOperator: defaultOperator(),
  });
  const refused = (kind: ActionKind, order: OrderRow | undefined, code: RefusalCode, reason: string, reasonMsg?: Message): ActionPreview => ({
    ...base(kind, order),
    allowed: false,
    refusal: code,
    reason,
    ...(reasonMsg ? { reasonMsg } : {}),
    expected: null,
    expectedText: '',
  });
  const store = actionStore(app.db);
  await settleOrphanOn({ app, operator: defaultOperator(), profile, orderNo }, policy);
  const open = store.openFor(profile.id, orderNo);
  const fallbackKind = req.kind ?? naturalKind(profile.gateway, cached?.status_code ?? '');
  if (open) return refused(fallbackKind, cached, 'in_progress', inProgressReason(open), msg('refusal.in_progress', { operator: open.operator, sinceMs: open.created_at_ms, id: String(open.id) }));
  let order: OrderRow;
  try {
    order = (await queryOrderFresh(app, profile, orderNo, policy)).order;
  } catch (err) {
    if (err instanceof ActionRefusedError) return refused(fallbackKind, cached, err.refusal as RefusalCode, err.message, err.msg);
    if (err instanceof ReconError) return refused(fallbackKind, cached, 'query_failed', `the order could not be re-queried at the gateway (${err.message}); nothing can be sent until it can.`, msg('refusal.query_failed', { reason: err.msg ?? err.message }));
    throw err;
  }
  const kind = req.kind ?? naturalKind(profile.gateway, order.status_code);
  const d = decide({ gateway: profile.gateway, statusCode: order.status_code, amount: order.amount, refunded: order.refunded }, kind, null);
  if (!d.allowed) return refused(kind, order, d.code, d.reason, d.msg);
  return { ...base(kind, order), allowed: true, refusal: null, reason: '', expected: d.expected, expectedText: d.expectedText, ...(d.expectedMsg ? { expectedMsg: d.expectedMsg } : {}) };
}

/** A request repeating an idempotency key: the first outcome, if it is the same request. */
function replay(c: AuditContext, earlier: ActionRow, kind: ActionKind, amount: Cents): ActionOutcome {
  const same = earlier.profile_id === c.profile.id && earlier.order_no === c.orderNo && earlier.kind === kind && earlier.amount === amount;
  if (!same) {
    refuse(
      c,
      'idempotency_mismatch',
      `the idempotency key ${earlier.idempotency_key} belongs to action #${earlier.id} (${earlier.kind} of ${earlier.order_no} on ${earlier.profile_name}, ${formatCents(earlier.amount)}); ` +
        'a different request needs a new key',
      amount,
      kind,
    );
  }
  audit(c, { event: `action.${kind}.repeated`, outcome: 'info', amount, note: `a repeated request with key ${earlier.idempotency_key}: answered with action #${earlier.id} (${earlier.state}); nothing sent` });
  if (earlier.resolution === 'refused') throw new ActionRefusedError(earlier.error?.split(':')[0] ?? 'refused', `${kind} refused, nothing was sent: ${earlier.error ?? ''}`, toOutcome(earlier).msg);
  return toOutcome(earlier);
}

/**
 * An approved request (core/services/approvals.ts) running its action: the only way past the approval
 * threshold on a team server. Not part of any contract request, so no client can claim one.
 */
export interface ApprovalGrant {
  requestId: number;
  requester: string;
  approver: string;
}

export async function executeAction(app: App, req: ExecuteRequest, policy: ActionPolicy = {}, grant?: ApprovalGrant): Promise<ActionOutcome> {
  const kind = req.kind;
  let operator: string;
  let reason: string;
  let amount: Cents;
  let profile: Profile;
  let orderNo: string;
  try {
    operator = cleanOperator(req.operator);
    reason = cleanReason(req.reason);
    amount = cleanAmount(req.amount);
    orderNo = cleanOrderNo(req.orderNo);
    profile = getProfile(app, req.profile);
  } catch (err) {
    if (err instanceof ReconError) auditInputRefusal(app, req, err);
    throw err;
  }
  const actions = actionStore(app.db);
  const c: AuditContext = { app, operator, profile, orderNo, ...(grant ? { approval: `approval #${grant.requestId}: requested by ${grant.requester}, approved by ${grant.approver}` } : {}) };
  if (req.idempotencyKey) {
    const earlier = actions.byKey(req.idempotencyKey);
    if (earlier) return replay(c, earlier, kind, amount);
  }
  // On a team server a large amount needs a second person whoever asks (admins too): the server
  // refuses it here, so no client can skip the request.
  if (!grant && signedInPerson() !== undefined) {
    const needs = approvalThreshold(app);
    if (amount >= needs) {
      refuse(c, 'approval_required', `${formatCents(amount)} is at or above the approval threshold (${formatCents(needs)}): ask for approval (a different finance person approves it)`, amount, kind, msg('approvals.required', { amountCents: amount, thresholdCents: needs }));
    }
  }

  if (!req.confirmed) refuse(c, 'not_confirmed', 'the action was not confirmed (pass --yes, or confirm in the dialog)', amount, kind, msg('refusal.not_confirmed'));
  const threshold = typedAmountThreshold(app);
  if (amount >= threshold) {
    let typed: Cents | null;
    try {
      typed = req.typedAmount === undefined ? null : parseCents(req.typedAmount, 'the typed amount');
    } catch {
      typed = null;
    }
    if (typed !== amount) refuse(c, 'typed_amount', `${formatCents(amount)} is at or above the confirmation threshold (${formatCents(threshold)}): type the amount exactly to confirm`, amount, kind, msg('refusal.typed_amount', { amountCents: amount, thresholdCents: threshold }));
  }
  let send: MoneySender;
  try {
    send = await moneySender(app, profile, policy);
  } catch (err) {
    if (err instanceof ReconError) refuse(c, 'query_failed', `the gateway client could not be prepared (${err.message})`, amount, kind, msg('refusal.query_failed', { reason: err.msg ?? err.message }));
    throw err;
  }
  await settleOrphanOn(c, policy);

  // The lock, before anything is decided: check for an open action and take the order in one
  // IMMEDIATE transaction, so no other window or process can slip in between.
  const idempotencyKey = req.idempotencyKey ?? randomUUID();
  const cachedStatus = orderStore(app.db).get(profile.id, orderNo)?.status_code ?? '';
  let taken: { id: number } | { replay: ActionRow } | { busy: ActionRow | null };
  try {
    taken = app.db.transaction((): typeof taken => {
      const again = actions.byKey(idempotencyKey);
      if (again) return { replay: again };
      const open = actions.openFor(profile.id, orderNo);
      if (open) {
        audit(c, { event: `action.${kind}.refused`, outcome: 'refused', amount, note: `in_progress: ${inProgressReason(open)}` });
        return { busy: open };
      }
      whileClaiming();
      const id = actions.insertIntent({
        idempotencyKey,
        profileId: profile.id,
        profileName: profile.name,
        gateway: profile.gateway,
        orderNo,
        kind,
        operation: '',
        amount,
        operator,
        reason,
        shell: app.shell,
        owner: ownerTag(),
        statusBefore: cachedStatus,
        nowMs: Date.now(),
      });
      audit(c, { event: `action.${kind}.intent`, outcome: 'intent', actionId: id, amount, note: `order locked by ${operator}; re-querying it before deciding${reason ? `. Reason: ${reason}` : ''} [key ${idempotencyKey}]` });
      return { id };
    }).immediate();
  } catch (err) {
    if (isOpenActionConflict(err)) refuse(c, 'in_progress', 'an action on this order is in progress (another window or process took it a moment ago)', amount, kind);
    throw err;
  }
  if ('replay' in taken) return replay(c, taken.replay, kind, amount);
  if ('busy' in taken) {
    const busy = taken.busy;
    throw new ActionRefusedError(
      'in_progress',
      `${kind} refused, nothing was sent: ${busy ? inProgressReason(busy) : 'an action on this order is in progress'}`,
      busy ? msg('refusal.sent_nothing', { kind, reason: msg('refusal.in_progress', { operator: busy.operator, sinceMs: busy.created_at_ms, id: String(busy.id) }) }) : undefined,
    );
  }
  const actionId = taken.id;
  // Ours from the commit on (no await in between): this process never takes its own lock for an orphan.
  holdInFlight(actionId);
  try {
    let order: OrderRow;
    try {
      order = (await queryOrderFresh(app, profile, orderNo, policy)).order;
    } catch (err) {
      if (err instanceof ActionRefusedError) closeRefused(c, actionId, err.refusal as RefusalCode, err.message, err.msg);
      if (err instanceof ReconError) closeRefused(c, actionId, 'query_failed', `the order could not be re-queried at the gateway first (${err.message})`, msg('refusal.query_failed', { reason: err.msg ?? err.message }));
      throw err;
    }
    const d = decide({ gateway: profile.gateway, statusCode: order.status_code, amount: order.amount, refunded: order.refunded }, kind, amount);
    if (!d.allowed) closeRefused(c, actionId, d.code, d.reason, d.msg);
    const request = requestSummary(profile, order, amount, reason);
    const sending = app.db.transaction(() => {
      const nowMs = Date.now();
      // Conditional on INTENT: if another process took this row over as abandoned (a hang of many
      // minutes), it is no longer ours to send.
      if (!actions.setDecided(actionId, order.status_code, d.operation, nowMs) || !actions.markSent(actionId, nowMs)) {
        audit(c, { event: `action.${kind}.refused`, outcome: 'refused', actionId, amount, note: 'in_progress: the lock of this attempt was taken over as abandoned before sending; nothing sent' });
        return false;
      }
      audit(c, { event: `action.${kind}.sent`, outcome: 'sent', actionId, amount, request, note: `${d.expectedText} Sent to ${gatewayLabel(profile.gateway)} (${d.operation}).` });
      return true;
    }).immediate();
    if (!sending) {
      throw new ActionRefusedError('in_progress', `${kind} refused, nothing was sent: this attempt took too long and its lock was taken over; check the order and try again`, msg('refusal.lock_taken_over', { what: msg('action.what', { kind, orderNo: order.order_no, amountCents: amount }) }));
    }
    return toOutcome(await sendAndRecord(app, c, actionId, send, order, amount, reason, policy));
  } finally {
    releaseInFlight(actionId);
  }
}

/** Refused under the lock (the fresh state does not allow it): the INTENT row closes, nothing sent. */
function closeRefused(c: AuditContext, actionId: number, code: RefusalCode, reason: string, reasonMsg?: Message): never {
  const store = actionStore(c.app.db);
  const row = store.get(actionId)!;
  c.app.db.transaction(() => {
    store.finish({ id: actionId, from: 'INTENT', state: 'FAILED', statusAfter: null, gatewayCode: null, gatewayMessage: null, error: `${code}: ${reason}`, resolution: 'refused', rawAnswerId: null, nowMs: Date.now() });
    audit(c, { event: `action.${row.kind}.refused`, outcome: 'refused', actionId, amount: row.amount, note: `${code}: ${reason}` });
  }).immediate();
  throw new ActionRefusedError(code, `${row.kind} refused, nothing was sent: ${reason}`, reasonMsg ? msg('refusal.sent_nothing', { kind: row.kind, reason: reasonMsg }) : undefined);
}

async function sendAndRecord(app: App, c: AuditContext, actionId: number, send: MoneySender, order: OrderRow, amount: Cents, reason: string, policy: ActionPolicy): Promise<ActionRow> {
  const actions = actionStore(app.db);
  const row = actions.get(actionId)!;
  let answer: Awaited<ReturnType<MoneySender>>;
  try {
    answer = await send(order, amount, reason);
  } catch (err) {
    // Only an authenticated "no" is a refusal; an unsigned one could have come from anyone.
    if (err instanceof GatewayError && err.signed) {
      const refused = recordRefusal(app, c, row, err);
      // Only to refresh the cached order; the answer above is the outcome.
      await queryOrderFresh(app, c.profile, order.order_no, policy).catch(() => undefined);
      return refused;
    }
    return afterUnknown(app, c, row, err, policy);
  }
  try {
    const verdict = judgeAfter(c.profile.gateway, answer.statusAfter);
    // A success code alone may not prove the money moved (First Bank must also show TransStatus 3 or 4).
    const adapter = gatewayAdapter(c.profile.gateway);
    if (adapter.money.successNeedsHappenedStatus && verdict !== 'happened') {
      throw new UnclearAnswer(`${adapter.label.en} answered ${adapter.money.okCode} but ${adapter.statusCodeName}${JSON.stringify(answer.statusAfter)}`, answer, msg('gateway.unclear_success', { gateway: labelParam(adapter.label), code: adapter.money.okCode, status: answer.statusAfter ?? '—' }));
    }
    app.db.transaction(() => {
      actions.finish({ id: actionId, from: 'SENT', state: 'SUCCEEDED', statusAfter: answer.statusAfter, gatewayCode: adapter.money.okCode, gatewayMessage: 'OK', error: null, resolution: 'answer', rawAnswerId: answer.rawAnswerId, nowMs: Date.now() });
      audit(c, { event: `action.${row.kind}.result`, outcome: 'succeeded', actionId, amount, request: answer.request, response: answer.response, raw: answer.raw, note: `the gateway answered success; the order is now ${describeStatus(c.profile.gateway, answer.statusAfter)}` });
    }).immediate();
  } catch (err) {
    return afterUnknown(app, c, row, err, policy);
  }
  await queryOrderFresh(app, c.profile, order.order_no, policy).catch(() => undefined);
  return actions.get(actionId)!;
}

/**
 * The request left and no usable answer was recorded: whatever failed (the network, the answer, or
 * this machine: a full disk, a crash), the outcome is unknown. Recorded as UNKNOWN if the database
 * still takes writes, then settled by re-query; if not even that works, OutcomeUnknownError (exit 3),
 * and the next start finds the SENT row and settles it.
 */
async function afterUnknown(app: App, c: AuditContext, row: ActionRow, err: unknown, policy: ActionPolicy): Promise<ActionRow> {
  const actions = actionStore(app.db);
  const answer = err instanceof UnclearAnswer ? err.answer : undefined;
  const detail = errorMessage(err);
  const unknownError = (more: string, cause: unknown) =>
    new OutcomeUnknownError(
      row.id,
      `${what(row)} was sent, but its outcome is UNKNOWN (${detail}; ${more}). Do not send it again: check order ${row.order_no} in ${gatewayAdapter(row.gateway).backOffice}; ` +
        'the next start of the console (or `recon resolve`) re-queries the order and records what happened.',
      {
        cause,
        msg: msg('action.unknown_unrecorded', {
          what: msg('action.what', { kind: row.kind, orderNo: row.order_no, amountCents: row.amount }),
          orderNo: row.order_no,
          backOffice: labelParam(gatewayAdapter(row.gateway).backOfficeLabel),
          command: 'recon resolve',
        }),
        detail: `${detail}; ${more}`,
      },
    );
  try {
    app.db.transaction(() => {
      actions.markUnknown(row.id, detail, Date.now());
      audit(c, {
        event: `action.${row.kind}.unknown`,
        outcome: 'unknown',
        actionId: row.id,
        amount: row.amount,
        response: answer?.response ?? '',
        raw: answer?.raw ?? (err instanceof MalformedAnswerError ? maskPans(err.excerpt) : ''),
        note: `no usable answer (${detail}); settling by re-query, never by sending again`,
      });
    }).immediate();
  } catch (recordErr) {
    throw unknownError(`recording it failed too: ${errorMessage(recordErr)}`, recordErr);
  }
  try {
    return await settleAction(app, row.id, policy);
  } catch (settleErr) {
    throw unknownError(`settling it failed: ${errorMessage(settleErr)}`, settleErr);
  }
}

/**
 * The gateway said no, authenticated. That is the outcome, whatever the order's status shows
 * afterwards: a status showing the action done means someone else did it (the back-office), not
 * this request, and is noted for the person reading the log.
 */
function recordRefusal(app: App, c: AuditContext, row: ActionRow, err: GatewayError): ActionRow {
  const actions = actionStore(app.db);
  app.db.transaction(() => {
    actions.finish({
      id: row.id,
      from: 'SENT',
      state: 'FAILED',
      statusAfter: null,
      gatewayCode: err.gatewayCode,
      gatewayMessage: err.gatewayMessage,
      error: err.message,
      resolution: 'answer',
      rawAnswerId: null,
      nowMs: Date.now(),
    });
    audit(c, {
      event: `action.${row.kind}.result`,
      outcome: 'failed',
      actionId: row.id,
      amount: row.amount,
      response: JSON.stringify({ code: err.gatewayCode, message: err.gatewayMessage }),
      note: `the gateway refused: ${err.gatewayCode} ${err.gatewayMessage}`,
    });
  }).immediate();
  return actions.get(row.id)!;
}

/** A well-formed answer that does not say the action happened: treated like a lost answer. */
class UnclearAnswer extends ReconError {
  readonly answer: { response: string; raw: string };
  constructor(message: string, answer: { response: string; raw: string }, said: Message) {
    super('malformed', message, { msg: said });
    this.answer = answer;
  }
}

export function actionOutcome(app: App, actionId: number): ActionOutcome {
  const row = actionStore(app.db).get(actionId);
  if (!row) throw new InputError(`no action #${actionId}`, { msg: msg('input.no_action', { actionId: String(actionId) }) });
  return toOutcome(row);
}

/** For shells at start-up: settles what an earlier run left open, in the background, logging one line each. */
export function settleAtStart(app: App, log: (line: string) => void): Promise<void> {
  return resolveUnknownActions(app).then(
    (outcomes) => {
      for (const o of outcomes) log(`action #${o.actionId} (${o.kind} ${o.orderNo}): ${o.state}: ${o.message}`);
    },
    (err: unknown) => log(`could not settle open actions at start: ${errorMessage(err)}`),
  );
}
