// Exactly once, in one process: a web shell taking N concurrent `actions:execute` calls on one order,
// a gateway that applies a cancel long after the console gave up on the answer, and idempotency keys
// bound to their request. The console talks to the sandboxes over HTTP through a counting proxy, so
// every money request that left is counted, the ones the gateway refused included.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRefusedError } from '../../src-main/core/errors.ts';
import { formatCents } from '../../src-main/core/money.ts';
import { type ActionPolicy, executeAction, markNotApplied, resolveUnknownActions } from '../../src-main/core/services/actions.ts';
import { listAudit, verifyAudit } from '../../src-main/core/services/audit.ts';
import { anchorAudit } from '../../src-main/core/audit-anchor.ts';
import { addProfile, type Profile } from '../../src-main/core/services/profiles.ts';
import type { Sandboxes } from '../../src-main/sandbox/index.ts';
import { type WebShell, startWebShell } from '../../src-main/shell/web/server.ts';
import { tempApp } from '../support/app.ts';
import { apiActions, firstBankOrders, newAuthorizedOrder, registerFirstBankOrders, startActionSandboxes } from '../support/action-sandbox.ts';
import { type CountingProxy, startCountingProxy } from '../support/counting-proxy.ts';
import { flashPayClient } from './sandbox/helpers.ts';

const N = 8;

let sb: Sandboxes;
let app: ReturnType<typeof tempApp>;
let fpProxy: CountingProxy;
let fbProxy: CountingProxy;
let fp: Profile;
let fb: Profile;
let shell: WebShell;
const usedFb = new Set<string>();

beforeAll(async () => {
  sb = await startActionSandboxes();
  fpProxy = await startCountingProxy(sb.flashpay.baseUrl, 'flashpay', sb.flashpay);
  fbProxy = await startCountingProxy(sb.firstbank.baseUrl, 'firstbank');
  app = tempApp({ shell: 'web' });
  expect(await anchorAudit(app)).toBe('anchored');
  fp = await addProfile(app, { name: 'fp', gateway: 'flashpay', environment: 'sandbox', tradeUrl: fpProxy.baseUrl, merchantId: sb.flashpay.merId, demo: true }, { hashKey: sb.flashpay.hashKey, hashIv: sb.flashpay.hashIv });
  fb = await addProfile(app, { name: 'fb', gateway: 'firstbank', environment: 'sandbox', tradeUrl: fbProxy.baseUrl, merchantId: sb.firstbank.platformId, demo: true }, { hashKey: sb.firstbank.hashKey });
  await registerFirstBankOrders(app, fb, sb);
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'recon-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>console</title>');
  shell = await startWebShell({ app, rendererDir });
}, 60_000);
afterAll(async () => {
  await shell?.close();
  await fpProxy?.close();
  await fbProxy?.close();
  app?.cleanup();
  await sb?.close();
});

async function paidFirstBankOrder() {
  const o = (await firstBankOrders(sb)).find((x) => x.status === '2' && x.payType === 'CREDIT' && !usedFb.has(x.orderNo));
  if (!o) throw new Error('no unused paid First Bank order');
  usedFb.add(o.orderNo);
  return o;
}

function journal(profileId: number, orderNo: string): Array<{ state: string; resolution: string | null }> {
  return app.db.prepare('SELECT state, resolution FROM actions WHERE profile_id = ? AND order_no = ? ORDER BY id').all(profileId, orderNo) as Array<{ state: string; resolution: string | null }>;
}

async function callShell(channel: string, payload: unknown): Promise<{ ok: boolean; result?: { state: string }; error?: { code: string; message: string } }> {
  const res = await fetch(`http://127.0.0.1:${shell.port}/api/call/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-recon-token': shell.token, origin: `http://127.0.0.1:${shell.port}` },
    body: JSON.stringify(payload),
  });
  return (await res.json()) as { ok: boolean; result?: { state: string }; error?: { code: string; message: string } };
}

