// Issue #17, files: what the console says about a ledger file, an export, a backup, the database and
// the data folder reaches a zh-TW user in Chinese (the English stays as it was for logs and LANG=C),
// through the real paths: the `recon` binary, the ledger worker thread, an export job's progress.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Message, renderMessage } from '../../../src-main/contract/messages/render.ts';
import { ReconError } from '../../../src-main/core/errors.ts';
import { ledgerWorkerAvailable, readLedgerTableOffThread } from '../../../src-main/core/ledger/table-off-thread.ts';
import { resolveMapping } from '../../../src-main/core/ledger/mapping.ts';
import { InstanceLockedError } from '../../../src-main/core/ops/instance-lock.ts';
import { exportWorkbook } from '../../../src-main/core/services/export.ts';
import { openDatabase } from '../../../src-main/core/store/db.ts';
import { tempApp } from '../../support/app.ts';
import { runRecon } from '../../support/cli.ts';
import { latinSentences } from '../../support/latin-words.ts';

const zh = { LANG: 'zh_TW.UTF-8', LC_ALL: undefined, LC_MESSAGES: undefined };
const c = { LANG: 'C', LC_ALL: undefined, LC_MESSAGES: undefined };
const OLD_XLS = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);

/** The error's catalogue message (a ReconError with `msg`), or a failure naming what came instead. */
function said(err: unknown): Message {
  expect(err).toBeInstanceOf(ReconError);
  const m = (err as ReconError).msg;
  expect(m, (err as Error).message).toBeDefined();
  return m!;
}

async function caught(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  throw new Error('expected a refusal');
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'recon-file-messages-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the recon binary in zh-TW', () => {
  it('refuses an old .xls ledger and a bad suffix rule in Chinese, and in the same English as before under LANG=C', async () => {
    const env = { RECON_DATA_DIR: path.join(dir, 'cli-data') };
    const ledger = path.join(dir, 'old.xls');
    writeFileSync(ledger, OLD_XLS);
    const xlsZh = await runRecon(['reconcile', '--profile', 'shop', '--ledger', ledger], { env: { ...env, ...zh } });
    expect(xlsZh.code).toBe(2);
    expect(xlsZh.stderr).toBe('recon: 這是舊版的 .xls 活頁簿：請先在 Excel 另存為 .xlsx 或 CSV。\n');
    const xlsC = await runRecon(['reconcile', '--profile', 'shop', '--ledger', ledger], { env: { ...env, ...c } });
    expect(xlsC.stderr).toBe('recon: this is an old .xls workbook: save it in Excel as .xlsx or CSV first\n');

    const suffix = await runRecon(['reconcile', '--profile', 'shop', '--ledger', ledger, '--suffix', 'regex:(a+)+$'], { env: { ...env, ...zh } });
    expect(suffix.code).toBe(2);
    expect(suffix.stderr).toContain('不接受後綴規則「(a+)+$」');
    expect(latinSentences(suffix.stderr)).toEqual([]);
  });

  it('refuses a file that is not a backup in Chinese, naming the file', async () => {
    const junk = path.join(dir, 'not-a-backup.sqlite');
    writeFileSync(junk, 'hello, this is text and not a database at all');
    const r = await runRecon(['restore', '--from', junk], { env: { RECON_DATA_DIR: path.join(dir, 'restore-data'), ...zh } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`recon: ${junk} 不是可用的備份：它不是 SQLite 資料庫。\n`);
  });

  it('says what to do about an empty database file, in Chinese only', async () => {
    const dataDir = path.join(dir, 'cli-empty-db');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'recon.sqlite'), '');
    const r = await runRecon(['orders', '--json'], { env: { RECON_DATA_DIR: dataDir, ...zh } });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('資料庫檔案是空的');
    expect(r.stderr).toContain('recon restore --fresh');
    expect(latinSentences(r.stderr)).toEqual([]);
  });
});

describe('file errors carry their catalogue message', () => {
  it('across the ledger worker thread', async () => {
    expect(ledgerWorkerAvailable(OLD_XLS.length, 0)).toBe(true);
    const err = await caught(() => readLedgerTableOffThread(OLD_XLS, 0));
    expect(said(err).code).toBe('ledger.old_xls');
  });

  it('for a mapping that misses required columns, the fields named in Chinese', () => {
    let err: unknown;
    try {
      resolveMapping({ orderNo: '訂單編號' }, ['訂單編號']);
    } catch (e) {
      err = e;
    }
    const m = said(err);
    expect(renderMessage(m, 'zh-TW')).toBe('請為金額、訂單時間、狀態指定欄位（必填：訂單編號、金額、訂單時間、狀態）。');
  });

  it('for a database that cannot be used: what happened and what to do, no English sentence', () => {
    const dataDir = path.join(dir, 'empty-db');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'recon.sqlite'), '');
    let err: unknown;
    try {
      openDatabase(dataDir);
    } catch (e) {
      err = e;
    }
    const text = renderMessage(said(err), 'zh-TW');
    expect(text).toContain('資料庫檔案是空的');
    expect(text).toContain('recon restore --fresh');
    expect(latinSentences(text)).toEqual([]);
    // The English for logs and LANG=C is unchanged.
    expect((err as Error).message).toMatch(/the database file is empty \(the file has 0 bytes\)/);
  });

  it('for a data folder in use: who holds it and since when, in Taipei time', () => {
    const err = new InstanceLockedError('/data', { pid: 4242, shell: 'web', host: os.hostname(), startedAt: '2026-11-30T02:00:00.000Z' });
    const text = renderMessage(said(err), 'zh-TW');
    expect(text).toBe('資料夾 /data 正由另一個主控台使用中（web，pid 4242，自 2026/11/30 10:00:00 起）：請先關閉它，或用 RECON_DATA_DIR 指定其他資料夾。');
    expect(err.message).toContain('is in use by another console (web, pid 4242, since 2026-11-30T02:00:00.000Z)');
  });

  it('for an export: the refusal, and every progress line as a message beside its English', async () => {
    const app = tempApp();
    try {
      const target = path.join(dir, 'taken.xlsx');
      writeFileSync(target, 'x');
      const refused = await caught(() => exportWorkbook(app, { filter: { from: '2024-01-01', to: '2024-01-01' }, out: target }));
      expect(renderMessage(said(refused), 'zh-TW')).toBe(`${target} 已經存在，沒有覆寫：請換一個檔名，或選擇取代既有檔案。`);

      const lines: Array<{ message?: string; messageMsg?: Message }> = [];
      const out = path.join(dir, 'fresh.xlsx');
      await exportWorkbook(app, { filter: { from: '2024-01-01', to: '2024-01-01' }, out }, { jobId: 't', signal: new AbortController().signal, progress: (u) => lines.push(u) });
      const worded = lines.filter((l) => l.message !== undefined);
      expect(worded.map((l) => l.message)).toEqual(['writing orders', 'finishing the file', out]);
      expect(worded.map((l) => l.messageMsg && renderMessage(l.messageMsg, 'zh-TW'))).toEqual(['正在寫入訂單', '正在完成檔案', `已寫入 ${out}`]);
    } finally {
      app.cleanup();
    }
  });
});
