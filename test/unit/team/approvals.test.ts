// Issue #23 item 4: two-person approval of large cancels/refunds on a team server, on a real app (SQLite
// or PostgreSQL) talking to the real FlashPay sandbox over HTTP. Calls go through dispatchAs as signed-in
// people, as the team server makes them: a support clerk cancels below the threshold alone; at or above
// it the server refuses the cancel outright (nothing reaches the gateway) and only a request can be made;
// a different finance person approves it and exactly one cancel reaches the gateway, however many
// approve at once; rejections need a reason; an expired request cannot be approved; every step audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRefusedError, InputError, ReconError } from '../../../src-main/core/errors.ts';
import { formatCents } from '../../../src-main/core/money.ts';
import { addProfile } from '../../../src-main/core/services/profiles.ts';
import { approveRequest, approvalPolicy } from '../../../src-main/core/services/approvals.ts';
import { executeAction } from '../../../src-main/core/services/actions.ts';
import { runAsOperator } from '../../../src-main/core/operator-context.ts';
import { auditLog } from '../../../src-main/core/store/audit.ts';
import { approvalStore } from '../../../src-main/core/store/approvals.ts';
import type { Sandboxes } from '../../../src-main/sandbox/index.ts';
import { dispatchAs } from '../../../src-main/shell/handlers.ts';
import type { TeamUser } from '../../../src-main/core/services/accounts.ts';
import { msg, renderMessage } from '../../../src-main/contract/messages/render.ts';
import { tempApp } from '../../support/app.ts';
import { apiActions, armAfterQueries, clearFaults, newAuthorizedOrder, startActionSandboxes } from '../../support/action-sandbox.ts';

let sb: Sandboxes;
let app: ReturnType<typeof tempApp>;

const sam: TeamUser = { id: 1, name: 'sam', role: 'support' };
const fay: TeamUser = { id: 2, name: 'fay', role: 'finance' };
const fin: TeamUser = { id: 3, name: 'fin', role: 'finance' };
const ada: TeamUser = { id: 4, name: 'ada', role: 'admin' };
const vic: TeamUser = { id: 5, name: 'vic', role: 'viewer' };

/** The sandbox's order amounts are whole dollars; the threshold is set to NT$20,000 for these tests. */
const THRESHOLD_DOLLARS = 20_000;
const SMALL = 1_280;
const LARGE = 25_000;

interface View {
  id: number;
  state: string;
  requester: string;
  decidedBy: string | null;
  actionId: number | null;
  outcome: string | null;
  amountCents: number;
  expiresAtMs: number;
}

const call = (user: TeamUser, channel: string, payload: unknown) => dispatchAs(app, user, channel, payload);
const refusal = async (p: Promise<unknown>): Promise<ReconError> => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ReconError);
  return err as ReconError;
};
const cancel = (o: { orderNo: string; amountCents: number }) => ({
  profile: 'fp',
  orderNo: o.orderNo,
  kind: 'cancel',
  amount: formatCents(o.amountCents),
  operator: 'anyone',
  confirmation: { confirmed: true, typedAmount: formatCents(o.amountCents) },
});
const ask = (o: { orderNo: string; amountCents: number }, reason = 'customer returned the goods') => ({
  profile: 'fp',
  orderNo: o.orderNo,
  kind: 'cancel',
  amount: formatCents(o.amountCents),
  reason,
});
const events = (orderNo: string) =>
  auditLog(app.db)
    .list({ orderNo }, 0, 1000)
    .rows.reverse()
    .map((r) => ({ event: r.event, operator: r.operator, note: r.note }));

beforeAll(async () => {
  sb = await startActionSandboxes();
  app = tempApp({ shell: 'web' });
  await addProfile(app, { name: 'fp', gateway: 'flashpay', environment: 'sandbox', tradeUrl: sb.flashpay.baseUrl, merchantId: sb.flashpay.merId, demo: true }, { hashKey: sb.flashpay.hashKey, hashIv: sb.flashpay.hashIv });
}, 60_000);
afterAll(async () => {
  app?.cleanup();
  await sb?.close();
});