describe(`${N} concurrent actions:execute calls on one order through the web shell`, () => {
  it.each(['flashpay', 'firstbank'] as const)('%s: exactly one request reaches the gateway and exactly one SUCCEEDED is recorded', async (gateway) => {
    const o = gateway === 'flashpay' ? await newAuthorizedOrder(sb) : await paidFirstBankOrder();
    const profile = gateway === 'flashpay' ? fp : fb;
    const proxy = gateway === 'flashpay' ? fpProxy : fbProxy;
    // Re-queries answer in a shuffled order, the way a busy gateway does.
    proxy.jitterQueries(800);
    try {
      const answers = await Promise.all(
        Array.from({ length: N }, (_, i) =>
          callShell('actions:execute', {
            profile: profile.name,
            orderNo: o.orderNo,
            kind: gateway === 'flashpay' ? 'cancel' : 'refund',
            amount: formatCents(o.amountCents),
            operator: `window-${i}`,
            confirmation: { confirmed: true, typedAmount: formatCents(o.amountCents) },
          }),
        ),
      );
      expect(proxy.moneyRequests(o.orderNo)).toHaveLength(1);
      expect(await apiActions(gateway === 'flashpay' ? sb.flashpay.baseUrl : sb.firstbank.baseUrl, o.orderNo)).toHaveLength(1);
      expect(answers.filter((a) => a.ok && a.result?.state === 'SUCCEEDED')).toHaveLength(1);
      const refused = answers.filter((a) => !a.ok);
      expect(refused).toHaveLength(N - 1);
      for (const r of refused) {
        expect(r.error?.code).toBe('refused');
        // Either it met the lock, or it came after the first had finished and saw the new status.
        expect(r.error?.message).toMatch(/an action on this order is in progress \(by window-\d since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d Taipei\)|already (cancelled|refunded)|refund is already in progress/);
      }
      expect(journal(profile.id, o.orderNo).filter((r) => r.state === 'SUCCEEDED')).toHaveLength(1);
      // Every attempt left an audit entry: one result, N - 1 refusals.
      const entries = listAudit(app, { orderNo: o.orderNo }, 0, 1000).entries;
      expect(entries.filter((e) => e.outcome === 'refused')).toHaveLength(N - 1);
      expect(entries.filter((e) => e.outcome === 'succeeded')).toHaveLength(1);
    } finally {
      proxy.jitterQueries(0);
    }
  });
});

describe('a gateway that applies a cancel long after the console stopped waiting', () => {
  const FAST: ActionPolicy = { timeoutMs: 800, requeryDelaysMs: [50, 100, 150] };

  it('stays UNKNOWN (never FAILED), refuses a retry, and becomes SUCCEEDED once the status shows it', async () => {
    const o = await newAuthorizedOrder(sb);
    fpProxy.holdNextMoney();
    const req = { profile: 'fp', orderNo: o.orderNo, kind: 'cancel' as const, amount: formatCents(o.amountCents), operator: 'amy', confirmed: true, typedAmount: formatCents(o.amountCents) };
    const first = await executeAction(app, req, FAST);
    // Every re-query still shows 02: that proves nothing while the request may yet be applied.
    expect(first.state).toBe('UNKNOWN');
    expect(first.message).toMatch(/UNKNOWN since .* Taipei/);
    expect(first.message).toMatch(/back-office/);
    expect(first.message).toMatch(/recon resolve --action \d+ --not-applied/);

    // However long it stays like that, time settles nothing: the start-up settling leaves it unknown too.
    expect((await resolveUnknownActions(app, FAST))[0]).toMatchObject({ actionId: first.actionId, state: 'UNKNOWN' });
    const retry = await executeAction(app, { ...req, operator: 'bob' }, FAST).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(retry).toBeInstanceOf(ActionRefusedError);
    expect((retry as ActionRefusedError).refusal).toBe('in_progress');
    expect((retry as ActionRefusedError).message).toMatch(/in progress \(by amy since .*\).*UNKNOWN/);
    expect(fpProxy.moneyRequests(o.orderNo)).toHaveLength(1);

    // The gateway finally applies it.
    expect(await fpProxy.deliverHeld()).toBe(200);
    const settled = await resolveUnknownActions(app, FAST);
    expect(settled).toEqual([expect.objectContaining({ actionId: first.actionId, state: 'SUCCEEDED', resolution: 'requery', statusAfter: '12' })]);
    expect(fpProxy.moneyRequests(o.orderNo)).toHaveLength(1);
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(1);
    expect(journal(fp.id, o.orderNo).map((r) => r.state)).toEqual(['SUCCEEDED']);
  });
});

describe("the gateway's refusal", () => {
  it('is recorded as FAILED even when the order, re-queried, shows the action done (by someone else)', async () => {
    const o = await newAuthorizedOrder(sb);
    // Between the console's re-query and its cancel, someone cancels the order in the back-office.
    fpProxy.beforeNextMoney(async () => {
      await flashPayClient(sb).cancel(o.orderNo, o.amountCents);
    });
    const out = await executeAction(app, { profile: 'fp', orderNo: o.orderNo, kind: 'cancel', amount: formatCents(o.amountCents), operator: 'amy', confirmed: true, typedAmount: formatCents(o.amountCents) });
    expect(out).toMatchObject({ state: 'FAILED', resolution: 'answer' });
    expect(out.gatewayCode).not.toBe('00');
    expect(out.message).toMatch(/refused by the gateway/);
    expect(fpProxy.moneyRequests(o.orderNo)).toHaveLength(1);
    expect(journal(fp.id, o.orderNo).map((r) => r.state)).toEqual(['FAILED']);
  });
});

