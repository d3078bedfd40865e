// `recon reconcile` as a real process: the JSON it prints, which mapping it says it used, and bad
// input refused with one line on stderr, exit 2 and nothing written.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appOn, rawDb } from '../../support/data-folder.ts';
import { MemoryCredentialStore } from '../../../src-main/core/credentials.ts';
import { runRecon } from '../../support/cli.ts';
import { big5, csv, excelDate, flashPayProfile, putFlashPay, utf8, xlsx } from './helpers.ts';

let dir: string;
let env: Record<string, string>;
const file = (name: string) => path.join(dir, name);
const count = (table: string): number => {
  const db = rawDb(path.join(dir, 'data'), { readonly: true });
  try {
    return db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'recon-cli-reconcile-'));
  env = { RECON_DATA_DIR: path.join(dir, 'data'), RECON_KEYCHAIN_SERVICE: `recon-reconcile-test-${process.pid}`, TZ: 'America/Los_Angeles' };
  const app = appOn(env.RECON_DATA_DIR!, { shell: 'cli', credentials: new MemoryCredentialStore() });
  const profile = await flashPayProfile(app, 'shop');
  putFlashPay(app, profile, { ordNo: 'A1', amount: '1200.00', status: '03', time: '2024-03-05 10:00:00' });
  putFlashPay(app, profile, { ordNo: 'A2', amount: '800.00', status: '02', time: '2024-03-05 23:59:00' });
  putFlashPay(app, profile, { ordNo: 'A3', amount: '300.00', status: '12', time: '2024-03-06 10:00:00' });
  putFlashPay(app, profile, { ordNo: 'A4', amount: '700.00', status: '04', time: '2024-03-06 12:00:00' });
  putFlashPay(app, profile, { ordNo: 'A5', amount: '50.00', status: 'ZF', time: '2024-03-06 13:00:00' });
  app.close();
  writeFileSync(
    file('big5.csv'),
    big5(csv([['訂單編號', '金額', '訂單時間', '狀態'], ['A1', '1,200', '113/3/5 10:00', '已付款'], ['A2', '850', '113/3/5 23:59', '付款完成'], ['A3', '300', '113/3/6', '已付款'], ['Z9', '99', '113/3/6', '已付款'], ['A6', 'oops', '113/3/6', '已付款']])),
  );
  writeFileSync(file('renamed.csv'), utf8(csv([['單號', '金額', '訂單時間', '狀態'], ['A1', '1200', '2024/03/05', '已付款']])));
  writeFileSync(file('bad.csv'), utf8(csv([['訂單編號', '金額', '訂單時間', '狀態'], ['A1', 'x', 'y', 'z']])));
  writeFileSync(file('ledger.xlsx'), await xlsx([['Order No', 'Amount', 'Date', 'Status'], ['A1', 1200, excelDate(2024, 3, 5, 10), 'paid'], ['A4', 700, excelDate(2024, 3, 6, 12), 'paid']]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('recon reconcile', () => {
  it('imports a Big5 ledger with suggested columns and prints the exceptions as JSON', async () => {
    const r = await runRecon(['reconcile', '--profile', 'shop', '--ledger', file('big5.csv'), '--json'], { env });
    expect(r.stderr).toMatch(/^columns: orderNo=訂單編號,amount=金額,date=訂單時間,status=狀態 \(suggested from the headers/m);
    expect(r.stderr).toMatch(/ledger: 4 rows imported \(big5\), 1 bad/);
    expect(r.stderr).toMatch(/bad row 6, column 金額, "oops": not an amount/);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { matched: number; exceptions: Array<{ kind: string; orderNo: string; ledgerAmount: string | null; gatewayAmount: string | null }>; from: string; to: string };
    expect(out.matched).toBe(1);
    expect({ from: out.from, to: out.to }).toEqual({ from: '2024-03-05', to: '2024-03-06' });
    expect(out.exceptions.map((e) => [e.kind, e.orderNo]).sort()).toEqual([
      ['amount_mismatch', 'A2'],
      ['missing_at_gateway', 'Z9'],
      ['missing_in_ledger', 'A4'],
      ['status_mismatch', 'A3'],
    ]);
    expect(out.exceptions.find((e) => e.orderNo === 'A2')).toMatchObject({ ledgerAmount: '850.00', gatewayAmount: '800.00' });
  });

  it('takes --columns by header name or number, then remembers the mapping', async () => {
    const r = await runRecon(['reconcile', '--profile', 'shop', '--ledger', file('renamed.csv'), '--columns', 'orderNo=1,amount=金額', '--from', '2024-03-05', '--to', '2024-03-05', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/columns: orderNo=單號,amount=金額,date=訂單時間,status=狀態 \(from --columns/);
    expect(JSON.parse(r.stdout)).toMatchObject({ from: '2024-03-05', to: '2024-03-05' });
    const again = await runRecon(['reconcile', '--profile', 'shop', '--ledger', file('renamed.csv'), '--json'], { env });
    expect(again.stderr).toMatch(/\(the saved mapping of shop\)/);
    expect(again.code).toBe(0);
  });

  it('reads an XLSX export with English headers', async () => {
    const r = await runRecon(['reconcile', '--profile', 'shop', '--ledger', file('ledger.xlsx'), '--columns', 'orderNo=Order No,amount=Amount,date=Date,status=Status', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\(xlsx\)/);
    const out = JSON.parse(r.stdout) as { matched: number; exceptions: unknown[] };
    expect(out.exceptions.map((e) => (e as { kind: string }).kind)).toEqual(['missing_in_ledger']); // A2, paid late on the 5th
    expect(out.matched).toBe(2);
  });

  it('bad input: one line on stderr, exit 2, nothing written', async () => {
    const before = [count('ledger_imports'), count('ledger_rows'), count('reconcile_runs')];
    const cases: Array<[string[], RegExp]> = [
      [['--ledger', file('nope.csv')], /cannot read --ledger .*ENOENT/],
      [['--ledger', file('big5.csv'), '--columns', 'orderNo=Nope'], /no column "Nope"/],
      [['--ledger', file('big5.csv'), '--columns', 'orderNo=9'], /columns 1-4/],
      [['--ledger', file('bad.csv')], /no row of bad.csv could be read/],
      [['--ledger', file('big5.csv'), '--from', '2024-13-01'], /--from/],
      [['--ledger', file('big5.csv'), '--suffix', 'regex:('], /not a valid regular expression/],
      [['--ledger', file('big5.csv'), '--suffix', 'maybe'], /--suffix must be/],
    ];
    for (const [args, message] of cases) {
      const r = await runRecon(['reconcile', '--profile', 'shop', ...args, '--json'], { env });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n').filter((l) => !l.startsWith('columns:'))).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    const noProfile = await runRecon(['reconcile', '--profile', 'ghost', '--ledger', file('big5.csv')], { env });
    expect(noProfile.code).toBe(2);
    expect(noProfile.stderr).toMatch(/no profile named "ghost"/);
    expect([count('ledger_imports'), count('ledger_rows'), count('reconcile_runs')]).toEqual(before);
  });
});
