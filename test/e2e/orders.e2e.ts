// The orders console in Chromium on the demo (sandbox) data: every filter, search, sort, paging to the
// end, the detail drawer and the language switch, with the numbers checked against the cache itself.
import { expect, test, type Page } from '@playwright/test';
import type Database from 'better-sqlite3';
import type { ConsoleProcess } from '../support/console-process.ts';
import { type DemoConsole, startDemoConsole } from '../support/demo-console.ts';
import { formatCents } from '../../src-main/contract/format.ts';
import { taipeiRangeMs } from '../../src-main/core/time.ts';

let c: ConsoleProcess;
let db: Database.Database;
let today: string;

let demo: DemoConsole;

test.beforeAll(async () => {
  demo = await startDemoConsole();
  ({ c, db, today } = demo);
});
test.afterAll(async () => {
  await demo?.stop();
});

function dbTotals(where: string, params: Record<string, unknown>) {
  return db
    .prepare(`SELECT COUNT(*) n, COALESCE(SUM(amount),0) amount, COALESCE(SUM(captured),0) captured, COALESCE(SUM(refunded),0) refunded, COALESCE(SUM(eff_fee),0) fee FROM orders WHERE ${where}`)
    .get(params) as { n: number; amount: number; captured: number; refunded: number; fee: number };
}

async function expectTotals(page: Page, t: { n: number; amount: number; captured: number; refunded: number; fee: number }) {
  await expect(page.getByTestId('total-count')).toHaveText(t.n.toLocaleString('en-US'));
  await expect(page.getByTestId('total-amount')).toHaveText(formatCents(t.amount, { grouped: true }));
  await expect(page.getByTestId('total-captured')).toHaveText(formatCents(t.captured, { grouped: true }));
  await expect(page.getByTestId('total-refunded')).toHaveText(formatCents(t.refunded, { grouped: true }));
  await expect(page.getByTestId('total-fee')).toHaveText(formatCents(t.fee, { grouped: true }));
}

function dayAgo(n: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
}

test('filters, totals, search, sort and the drawer agree with the cache', async ({ page }) => {
  const from = dayAgo(29);
  const range = taipeiRangeMs(from, today);
  const base = 'ordered_at_ms >= @startMs AND ordered_at_ms < @endMs';
  await page.goto(`${c.url}#/orders?from=${from}&to=${today}`);
  await expect(page.getByRole('grid')).toBeVisible();
  await expectTotals(page, dbTotals(base, range));
  await page.screenshot({ path: 'test-results/screens/orders-30d.png' });

  // Normalized status filter.
  await page.getByTestId('status-filter').click();
  await page.getByRole('checkbox', { name: '已清算', exact: true }).check();
  await page.keyboard.press('Escape');
  await expectTotals(page, dbTotals(`${base} AND status = 'settled'`, range));
  // Plus a gateway's own code (First Bank 3 已退款).
  await page.getByTestId('status-filter').click();
  await page.getByRole('checkbox', { name: /^3 已退款/ }).check();
  await page.screenshot({ path: 'test-results/screens/orders-status-filter.png' });
  await page.keyboard.press('Escape');
  await expectTotals(page, dbTotals(`${base} AND (status = 'settled' OR (gateway = 'firstbank' AND status_code = '3'))`, range));
  await page.getByTestId('status-filter').click();
  await page.getByRole('button', { name: '清除' }).click();
  await page.keyboard.press('Escape');

  // Profile.
  const fb = db.prepare("SELECT id FROM profiles WHERE gateway = 'firstbank'").pluck().get() as number;
  await page.getByRole('combobox', { name: '設定檔' }).selectOption(String(fb));
  await expectTotals(page, dbTotals(`${base} AND profile_id = @fb`, { ...range, fb }));
  await page.getByRole('combobox', { name: '設定檔' }).selectOption('');

  // Amount range.
  await page.getByRole('textbox', { name: '金額下限' }).fill('1,000');
  await page.getByRole('textbox', { name: '金額上限' }).fill('5000.5');
  await expectTotals(page, dbTotals(`${base} AND amount >= 100000 AND amount <= 500050`, range));
  await page.getByRole('textbox', { name: '金額下限' }).fill('');
  await page.getByRole('textbox', { name: '金額上限' }).fill('');

  // Search by order number, then by auth code.
  const sample = db.prepare(`SELECT order_no, auth_code, gateway_order_no FROM orders WHERE ${base} AND auth_code IS NOT NULL ORDER BY id LIMIT 1 OFFSET 7`).get(range) as {
    order_no: string;
    auth_code: string;
  };
  await page.getByRole('searchbox').fill(sample.order_no);
  await expect(page.locator('[role=row][data-order-no]')).toHaveCount(1);
  await expect(page.locator('[role=row][data-order-no]').first()).toHaveAttribute('data-order-no', sample.order_no);
  await page.getByRole('searchbox').fill(sample.auth_code);
  await expect(page.locator(`[role=row][data-order-no="${sample.order_no}"]`)).toBeVisible();
  await page.getByRole('searchbox').fill('');

  // Sort by amount, ascending: the first row is the smallest amount of the range.
  await page.getByRole('button', { name: '訂單金額' }).click();
  await page.getByRole('button', { name: '訂單金額' }).click();
  const smallest = db.prepare(`SELECT order_no FROM orders WHERE ${base} ORDER BY amount ASC, id ASC LIMIT 1`).pluck().get(range) as string;
  await expect(page.locator('[role=row][data-order-no]').first()).toHaveAttribute('data-order-no', smallest);
  expect(page.url()).toContain('sort=amount');
  expect(page.url()).toContain('dir=asc');

  // Detail drawer by keyboard: focus the grid, move down, open with Enter.
  await page.getByTestId('orders-scroller').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const drawer = page.getByTestId('order-drawer');
  await expect(drawer).toBeVisible();
  const amount = db.prepare('SELECT amount FROM orders WHERE order_no = ?').pluck().get(smallest) as number;
  await expect(drawer.getByTestId('detail-amount')).toHaveText(formatCents(amount, { grouped: true }));
  await expect(drawer.getByTestId('detail-payload')).toContainText(smallest);
  await drawer.getByRole('button', { name: '立即重新查詢' }).click();
  await expect(drawer.getByRole('status')).toHaveText(/無變更|已更新/);
  await page.screenshot({ path: 'test-results/screens/orders-drawer.png' });
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
});

