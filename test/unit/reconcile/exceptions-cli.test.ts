// `recon exceptions` as a real process: the queue persists across runs of different periods.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appOn } from '../../support/data-folder.ts';
import { MemoryCredentialStore } from '../../../src-main/core/credentials.ts';
import { runRecon } from '../../support/cli.ts';
import { csv, flashPayProfile, putFlashPay, utf8 } from './helpers.ts';

let dir: string;
let env: Record<string, string>;
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'recon-cli-exceptions-'));
  env = { RECON_DATA_DIR: path.join(dir, 'data'), RECON_KEYCHAIN_SERVICE: `recon-exceptions-test-${process.pid}` };
  const app = appOn(env.RECON_DATA_DIR!, { shell: 'cli', credentials: new MemoryCredentialStore() });
  const profile = await flashPayProfile(app, 'shop');
  putFlashPay(app, profile, { ordNo: 'W1', amount: '100.00', status: '03', time: '2024-05-01 10:00:00' });
  putFlashPay(app, profile, { ordNo: 'N1', amount: '300.00', status: '03', time: '2024-05-20 10:00:00' });
  app.close();
  const header = ['訂單編號', '金額', '訂單時間', '狀態'];
  writeFileSync(file('wide.csv'), utf8(csv([header, ['W1', '150', '2024/05/01 10:00', '已付款'], ['N1', '300', '2024/05/20 10:00', '已付款']])));
  writeFileSync(file('narrow.csv'), utf8(csv([header, ['N1', '300', '2024/05/20 10:00', '已付款']])));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('recon exceptions', () => {
  it('lists the open queue across runs: a narrower later run does not hide earlier findings', async () => {
    const wide = await runRecon(['reconcile', '--profile', 'shop', '--ledger', file('wide.csv'), '--json'], { env });
    expect(wide.code, wide.stderr).toBe(0);
    const narrow = await runRecon(['reconcile', '--profile', 'shop', '--ledger', file('narrow.csv'), '--json'], { env });
    expect(narrow.code, narrow.stderr).toBe(0);
    expect((JSON.parse(narrow.stdout) as { exceptions: unknown[] }).exceptions).toEqual([]);

    const r = await runRecon(['exceptions', '--profile', 'shop', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const open = JSON.parse(r.stdout) as Array<{ kind: string; orderNo: string; state: string; stillFound: boolean; ledgerAmount: string }>;
    expect(open.map((e) => [e.kind, e.orderNo, e.state, e.ledgerAmount])).toEqual([['amount_mismatch', 'W1', 'open', '150.00']]);

    const resolved = await runRecon(['exceptions', '--state', 'resolved', '--json'], { env });
    expect(JSON.parse(resolved.stdout)).toEqual([]);

    const bad = await runRecon(['exceptions', '--state', 'closed'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/--state must be open, resolved or all/);
  });
});
