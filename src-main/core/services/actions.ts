// Cancel and refund, safely. The order of events for one action:
//   1. cheap refusals (no confirmation, an action already open on the order);
//   2. re-query the order at the gateway and decide from its fresh state (action-rules.ts);
//   3. INTENT row + audit entry, in one transaction: the partial unique index makes it the lock;
//   4. SENT + audit entry, then the one HTTP call (never retried);
//   5. an answer -> SUCCEEDED / FAILED; a timeout, dropped connection or unreadable answer -> UNKNOWN,
//      settled by re-querying until the order's status shows whether it happened.
// Nothing is ever awaited inside a transaction; every state change and its audit entry commit together.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { App } from '../app.ts';
import { ActionRefusedError, GatewayError, InputError, MalformedAnswerError, ReconError, errorMessage } from '../errors.ts';
import { type Cents, formatCents, parseCents } from '../money.ts';
import { maskPans } from '../pan.ts';
import { AuditLog, type AuditOutcome } from '../store/audit.ts';
import { type ActionKind, type ActionRow, ActionStore, isOpenActionConflict } from '../store/actions.ts';
import { orderStore, type OrderRow } from '../store/orders.ts';
import { type ExpectedOutcome, type RefusalCode, decide, judgeAfter, naturalKind } from './action-rules.ts';
import { type GatewayCallOptions, type MoneySender, moneySender, queryOrderFresh, requestSummary } from './action-gateway.ts';
import { settleMs, typedAmountThreshold } from './action-settings.ts';
import { type Profile, getProfile, getProfileById } from './profiles.ts';
import { describeStatus } from './action-status.ts';

export interface ActionPolicy extends GatewayCallOptions {
  /** Waits before each re-query once an outcome is unknown; their sum should exceed the settle time. */
  requeryDelaysMs?: number[];
  /** Overrides the `actions.settleSeconds` setting (tests). */
  settleMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** 0.5 s, 1, 2, 4, 8, 15 s: quick for a dropped answer (the first re-query settles it), ~30 s in all. */
export const DEFAULT_REQUERY_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 15000];
/** An INTENT/SENT row of a live process older than this is taken as abandoned (the owner hung). */
const ABANDONED_AFTER_MS = 10 * 60_000;

export interface ActionPreview {
  allowed: boolean;
  refusal: RefusalCode | null;
  reason: string;
  profile: string;
  gateway: Profile['gateway'];
  orderNo: string;
  kind: ActionKind;
  amountCents: Cents;
  statusCode: string;
  statusText: string;
  orderedAtMs: number | null;
  expected: ExpectedOutcome | null;
  expectedText: string;
  requiresTypedAmount: boolean;
  thresholdCents: Cents;
  defaultOperator: string;
}

export interface ExecuteRequest {
  profile: string;
  orderNo: string;
  kind: ActionKind;
  /** As typed ("1,200" or "1200.00"), or cents. */
  amount: string | Cents;
  reason?: string;
  operator?: string;
  /** The operator confirmed (the dialog's button, `--yes`). */
  confirmed: boolean;
  /** For amounts at or above the threshold: the amount typed again. */
  typedAmount?: string;
  /** A retried request with the same key returns the first one's outcome instead of acting again. */
  idempotencyKey?: string;
}

export interface ActionOutcome {
  actionId: number;
  idempotencyKey: string;
  state: ActionRow['state'];
  kind: ActionKind;
  gateway: Profile['gateway'];
  profile: string;
  orderNo: string;
  amountCents: Cents;
  operator: string;
  statusBefore: string;
  statusAfter: string | null;
  gatewayCode: string | null;
  gatewayMessage: string | null;
  resolution: string | null;
  requeries: number;
  message: string;
}

const inFlight = new Set<number>();
const HOST = os.hostname();

export function defaultOperator(env: Record<string, string | undefined> = process.env): string {
  try {
    return os.userInfo().username || env.USER || env.USERNAME || 'operator';
  } catch {
    return env.USER || env.USERNAME || 'operator';
  }
}

function cleanOperator(text: string | undefined): string {
  const name = (text ?? '').trim() || defaultOperator();
  // eslint-disable-next-line no-control-regex -- control characters are exactly what a name must not carry
  if (name.length > 64 || /[\u0000-\u001f]/.test(name)) throw new InputError('the operator name is 1-64 printable characters');
  return name;
}

function cleanReason(text: string | undefined): string {
  const reason = (text ?? '').trim();
  if (reason.length > 200) throw new InputError('the reason is at most 200 characters');
  return reason;
}