describe('a person settles an unknown outcome', () => {
  const FAST: ActionPolicy = { timeoutMs: 800, requeryDelaysMs: [50] };

  it('marks it not applied (reason required, audited); the order can then be acted on again', async () => {
    const o = await newAuthorizedOrder(sb);
    fpProxy.holdNextMoney();
    const req = { profile: 'fp', orderNo: o.orderNo, kind: 'cancel' as const, amount: formatCents(o.amountCents), operator: 'amy', confirmed: true, typedAmount: formatCents(o.amountCents) };
    const lost = await executeAction(app, req, FAST);
    expect(lost.state).toBe('UNKNOWN');
    await expect(markNotApplied(app, { actionId: lost.actionId, reason: ' ', operator: 'carol' })).rejects.toThrow(/needs a reason/);
    const marked = await markNotApplied(app, { actionId: lost.actionId, reason: 'not in the FlashPay back-office at 15:20', operator: 'carol' }, FAST);
    expect(marked).toMatchObject({ state: 'FAILED', resolution: 'person' });
    expect(marked.message).toMatch(/marked not applied by a person/);
    const entry = listAudit(app, { orderNo: o.orderNo, operator: 'carol' }, 0).entries;
    expect(entry.map((e) => [e.event, e.outcome])).toEqual([['action.cancel.not-applied', 'failed']]);
    expect(entry[0]!.note).toContain('not in the FlashPay back-office at 15:20');
    // Marking a settled action is refused, and that attempt is audited too.
    await expect(markNotApplied(app, { actionId: lost.actionId, reason: 'again', operator: 'carol' })).rejects.toThrow(/already FAILED/);
    const retry = await executeAction(app, req, FAST);
    expect(retry.state).toBe('SUCCEEDED');
    expect(fpProxy.moneyRequests(o.orderNo)).toHaveLength(2);
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(1);
  });
});

describe('idempotency keys', () => {
  it('a repeated key returns the first outcome; the same key for another order, amount or kind is refused and audited', async () => {
    const a = await newAuthorizedOrder(sb);
    const b = await newAuthorizedOrder(sb);
    const key = '6f1c1d1e-8a4b-4c55-9e0f-0d1f2a3b4c5d';
    const req = (o: { orderNo: string; amountCents: number }) => ({ profile: 'fp', orderNo: o.orderNo, kind: 'cancel' as const, amount: formatCents(o.amountCents), operator: 'amy', confirmed: true, typedAmount: formatCents(o.amountCents), idempotencyKey: key });
    const first = await executeAction(app, req(a));
    expect(first.state).toBe('SUCCEEDED');
    const again = await executeAction(app, req(a));
    expect(again).toMatchObject({ actionId: first.actionId, state: 'SUCCEEDED' });

    const other = await executeAction(app, req(b)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(other).toBeInstanceOf(ActionRefusedError);
    expect((other as ActionRefusedError).refusal).toBe('idempotency_mismatch');
    expect((other as ActionRefusedError).message).toContain(`belongs to action #${first.actionId} (cancel of ${a.orderNo}`);
    expect(fpProxy.moneyRequests(a.orderNo)).toHaveLength(1);
    expect(fpProxy.moneyRequests(b.orderNo)).toHaveLength(0);
    const refusal = listAudit(app, { orderNo: b.orderNo, outcome: 'refused' }, 0).entries;
    expect(refusal.map((e) => e.note)).toEqual([expect.stringMatching(/^idempotency_mismatch: /)]);
  });

  it('refused input (amount "abc", an unknown profile) is audited too', async () => {
    const o = await newAuthorizedOrder(sb);
    const bad = await executeAction(app, { profile: 'fp', orderNo: o.orderNo, kind: 'cancel', amount: 'abc', operator: 'amy', confirmed: true }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((bad as Error).message).toMatch(/amount/);
    const noProfile = await executeAction(app, { profile: 'nope', orderNo: o.orderNo, kind: 'cancel', amount: '1', operator: 'amy', confirmed: true }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((noProfile as Error).message).toMatch(/no profile/);
    const entries = listAudit(app, { orderNo: o.orderNo, outcome: 'refused' }, 0).entries;
    expect(entries.map((e) => [e.profile, e.note.slice(0, 6)])).toEqual([
      ['nope', 'input:'],
      ['fp', 'input:'],
    ]);
    expect(fpProxy.moneyRequests(o.orderNo)).toHaveLength(0);
  });
});

describe('the actions journal is covered by the audit log', () => {
  it('a journal row changed or deleted behind the console is named by verify', async () => {
    const a = await newAuthorizedOrder(sb);
    const b = await newAuthorizedOrder(sb);
    const run = (o: { orderNo: string; amountCents: number }) =>
      executeAction(app, { profile: 'fp', orderNo: o.orderNo, kind: 'cancel', amount: formatCents(o.amountCents), operator: 'amy', confirmed: true, typedAmount: formatCents(o.amountCents) });
    const done = await run(a);
    const other = await run(b);
    expect((await verifyAudit(app)).ok).toBe(true);
    app.db.prepare("UPDATE actions SET state = 'FAILED', resolution = 'person' WHERE id = ?").run(done.actionId);
    app.db.prepare('DELETE FROM actions WHERE id = ?').run(other.actionId);
    const v = await verifyAudit(app);
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => [p.code, p.params.actionId])).toEqual([
      ['journal_changed', done.actionId],
      ['journal_missing', other.actionId],
    ]);
    expect(v.problems[0]!.message).toMatch(new RegExp(`action #${done.actionId} in the journal was changed after entry \\d+ recorded it`));
  });
});
