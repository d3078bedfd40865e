// The settlement page on a console started over a seeded data folder: the numbers shown are the
// core's, a day opens its orders, and an export produces a workbook whose totals match.
import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { createApp } from '../../src-main/core/app.ts';
import { MemoryCredentialStore } from '../../src-main/core/credentials.ts';
import { formatCents } from '../../src-main/contract/format.ts';
import { type SettlementReport, dailySettlement } from '../../src-main/core/services/settlement.ts';
import { OrderStore } from '../../src-main/core/store/orders.ts';
import { taipeiDayOf } from '../../src-main/core/time.ts';
import { type ConsoleProcess, repoRoot, startConsole } from '../support/console-process.ts';
import { type Fixture, type SeedOrder, normalized, seedFixture } from '../support/settlement-fixture.ts';

const SCREENS = path.join(repoRoot, 'test-results', 'screens');
let dataDir: string;
let consoleProcess: ConsoleProcess;
let fx: Fixture;
let fixtureReport: SettlementReport;

/** A month of plausible recent orders so the default view (last 30 days) looks like a real shop. */
function recentOrders(nowMs: number): SeedOrder[] {
  let seed = 20240401;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const out: SeedOrder[] = [];
  for (let d = 29; d >= 0; d--) {
    const dayStart = Date.parse(`${taipeiDayOf(nowMs - d * 86_400_000)}T00:00:00+08:00`);
    const n = 6 + Math.floor(rand() * 10);
    for (let i = 0; i < n; i++) {
      const at = dayStart + Math.floor(rand() * 86_000_000);
      if (at > nowMs) continue;
      const amount = (300 + Math.floor(rand() * 60) * 100) * 100;
      const fp = rand() < 0.6;
      const r = rand();
      const no = `${fp ? 'FP' : 'FB'}${new Date(at).toISOString().slice(2, 10).replace(/-/g, '')}${String(i).padStart(3, '0')}`;
      if (fp) {
        const old = d >= 2;
        const code = r < 0.08 ? 'ZF' : r < 0.14 ? '08' : r < 0.18 ? '06' : old ? '04' : r < 0.6 ? '03' : '02';
        const captured = code === '02' || code === 'ZF' ? 0 : amount;
        const refunded = code === '06' || code === '08' ? amount : 0;
        const fee = code === '04' || code === '08' || code === '06' ? Math.round(amount * 0.0275) : 0;
        out.push({ gateway: 'flashpay', orderNo: no, at: new Date(at).toISOString(), code, amount, captured, refunded, fee, feeReturned: refunded ? fee : 0 });
      } else {
        const code = r < 0.06 ? '6' : r < 0.12 ? '3' : r < 0.15 ? '0' : '2';
        const captured = code === '2' || code === '3' ? amount : 0;
        out.push({ gateway: 'firstbank', orderNo: no, at: new Date(at).toISOString(), code, amount, captured, refunded: code === '3' ? amount : 0 });
      }
    }
  }
  return out;
}

