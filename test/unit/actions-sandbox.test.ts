// Cancel and refund against the running sandboxes, over the real protocols: every allowed and refused
// case for both gateways, and lost answers (timeout, 5xx, truncated body, dropped connection, bad
// chk/signature) settled by re-query with the gateway seeing exactly one action. A lost request the
// gateway never applied is never declared failed by time: it stays unknown until a person settles it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ActionRefusedError } from '../../src-main/core/errors.ts';
import { formatCents } from '../../src-main/core/money.ts';
import { type ActionPolicy, executeAction, markNotApplied, previewAction, resolveUnknownActions } from '../../src-main/core/services/actions.ts';
import { setTypedAmountThreshold } from '../../src-main/core/services/action-settings.ts';
import { verifyAudit, listAudit } from '../../src-main/core/services/audit.ts';
import type { Profile } from '../../src-main/core/services/profiles.ts';
import { ActionStore } from '../../src-main/core/store/actions.ts';
import { OrderStore } from '../../src-main/core/store/orders.ts';
import type { Sandboxes } from '../../src-main/sandbox/index.ts';
import { tempApp } from '../support/app.ts';
import {
  type SandboxOrder,
  apiActions,
  armAfterQueries,
  armFault,
  clearFaults,
  firstBankOrders,
  flashPayOrders,
  newAuthorizedOrder,
  seedProfiles,
  startActionSandboxes,
} from '../support/action-sandbox.ts';

/** Short timeouts and re-query waits so lost answers settle in well under a second. */
const FAST: ActionPolicy = { timeoutMs: 1500, requeryDelaysMs: [100, 200, 300, 400] };

let sb: Sandboxes;
let app: ReturnType<typeof tempApp>;
let fp: Profile;
let fb: Profile;
const used = new Set<string>();

beforeAll(async () => {
  sb = await startActionSandboxes();
  app = tempApp({ shell: 'cli' });
  ({ fp, fb } = await seedProfiles(app, sb, { demo: true }));
}, 60_000);
afterAll(async () => {
  app?.cleanup();
  await sb?.close();
});
afterEach(async () => clearFaults(sb));

/** An order in `status` no other test used; First Bank ones must be in the cache (it cannot search). */
async function take(gateway: 'flashpay' | 'firstbank', status: string, filter: (o: SandboxOrder) => boolean = () => true): Promise<SandboxOrder> {
  if (gateway === 'flashpay' && status === '02') return newAuthorizedOrder(sb);
  const orders = gateway === 'flashpay' ? await flashPayOrders(sb) : await firstBankOrders(sb);
  const cache = new OrderStore(app.db);
  const known = (x: SandboxOrder) => gateway === 'flashpay' || cache.get(fb.id, x.orderNo)?.gateway_order_no;
  const o = orders.find((x) => x.status === status && !used.has(x.orderNo) && known(x) && filter(x));
  if (!o) throw new Error(`the sandbox has no unused ${gateway} order in status ${status}`);
  used.add(o.orderNo);
  return o;
}

function run(profile: Profile, o: SandboxOrder, kind: 'cancel' | 'refund', extra: { amount?: string; confirmed?: boolean; typedAmount?: string } = {}, policy: ActionPolicy = FAST) {
  const amount = extra.amount ?? formatCents(o.amountCents);
  return executeAction(
    app,
    { profile: profile.name, orderNo: o.orderNo, kind, amount, reason: 'customer asked', operator: 'test-op', confirmed: extra.confirmed ?? true, typedAmount: extra.typedAmount ?? amount },
    policy,
  );
}

async function refusal(p: Promise<unknown>): Promise<ActionRefusedError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ActionRefusedError);
  return err as ActionRefusedError;
}