describe('the approval policy', () => {
  it('defaults to NT$50,000 and 24 hours; only an admin changes it; the channel says it applies on a team server', async () => {
    expect(approvalPolicy(app)).toEqual({ thresholdCents: 5_000_000, expiresHours: 24 });
    const err = await refusal(call(fay, 'approvals:setPolicy', { thresholdCents: 100, expiresHours: 1 }));
    expect(err.code).toBe('forbidden');
    expect(await call(ada, 'approvals:setPolicy', { thresholdCents: THRESHOLD_DOLLARS * 100, expiresHours: 24 })).toMatchObject({ thresholdCents: THRESHOLD_DOLLARS * 100, expiresHours: 24 });
    expect(await call(vic, 'approvals:policy', {})).toEqual({ thresholdCents: THRESHOLD_DOLLARS * 100, expiresHours: 24, applies: true, canApprove: false });
    expect(await call(fay, 'approvals:policy', {})).toMatchObject({ applies: true, canApprove: true });
    expect(auditLog(app.db).list({}, 0, 1000).rows.filter((r) => r.event === 'approval.policy').map((r) => r.operator)).toEqual(['ada']);
    const bad = await refusal(call(ada, 'approvals:setPolicy', { thresholdCents: -1, expiresHours: 24 }));
    expect(bad.code).toBe('input');
  });
});

