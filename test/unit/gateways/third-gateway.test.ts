// The seam, proven: a third gateway that exists only in test code (test/support/third-gateway.ts),
// with its own protocol over real HTTP, is registered and then synced, listed, re-queried, exported
// (the workbook read back) and reconciled against a shop ledger by the product's own services,
// unchanged.
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayNames, registerGateway, unregisterGateway } from '../../../src-main/core/gateways/registry.ts';
import { exportWorkbook } from '../../../src-main/core/services/export.ts';
import { importLedger, previewLedger } from '../../../src-main/core/services/ledger-import.ts';
import { describeGateways } from '../../../src-main/core/services/order-views.ts';
import { listOrders } from '../../../src-main/core/services/orders-query.ts';
import { type Profile, addProfile } from '../../../src-main/core/services/profiles.ts';
import { runReconciliation } from '../../../src-main/core/services/reconcile.ts';
import { requeryOrder } from '../../../src-main/core/services/requery.ts';
import { syncProfile } from '../../../src-main/core/services/sync.ts';
import { tempApp } from '../../support/app.ts';
import { type TinyOrder, startTinyServer, tinyAdapter } from '../../support/third-gateway.ts';
import { col, dataRows } from '../export/helpers.ts';
import { csv } from '../reconcile/helpers.ts';

const KEY = 'tiny-secret';
const ORDERS: TinyOrder[] = [
  { ref: 'T1', cents: 123_400, state: 'PAID', at: '2024-03-05T06:03:00Z' },
  { ref: 'T2', cents: 50_000, state: 'SETTLED', at: '2024-03-05T07:00:00Z' },
  { ref: 'T3', cents: 9_900, state: 'PAID', at: '2024-03-06T02:00:00Z' },
  { ref: 'T4', cents: 2_000, state: 'VOID', at: '2024-03-06T03:00:00Z' },
];

describe('a third gateway registered from test code', () => {
  const app = tempApp();
  let server: Awaited<ReturnType<typeof startTinyServer>>;
  let profile: Profile;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-tiny-'));

  beforeAll(async () => {
    registerGateway(tinyAdapter);
    server = await startTinyServer(KEY, ORDERS);
    profile = await addProfile(app, { name: 'tiny', gateway: 'tinypay', tradeUrl: server.baseUrl, merchantId: 'SHOP1' }, { hashKey: KEY });
  });
  afterAll(async () => {
    await server.close();
    unregisterGateway('tinypay');
    app.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is one of the gateways the renderer is told about', () => {
    expect(gatewayNames()).toContain('tinypay');
    const tiny = describeGateways().find((g) => g.name === 'tinypay')!;
    expect(tiny.label).toEqual({ zh: '小付', en: 'TinyPay' });
    expect(tiny.statuses.map((s) => s.code)).toEqual(['NEW', 'PAID', 'SETTLED', 'VOID', 'BACK']);
    expect(tiny.secrets).toEqual(['hashKey']);
  });

  it('syncs its orders over its own protocol and lists them with their statuses', async () => {
    const summary = await syncProfile(app, profile, { from: '2024-03-01', to: '2024-03-31' });
    expect(summary).toMatchObject({ state: 'done', errors: [], counts: { inserted: 4, updated: 0, unchanged: 0 } });
    expect(summary.chunks).toEqual([{ from: '2024-03-01', to: '2024-03-31', state: 'done', orders: 4, error: null }]);
    expect(server.requests).toContain('GET /v1/orders?from=2024-03-01&to=2024-03-31');

    const { rows } = listOrders(app, { profileIds: [profile.id], from: '2024-03-01', to: '2024-03-31', sort: 'orderNo', dir: 'asc' });
    expect(rows.map((r) => [r.order_no, r.gateway, r.status, r.status_code, r.amount, r.taipei_day])).toEqual([
      ['T1', 'tinypay', 'captured', 'PAID', 123_400, '2024-03-05'],
      ['T2', 'tinypay', 'settled', 'SETTLED', 50_000, '2024-03-05'],
      ['T3', 'tinypay', 'captured', 'PAID', 9_900, '2024-03-06'],
      ['T4', 'tinypay', 'cancelled', 'VOID', 2_000, '2024-03-06'],
    ]);
  });

  it('re-queries one order through its adapter', async () => {
    expect(await requeryOrder(app, profile, 'T1')).toBe('unchanged');
    expect(server.requests).toContain('GET /v1/orders/T1');
  });

  it('exports its orders: the workbook names the gateway and its own statuses in both languages', async () => {
    const out = path.join(dir, 'tiny.xlsx');
    const result = await exportWorkbook(app, { filter: { profileIds: [profile.id], from: '2024-03-01', to: '2024-03-31' }, out, nowMs: Date.UTC(2024, 3, 1) });
    expect(result.orders).toBe(4);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sheet = wb.getWorksheet('Orders')!;
    const cells = dataRows(sheet).map((r) => [
      r.getCell(col(sheet, '訂單編號')).value,
      r.getCell(col(sheet, '金流')).value,
      r.getCell(col(sheet, '金流狀態（中文）')).value,
      r.getCell(col(sheet, '金流狀態（英文）')).value,
    ]);
    expect(cells).toEqual(
      expect.arrayContaining([
        ['T1', '小付 TinyPay', '已付款', 'Paid'],
        ['T2', '小付 TinyPay', '已撥款', 'Settled'],
        ['T4', '小付 TinyPay', '已作廢', 'Void'],
      ]),
    );
    expect(cells).toHaveLength(4);
  });

  it('reconciles its orders against the shop ledger', async () => {
    const bytes = new TextEncoder().encode(
      csv([
        ['訂單編號', '金額', '訂單時間', '狀態'],
        ['T1', '1234', '2024-03-05 14:03:00', '已付款'],
        ['T2', '450', '2024-03-05 15:00:00', '已付款'],
        ['T9', '100', '2024-03-06 10:00:00', '已付款'],
        ['T4', '20', '2024-03-06 11:00:00', '已取消'],
      ]),
    );
    const preview = await previewLedger(app, profile, 'shop.csv', bytes);
    const imported = await importLedger(app, profile, bytes, { fileName: 'shop.csv', mapping: preview.mapping });
    expect(imported).toMatchObject({ imported: 4, badCount: 0 });
    const result = runReconciliation(app, profile);
    expect(result.matched).toBe(2);
    expect(result.exceptions.map((e) => `${e.kind}:${e.order_no}`).sort()).toEqual(['amount_mismatch:T2', 'missing_at_gateway:T9', 'missing_in_ledger:T3']);
  });
});
