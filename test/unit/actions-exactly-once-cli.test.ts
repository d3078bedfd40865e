// Exactly once across processes: N `recon cancel` processes on one order, and a disk that fills up
// right after the cancel left. Real `recon` processes, a private keychain, the FlashPay sandbox over
// HTTP behind a counting proxy that sees every money request, refused ones included.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCents } from '../../src-main/core/money.ts';
import type { Sandboxes } from '../../src-main/sandbox/index.ts';
import { type SandboxOrder, apiActions, newAuthorizedOrder, startActionSandboxes } from '../support/action-sandbox.ts';
import { runRecon } from '../support/cli.ts';
import { rawDb } from '../support/data-folder.ts';
import { type CountingProxy, startCountingProxy } from '../support/counting-proxy.ts';
import { type PrivateKeyring, keyringAvailable, startPrivateKeyring } from '../support/keyring.ts';

const N = 8;

describe.runIf(keyringAvailable().ok)('recon cancel, exactly once across processes', { timeout: 180_000 }, () => {
  let keyring: PrivateKeyring;
  let sb: Sandboxes;
  let proxy: CountingProxy;
  let dataDir: string;
  let env: Record<string, string>;
  const cancelArgs = (o: SandboxOrder, operator: string) => ['cancel', '--profile', 'fp', '--order', o.orderNo, '--amount', formatCents(o.amountCents), '--operator', operator, '--yes'];

  function journal(orderNo: string): Array<{ id: number; state: string; resolution: string | null }> {
    const d = rawDb(dataDir, { readonly: true });
    try {
      return d.prepare('SELECT id, state, resolution FROM actions WHERE order_no = ? ORDER BY id').all(orderNo) as Array<{ id: number; state: string; resolution: string | null }>;
    } finally {
      d.close();
    }
  }

  beforeAll(async () => {
    keyring = await startPrivateKeyring();
    sb = await startActionSandboxes();
    proxy = await startCountingProxy(sb.flashpay.baseUrl, 'flashpay', sb.flashpay);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'recon-once-cli-'));
    env = { ...keyring.env, RECON_DATA_DIR: dataDir, RECON_KEYCHAIN_SERVICE: `recon-once-test-${process.pid}` };
    const added = await runRecon(['profile', 'add', '--name', 'fp', '--gateway', 'flashpay', '--base-url', proxy.baseUrl, '--merchant-id', sb.flashpay.merId], {
      env: { ...env, RECON_HASH_KEY: sb.flashpay.hashKey, RECON_HASH_IV: sb.flashpay.hashIv },
    });
    expect(added.code, added.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await proxy?.close();
    await sb?.close();
    await keyring?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(`${N} parallel processes on one order: one request reaches the gateway, one SUCCEEDED, the others exit 2`, async () => {
    const o = await newAuthorizedOrder(sb);
    proxy.jitterQueries(4000);
    try {
      const results = await Promise.all(Array.from({ length: N }, (_, i) => runRecon(cancelArgs(o, `cli-${i}`), { env, timeoutMs: 90_000 })));
      expect(proxy.moneyRequests(o.orderNo)).toHaveLength(1);
      expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(1);
      expect(results.map((r) => r.code).sort()).toEqual([0, ...Array<number>(N - 1).fill(2)]);
      for (const r of results.filter((x) => x.code === 2)) {
        expect(r.stderr).toMatch(/an action on this order is in progress \(by cli-\d since .* Taipei\)|already cancelled/);
      }
      expect(journal(o.orderNo).filter((r) => r.state === 'SUCCEEDED')).toHaveLength(1);
      const verify = await runRecon(['audit', 'verify'], { env });
      expect(verify.code, verify.stdout).toBe(0);
    } finally {
      proxy.jitterQueries(0);
    }
  }, 120_000);

  it('the disk fills up after the cancel left: exit 3 with the unknown-outcome message; the next start settles it by re-query', async () => {
    const o = await newAuthorizedOrder(sb);
    const full = await runRecon(cancelArgs(o, 'amy'), { env: { ...env, RECON_TEST_FAULT: 'disk-full-after-send' } });
    expect(full.code, full.stdout + full.stderr).toBe(3);
    // The fault as each engine says it: SQLite's full disk, the team database's read-only session.
    expect(full.stdout).toMatch(/UNKNOWN: cancel of .* was sent, but its outcome is UNKNOWN \(.*(database or disk is full|read-only transaction)/);
    expect(full.stdout).toMatch(/Do not send it again/);
    // The gateway did cancel it; the journal could only say SENT.
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(1);
    expect(journal(o.orderNo).map((r) => r.state)).toEqual(['SENT']);

    const next = await runRecon(['resolve', '--json'], { env });
    expect(next.code, next.stderr).toBe(0);
    expect(JSON.parse(next.stdout)).toEqual([expect.objectContaining({ orderNo: o.orderNo, state: 'SUCCEEDED', resolution: 'requery', statusAfter: '12' })]);
    expect(journal(o.orderNo).map((r) => [r.state, r.resolution])).toEqual([['SUCCEEDED', 'requery']]);
    const again = await runRecon(cancelArgs(o, 'amy'), { env });
    expect(again.code).toBe(2);
    expect(proxy.moneyRequests(o.orderNo)).toHaveLength(1);
    const verify = await runRecon(['audit', 'verify'], { env });
    expect(verify.code, verify.stdout).toBe(0);
  }, 60_000);

  it('an idempotency key reused for another order is refused (exit 2) and audited; nothing is sent', async () => {
    const a = await newAuthorizedOrder(sb);
    const b = await newAuthorizedOrder(sb);
    const key = ['--idempotency-key', `k-${process.pid}-${Date.now()}`];
    const first = await runRecon([...cancelArgs(a, 'amy'), ...key], { env });
    expect(first.code, first.stderr).toBe(0);
    const repeat = await runRecon([...cancelArgs(a, 'amy'), ...key, '--json'], { env });
    expect(repeat.code).toBe(0);
    expect(JSON.parse(repeat.stdout)).toMatchObject({ state: 'SUCCEEDED', orderNo: a.orderNo });
    const reused = await runRecon([...cancelArgs(b, 'amy'), ...key], { env });
    expect(reused.code).toBe(2);
    expect(reused.stderr).toMatch(/idempotency key .* belongs to action #\d+ \(cancel of .*\); a different request needs a new key/);
    expect(proxy.moneyRequests(a.orderNo)).toHaveLength(1);
    expect(proxy.moneyRequests(b.orderNo)).toHaveLength(0);
    const out = path.join(dataDir, 'refused.csv');
    expect((await runRecon(['audit', 'export', '--out', out, '--order', b.orderNo, '--outcome', 'refused'], { env })).code).toBe(0);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(out, 'utf8')).toMatch(/idempotency_mismatch/);
  }, 60_000);

  it('marking not applied needs an action and a reason (exit 2)', async () => {
    const noAction = await runRecon(['resolve', '--not-applied', '--reason', 'checked'], { env });
    expect(noAction.code).toBe(2);
    expect(noAction.stderr).toMatch(/--not-applied needs --action/);
    const noReason = await runRecon(['resolve', '--action', '1', '--not-applied'], { env });
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/needs --reason/);
  });
});
