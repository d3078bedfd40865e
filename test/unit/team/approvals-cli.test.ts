// `recon approvals policy` as an admin runs it on the server (the real binary, a real data folder):
// shows the two-person approval policy, changes the threshold (NT$, as typed) and the lifetime, refuses
// nonsense before writing anything, and the change is audited.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runRecon } from '../../support/cli.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-approvals-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { RECON_DATA_DIR: path.join(dir, 'data'), RECON_KEYCHAIN_SERVICE: `recon-test-${process.pid}` };

describe('recon approvals policy', { timeout: 120_000 }, () => {
  it('shows the default, sets threshold and lifetime, refuses bad values, audits the change', async () => {
    const shown = await runRecon(['approvals', 'policy', '--json'], { env });
    expect([shown.code, JSON.parse(shown.stdout)]).toEqual([0, { thresholdCents: 5_000_000, expiresHours: 24 }]);

    const set = await runRecon(['approvals', 'policy', '--threshold', '80,000', '--expires-hours', '48'], { env });
    expect([set.code, set.stdout.trim()]).toEqual([0, 'On a team server, cancels/refunds of NT$80,000.00 or more need a different finance person to approve; requests expire after 48 hours.']);
    const zh = await runRecon(['approvals', 'policy'], { env: { ...env, LANG: 'zh_TW.UTF-8' } });
    expect(zh.stdout).toContain('NT$80,000.00 以上的取消／退款需另一位財務人員核准；申請 48 小時後逾期');

    const badHours = await runRecon(['approvals', 'policy', '--expires-hours', '0'], { env });
    expect([badHours.code, badHours.stderr]).toEqual([2, expect.stringContaining('1 to 720 hours')]);
    const badAmount = await runRecon(['approvals', 'policy', '--threshold', 'lots'], { env });
    expect(badAmount.code).toBe(2);
    expect(JSON.parse((await runRecon(['approvals', 'policy', '--json'], { env })).stdout)).toEqual({ thresholdCents: 8_000_000, expiresHours: 48 });

    const audit = await runRecon(['audit', 'export', '--out', path.join(dir, 'audit.csv')], { env });
    expect(audit.code).toBe(0);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(path.join(dir, 'audit.csv'), 'utf8')).toMatch(/approval\.policy/);
  });
});