function ownerTag(): string {
  return `${HOST}|${process.pid}`;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether an open action is nobody's to finish any more (its process died, or gave up waiting). */
export function isOrphaned(row: ActionRow, nowMs: number): boolean {
  if (row.state === 'UNKNOWN') return !inFlight.has(row.id);
  if (inFlight.has(row.id)) return false;
  const [host, pidText] = row.owner.split('|');
  const pid = Number(pidText);
  if (host === HOST && pid !== process.pid && Number.isSafeInteger(pid) && pidAlive(pid)) return nowMs - row.updated_at_ms > ABANDONED_AFTER_MS;
  if (host !== HOST) return nowMs - row.updated_at_ms > ABANDONED_AFTER_MS;
  return true;
}

function outcomeMessage(row: ActionRow): string {
  const what = `${row.kind} of ${row.order_no} (${formatCents(row.amount)})`;
  switch (row.state) {
    case 'SUCCEEDED':
      return `${what} done: the order is now ${row.status_after ?? '?'}${row.resolution === 'requery' ? ' (the answer was lost; confirmed by re-querying the order)' : ''}.`;
    case 'FAILED':
      if (row.resolution === 'never-sent') return `${what} was never sent (its process stopped first); nothing happened at the gateway.`;
      if (row.resolution === 'requery') return `${what} did not happen: the gateway still shows ${row.status_after ?? '?'} after the request was lost. It can be tried again.`;
      return `${what} refused by the gateway: ${row.gateway_code ?? ''} ${row.gateway_message ?? ''}`.trim();
    default:
      return (
        `${what}: the outcome is UNKNOWN (${row.error ?? 'no answer'}); re-querying the order did not settle it yet. ` +
        'Do not send it again: check the order in the gateway back-office, then run `recon resolve` (or re-open the console), which re-queries and settles it.'
      );
  }
}

function toOutcome(row: ActionRow): ActionOutcome {
  return {
    actionId: row.id,
    idempotencyKey: row.idempotency_key,
    state: row.state,
    kind: row.kind,
    gateway: row.gateway,
    profile: row.profile_name,
    orderNo: row.order_no,
    amountCents: row.amount,
    operator: row.operator,
    statusBefore: row.status_before,
    statusAfter: row.status_after,
    gatewayCode: row.gateway_code,
    gatewayMessage: row.gateway_message,
    resolution: row.resolution,
    requeries: row.requeries,
    message: outcomeMessage(row),
  };
}

interface AuditContext {
  app: App;
  operator: string;
  profile: Profile;
  orderNo: string;
}

function audit(
  c: AuditContext,
  e: { event: string; outcome: AuditOutcome; actionId?: number | null; amount?: Cents | null; request?: string; response?: string; raw?: string; note: string },
): void {
  new AuditLog(c.app.db).append({
    atMs: Date.now(),
    operator: c.operator,
    shell: c.app.shell,
    event: e.event,
    outcome: e.outcome,
    profile: c.profile.name,
    gateway: c.profile.gateway,
    orderNo: c.orderNo,
    actionId: e.actionId ?? null,
    amount: e.amount ?? null,
    request: e.request ?? '',
    response: e.response ?? '',
    raw: e.raw ?? '',
    note: e.note,
  });
}

function refuse(c: AuditContext, code: RefusalCode, reason: string, amount: Cents | null, kind: ActionKind): never {
  audit(c, { event: `action.${kind}.refused`, outcome: 'refused', amount, note: `${code}: ${reason}` });
  throw new ActionRefusedError(code, `${kind} refused, nothing was sent: ${reason}`);
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Re-queries the order of an open action until its status shows whether the action happened.
 * "Not happened" is accepted only once the settle time has passed since sending, because a request
 * still travelling could yet be applied. Returns the row as it stands afterwards.
 */
export async function settleAction(app: App, actionId: number, policy: ActionPolicy = {}, delaysMs: number[] = policy.requeryDelaysMs ?? DEFAULT_REQUERY_DELAYS_MS): Promise<ActionRow> {
  const store = new ActionStore(app.db);
  const sleep = policy.sleep ?? defaultSleep;
  const window = policy.settleMs ?? settleMs(app);
  let row = store.get(actionId)!;
  const profile = getProfileById(app, row.profile_id);
  const c: AuditContext = { app, operator: row.operator, profile, orderNo: row.order_no };
  for (const [i, delay] of [0, ...delaysMs].entries()) {
    if (i > 0) await sleep(delay);
    row = store.get(actionId)!;
    if (row.state === 'SUCCEEDED' || row.state === 'FAILED') return row;
    let fresh: { order: OrderRow; rawAnswerId: number } | undefined;
    try {
      fresh = await queryOrderFresh(app, profile, row.order_no, policy);
    } catch (err) {
      store.countRequery(actionId, Date.now());
      // An INTENT row was never sent: it needs no answer from the gateway to be closed.
      if (row.state !== 'INTENT') {
        if (err instanceof ActionRefusedError) return store.get(actionId)!;
        continue;
      }
    }
    const code = fresh?.order.status_code ?? '';
    const verdict = judgeAfter(row.gateway, code);
    const nowMs = Date.now();
    store.countRequery(actionId, nowMs);
    const sentAt = row.sent_at_ms ?? row.created_at_ms;
    const neverSent = row.state === 'INTENT';
    const conclusive = verdict === 'happened' || neverSent || (verdict === 'not-happened' && nowMs - sentAt >= window);
    if (!conclusive) continue;
    const state = verdict === 'happened' && !neverSent ? 'SUCCEEDED' : 'FAILED';
    const resolution = neverSent ? 'never-sent' : 'requery';
    app.db.transaction(() => {
      const done = store.finish({
        id: actionId,
        from: row.state,
        state,
        statusAfter: fresh ? code : null,
        gatewayCode: row.gateway_code,
        gatewayMessage: row.gateway_message,
        error: null,
        resolution,
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
          : verdict === 'happened'
            ? `settled by re-query: the order shows ${describeStatus(row.gateway, code)}, so the ${row.kind} happened`
            : `settled by re-query: the order still shows ${describeStatus(row.gateway, code)} ${Math.round((nowMs - sentAt) / 1000)} s after sending, so the ${row.kind} did not happen`,
      });
    }).immediate();
    return store.get(actionId)!;
  }
  return store.get(actionId)!;
}

/** Marks an orphaned INTENT/SENT row UNKNOWN (audited) so that it can be settled. */
function adoptOrphan(app: App, row: ActionRow): void {
  if (row.state === 'UNKNOWN' || row.state === 'INTENT') return;
  const store = new ActionStore(app.db);
  const profile = getProfileById(app, row.profile_id);
  app.db.transaction(() => {
    if (!store.markUnknown(row.id, 'the process that sent it stopped before the answer arrived', Date.now())) return;
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
  const store = new ActionStore(app.db);
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

/** Refuses (audited) when the order has an open action; settles an orphaned one first. */
async function ensureNoOpenAction(c: AuditContext, kind: ActionKind, amount: Cents | null, policy: ActionPolicy): Promise<void> {
  const store = new ActionStore(c.app.db);
  let open = store.openFor(c.profile.id, c.orderNo);
  if (open && isOrphaned(open, Date.now())) {
    adoptOrphan(c.app, open);
    await settleAction(c.app, open.id, policy, []);
    open = store.openFor(c.profile.id, c.orderNo);
  }
  if (open) {
    refuse(
      c,
      'in_progress',
      `an action on this order is already ${open.state === 'UNKNOWN' ? 'unknown' : 'in progress'} (#${open.id}, ${open.kind} by ${open.operator}, ${open.state}); ` +
        (open.state === 'UNKNOWN' ? 'check the gateway back-office, then run `recon resolve` or query the order again' : 'wait for it to finish'),
      amount,
      kind,
    );
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
  const refused = (kind: ActionKind, order: OrderRow | undefined, code: RefusalCode, reason: string): ActionPreview => ({
    ...base(kind, order),
    allowed: false,
    refusal: code,
    reason,
    expected: null,
    expectedText: '',
  });
  const store = new ActionStore(app.db);
  let open = store.openFor(profile.id, orderNo);
  if (open && isOrphaned(open, Date.now())) {
    adoptOrphan(app, open);
    await settleAction(app, open.id, policy, []);
    open = store.openFor(profile.id, orderNo);
  }
  const fallbackKind = req.kind ?? naturalKind(profile.gateway, cached?.status_code ?? '');
  if (open) {
    return refused(fallbackKind, cached, 'in_progress', `an action on this order is already ${open.state === 'UNKNOWN' ? 'unknown' : 'in progress'} (#${open.id}, ${open.kind} by ${open.operator}).`);
  }
  let order: OrderRow;
  try {
    order = (await queryOrderFresh(app, profile, orderNo, policy)).order;
  } catch (err) {
    if (err instanceof ActionRefusedError) return refused(fallbackKind, cached, err.refusal as RefusalCode, err.message);
    if (err instanceof ReconError) return refused(fallbackKind, cached, 'query_failed', `the order could not be re-queried at the gateway (${err.message}); nothing can be sent until it can.`);
    throw err;
  }
  const kind = req.kind ?? naturalKind(profile.gateway, order.status_code);
  const d = decide({ gateway: profile.gateway, statusCode: order.status_code, amount: order.amount, refunded: order.refunded }, kind, null);
  if (!d.allowed) return refused(kind, order, d.code, d.reason);
  return { ...base(kind, order), allowed: true, refusal: null, reason: '', expected: d.expected, expectedText: d.expectedText };
}

export async function executeAction(app: App, req: ExecuteRequest, policy: ActionPolicy = {}): Promise<ActionOutcome> {
  const operator = cleanOperator(req.operator);
  const reason = cleanReason(req.reason);
  const amount = typeof req.amount === 'number' ? req.amount : parseCents(req.amount, 'the amount');
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new InputError('the amount must be positive');
  const actions = new ActionStore(app.db);
  if (req.idempotencyKey) {
    const earlier = actions.byKey(req.idempotencyKey);
    if (earlier) return toOutcome(earlier);
  }
  const profile = getProfile(app, req.profile);
  const orderNo = req.orderNo.trim();
  if (orderNo === '') throw new InputError('the order number is empty');
  const c: AuditContext = { app, operator, profile, orderNo };
  const kind = req.kind;

  if (!req.confirmed) refuse(c, 'not_confirmed', 'the action was not confirmed (pass --yes, or confirm in the dialog)', amount, kind);
  await ensureNoOpenAction(c, kind, amount, policy);

  let order: OrderRow;
  try {
    order = (await queryOrderFresh(app, profile, orderNo, policy)).order;
  } catch (err) {
    if (err instanceof ActionRefusedError) refuse(c, err.refusal as RefusalCode, err.message, amount, kind);
    if (err instanceof ReconError) refuse(c, 'query_failed', `the order could not be re-queried at the gateway first (${err.message})`, amount, kind);
    throw err;
  }
  const d = decide({ gateway: profile.gateway, statusCode: order.status_code, amount: order.amount, refunded: order.refunded }, kind, amount);
  if (!d.allowed) refuse(c, d.code, d.reason, amount, kind);
  if (amount >= typedAmountThreshold(app)) {
    let typed: Cents | null;
    try {
      typed = req.typedAmount === undefined ? null : parseCents(req.typedAmount, 'the typed amount');
    } catch {
      typed = null;
    }
    if (typed !== amount) {
      refuse(c, 'typed_amount', `${formatCents(amount)} is at or above the confirmation threshold (${formatCents(typedAmountThreshold(app))}): type the amount exactly to confirm`, amount, kind);
    }
  }

  let send: MoneySender;
  try {
    send = await moneySender(app, profile, policy);
  } catch (err) {
    if (err instanceof ReconError) refuse(c, 'query_failed', `the gateway client could not be prepared (${err.message})`, amount, kind);
    throw err;
  }
  const idempotencyKey = req.idempotencyKey ?? randomUUID();
  const request = requestSummary(profile, order, amount, reason);
  let actionId: number;
  try {
    actionId = app.db.transaction(() => {
      const id = actions.insertIntent({
        idempotencyKey,
        profileId: profile.id,
        profileName: profile.name,
        gateway: profile.gateway,
        orderNo,
        kind,
        operation: d.operation,
        amount,
        operator,
        reason,
        shell: app.shell,
        owner: ownerTag(),
        statusBefore: order.status_code,
        nowMs: Date.now(),
      });
      inFlight.add(id);
      audit(c, { event: `action.${kind}.intent`, outcome: 'intent', actionId: id, amount, request, note: `${d.expectedText}${reason ? ` Reason: ${reason}` : ''} [key ${idempotencyKey}]` });
      return id;
    }).immediate();
  } catch (err) {
    if (isOpenActionConflict(err)) refuse(c, 'in_progress', 'an action on this order is already in progress or unknown (another window or process opened it a moment ago)', amount, kind);
    throw err;
  }
  try {
    app.db.transaction(() => {
      actions.markSent(actionId, Date.now());
      audit(c, { event: `action.${kind}.sent`, outcome: 'sent', actionId, amount, request, note: `sent to ${profile.gateway === 'flashpay' ? 'FlashPay' : 'First Bank'} (${d.operation})` });
    }).immediate();
    return toOutcome(await sendAndRecord(app, c, actionId, send, order, amount, reason, policy));
  } finally {
    inFlight.delete(actionId);
  }
}

async function sendAndRecord(app: App, c: AuditContext, actionId: number, send: MoneySender, order: OrderRow, amount: Cents, reason: string, policy: ActionPolicy): Promise<ActionRow> {
  const actions = new ActionStore(app.db);
  const row = actions.get(actionId)!;
  try {
    const answer = await send(order, amount, reason);
    const verdict = judgeAfter(c.profile.gateway, answer.statusAfter);
    // FlashPay's ret_code 00 is the success signal; a First Bank answer must also show 3 or 4.
    if (c.profile.gateway === 'firstbank' && verdict !== 'happened') {
      throw new UnclearAnswer(`First Bank answered 0000 but TransStatus ${JSON.stringify(answer.statusAfter)}`, answer);
    }
    app.db.transaction(() => {
      actions.finish({ id: actionId, from: 'SENT', state: 'SUCCEEDED', statusAfter: answer.statusAfter, gatewayCode: c.profile.gateway === 'flashpay' ? '00' : '0000', gatewayMessage: 'OK', error: null, resolution: 'answer', rawAnswerId: answer.rawAnswerId, nowMs: Date.now() });
      audit(c, { event: `action.${row.kind}.result`, outcome: 'succeeded', actionId, amount, request: answer.request, response: answer.response, raw: answer.raw, note: `the gateway answered success; the order is now ${describeStatus(c.profile.gateway, answer.statusAfter)}` });
    }).immediate();
    await queryOrderFresh(app, c.profile, order.order_no, policy).catch(() => undefined);
    return actions.get(actionId)!;
  } catch (err) {
    if (err instanceof GatewayError) return recordRefusalAnswer(app, c, row, err, policy);
    const answer = err instanceof UnclearAnswer ? err.answer : undefined;
    app.db.transaction(() => {
      actions.markUnknown(actionId, errorMessage(err), Date.now());
      audit(c, {
        event: `action.${row.kind}.unknown`,
        outcome: 'unknown',
        actionId,
        amount,
        response: answer?.response ?? '',
        raw: answer?.raw ?? (err instanceof MalformedAnswerError ? maskPans(err.excerpt) : ''),
        note: `no usable answer (${errorMessage(err)}); settling by re-query, never by sending again`,
      });
    }).immediate();
    if (!(err instanceof ReconError)) throw err;
    return settleAction(app, actionId, policy);
  }
}

/** The gateway said no. Re-query once: a "no" for an action that in fact happened must not stand. */
async function recordRefusalAnswer(app: App, c: AuditContext, row: ActionRow, err: GatewayError, policy: ActionPolicy): Promise<ActionRow> {
  const actions = new ActionStore(app.db);
  let after: string | null = null;
  try {
    after = (await queryOrderFresh(app, c.profile, row.order_no, policy)).order.status_code;
  } catch {
    after = null;
  }
  const happened = after !== null && judgeAfter(row.gateway, after) === 'happened';
  app.db.transaction(() => {
    actions.finish({
      id: row.id,
      from: 'SENT',
      state: happened ? 'SUCCEEDED' : 'FAILED',
      statusAfter: after,
      gatewayCode: err.gatewayCode,
      gatewayMessage: err.gatewayMessage,
      error: err.message,
      resolution: happened ? 'requery' : 'answer',
      rawAnswerId: null,
      nowMs: Date.now(),
    });
    audit(c, {
      event: `action.${row.kind}.result`,
      outcome: happened ? 'succeeded' : 'failed',
      actionId: row.id,
      amount: row.amount,
      response: JSON.stringify({ code: err.gatewayCode, message: err.gatewayMessage }),
      note: happened
        ? `the gateway answered ${err.gatewayCode} ${err.gatewayMessage}, but the order shows ${describeStatus(row.gateway, after!)}: it happened`
        : `the gateway refused: ${err.gatewayCode} ${err.gatewayMessage}`,
    });
  }).immediate();
  return actions.get(row.id)!;
}

/** A well-formed answer that does not say the action happened: treated like a lost answer. */
class UnclearAnswer extends ReconError {
  readonly answer: { response: string; raw: string };
  constructor(message: string, answer: { response: string; raw: string }) {
    super('malformed', message);
    this.answer = answer;
  }
}

export function actionOutcome(app: App, actionId: number): ActionOutcome {
  const row = new ActionStore(app.db).get(actionId);
  if (!row) throw new InputError(`no action #${actionId}`);
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
