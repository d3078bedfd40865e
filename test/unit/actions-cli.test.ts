// `recon cancel|refund|resolve` as real processes against the sandboxes, with a private keychain: exit
// codes, the one-action-per-order lock across processes, and a CLI killed mid-action whose SENT row
// the next run settles by re-query (or a person marks not applied), the gateway seeing exactly one action.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatCents } from '../../src-main/core/money.ts';
import type { Sandboxes } from '../../src-main/sandbox/index.ts';
import { type SandboxOrder, apiActions, armAfterQueries, clearFaults, flashPayOrders, newAuthorizedOrder, startActionSandboxes } from '../support/action-sandbox.ts';
import { runRecon } from '../support/cli.ts';
import { dropTrigger, engineEnvFor, rawDb } from '../support/data-folder.ts';
import type { Db } from '../../src-main/core/store/db.ts';
import { repoRoot } from '../support/console-process.ts';
import { type PrivateKeyring, keyringAvailable, startPrivateKeyring } from '../support/keyring.ts';

const available = keyringAvailable();

describe.runIf(available.ok)('recon cancel / refund / resolve', { timeout: 180_000 }, () => {
  let keyring: PrivateKeyring;
  let sb: Sandboxes;
  let dataDir: string;
  let env: Record<string, string>;
  const recon = (args: string[], timeoutMs = 60_000) => runRecon(args, { env, timeoutMs });
  const cancelArgs = (o: SandboxOrder, amount = formatCents(o.amountCents)) => ['cancel', '--profile', 'fp', '--order', o.orderNo, '--amount', amount, '--operator', 'cli-test', '--reason', 'test'];

  function db(): Db {
    return rawDb(dataDir);
  }
  function actionRows(orderNo: string): Array<{ id: number; state: string; resolution: string | null; owner: string }> {
    const d = db();
    try {
      return d.prepare('SELECT id, state, resolution, owner FROM actions WHERE order_no = ? ORDER BY id').all(orderNo) as Array<{ id: number; state: string; resolution: string | null; owner: string }>;
    } finally {
      d.close();
    }
  }
  async function waitForState(orderNo: string, state: string): Promise<void> {
    for (let i = 0; i < 300; i++) {
      if (actionRows(orderNo).some((r) => r.state === state)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no ${state} action on ${orderNo}`);
  }
  function spawnRecon(args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> } {
    const child = spawn(process.execPath, ['bin/recon.mjs', ...args], { cwd: repoRoot, env: { ...process.env, ...env, ...engineEnvFor(dataDir) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, out })));
    return { child, done };
  }

  beforeAll(async () => {
    keyring = await startPrivateKeyring();
    sb = await startActionSandboxes();
  }, 60_000);
  afterAll(async () => {
    await sb?.close();
    await keyring?.stop();
  });
  // Each test has a console of its own (database, audit log, keychain entry): `recon resolve` settles
  // every open action and a tampered log stays broken, so a shared one would tie tests to their order.
  let tests = 0;
  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'recon-actions-cli-'));
    env = { ...keyring.env, RECON_DATA_DIR: dataDir, RECON_KEYCHAIN_SERVICE: `recon-actions-test-${process.pid}-${++tests}` };
    const added = await runRecon(['profile', 'add', '--name', 'fp', '--gateway', 'flashpay', '--base-url', sb.flashpay.baseUrl, '--merchant-id', sb.flashpay.merId], {
      env: { ...env, RECON_HASH_KEY: sb.flashpay.hashKey, RECON_HASH_IV: sb.flashpay.hashIv },
    });
    expect(added.code, added.stderr).toBe(0);
  }, 60_000);
  afterEach(async () => {
    await clearFaults(sb);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits 2, sending nothing, without --yes, with a partial amount, or on a status that does not allow it', async () => {
    const o = await newAuthorizedOrder(sb);
    const noYes = await recon(cancelArgs(o));
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toMatch(/would cancel .* 02 授權成功/);
    expect(noYes.stderr).toMatch(/not confirmed .*--yes/);
    const partial = await recon([...cancelArgs(o, formatCents(o.amountCents - 100)), '--yes']);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toMatch(/full order amount .*back-office/);
    const refund = await recon(['refund', '--profile', 'fp', '--order', o.orderNo, '--amount', formatCents(o.amountCents), '--yes']);
    expect(refund.code).toBe(2);
    expect(refund.stderr).toMatch(/recon cancel/);
    // A seeded cancelled order, not one another test cancelled through the API.
    let cancelled: SandboxOrder | undefined;
    for (const x of (await flashPayOrders(sb)).filter((x) => x.status === '12')) {
      if ((await apiActions(sb.flashpay.baseUrl, x.orderNo)).length === 0) {
        cancelled = x;
        break;
      }
    }
    if (!cancelled) throw new Error('the sandbox seeds no cancelled FlashPay order');
    const done = await recon([...cancelArgs(cancelled), '--yes']);
    expect(done.code).toBe(2);
    expect(done.stderr).toMatch(/already cancelled/);
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(0);
    expect(await apiActions(sb.flashpay.baseUrl, cancelled.orderNo)).toHaveLength(0);
  });

  it('exits 0 on success, then 2 for the same cancel again', async () => {
    const o = await newAuthorizedOrder(sb);
    const ok = await recon([...cancelArgs(o), '--yes', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ state: 'SUCCEEDED', statusAfter: '12', operator: 'cli-test' });
    const again = await recon([...cancelArgs(o), '--yes']);
    expect(again.code).toBe(2);
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(1);
  });

  it('refuses a second process while the first has the action in flight', async () => {
    const o = await newAuthorizedOrder(sb);
    // Held long enough that the second process, which takes seconds to start on a busy machine, finds it in flight.
    await armAfterQueries(sb.flashpay.baseUrl, 'querytrade', 1, { kind: 'delay', ms: 15000 });
    const first = spawnRecon([...cancelArgs(o), '--yes']);
    await waitForState(o.orderNo, 'SENT');
    const second = await recon([...cancelArgs(o), '--yes']);
    expect(second.code).toBe(2);
    expect(second.stderr, second.stderr).toMatch(/an action on this order is in progress \(by cli-test since .* Taipei\)/);
    const firstDone = await first.done;
    expect(firstDone.code, firstDone.out).toBe(0);
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(1);
  });

  it('a CLI killed after SENT (request held, never applied): the next run settles it, then acts once', async () => {
    const o = await newAuthorizedOrder(sb);
    await armAfterQueries(sb.flashpay.baseUrl, 'querytrade', 1, { kind: 'timeout' });
    const victim = spawnRecon([...cancelArgs(o), '--yes']);
    await waitForState(o.orderNo, 'SENT');
    victim.child.kill('SIGKILL');
    expect((await victim.done).signal).toBe('SIGKILL');
    expect(actionRows(o.orderNo).map((r) => r.state)).toEqual(['SENT']);
    await clearFaults(sb);

    // An unchanged status proves nothing (the request may yet be applied): still unknown, exit 3, with advice.
    const early = await recon(['resolve']);
    expect(early.code).toBe(3);
    expect(early.stdout).toMatch(/UNKNOWN since .* Taipei/);
    expect(early.stdout).toMatch(/back-office.*recon resolve/s);
    const [row] = actionRows(o.orderNo);
    expect(row!.state).toBe('UNKNOWN');
    const listed = await recon(['resolve', '--list']);
    expect(listed.code).toBe(3);
    expect(listed.stdout).toContain(`#${row!.id} UNKNOWN`);
    const blocked = await recon([...cancelArgs(o), '--yes']);
    expect(blocked.code).toBe(2);
    expect(blocked.stderr).toMatch(/in progress \(by cli-test since .*UNKNOWN/);

    // A person checks the back-office, finds nothing, and says so; only then can it be sent again.
    const marked = await recon(['resolve', '--action', String(row!.id), '--not-applied', '--reason', 'not in the back-office', '--operator', 'carol']);
    expect(marked.code, marked.stderr).toBe(0);
    expect(marked.stdout).toMatch(/FAILED: .*marked not applied by a person/);
    const next = await recon([...cancelArgs(o), '--yes']);
    expect(next.code, next.stderr).toBe(0);
    expect(actionRows(o.orderNo).map((r) => [r.state, r.resolution])).toEqual([
      ['FAILED', 'person'],
      ['SUCCEEDED', 'answer'],
    ]);
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(1);
  });

  it('a CLI killed while the gateway is still applying: the next start finds it done, exactly one action', async () => {
    const o = await newAuthorizedOrder(sb);
    // The cancel is answered (and applied) only after 1.5 s; the CLI dies before that.
    await armAfterQueries(sb.flashpay.baseUrl, 'querytrade', 1, { kind: 'delay', ms: 1500 });
    const victim = spawnRecon([...cancelArgs(o), '--yes']);
    await waitForState(o.orderNo, 'SENT');
    // SENT is journaled just before the request leaves: kill only once the gateway holds it (the
    // delay fault is consumed), else the cancel may never arrive and there is nothing to find.
    for (let i = 0; i < 200; i++) {
      const { faults } = (await (await fetch(`${sb.flashpay.baseUrl}/_sandbox/faults`)).json()) as { faults: Array<{ kind: string; ms?: number }> };
      if (!faults.some((f) => f.kind === 'delay' && f.ms === 1500)) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    victim.child.kill('SIGKILL');
    await victim.done;
    await new Promise((r) => setTimeout(r, 2000));
    const resolved = await recon(['resolve', '--json']);
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(JSON.parse(resolved.stdout)).toEqual([expect.objectContaining({ orderNo: o.orderNo, state: 'SUCCEEDED', statusAfter: '12', resolution: 'requery' })]);
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(1);
    const again = await recon([...cancelArgs(o), '--yes']);
    expect(again.code).toBe(2);
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(1);
  });

  it('keeps every attempt in an audit log that verifies, exports, and names a tampered entry', async () => {
    const o = await newAuthorizedOrder(sb);
    expect((await recon([...cancelArgs(o), '--yes'])).code).toBe(0);
    const ok = await recon(['audit', 'verify']);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/chain intact, sealed with this install's audit key/);
    const out = path.join(dataDir, 'audit.csv');
    const exported = await recon(['audit', 'export', '--out', out, '--order', o.orderNo]);
    expect(exported.code).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFseq,time_taipei,operator,shell,event,outcome,profile,gateway,order_no,action_id,amount,request,response,note,prev_hash,hash,mac');
    expect(csv).toMatch(/action\.cancel\.intent.*\r\n.*action\.cancel\.sent.*\r\n.*action\.cancel\.result/s);
    expect(csv).not.toContain(sb.flashpay.hashKey);
    // Each row carries its MAC, so an export carries the chain's head with it.
    expect(csv.trim().split('\r\n').at(-1)).toMatch(/,[0-9a-f]{64},[0-9a-f]{64}$/);

    const d = db();
    const seq = d.prepare("SELECT seq FROM audit_log WHERE order_no = ? AND event = 'action.cancel.result'").pluck().get(o.orderNo) as number;
    expect(() => d.prepare('UPDATE audit_log SET amount = 1 WHERE seq = ?').run(seq)).toThrow(/append-only/);
    expect(() => d.prepare('DELETE FROM audit_log WHERE seq = ?').run(seq)).toThrow(/append-only/);
    dropTrigger(d, 'audit_log_no_update', 'audit_log');
    d.prepare('UPDATE audit_log SET amount = 1 WHERE seq = ?').run(seq);
    d.close();
    const broken = await recon(['audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(new RegExp(`AUDIT LOG BROKEN: entry ${seq}: its content was changed`));
  });
});