test('pages to the end of a large result by scrolling', async ({ page }) => {
  const from = dayAgo(89);
  const range = taipeiRangeMs(from, today);
  const n = dbTotals('ordered_at_ms >= @startMs AND ordered_at_ms < @endMs', range).n;
  expect(n).toBeGreaterThan(1000);
  await page.goto(`${c.url}#/orders?from=${from}&to=${today}`);
  const scroller = page.getByTestId('orders-scroller');
  await expect(page.getByTestId('total-count')).toHaveText(n.toLocaleString('en-US'));
  // Keep jumping to the bottom until the list says it has ended.
  for (let i = 0; i < 200 && !(await page.getByTestId('end-of-list').isVisible()); i++) {
    await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.waitForTimeout(50);
  }
  await expect(page.getByTestId('end-of-list')).toContainText(n.toLocaleString('en-US'));
  // The last page arrived while the view sat at the old bottom: scroll to the new one.
  await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
  const oldest = db.prepare('SELECT order_no FROM orders WHERE ordered_at_ms >= @startMs AND ordered_at_ms < @endMs ORDER BY ordered_at_ms ASC, id ASC LIMIT 1').pluck().get(range) as string;
  await expect(page.locator(`[role=row][data-order-no="${oldest}"]`)).toBeVisible();
  // Virtualized: only a window of rows is in the DOM.
  expect(await page.locator('[role=row][data-order-no]').count()).toBeLessThan(120);
});

test('switches to English and back, keeping the view', async ({ page }) => {
  await page.goto(`${c.url}#/orders?from=${dayAgo(6)}&to=${today}`);
  await expect(page.getByTestId('total-count')).not.toHaveText('—');
  await page.getByRole('button', { name: '切換語言' }).click();
  await expect(page.getByRole('heading', { name: 'Orders' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sync this range' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: /Amount/ })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/orders-en.png' });
  await page.getByRole('button', { name: 'Switch language' }).click();
  await expect(page.getByRole('heading', { name: '訂單' })).toBeVisible();
});

test('an empty result says what to do', async ({ page }) => {
  await page.goto(`${c.url}#/orders?from=2001-01-01&to=2001-01-02`);
  await expect(page.getByTestId('orders-empty')).toContainText('此條件下沒有訂單');
  await page.screenshot({ path: 'test-results/screens/orders-empty.png' });
});

test('sync this range runs with progress and refreshes the list', async ({ page }) => {
  await page.goto(`${c.url}#/orders?from=${dayAgo(2)}&to=${today}`);
  await page.getByRole('button', { name: '同步此區間' }).click();
  await expect(page.getByTestId('sync-status')).toContainText('同步完成', { timeout: 60_000 });
});

test('the drawer offers cancel with the amount shown and confirmation required', async ({ page }) => {
  const o = db.prepare("SELECT profile_id, order_no, amount, taipei_day FROM orders WHERE gateway = 'flashpay' AND status_code = '02' ORDER BY ordered_at_ms DESC LIMIT 1").get() as
    | { profile_id: number; order_no: string; amount: number; taipei_day: string }
    | undefined;
  test.skip(!o, 'no authorized FlashPay order in the demo data');
  await page.goto(`${c.url}#/orders?from=${o!.taipei_day}&to=${o!.taipei_day}&open=${o!.profile_id}:${o!.order_no}`);
  const drawer = page.getByTestId('order-drawer');
  await drawer.getByRole('button', { name: '取消授權…' }).click();
  const dialog = page.getByRole('dialog').filter({ hasText: '預期結果' }).last();
  await expect(dialog).toContainText(o!.order_no);
  await expect(dialog).toContainText(formatCents(o!.amount, { grouped: true }));
  await page.screenshot({ path: 'test-results/screens/orders-drawer-action.png' });
  await dialog.getByRole('button', { name: '關閉' }).click();
});

test('exports every filtered row, not just the visible page, to a workbook', async ({ page }) => {
  const from = dayAgo(13);
  const range = taipeiRangeMs(from, today);
  const n = dbTotals("ordered_at_ms >= @startMs AND ordered_at_ms < @endMs AND status = 'captured'", range).n;
  expect(n).toBeGreaterThan(200); // more than one page of 200
  await page.goto(`${c.url}#/orders?from=${from}&to=${today}&status=captured`);
  await expect(page.getByTestId('total-count')).toHaveText(n.toLocaleString('en-US'));
  await page.getByTestId('orders-export').click();
  await expect(page.getByTestId('orders-export-path')).toBeVisible({ timeout: 30_000 });
  const file = await page.getByTestId('orders-export-path').textContent();
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file!);
  const sheet = wb.worksheets.find((w) => /orders|訂單/i.test(w.name))!;
  expect(sheet.actualRowCount - 1).toBe(n);
});
