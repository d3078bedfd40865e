// What the CLI prints for people (its refusals, its summaries and its tables' words) is said in the
// user's language (#17): under LANG=zh_TW.UTF-8 no English sentence reaches the screen; under LANG=C
// the English that scripts and logs have always read is printed unchanged; JSON is the same in both.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCents } from '../../src-main/core/money.ts';
import { createApp } from '../../src-main/core/app.ts';
import { MemoryCredentialStore } from '../../src-main/core/credentials.ts';
import { AUDIT_OUTCOMES } from '../../src-main/core/store/audit.ts';
import { newAuthorizedOrder, startActionSandboxes } from '../support/action-sandbox.ts';
import { type CliResult, runRecon } from '../support/cli.ts';
import { keyringAvailable, startPrivateKeyring } from '../support/keyring.ts';
import { latinSentences } from '../support/latin-words.ts';
import { big5, csv, flashPayProfile, putFlashPay } from './reconcile/helpers.ts';

const zh = { LANG: 'zh_TW.UTF-8', LC_ALL: undefined, LC_MESSAGES: undefined };
const c = { LANG: 'C', LC_ALL: undefined, LC_MESSAGES: undefined };
const CJK = /[\u4e00-\u9fff]/;

let dir: string;
let env: Record<string, string>;
const file = (name: string) => path.join(dir, name);
const run = (args: string[], lang: Record<string, string | undefined>, input?: string): Promise<CliResult> => runRecon(args, { env: { ...env, ...lang }, input });

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'recon-cli-language-'));
  env = { RECON_DATA_DIR: path.join(dir, 'data'), RECON_KEYCHAIN_SERVICE: `recon-cli-language-test-${process.pid}` };
  const app = createApp({ dataDir: env.RECON_DATA_DIR, shell: 'cli', credentials: new MemoryCredentialStore() });
  const profile = await flashPayProfile(app, 'shop');
  putFlashPay(app, profile, { ordNo: 'A1', amount: '1200.00', status: '03', time: '2024-03-05 10:00:00' });
  putFlashPay(app, profile, { ordNo: 'A2', amount: '800.00', status: '02', time: '2024-03-05 23:59:00' });
  app.close();
  const rows = [['訂單編號', '金額', '訂單時間', '狀態'], ['A1', '1,200', '113/3/5 10:00', '已付款'], ['A2', '850', '113/3/5 23:59', '付款完成'], ['A6', 'oops', '113/3/6', '已付款']];
  writeFileSync(file('ledger.csv'), big5(csv(rows)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Chinese, and no English sentence in it (identifiers, codes, paths and names are fine). */
function expectChinese(text: string, what: string): void {
  expect(text, what).toMatch(CJK);
  expect(latinSentences(text), `${what}: ${text}`).toEqual([]);
}

describe('the CLI in Chinese and in English', { timeout: 300_000 }, () => {
  it('says its usage errors in Chinese under zh_TW, and the same English as ever under C', async () => {
    const ledger = file('ledger.csv');
    const cases: Array<{ args: string[]; input?: string; en: string }> = [
      { args: ['resolve', '--action', 'x'], en: '--action is an action number, e.g. 12' },
      { args: ['resolve', '--not-applied'], en: '--not-applied needs --action ID (one action at a time)' },
      { args: ['resolve', '--action', '3', '--not-applied'], en: '--not-applied needs --reason: what the back-office showed' },
      { args: ['audit', 'export', '--out', file('a.csv'), '--outcome', 'x'], en: `--outcome must be one of ${AUDIT_OUTCOMES.join(', ')}` },
      { args: ['export', '--from', '2024-03-01', '--to', '2024-03-31', '--out', 'x.csv'], en: '--out must name an .xlsx file, got "x.csv"' },
      { args: ['orders', '--search', 'x'.repeat(65)], en: '--search is at most 64 characters' },
      { args: ['anomalies', '--state', 'x'], en: '--state must be open, accepted, superseded or all, got "x"' },
      { args: ['anomalies', 'accept', '--id', 'x', '--note', 'n'], en: '--id must be a number, got "x"' },
      { args: ['exceptions', '--state', 'x'], en: '--state must be open, resolved or all, got "x"' },
      { args: ['reconcile', '--profile', 'shop', '--ledger', ledger, '--suffix', 'x'], en: '--suffix must be none, lastA4 or regex:PATTERN, got "x"' },
      { args: ['reconcile', '--profile', 'shop', '--ledger', file('nope.csv')], en: `cannot read --ledger ${file('nope.csv')}: ENOENT` },
      { args: ['restore'], en: 'recon restore: give exactly one of --from FILE, --latest or --fresh' },
      { args: ['restore', '--latest'], en: `recon restore --latest: there is no backup in ${path.join(dir, 'data', 'backups')}` },
      { args: ['profile', 'add', '--name', 'n', '--gateway', 'x', '--base-url', 'http://x', '--merchant-id', 'm'], en: '--gateway must be flashpay or firstbank, got "x"' },
      { args: ['profile', 'add', '--name', 'n', '--gateway', 'flashpay', '--base-url', 'http://x', '--merchant-id', 'm', '--environment', 'x'], en: '--environment must be sandbox, test or production' },
      { args: ['profile', 'add', '--name', 'n', '--gateway', 'flashpay', '--base-url', 'http://x', '--merchant-id', 'm'], en: 'set RECON_HASH_KEY (and RECON_HASH_IV for FlashPay) in the environment' },
      { args: ['flashpay', 'decode', '--hash-key', 'k', '--hash-iv', 'i'], en: 'recon flashpay decode: stdin is empty; pipe the answer or notification body in' },
      { args: ['firstbank', 'sign', '--kind', 'x', '--hash-key', 'k'], en: 'recon firstbank sign: --kind must be one of trade, refund, query, rate, notify, answer, got "x"' },
      { args: ['firstbank', 'sign', '--kind', 'answer', '--hash-key', 'k'], en: 'recon firstbank sign: stdin is empty; pipe a JSON object of fields in' },
      { args: ['firstbank', 'sign', '--kind', 'answer', '--hash-key', 'k'], input: 'nope', en: 'recon firstbank sign: stdin is not JSON (expected an object of field names to values)' },
      { args: ['firstbank', 'sign', '--kind', 'answer', '--hash-key', 'k'], input: '[]', en: 'recon firstbank sign: stdin must be a JSON object of field names to values' },
      { args: ['firstbank', 'sign', '--kind', 'answer', '--hash-key', 'k'], input: '{"a":{}}', en: 'recon firstbank sign: field a must be a string or a number' },
      { args: ['firstbank', 'sign', '--kind', 'answer', '--hash-key', 'k', '--rule', 'x'], input: '{}', en: 'recon firstbank sign: --rule must be one of seed, plugin, got "x"' },
      { args: ['firstbank', 'sign', '--kind', 'answer', '--hash-key', 'k', '--empty', 'x'], input: '{}', en: 'recon firstbank sign: --empty must be keep or drop, got "x"' },
      { args: ['firstbank', 'verify', '--hash-key', 'k'], en: 'recon firstbank verify: stdin is empty; pipe the notification body in' },
      { args: ['sandbox', '--seed', 'x'], en: 'recon sandbox: --seed must be a whole number from 0 to 4294967295, got "x"' },
      { args: ['sandbox', '--flashpay-notification', 'x'], en: 'recon sandbox: --flashpay-notification must be one of real, rich, got "x"' },
    ];
    for (const { args, input, en } of cases) {
      const [z, e] = await Promise.all([run(args, zh, input), run(args, c, input)]);
      const what = `recon ${args.join(' ')}`;
      expect(e.stderr, what).toBe(`recon: ${en}\n`);
      expect(e.code, what).toBe(2);
      expect(z.code, what).toBe(2);
      expect(z.stdout, what).toBe('');
      expect(z.stderr, what).toMatch(/^recon: [^\n]+\n$/);
      expectChinese(z.stderr, what);
    }
  });

  it('says its summaries and table words in Chinese under zh_TW, and the same English as ever under C', async () => {
    const both = async (zhArgs: string[], cArgs: string[] = zhArgs) => {
      const z = await run(zhArgs, zh);
      const e = await run(cArgs, c);
      expect(z.code, `${zhArgs.join(' ')}: ${z.stderr}`).toBe(0);
      expect(e.code, `${cArgs.join(' ')}: ${e.stderr}`).toBe(0);
      expectChinese(z.stdout + z.stderr, `recon ${zhArgs.join(' ')}`);
      return e;
    };
    const reconciled = await both(['reconcile', '--profile', 'shop', '--ledger', file('ledger.csv')]);
    expect(reconciled.stdout).toBe('2024-03-05..2024-03-05: 1 matched, 1 exceptions\namount_mismatch\tA2\tshop 850.00 付款完成\tgateway 800.00 02\topen\n');
    expect(reconciled.stderr).toMatch(/^columns: orderNo=訂單編號,amount=金額,date=訂單時間,status=狀態 \(the saved mapping of shop\)\n/);
    expect(reconciled.stderr).toContain('\nledger: 2 rows imported (big5), 1 bad, 0 for other profiles; 2024-03-05..2024-03-05\n');
    expect(reconciled.stderr).toContain('\nbad row 4, column 金額, "oops": not an amount');

    const exceptions = await both(['exceptions']);
    expect(exceptions.stderr).toBe('1 exceptions\n');
    expect((await both(['orders', '--totals'])).stdout).toBe('2 orders\tamount 2000.00\tcaptured 0.00\trefunded 0.00\tfee 0.00\tfee returned 0.00\tnet 0.00\n');
    const settlement = await both(['settlement', '--from', '2024-03-01', '--to', '2024-03-31']);
    expect(settlement.stdout).toContain('\ntotal\t\t2\tcaptured 0.00\trefunded 0.00\tfees 0.00\tfees returned 0.00\tnet 0.00\n');
    expect((await both(['check'])).stdout).toBe('database OK (integrity_check)\n');
    expect((await both(['resolve', '--list'])).stdout).toBe('no open actions\n');
    expect((await both(['audit', 'export', '--out', file('zh.csv')], ['audit', 'export', '--out', file('c.csv')])).stdout).toMatch(/^\d+ entries written to .*c\.csv\n$/);
    expect((await both(['backup', '--out', file('zh.sqlite')], ['backup', '--out', file('c.sqlite')])).stdout).toMatch(/^backup written to .*c\.sqlite \(\d+ bytes, schema \d+, \d+ audit entries\)\n$/);
    expect((await both(['profile', 'list'])).stdout).toMatch(/^shop\tflashpay\tsandbox\tHT00000002\thttp:\/\/127\.0\.0\.1:9\tsecrets \w/);
    const zhClose = await run(['period', 'close', '--through', '2024-03-01'], zh);
    expect(zhClose.stdout).toBe('已結帳至 2024-03-01\n');
    expect((await run(['period', 'close', '--through', '2024-03-02'], c)).stdout).toBe('closed through 2024-03-02\n');
    expect((await both(['period', 'list'])).stdout).toMatch(/^closed through 2024-03-02\n/);
  });

  it('prints the same JSON in both languages', async () => {
    for (const args of [['orders', '--totals', '--json'], ['exceptions', '--json'], ['orders', '--json']]) {
      const [z, e] = await Promise.all([run(args, zh), run(args, c)]);
      expect(z.code).toBe(0);
      expect(z.stdout, args.join(' ')).toBe(e.stdout);
    }
  });
});

describe.runIf(keyringAvailable().ok)('the CLI in Chinese with a keychain and a gateway', { timeout: 300_000 }, () => {
  it('adds a profile, previews and sends a cancel, verifies the audit log and removes the profile in Chinese', async () => {
    const keyring = await startPrivateKeyring();
    const sb = await startActionSandboxes();
    const data = mkdtempSync(path.join(os.tmpdir(), 'recon-cli-language-actions-'));
    try {
      const base = { ...keyring.env, RECON_DATA_DIR: data, RECON_KEYCHAIN_SERVICE: `recon-cli-language-actions-${process.pid}` };
      const recon = (args: string[], lang: Record<string, string | undefined>, extra: Record<string, string> = {}) => runRecon(args, { env: { ...base, ...lang, ...extra } });
      const secrets = { RECON_HASH_KEY: sb.flashpay.hashKey, RECON_HASH_IV: sb.flashpay.hashIv };
      const added = await recon(['profile', 'add', '--name', 'fp', '--gateway', 'flashpay', '--base-url', sb.flashpay.baseUrl, '--merchant-id', sb.flashpay.merId], zh, secrets);
      expect(added.code, added.stderr).toBe(0);
      expect(added.stdout).toMatch(/^已新增設定檔 fp（flashpay，sandbox，http:\/\/127\.0\.0\.1:\d+）；金鑰已存入金鑰圈\n$/);
      const listed = await recon(['profile', 'list'], zh);
      expect(listed.stdout).toMatch(/\t金鑰已設定\n$/);
      expect((await recon(['profile', 'list'], c)).stdout).toMatch(/\tsecrets set\n$/);

      const o = await newAuthorizedOrder(sb);
      const args = ['cancel', '--profile', 'fp', '--order', o.orderNo, '--amount', formatCents(o.amountCents), '--operator', 'cli-test'];
      const preview = await recon(args, zh);
      expect(preview.code).toBe(2);
      expect(preview.stderr).toMatch(new RegExp(`^將取消 fp（flashpay）的訂單 ${o.orderNo}：狀態 02 授權成功`));
      expectChinese(preview.stderr, 'cancel without --yes');
      const previewC = await recon(args, c);
      expect(previewC.stderr).toMatch(new RegExp(`^would cancel ${o.orderNo} on fp \\(flashpay\\), status 02 授權成功`));
      const sent = await recon([...args, '--yes'], zh);
      expect(sent.code, sent.stderr).toBe(0);
      expect(sent.stdout).toMatch(/^SUCCEEDED: /);
      expectChinese(sent.stdout, 'cancel --yes');

      const verified = await recon(['audit', 'verify'], zh);
      expect(verified.code, verified.stderr).toBe(0);
      expect(verified.stdout).toMatch(/^稽核紀錄正常：共 \d+ 筆，雜湊鏈完整，並以本機稽核金鑰簽章/);
      expectChinese(verified.stdout, 'audit verify');
      expect((await recon(['audit', 'verify'], c)).stdout).toMatch(/^audit log OK: \d+ entries, chain intact, sealed with this install's audit key/);

      const removed = await recon(['profile', 'remove', '--name', 'fp'], zh);
      expect(removed.code, removed.stderr).toBe(0);
      expect(removed.stdout).toBe('已移除設定檔 fp\n');
    } finally {
      await sb.close();
      await keyring.stop();
      rmSync(data, { recursive: true, force: true });
    }
  });
});
