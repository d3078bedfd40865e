// Excel dates carry no zone: the exported cells must hold the Taipei wall time whatever TZ the console
// runs in. tz.test.ts runs this file again under TZ=UTC and TZ=America/New_York.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { tempApp } from '../../support/app.ts';
import { FIXTURE_FROM, FIXTURE_NOW_MS, FIXTURE_TO, SEED_ORDERS, seedFixture } from '../../support/settlement-fixture.ts';
import { exportWorkbook } from '../../../src-main/core/services/export.ts';
import { col, dataRows, readWorkbook, tempDir, zipEntry } from './helpers.ts';

let app: ReturnType<typeof tempApp>;
let dir: string;
let file: string;
beforeAll(async () => {
  app = tempApp();
  await seedFixture(app);
  dir = tempDir();
  file = path.join(dir, 'dates.xlsx');
  await exportWorkbook(app, { filter: { from: FIXTURE_FROM, to: FIXTURE_TO }, out: file, nowMs: FIXTURE_NOW_MS });
});
afterAll(() => {
  app.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

// Computed here, not with the code under test: Taipei is UTC+8 all year.
const taipeiWall = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

describe(`Taipei times as Excel dates (TZ=${process.env.TZ ?? '(unset)'}, offset ${new Date(2024, 0, 15).getTimezoneOffset()} min)`, () => {
  it('reads back every order time as its Taipei wall-clock time', async () => {
    const wb = await readWorkbook(file);
    const ws = wb.getWorksheet('Orders')!;
    const at = col(ws, '交易時間（台北）');
    const no = col(ws, '訂單編號');
    const day = col(ws, '台北日期');
    const rows = dataRows(ws);
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      const orderNo = String(row.getCell(no).value).replace(/^'/, '');
      const seed = SEED_ORDERS.find((s) => s.orderNo === orderNo)!;
      const cell = row.getCell(at);
      expect(cell.value).toBeInstanceOf(Date);
      expect(cell.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
      // exceljs reads serials back as UTC fields, so the UTC fields are the wall time written.
      expect((cell.value as Date).toISOString().slice(0, 19).replace('T', ' ')).toBe(taipeiWall(seed.at));
      expect((row.getCell(day).value as Date).toISOString().slice(0, 10)).toBe(taipeiWall(seed.at).slice(0, 10));
    }
  });

  it('writes the serial number of the Taipei wall time into the sheet XML', () => {
    const xml = zipEntry(file, 'xl/worksheets/sheet2.xml');
    // 2024-04-01 00:30 (Taipei) = serial 45383 + 30/1440
    const serial = 45383 + 30 / 1440;
    const values = [...xml.matchAll(/<v>([\d.]+)<\/v>/g)].map((m) => Number(m[1]));
    expect(values.some((v) => Math.abs(v - serial) < 1e-9)).toBe(true);
    expect(xml).not.toMatch(/<f>[^<]*HYPERLINK/);
  });
});
