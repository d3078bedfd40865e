// `recon export` as a real process over a prepared data folder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createApp } from '../../../src-main/core/app.ts';
import { MemoryCredentialStore } from '../../../src-main/core/credentials.ts';
import { repoRoot } from '../../support/console-process.ts';
import { SEED_ORDERS, seedFixture } from '../../support/settlement-fixture.ts';
import { dataRows, readWorkbook, tempDir } from './helpers.ts';

let dataDir: string;
let outDir: string;
beforeAll(async () => {
  dataDir = tempDir('recon-cli-data-');
  outDir = tempDir('recon-cli-out-');
  const app = createApp({ dataDir, shell: 'cli', credentials: new MemoryCredentialStore() });
  await seedFixture(app);
  app.close();
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

function recon(args: string[]) {
  return spawnSync(process.execPath, [path.join(repoRoot, 'bin/recon.mjs'), ...args], {
    cwd: outDir,
    env: { ...process.env, RECON_DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('recon export', () => {
  it('writes the workbook of a range and prints its path', async () => {
    const out = path.join(outDir, 'april.xlsx');
    const r = recon(['export', '--from', '2024-04-01', '--to', '2024-04-01', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${out.replace(/[.]/g, '\\.')}\\t\\d+ orders\\tSummary, Orders, Fees\\n$`));
    const wb = await readWorkbook(out);
    const day = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
    expect(dataRows(wb.getWorksheet('Orders')!)).toHaveLength(SEED_ORDERS.filter((s) => day(s.at) === '2024-04-01').length);
  });

  it('exports one profile by name', async () => {
    const out = path.join(outDir, 'firstbank.xlsx');
    const r = recon(['export', '--profile', '第一銀行 商店', '--from', '2024-03-31', '--to', '2024-04-02', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const wb = await readWorkbook(out);
    for (const row of dataRows(wb.getWorksheet('Orders')!)) expect(row.getCell(1).value).toBe('第一銀行 商店');
  });

  it.each([
    [['export', '--from', '2024-13-01', '--to', '2024-04-01', '--out', 'bad.xlsx'], /--from is not a real calendar day|--from must be/],
    [['export', '--from', '2024-04-02', '--to', '2024-04-01', '--out', 'bad.xlsx'], /ends .* before it starts/],
    [['export', '--from', '2024-04-01', '--to', '2024-04-01', '--out', 'bad.csv'], /\.xlsx/],
    [['export', '--from', '2024-04-01', '--out', 'bad.xlsx'], /--to is required/],
    [['export', '--profile', 'nope', '--from', '2024-04-01', '--to', '2024-04-01', '--out', 'bad.xlsx'], /no profile named "nope"/],
  ])('refuses bad input with exit 2, one line on stderr, nothing written: %j', (args, message) => {
    const before = readdirSync(outDir);
    const r = recon(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(readdirSync(outDir)).toEqual(before);
    expect(existsSync(path.join(outDir, 'bad.xlsx'))).toBe(false);
  });
});
