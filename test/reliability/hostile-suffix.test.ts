// Issue 18 item 5: a suffix rule is a regular expression the user types (CLI `--suffix regex:...`,
// the web shell's import form). A catastrophic-backtracking pattern used to hang the CLI and the whole
// web shell on a 36-character order number. Patterns are now a restricted language that runs in linear
// (or small polynomial) time on a bounded input, and anything outside it is refused with a reason.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../../src-main/core/app.ts';
import { MemoryCredentialStore } from '../../src-main/core/credentials.ts';
import { InputError } from '../../src-main/core/errors.ts';
import { compileSuffixRule } from '../../src-main/core/ledger/suffix.ts';
import { dispatch } from '../../src-main/shell/handlers.ts';
import { tempApp } from '../support/app.ts';
import { runRecon } from '../support/cli.ts';
import { csv, flashPayProfile, utf8 } from '../unit/reconcile/helpers.ts';

const HOSTILE = ['(a+)+$', '(a|a)*$', '(a*)*b', '(\\d+)+$', '(.*a){12}$', '((ab)*)+$', '(\\w|\\d)+$', '(a|aa)+$', '(x+x+)+y', '(a)\\1$', '(?<=a)b$', '(?=a)a+$', 'a*a*a*a*a*b'];
const EVIL_ORDER = `${'a'.repeat(36)}!`;

describe('restricted suffix patterns', () => {
  test.each(HOSTILE)('refuses %s with a reason', (pattern) => {
    expect(() => compileSuffixRule({ kind: 'regex', pattern })).toThrow(InputError);
  });

  test('refuses patterns over 100 characters', () => {
    expect(() => compileSuffixRule({ kind: 'regex', pattern: `${'a'.repeat(101)}$` })).toThrow(/100 characters/);
  });

  test('keeps the patterns shops actually use', () => {
    const cases: Array<[string, string, string]> = [
      ['-\\d+$', '12345-2', '12345'],
      ['_retry\\d{1,3}$', 'ORD9_retry12', 'ORD9'],
      ['A\\d{4}$', '12345A0207', '12345'],
      ['(-\\d+)?$', 'X77-3', 'X77'],
      ['[-_](r|retry)\\d+$', 'X77_retry4', 'X77'],
      ['(?:-\\d{2})$', 'X77-03', 'X77'],
    ];
    for (const [pattern, input, expected] of cases) expect(compileSuffixRule({ kind: 'regex', pattern })(input)).toBe(expected);
  });

  test('an over-long order number is matched as it is, never fed to the pattern', () => {
    const strip = compileSuffixRule({ kind: 'regex', pattern: '-\\d+$' });
    const long = `${'x'.repeat(200)}-1`;
    expect(strip(long)).toBe(long);
  });
});

describe('the channels never hang on a hostile suffix', () => {
  let app: ReturnType<typeof tempApp>;
  beforeAll(async () => {
    app = tempApp();
    await flashPayProfile(app, 'shop');
  });
  afterAll(() => app.cleanup());

  test('web shell / IPC: ledger:import refuses (a+)+$ with an InputError, nothing imported', async () => {
    const content = Buffer.from(utf8(csv([['訂單編號', '金額', '訂單時間', '狀態'], [EVIL_ORDER, '100', '2024/03/05', '已付款']]))).toString('base64');
    const mapping = { orderNo: '訂單編號', amount: '金額', date: '訂單時間', status: '狀態' };
    await expect(dispatch(app, 'ledger:import', { profile: 'shop', fileName: 'l.csv', contentBase64: content, mapping, suffixRule: { kind: 'regex', pattern: '(a+)+$' } })).rejects.toThrow(InputError);
  });

  test('CLI: recon reconcile --suffix regex:(a+)+$ exits 2 at once with one line on stderr', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-redos-'));
    try {
      const env = { RECON_DATA_DIR: path.join(dir, 'data'), RECON_KEYCHAIN_SERVICE: `recon-redos-${process.pid}` };
      const cliApp = createApp({ dataDir: env.RECON_DATA_DIR, shell: 'cli', credentials: new MemoryCredentialStore() });
      await flashPayProfile(cliApp, 'shop');
      cliApp.close();
      const ledger = path.join(dir, 'ledger.csv');
      writeFileSync(ledger, csv([['訂單編號', '金額', '訂單時間', '狀態'], [EVIL_ORDER, '100', '2024/03/05', '已付款']]));
      const r = await runRecon(['reconcile', '--profile', 'shop', '--ledger', ledger, '--suffix', 'regex:(a+)+$', '--json'], { env, timeoutMs: 20_000 });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/suffix pattern/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