describe('FlashPay tx_type 8', () => {
  it('cancels an authorized order (02 -> 12) after a preview, once', async () => {
    const o = await take('flashpay', '02');
    const p = await previewAction(app, { profile: 'fp', orderNo: o.orderNo });
    expect(p).toMatchObject({ allowed: true, kind: 'cancel', expected: 'void_authorization', amountCents: o.amountCents, gateway: 'flashpay', statusCode: '02' });
    const out = await run(fp, o, 'cancel');
    expect(out).toMatchObject({ state: 'SUCCEEDED', statusBefore: '02', statusAfter: '12', resolution: 'answer' });
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(1);
    expect(new OrderStore(app.db).get(fp.id, o.orderNo)?.status_code).toBe('12');
  });

  it.each([
    ['03', 'refund'],
    ['04', 'refund'],
    ['04', 'cancel'],
  ] as const)('turns tx_type 8 on a %s order into a refund (%s -> 06)', async (status, kind) => {
    const o = await take('flashpay', status);
    const p = await previewAction(app, { profile: 'fp', orderNo: o.orderNo, kind });
    expect(p).toMatchObject({ allowed: true, expected: 'refund_captured' });
    const out = await run(fp, o, kind);
    expect(out).toMatchObject({ state: 'SUCCEEDED', statusBefore: status, statusAfter: '06' });
    const seen = await apiActions(sb.flashpay.baseUrl, o.orderNo);
    expect(seen.map((a) => a.op)).toEqual(['refund']);
  });

  it.each([
    ['ZF', 'failed'],
    ['12', 'cancelled'],
    ['06', 'refunded'],
    ['08', 'refunded'],
  ])('refuses on %s (%s) before sending anything', async (status, code) => {
    const o = await take('flashpay', status);
    const p = await previewAction(app, { profile: 'fp', orderNo: o.orderNo });
    expect(p).toMatchObject({ allowed: false, refusal: code });
    const err = await refusal(run(fp, o, 'cancel'));
    expect(err.refusal).toBe(code);
    expect(err.message).toMatch(/nothing was sent/);
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(0);
  });

  it('refuses 00 and ZP (still authorizing / processing)', async () => {
    const orders = await flashPayOrders(sb);
    const pending = orders.filter((o) => (o.status === '00' || o.status === 'ZP') && !used.has(o.orderNo));
    expect(pending.length, 'the sandbox seeds pending orders').toBeGreaterThan(0);
    for (const o of pending.slice(0, 2)) {
      used.add(o.orderNo);
      const err = await refusal(run(fp, o, 'cancel'));
      expect(err.refusal).toBe('pending');
      expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(0);
    }
  });

  it('refuses a partial amount, pointing to the back-office, and refund on an uncaptured order', async () => {
    const o = await take('flashpay', '02');
    const partial = await refusal(run(fp, o, 'cancel', { amount: formatCents(o.amountCents - 100) }));
    expect(partial.refusal).toBe('partial_amount');
    expect(partial.message).toMatch(/back-office/);
    const wrongKind = await refusal(run(fp, o, 'refund'));
    expect(wrongKind.refusal).toBe('use_cancel');
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(0);
  });

  it('requires confirmation, and the typed amount at or above the threshold', async () => {
    const o = await take('flashpay', '02');
    expect((await refusal(run(fp, o, 'cancel', { confirmed: false }))).refusal).toBe('not_confirmed');
    setTypedAmountThreshold(app, 100);
    try {
      const p = await previewAction(app, { profile: 'fp', orderNo: o.orderNo });
      expect(p.requiresTypedAmount).toBe(true);
      expect((await refusal(run(fp, o, 'cancel', { typedAmount: '' }))).refusal).toBe('typed_amount');
      expect((await refusal(run(fp, o, 'cancel', { typedAmount: formatCents(o.amountCents + 1) }))).refusal).toBe('typed_amount');
      expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(0);
      const ok = await run(fp, o, 'cancel', { typedAmount: formatCents(o.amountCents, { grouped: true }) });
      expect(ok.state).toBe('SUCCEEDED');
    } finally {
      setTypedAmountThreshold(app, 1_000_000);
    }
  });

  it('allows one action per order at a time: a second one while the first is in flight is refused', async () => {
    const o = await take('flashpay', '02');
    await armAfterQueries(sb.flashpay.baseUrl, 'querytrade', 1, { kind: 'delay', ms: 800 });
    const first = run(fp, o, 'cancel');
    const actions = new ActionStore(app.db);
    for (let i = 0; i < 100 && actions.openFor(fp.id, o.orderNo)?.state !== 'SENT'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(actions.openFor(fp.id, o.orderNo)?.state).toBe('SENT');
    const second = await refusal(run(fp, o, 'cancel'));
    expect(second.refusal).toBe('in_progress');
    expect(second.message).toMatch(/an action on this order is in progress \(by test-op since .* Taipei\)/);
    expect((await first).state).toBe('SUCCEEDED');
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(1);
  });

  it.each(['truncate', 'drop-after-apply', 'badchk'])('a lost answer (%s) after the gateway acted is settled by re-query: one action', async (kind) => {
    const o = await take('flashpay', '02');
    await armAfterQueries(sb.flashpay.baseUrl, 'querytrade', 1, { kind });
    const out = await run(fp, o, 'cancel');
    expect(out).toMatchObject({ state: 'SUCCEEDED', resolution: 'requery', statusAfter: '12' });
    expect(out.requeries).toBeGreaterThanOrEqual(1);
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(1);
  });

  it.each(['timeout', 'http500'])('a lost request (%s) the gateway never applied stays UNKNOWN and blocks a retry; once a person marks it not applied, a retry acts once', async (kind) => {
    const o = await take('flashpay', '03');
    await armAfterQueries(sb.flashpay.baseUrl, 'querytrade', 1, { kind });
    const out = await run(fp, o, 'refund');
    expect(out).toMatchObject({ state: 'UNKNOWN', statusBefore: '03' });
    expect(out.message).toMatch(/back-office/);
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(0);
    expect((await refusal(run(fp, o, 'refund'))).refusal).toBe('in_progress');
    await markNotApplied(app, { actionId: out.actionId, reason: 'not in the back-office', operator: 'test-op' }, FAST);
    const again = await run(fp, o, 'refund');
    expect(again.state).toBe('SUCCEEDED');
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(1);
  });

  it('stays UNKNOWN while the gateway cannot be asked, refuses to send again, and settles later', async () => {
    const o = await take('flashpay', '02');
    // The cancel is dropped after applying, then every re-query fails.
    await armAfterQueries(sb.flashpay.baseUrl, 'querytrade', 1, { kind: 'drop-after-apply' });
    await armFault(sb.flashpay.baseUrl, { op: 'querytrade', kind: 'http500', count: 100 });
    const out = await run(fp, o, 'cancel');
    expect(out.state).toBe('UNKNOWN');
    expect(out.message).toMatch(/back-office/);
    expect(out.message).toMatch(/recon resolve/);
    const again = await refusal(run(fp, o, 'cancel'));
    expect(again.refusal).toBe('in_progress');
    expect(again.message).toMatch(/UNKNOWN/);
    await clearFaults(sb);
    const settled = await resolveUnknownActions(app, FAST);
    expect(settled.filter((x) => x.orderNo === o.orderNo)).toEqual([expect.objectContaining({ orderNo: o.orderNo, state: 'SUCCEEDED', statusAfter: '12' })]);
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(1);
  });

  it('decides from the fresh state: an order acted on since it was cached is refused', async () => {
    // The cache still says 02 after the first cancel's answer? No matter: the re-query before sending decides.
    const o = await take('flashpay', '02');
    await run(fp, o, 'cancel');
    const err = await refusal(run(fp, o, 'cancel'));
    expect(err.refusal).toBe('cancelled');
  });
});

describe('First Bank RefundProcessOnline', () => {
  it('refunds a paid order in full (2 -> 3 or 4), once', async () => {
    const o = await take('firstbank', '2', (x) => x.payType === 'CREDIT');
    const p = await previewAction(app, { profile: 'fb', orderNo: o.orderNo });
    expect(p).toMatchObject({ allowed: true, kind: 'refund', expected: 'refund_full', gateway: 'firstbank' });
    const out = await run(fb, o, 'refund');
    expect(out.state).toBe('SUCCEEDED');
    expect(['3', '4']).toContain(out.statusAfter);
    expect(await apiActions(sb.firstbank.baseUrl, o.orderNo)).toHaveLength(1);
  });

  it.each([
    ['0', 'not_paid'],
    ['1', 'cancelled'],
    ['3', 'refunded'],
    ['4', 'refund_pending'],
    ['6', 'failed'],
    ['7', 'amount_mismatch'],
  ])('refuses TransStatus %s (%s) before sending', async (status, code) => {
    const o = await take('firstbank', status);
    const err = await refusal(run(fb, o, 'refund'));
    expect(err.refusal).toBe(code);
    expect(await apiActions(sb.firstbank.baseUrl, o.orderNo)).toHaveLength(0);
  });

  it('refuses cancel (the API has none), partial amounts, and orders it does not know', async () => {
    const o = await take('firstbank', '2');
    const cancel = await refusal(run(fb, o, 'cancel'));
    expect(cancel.refusal).toBe('no_cancel_api');
    expect(cancel.message).toMatch(/recon refund/);
    const partial = await refusal(run(fb, o, 'refund', { amount: formatCents(o.amountCents - 100) }));
    expect(partial.refusal).toBe('partial_amount');
    expect(partial.message).toMatch(/back-office/);
    const unknown = await refusal(run(fb, { ...o, orderNo: 'NOSUCHORDER1' }, 'refund'));
    expect(unknown.refusal).toBe('not_known');
    expect(await apiActions(sb.firstbank.baseUrl, o.orderNo)).toHaveLength(0);
  });

  it.each(['truncate', 'drop-after-apply', 'badsig'])('a lost answer (%s) after the refund is settled by re-query: one refund', async (kind) => {
    const o = await take('firstbank', '2', (x) => x.payType === 'CREDIT');
    await armFault(sb.firstbank.baseUrl, { op: 'refund', kind });
    const out = await run(fb, o, 'refund');
    expect(out).toMatchObject({ state: 'SUCCEEDED', resolution: 'requery' });
    expect(await apiActions(sb.firstbank.baseUrl, o.orderNo)).toHaveLength(1);
  });

  it.each(['timeout', 'http500'])('a refund the platform never received (%s) stays UNKNOWN; marked not applied by a person, a retry refunds once', async (kind) => {
    const o = await take('firstbank', '2', (x) => x.payType === 'CREDIT');
    await armFault(sb.firstbank.baseUrl, { op: 'refund', kind });
    const out = await run(fb, o, 'refund');
    expect(out).toMatchObject({ state: 'UNKNOWN', statusBefore: '2' });
    expect(await apiActions(sb.firstbank.baseUrl, o.orderNo)).toHaveLength(0);
    await markNotApplied(app, { actionId: out.actionId, reason: 'not in the back-office', operator: 'test-op' }, FAST);
    expect((await run(fb, o, 'refund')).state).toBe('SUCCEEDED');
    expect(await apiActions(sb.firstbank.baseUrl, o.orderNo)).toHaveLength(1);
  });
});

describe('the audit trail', () => {
  it('records each attempt, refused ones included, never a secret, and its chain verifies', async () => {
    const o = await take('flashpay', '02');
    await refusal(run(fp, o, 'cancel', { confirmed: false }));
    await run(fp, o, 'cancel');
    const entries = listAudit(app, { orderNo: o.orderNo }, 0, 100).entries;
    expect(entries.map((e) => e.outcome).reverse()).toEqual(['refused', 'intent', 'sent', 'succeeded']);
    expect(entries.every((e) => e.operator === 'test-op')).toBe(true);
    expect(await verifyAudit(app)).toMatchObject({ ok: true });
    // Never a secret in the log.
    const all = listAudit(app, {}, 0, 10_000).entries.map((e) => JSON.stringify(e)).join('\n');
    expect(all).not.toContain(sb.flashpay.hashKey);
    expect(all).not.toContain(sb.flashpay.hashIv);
    expect(all).not.toContain(sb.firstbank.hashKey);
  });
});