test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'recon-e2e-settlement-'));
  const app = createApp({ dataDir, shell: 'cli', credentials: new MemoryCredentialStore() });
  fx = await seedFixture(app, { demo: false });
  const store = new OrderStore(app.db);
  const now = Date.now();
  app.db.transaction(() => {
    for (const s of recentOrders(now)) {
      store.upsert(s.gateway === 'flashpay' ? fx.flashpay.id : fx.firstbank.id, normalized(s), { rawAnswerId: null, source: 'test', nowMs: now });
    }
  })();
  fixtureReport = dailySettlement(app, { from: '2024-03-31', to: '2024-04-02' });
  app.close();
  consoleProcess = await startConsole({ args: ['--no-demo'], env: { RECON_DATA_DIR: dataDir } });
  mkdirSync(SCREENS, { recursive: true });
});
test.afterAll(async () => {
  await consoleProcess?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const money = (cents: number) => formatCents(cents, { grouped: true });

test('shows the core numbers, opens a day, and exports a workbook that matches', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  // Tall enough that the screenshots show the whole table (the content pane scrolls by itself).
  await page.setViewportSize({ width: 1280, height: 1300 });
  await page.goto(`${consoleProcess.url}#/settlement?from=2024-03-31&to=2024-04-02`);
  await expect(page.getByRole('heading', { name: '每日結算' })).toBeVisible();

  // Totals and every row's net are exactly the core's.
  await expect(page.getByTestId('st-total-net')).toHaveText(money(fixtureReport.totals.net));
  await expect(page.getByTestId('st-total-captured')).toHaveText(money(fixtureReport.totals.captured));
  await expect(page.getByTestId('st-total-fees')).toHaveText(money(fixtureReport.totals.fees));
  for (const r of fixtureReport.rows) {
    const row = page.getByTestId(`st-row-${r.day}-${r.profileId}`);
    await expect(row.locator('[data-col="net"]')).toHaveText(money(r.net));
    await expect(row.locator('[data-col="fees"]')).toHaveText(money(r.fees));
  }
  await expect(page.getByTestId('st-total-row').locator('[data-col="unsettled"]')).toHaveText(money(fixtureReport.totals.unsettled));
  await expect(page.locator('[data-testid="net-chart"] .chart-bar')).toHaveCount(3);
  await page.screenshot({ path: path.join(SCREENS, 'settlement-fixture-zh.png'), fullPage: true });

  // A row opens that day's orders for its profile: 00:00 Taipei on April 1 belongs to April 1. On a
  // small screen the panel (below the table) is brought into view rather than opening off-screen.
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.getByTestId(`st-row-2024-04-01-${fx.firstbank.id}`).click();
  await expect(page.getByTestId('st-day-panel')).toBeInViewport();
  await page.setViewportSize({ width: 1280, height: 800 });
  const dayOrders = page.getByTestId('st-day-orders');
  await expect(dayOrders).toContainText('FB-0401-MIDNIGHT');
  await expect(dayOrders).toContainText('00:00:00');
  await expect(dayOrders.locator('tbody tr')).toHaveCount(fixtureReport.rows.find((r) => r.day === '2024-04-01' && r.profileId === fx.firstbank.id)!.orders);
  // A bar opens the day for all profiles.
  await page.locator('[data-testid="net-chart"] .chart-bar[data-day="2024-03-31"]').click();
  await expect(dayOrders).toContainText('FP-0331-LAST');
  await expect(dayOrders).not.toContainText('FP-0401-EARLY');
  await page.screenshot({ path: path.join(SCREENS, 'settlement-day-zh.png'), fullPage: true });

  // Export: progress, then the path; the web shell also offers a download.
  await page.getByTestId('st-export').click();
  const exported = page.getByTestId('st-export-path');
  await expect(exported).toBeVisible({ timeout: 30_000 });
  const file = (await exported.textContent())!;
  expect(file.startsWith(path.join(dataDir, 'exports'))).toBe(true);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  // Exported from a Chinese page: the workbook is in Chinese.
  expect(wb.worksheets.map((w) => w.name)).toEqual(['結算摘要', '訂單', '手續費']);
  const summary = wb.getWorksheet('結算摘要')!;
  expect(summary.getRow(fixtureReport.rows.length + 2).getCell(1).value).toBe('合計');
  const totalRow = summary.getRow(fixtureReport.rows.length + 2);
  expect(totalRow.getCell(10).value).toEqual({ formula: `SUM(J2:J${fixtureReport.rows.length + 1})`, result: fixtureReport.totals.net / 100 });
  expect(wb.getWorksheet('訂單')!.rowCount - 1).toBe(fixtureReport.totals.orders);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('st-export-download').click()]);
  const saved = path.join(dataDir, 'downloaded.xlsx');
  await download.saveAs(saved);
  expect(statSync(saved).size).toBe(statSync(file).size);
  await page.screenshot({ path: path.join(SCREENS, 'settlement-exported-zh.png'), fullPage: true });
  expect(errors, 'no console errors (CSP violations included)').toEqual([]);
});

test('opens on the last 30 days and reads in English', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1100 });
  await page.goto(`${consoleProcess.url}#/settlement`);
  await expect(page.getByTestId('net-chart')).toBeVisible();
  await expect(page.locator('[data-testid="net-chart"] .chart-bar')).toHaveCount(30);
  const today = taipeiDayOf(Date.now());
  await expect(page.getByTestId('st-to')).toHaveValue(today.replaceAll('-', '/'));
  await page.getByRole('button', { name: '切換語言' }).click();
  await expect(page.getByRole('heading', { name: 'Settlement', exact: true })).toBeVisible();
  await expect(page.getByText('Net settlement per day')).toBeVisible();
  await page.screenshot({ path: path.join(SCREENS, 'settlement-30days-en.png'), fullPage: true });
  await page.getByRole('button', { name: 'Switch language' }).click();
  await page.screenshot({ path: path.join(SCREENS, 'settlement-30days-zh.png'), fullPage: true });
});

test('refuses an export download without the token and outside exports/', async ({ request }) => {
  const anon = await request.get(`${consoleProcess.origin}/exports/anything.xlsx`, { headers: { Cookie: '' } });
  expect(anon.status()).toBe(401);
  const traversal = await request.get(`${consoleProcess.origin}/exports/..%2Frecon.sqlite`, { headers: { 'x-recon-token': consoleProcess.token } });
  expect(traversal.status()).toBe(404);
});

test('cards add up, gateways have subtotals, and a finished range can be closed', async ({ page }) => {
  await page.goto(`${consoleProcess.url}#/settlement?from=2024-03-31&to=2024-04-02`);
  const card = async (k: string) => Math.round(Number((await page.getByTestId(`st-total-${k}`).textContent())!.replace(/,/g, '')) * 100);
  await expect(page.getByTestId('st-total-feesReturned')).toHaveText(money(fixtureReport.totals.feesReturned));
  expect((await card('captured')) - (await card('refunded')) - (await card('fees')) + (await card('feesReturned'))).toBe(await card('net'));
  for (const g of fixtureReport.gateways) {
    await expect(page.getByTestId(`st-gateway-row-${g.gateway}`).locator('[data-col="net"]')).toHaveText(money(g.net));
  }
  await page.getByTestId('st-preset-lastMonth').click();
  await expect(page.getByTestId('st-preset-lastMonth')).toHaveAttribute('aria-checked', 'true');
  await page.goto(`${consoleProcess.url}#/settlement?from=2024-03-31&to=2024-04-02`);
  await expect(page.getByTestId('st-closed-through')).toHaveText('尚無結帳期間');
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('st-close-period').click();
  await expect(page.getByTestId('st-closed-through')).toHaveText('已結帳至 2024-04-02');
  await expect(page.getByTestId('st-close-period')).toBeDisabled();
  // Closing changes no figure.
  await expect(page.getByTestId('st-total-net')).toHaveText(money(fixtureReport.totals.net));
});
