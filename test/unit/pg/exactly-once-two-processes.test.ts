// Exactly once across machines on one team database: `recon refund` of the same order fired at once
// from console processes with separate data folders (so no file lock coordinates them, as on two
// desktops) on one PostgreSQL database. Only the database can hold the order's lock: the INTENT row
// under the partial unique index "one open action per order", committed before the deciding
// re-query. A counting proxy sees every money request that reaches the FlashPay sandbox.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCents } from '../../../src-main/core/money.ts';
import type { Sandboxes } from '../../../src-main/sandbox/index.ts';
import { connectPostgres } from '../../../src-main/core/store/pg/open.ts';
import { apiActions, flashPayOrders, newAuthorizedOrder, startActionSandboxes } from '../../support/action-sandbox.ts';
import { runRecon } from '../../support/cli.ts';
import { type CountingProxy, startCountingProxy } from '../../support/counting-proxy.ts';
import { type PrivateKeyring, keyringAvailable, startPrivateKeyring } from '../../support/keyring.ts';
import { dropPgDatabase, freshPgUrl, pgSkipReason, pgUrl } from '../../support/pg.ts';
import { advanceHours } from '../sandbox/helpers.ts';

const PER_MACHINE = 3;
const keyring = keyringAvailable();
const why = !pgUrl ? pgSkipReason : !keyring.ok ? 'no keychain' : '';

describe.runIf(!why)(`recon refund on one PostgreSQL database from two machines${why ? ` (skipped: ${why})` : ''}`, { timeout: 180_000 }, () => {
  let ring: PrivateKeyring;
  let sb: Sandboxes;
  let proxy: CountingProxy;
  let url: string;
  const dirs: string[] = [];
  let machines: Array<Record<string, string>>;

  function journal(orderNo: string): Array<{ state: string; operator: string }> {
    const db = connectPostgres(url);
    try {
      return db.prepare('SELECT state, operator FROM actions WHERE order_no = @orderNo ORDER BY id').all({ orderNo }) as Array<{ state: string; operator: string }>;
    } finally {
      db.close();
    }
  }

  beforeAll(async () => {
    ring = await startPrivateKeyring();
    sb = await startActionSandboxes();
    proxy = await startCountingProxy(sb.flashpay.baseUrl, 'flashpay', sb.flashpay);
    url = freshPgUrl({ migrated: true });
    machines = ['desk-a', 'desk-b'].map((name) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), `recon-${name}-`));
      dirs.push(dir);
      return { ...ring.env, RECON_DATA_DIR: dir, RECON_DATABASE_URL: url, RECON_KEYCHAIN_SERVICE: `recon-team-test-${process.pid}` };
    });
    const added = await runRecon(['profile', 'add', '--name', 'fp', '--gateway', 'flashpay', '--base-url', proxy.baseUrl, '--merchant-id', sb.flashpay.merId], {
      env: { ...machines[0]!, RECON_HASH_KEY: sb.flashpay.hashKey, RECON_HASH_IV: sb.flashpay.hashIv },
    });
    expect(added.code, added.stderr).toBe(0);
    // The second desktop sees the profile through the shared database, not through its own folder.
    const listed = await runRecon(['profile', 'list', '--json'], { env: machines[1]! });
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ name: 'fp', gateway: 'flashpay' })]);
  }, 90_000);
  afterAll(async () => {
    await proxy?.close();
    await sb?.close();
    await ring?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    if (url) dropPgDatabase(url);
  });

  it(`${2 * PER_MACHINE} processes on two machines refund one order: one request reaches the gateway, one SUCCEEDED`, async () => {
    const o = await newAuthorizedOrder(sb);
    // Past the Taipei day's end the sandbox captures it (02 -> 03): a refund is allowed now.
    await advanceHours(sb.flashpay.baseUrl, 10);
    expect((await flashPayOrders(sb)).find((x) => x.orderNo === o.orderNo)?.status).toBe('03');
    const runs = machines.flatMap((env, m) =>
      Array.from({ length: PER_MACHINE }, (_, i) =>
        // Each claim pauses between its check for an open action and its INTENT row (fault-hooks.ts), so all
        // of them reach the check before any INTENT exists: only a database lock keeps the others out.
        runRecon(['refund', '--profile', 'fp', '--order', o.orderNo, '--amount', formatCents(o.amountCents), '--operator', `m${m}-${i}`, '--yes'], {
          env: { ...env, RECON_TEST_FAULT: 'slow-claim:2500' },
          timeoutMs: 90_000,
        }),
      ),
    );
    const results = await Promise.all(runs);
    expect(proxy.moneyRequests(o.orderNo)).toHaveLength(1);
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(1);
    expect(results.map((r) => r.code).sort(), results.map((r) => r.stderr).join('\n')).toEqual([0, ...Array<number>(2 * PER_MACHINE - 1).fill(2)]);
    for (const r of results.filter((x) => x.code === 2)) {
      expect(r.stderr).toMatch(/an action on this order is in progress \((by m\d-\d since .* Taipei|another window or process took it a moment ago)\)|already refunded/);
    }
    expect(journal(o.orderNo).filter((r) => r.state === 'SUCCEEDED')).toHaveLength(1);
    // One audit chain for the team, intact after both machines wrote to it at once.
    const verify = await runRecon(['audit', 'verify'], { env: machines[1]! });
    expect(verify.code, verify.stdout).toBe(0);
  }, 150_000);
});
