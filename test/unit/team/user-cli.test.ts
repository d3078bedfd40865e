// `recon user …` as a person runs it (the real binary, a real data folder): passwords only from
// RECON_PASSWORD or stdin (an argument is refused before anything is written), results and refusals in
// zh-TW or English, and what it stores signs in.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src-main/core/app.ts';
import { MemoryCredentialStore } from '../../../src-main/core/credentials.ts';
import { signIn } from '../../../src-main/core/services/accounts.ts';
import { auditLog } from '../../../src-main/core/store/audit.ts';
import { runRecon } from '../../support/cli.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-user-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { RECON_DATA_DIR: path.join(dir, 'data'), RECON_KEYCHAIN_SERVICE: `recon-test-${process.pid}` };
const zh = { LANG: 'zh_TW.UTF-8' };

describe('recon user', { timeout: 120_000 }, () => {
  it('adds, lists, disables and resets users; passwords never from arguments', async () => {
    const added = await runRecon(['user', 'add', '--name', 'amy', '--role', 'finance'], { env: { ...env, RECON_PASSWORD: 'correct horse' } });
    expect([added.code, added.stdout.trim(), added.stderr]).toEqual([0, 'added user amy (finance)', '']);
    const fromStdin = await runRecon(['user', 'add', '--name', 'sam', '--role', 'support'], { env: { ...env, ...zh }, input: 'battery staple\n' });
    expect([fromStdin.code, fromStdin.stdout.trim()]).toEqual([0, '已新增帳號 sam（客服）。']);

    const asArgument = await runRecon(['user', 'add', '--name', 'bob', '--role', 'admin', '--password', 'hunter2hunter2'], { env });
    expect(asArgument.code).toBe(2);
    expect(asArgument.stderr).toMatch(/password/);
    const noPassword = await runRecon(['user', 'add', '--name', 'bob', '--role', 'admin'], { env: { ...env, ...zh } });
    expect([noPassword.code, noPassword.stderr]).toEqual([2, expect.stringContaining('RECON_PASSWORD')]);
    expect(noPassword.stderr).toContain('密碼');
    const badRole = await runRecon(['user', 'add', '--name', 'bob', '--role', 'boss'], { env: { ...env, RECON_PASSWORD: 'long enough pw' } });
    expect([badRole.code, badRole.stderr]).toEqual([2, expect.stringContaining('viewer, accountant, support, finance, admin')]);
    const weak = await runRecon(['user', 'add', '--name', 'bob', '--role', 'viewer'], { env: { ...env, ...zh }, input: 'short\n' });
    expect([weak.code, weak.stderr]).toEqual([2, expect.stringContaining('密碼至少需要 10 個字元')]);

    const disabled = await runRecon(['user', 'disable', '--name', 'sam'], { env });
    expect([disabled.code, disabled.stdout.trim()]).toEqual([0, 'disabled user sam and ended their sessions']);
    const reset = await runRecon(['user', 'reset-password', '--name', 'amy'], { env, input: 'a new passphrase\n' });
    expect(reset.code).toBe(0);
    const nobody = await runRecon(['user', 'disable', '--name', 'nobody'], { env: { ...env, ...zh } });
    expect([nobody.code, nobody.stderr.trim()]).toEqual([2, 'recon: 沒有名為「nobody」的帳號。']);

    const list = await runRecon(['user', 'list', '--json'], { env });
    expect((JSON.parse(list.stdout) as Array<{ name: string; role: string; disabled: boolean }>).map((u) => [u.name, u.role, u.disabled])).toEqual([
      ['amy', 'finance', false],
      ['sam', 'support', true],
    ]);
    const table = await runRecon(['user', 'list'], { env: { ...env, ...zh } });
    expect(table.stdout).toMatch(/^amy\t財務\t啟用中\t/m);
    expect(table.stdout).toMatch(/^sam\t客服\t已停用\t/m);

    const app = createApp({ dataDir: env.RECON_DATA_DIR, shell: 'web', credentials: new MemoryCredentialStore() });
    try {
      expect((await signIn(app, 'amy', 'a new passphrase')).user.role).toBe('finance');
      const changes = auditLog(app.db).list({}, 0, 100).rows.filter((r) => r.event.startsWith('account.') && r.event !== 'account.sign_in');
      expect(changes.map((r) => r.event).sort()).toEqual(['account.add', 'account.add', 'account.disable', 'account.reset_password']);
      expect(JSON.stringify(changes)).not.toMatch(/correct horse|battery staple|a new passphrase/);
    } finally {
      app.close();
    }
  });
});