describe('cancels and refunds on a team server', { timeout: 120_000 }, () => {
  it('below the threshold: support cancels alone', async () => {
    const o = await newAuthorizedOrder(sb, SMALL);
    const out = (await call(sam, 'actions:execute', cancel(o))) as { state: string; operator: string };
    expect(out).toMatchObject({ state: 'SUCCEEDED', operator: 'sam' });
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(1);
  });

  it('at or above it: execute is refused with approval_required, audited, and nothing reaches the gateway (even for an admin)', async () => {
    const o = await newAuthorizedOrder(sb, THRESHOLD_DOLLARS);
    for (const who of [sam, fay, ada]) {
      const err = await refusal(call(who, 'actions:execute', cancel(o)));
      expect(err).toBeInstanceOf(ActionRefusedError);
      expect((err as ActionRefusedError).refusal).toBe('approval_required');
      expect(renderMessage(err.msg!, 'zh-TW')).toContain('核准');
    }
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(0);
    expect(events(o.orderNo).filter((e) => e.event === 'action.cancel.refused' && e.note.startsWith('approval_required')).map((e) => e.operator)).toEqual(['sam', 'fay', 'ada']);
  });

  it('request -> the requester cannot approve -> another finance person approves -> exactly one cancel', async () => {
    const o = await newAuthorizedOrder(sb, LARGE);
    const req = (await call(sam, 'approvals:request', ask(o))) as View;
    expect(req).toMatchObject({ state: 'PENDING', requester: 'sam', amountCents: LARGE * 100, actionId: null });
    // A second request for the same order while one is pending is refused.
    const twice = await refusal(call(sam, 'approvals:request', ask(o)));
    expect((twice as ActionRefusedError).refusal).toBe('approval_pending');
    // A viewer cannot ask, a support clerk cannot approve.
    expect((await refusal(call(vic, 'approvals:request', ask(o)))).code).toBe('forbidden');
    expect((await refusal(call(sam, 'approvals:approve', { id: req.id, reason: 'ok' }))).code).toBe('forbidden');

    // fay asks for another order and cannot approve her own request.
    const o2 = await newAuthorizedOrder(sb, LARGE);
    const own = (await call(fay, 'approvals:request', ask(o2))) as View;
    const self = await refusal(call(fay, 'approvals:approve', { id: own.id, reason: 'mine' }));
    expect((self as ActionRefusedError).refusal).toBe('approval_same_person');
    expect(await apiActions(sb.flashpay.baseUrl, o2.orderNo)).toHaveLength(0);

    const done = (await call(fay, 'approvals:approve', { id: req.id, reason: 'checked the return slip' })) as View;
    expect(done).toMatchObject({ state: 'APPROVED', decidedBy: 'fay', outcome: 'SUCCEEDED' });
    expect(done.actionId).toBeGreaterThan(0);
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(1);
    // A repeat is refused (not pending any more) and sends nothing.
    const again = await refusal(call(fin, 'approvals:approve', { id: req.id, reason: 'again' }));
    expect((again as ActionRefusedError).refusal).toBe('approval_not_pending');
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(1);

    const trail = events(o.orderNo);
    expect(trail.find((e) => e.event === 'approval.requested')?.operator).toBe('sam');
    expect(trail.find((e) => e.event === 'approval.approved')?.operator).toBe('fay');
    // The audit page names these events in words, in both languages.
    expect(renderMessage(msg('audit.event', { family: 'approval', kind: '', stage: 'approved' }), 'zh-TW')).toBe('已核准');
    expect(renderMessage(msg('audit.event', { family: 'approval', kind: '', stage: 'requested' }), 'en')).toBe('Approval requested');
    // The action's own entries name both people.
    const result = trail.find((e) => e.event === 'action.cancel.result')!;
    expect(result.operator).toBe('fay');
    expect(result.note).toMatch(/requested by sam, approved by fay/);

    // Support sees their own requests, finance all of them.
    const samSees = (await call(sam, 'approvals:list', {})) as View[];
    expect(samSees.every((r) => r.requester === 'sam')).toBe(true);
    expect(samSees.map((r) => r.id)).toContain(req.id);
    const faySees = (await call(fay, 'approvals:list', {})) as View[];
    expect(faySees.map((r) => r.id)).toEqual(expect.arrayContaining([req.id, own.id]));
  });

  it('what became of an approved request is read from the action journal: a cancel that went through is never shown as an error', async () => {
    const o = await newAuthorizedOrder(sb, LARGE);
    const req = (await call(sam, 'approvals:request', ask(o))) as View;
    // Saving the outcome on the request fails once (a lost database connection, say) after the cancel went out.
    const store = approvalStore(app.db);
    const original = store.recordOutcome;
    store.recordOutcome = () => {
      throw new Error('connection lost while saving');
    };
    let answered: View;
    try {
      answered = (await call(fay, 'approvals:approve', { id: req.id, reason: 'ok' })) as View;
    } finally {
      store.recordOutcome = original;
    }
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(1);
    expect(answered).toMatchObject({ state: 'APPROVED', outcome: 'SUCCEEDED' });
    expect(answered.actionId).toBeGreaterThan(0);
    const listed = ((await call(fay, 'approvals:list', {})) as View[]).find((r) => r.id === req.id)!;
    expect(listed).toMatchObject({ state: 'APPROVED', outcome: 'SUCCEEDED', actionId: answered.actionId });
  });

  it('two finance people approving at once: exactly one wins and one cancel reaches the gateway', async () => {
    const o = await newAuthorizedOrder(sb, LARGE);
    const req = (await call(sam, 'approvals:request', ask(o))) as View;
    const answers = await Promise.allSettled([call(fay, 'approvals:approve', { id: req.id, reason: 'ok' }), call(fin, 'approvals:approve', { id: req.id, reason: 'ok too' })]);
    expect(answers.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    const lost = answers.find((a) => a.status === 'rejected')!;
    expect(((lost as PromiseRejectedResult).reason as ActionRefusedError).refusal).toBe('approval_not_pending');
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(1);
    expect(events(o.orderNo).filter((e) => e.event === 'approval.approved')).toHaveLength(1);
  });

  it('reject needs a reason, is final, and nothing is sent', async () => {
    const o = await newAuthorizedOrder(sb, LARGE);
    const req = (await call(sam, 'approvals:request', ask(o))) as View;
    const noReason = await refusal(call(fin, 'approvals:reject', { id: req.id, reason: '   ' }));
    expect(noReason).toBeInstanceOf(InputError);
    const rejected = (await call(fin, 'approvals:reject', { id: req.id, reason: 'no return slip' })) as View;
    expect(rejected).toMatchObject({ state: 'REJECTED', decidedBy: 'fin' });
    expect((await refusal(call(fay, 'approvals:approve', { id: req.id, reason: 'ok' })) as ActionRefusedError).refusal).toBe('approval_not_pending');
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(0);
    expect(events(o.orderNo).find((e) => e.event === 'approval.rejected')).toMatchObject({ operator: 'fin', note: expect.stringContaining('no return slip') });
    // The order is free for a new request once the last one is decided.
    expect(((await call(sam, 'approvals:request', ask(o))) as View).state).toBe('PENDING');
  });

  it('an expired request cannot be approved; it is marked EXPIRED and audited', async () => {
    const o = await newAuthorizedOrder(sb, LARGE);
    const req = (await call(sam, 'approvals:request', ask(o))) as View;
    expect(req.expiresAtMs - Date.now()).toBeGreaterThan(23 * 3600_000);
    const later = { nowMs: req.expiresAtMs };
    const err = await refusal(runAsOperator({ name: 'fay', role: 'finance' }, () => approveRequest(app, { id: req.id, reason: 'late' }, {}, later)));
    expect((err as ActionRefusedError).refusal).toBe('approval_expired');
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(0);
    const seen = ((await call(fay, 'approvals:list', {})) as View[]).find((r) => r.id === req.id);
    expect(seen?.state).toBe('EXPIRED');
    expect(events(o.orderNo).filter((e) => e.event === 'approval.expired')).toHaveLength(1);
  });

  it('a request is validated like an action: a positive amount, a known profile, no open action', async () => {
    const o = await newAuthorizedOrder(sb, SMALL);
    expect((await refusal(call(sam, 'approvals:request', { ...ask(o), amount: '0' }))).code).toBe('input');
    expect((await refusal(call(sam, 'approvals:request', { ...ask(o), profile: 'nope' }))).code).not.toBe('forbidden');
  });

  it('an approval re-queries the order under the lock: one cancelled meanwhile is refused, recorded, nothing more sent', async () => {
    const o = await newAuthorizedOrder(sb, LARGE);
    const req = (await call(sam, 'approvals:request', ask(o))) as View;
    // Meanwhile the order is cancelled another way (here the single-user CLI path, which asks no approval).
    expect(await executeAction(app, { profile: 'fp', orderNo: o.orderNo, kind: 'cancel', amount: o.amountCents, confirmed: true, typedAmount: formatCents(o.amountCents), operator: 'desk' })).toMatchObject({ state: 'SUCCEEDED' });
    const err = await refusal(call(fay, 'approvals:approve', { id: req.id, reason: 'ok' }));
    expect((err as ActionRefusedError).refusal).toBe('cancelled');
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(1);
    const seen = ((await call(fay, 'approvals:list', {})) as View[]).find((r) => r.id === req.id)!;
    expect(seen).toMatchObject({ state: 'APPROVED', decidedBy: 'fay', outcome: 'REFUSED' });
    expect(seen.actionId).toBeGreaterThan(0);
  });

  it('a request is refused while an action on the order is in flight', async () => {
    const o = await newAuthorizedOrder(sb, SMALL);
    // The cancel's money call (after its re-query) answers slowly: the action stays open meanwhile.
    await armAfterQueries(sb.flashpay.baseUrl, 'querytrade', 1, { kind: 'delay', ms: 1500 });
    try {
      const running = call(sam, 'actions:execute', cancel(o));
      await new Promise((r) => setTimeout(r, 400));
      const busy = await refusal(call(sam, 'approvals:request', ask(o)));
      expect((busy as ActionRefusedError).refusal).toBe('in_progress');
      expect(await running).toMatchObject({ state: 'SUCCEEDED' });
    } finally {
      await clearFaults(sb);
    }
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(1);
    expect(events(o.orderNo).some((e) => e.event === 'approval.refused' && e.note.startsWith('in_progress'))).toBe(true);
  });
});
