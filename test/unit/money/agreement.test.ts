// One figure, one number: the Orders page totals, the Settlement page totals, the workbook's Summary
// and the CLI (`recon settlement`, `recon orders --totals`) must agree to the cent for the same
// period and profile, for both gateways.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { appOn } from '../../support/data-folder.ts';
import { MemoryCredentialStore } from '../../../src-main/core/credentials.ts';
import { orderTotals } from '../../../src-main/core/services/orders-query.ts';
import { dailySettlement } from '../../../src-main/core/services/settlement.ts';
import { exportWorkbook } from '../../../src-main/core/services/export.ts';
import { FIXTURE_FROM, FIXTURE_NOW_MS, FIXTURE_TO, type Fixture, seedFixture } from '../../support/settlement-fixture.ts';
import { runRecon } from '../../support/cli.ts';
import { readWorkbook, tempDir } from '../export/helpers.ts';
import { parseCents } from '../../../src-main/core/money.ts';

let dataDir: string;
let fx: Fixture;
beforeAll(async () => {
  dataDir = tempDir('recon-agree-');
  const app = appOn(dataDir, { shell: 'cli', credentials: new MemoryCredentialStore() });
  fx = await seedFixture(app);
  app.close();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Figures {
  captured: number;
  refunded: number;
  fees: number;
  feesReturned: number;
  net: number;
}

/** The Summary sheet's total row ("合計 Total"), read back from the file as Excel would show it. */
async function summaryTotals(file: string): Promise<Figures> {
  const wb = await readWorkbook(file);
  const ws = wb.getWorksheet('Summary')!;
  const header: Record<string, number> = {};
  ws.getRow(1).eachCell((c, n) => (header[String(c.value).split('\n')[1]!] = n));
  let found: Figures | undefined;
  ws.eachRow((row) => {
    if (row.getCell(1).value !== '合計 Total') return;
    const v = (name: string): number => {
      const cell = row.getCell(header[name]!).value as number | { formula: string; result?: number };
      if (typeof cell === 'number') return Math.round(cell * 100);
      if (cell.result !== undefined) return Math.round(cell.result * 100);
      // exceljs leaves out a cached 0; Excel computes the SUM on opening, and so does this.
      const m = /^SUM\(([A-Z]+)(\d+):[A-Z]+(\d+)\)$/.exec(cell.formula)!;
      let sum = 0;
      for (let r = Number(m[2]); r <= Number(m[3]); r++) sum += v2(ws.getRow(r).getCell(header[name]!).value);
      return sum;
    };
    const v2 = (value: unknown): number => (typeof value === 'number' ? Math.round(value * 100) : ((value as { result?: number } | null)?.result ?? 0) * 100);
    found = { captured: v('Captured'), refunded: v('Refunded'), fees: v('Fees'), feesReturned: v('Fees returned'), net: v('Net settlement') };
  });
  if (!found) throw new Error('no total row on Summary');
  return found;
}

describe.each(['flashpay', 'firstbank'] as const)('the same figures on every screen (%s)', (gateway) => {
  it('Orders totals, Settlement totals, the workbook Summary and the CLI agree to the cent', async () => {
    const profile = fx[gateway];
    const app = appOn(dataDir, { shell: 'cli', credentials: new MemoryCredentialStore() });
    let orders;
    let settlement;
    const out = path.join(dataDir, `${gateway}.xlsx`);
    try {
      const filter = { profileIds: [profile.id], from: FIXTURE_FROM, to: FIXTURE_TO };
      orders = orderTotals(app, filter);
      settlement = dailySettlement(app, { ...filter, nowMs: FIXTURE_NOW_MS }).totals;
      await exportWorkbook(app, { filter, out, kind: 'settlement', nowMs: FIXTURE_NOW_MS });
    } finally {
      app.close();
    }
    const env = { RECON_DATA_DIR: dataDir };
    const cliSettlement = await runRecon(['settlement', '--from', FIXTURE_FROM, '--to', FIXTURE_TO, '--profile', profile.name, '--json'], { env });
    expect(cliSettlement.stderr).toBe('');
    expect(cliSettlement.code).toBe(0);
    const cliTotals = await runRecon(['orders', '--from', FIXTURE_FROM, '--to', FIXTURE_TO, '--profile', profile.name, '--totals', '--json'], { env });
    expect(cliTotals.stderr).toBe('');
    expect(cliTotals.code).toBe(0);
    const s = JSON.parse(cliSettlement.stdout) as { totals: Record<keyof Figures, string> };
    const t = JSON.parse(cliTotals.stdout) as Record<string, string>;

    const fromSettlement: Figures = { captured: settlement.captured, refunded: settlement.refunded, fees: settlement.fees, feesReturned: settlement.feesReturned, net: settlement.net };
    expect(fromSettlement.fees).toBeGreaterThan(0);
    const fromOrders: Figures = { captured: orders.captured, refunded: orders.refunded, fees: orders.fee, feesReturned: orders.feeReturned, net: orders.net };
    const fromCliSettlement: Figures = {
      captured: parseCents(s.totals.captured), refunded: parseCents(s.totals.refunded), fees: parseCents(s.totals.fees),
      feesReturned: parseCents(s.totals.feesReturned), net: parseCents(s.totals.net),
    };
    const fromCliTotals: Figures = {
      captured: parseCents(t.captured!), refunded: parseCents(t.refunded!), fees: parseCents(t.fee!), feesReturned: parseCents(t.feeReturned!), net: parseCents(t.net!),
    };
    expect(fromOrders).toEqual(fromSettlement);
    expect(await summaryTotals(out)).toEqual(fromSettlement);
    expect(fromCliSettlement).toEqual(fromSettlement);
    expect(fromCliTotals).toEqual(fromSettlement);
    expect(fromSettlement.net).toBe(fromSettlement.captured - fromSettlement.refunded - fromSettlement.fees + fromSettlement.feesReturned);
  }, 60_000);
});
