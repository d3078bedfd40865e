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
  // A full load every time: a hash-only change would keep the language (and scroll) of the last page.
  await page.goto('about:blank');
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

      // One click opens an order.
      await page.locator(`[role=row][data-order-no="${o.order_no}"]`).click();
      const drawer = page.getByTestId('order-drawer');
      await expect(drawer.getByTestId('detail-payload')).toBeVisible();
      await scan(page, 'orders: order drawer');

      await drawer.getByRole('button', { name: lang === 'en' ? /^(Cancel|Refund)…$/ : /^(取消授權|退款)…$/ }).click();
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

    test('payouts: the list and a payout day’s orders', async ({ page }) => {
      await open(page, lang, '#/payouts');
      await expect(page.getByTestId('po-table')).toBeVisible();
      await scan(page, 'payouts page');
      await page.getByTestId('po-table').locator('tbody > tr[data-testid^=po-row-]').first().getByRole('button').click();
      await expect(page.getByTestId('po-orders')).toBeVisible();
      await scan(page, 'payouts: a day’s orders');
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

    test('approvals: the policy and the list', async ({ page }) => {
      await open(page, lang, '#/approvals');
      await expect(page.getByTestId('approval-policy')).toBeVisible();
      await page.waitForLoadState('networkidle');
      await scan(page, 'approvals page');
    });

    test('settings', async ({ page }) => {
      await open(page, lang, '#/settings');
      await expect(page.getByTestId('app-info')).toBeVisible();
      await scan(page, 'settings page');
    });
  });
}

/** Presses Tab (Shift+Tab when `back`) until the focused element matches `selector`; fails after 80 presses. */
async function tabTo(page: Page, selector: string, back = false) {
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${selector}; focus is on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))}`);
}

const focusedMatches = (page: Page, selector: string) => page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);

test.describe('keyboard, screen reader semantics, zoom and motion', () => {
  test('the orders grid announces the whole set’s size, each row’s position and the sort', async ({ page }) => {
    const today = db.prepare('SELECT MAX(taipei_day) FROM orders').pluck().get() as string;
    const from = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
    const n = db.prepare('SELECT COUNT(*) FROM orders WHERE taipei_day BETWEEN ? AND ?').pluck().get(from, today) as number;
    expect(n).toBeGreaterThan(200); // more than the first page: the count must not be the rows loaded so far
    await open(page, 'zh-TW', `#/orders?from=${from}&to=${today}`);
    const grid = page.getByRole('grid', { name: '訂單列表' });
    await expect(grid).toHaveAttribute('aria-rowcount', String(n + 1));
    await expect(grid.getByRole('row').nth(1)).toHaveAttribute('aria-rowindex', '2');
    // Every row has one cell per column shown (columns drop by priority on narrow windows, once the
    // grid has measured itself).
    const shape = async () => ({
      headers: await grid.getByRole('columnheader').count(),
      cells: await grid.getByRole('row').nth(1).getByRole('gridcell').count(),
      colcount: Number(await grid.getAttribute('aria-colcount')),
    });
    await expect.poll(async () => { const s = await shape(); return s.headers >= 6 && s.cells === s.headers && s.colcount === s.headers; }).toBe(true);
    await expect(grid.getByRole('columnheader', { name: '訂單時間' })).toHaveAttribute('aria-sort', 'descending');
    await expect(grid.locator('[aria-sort]')).toHaveCount(1);
    await grid.getByRole('button', { name: '訂單金額' }).click();
    await expect(grid.getByRole('columnheader', { name: '訂單金額' })).toHaveAttribute('aria-sort', 'descending');
    await expect(grid.locator('[aria-sort]')).toHaveCount(1);
    // Scrolled down, the rows in the DOM say where they are in the whole set.
    await page.getByTestId('orders-scroller').evaluate((el) => (el.scrollTop = 36 * 100));
    await expect(grid.locator('[role=row][data-order-no]').first()).not.toHaveAttribute('aria-rowindex', '2');
    const index = Number(await grid.locator('[role=row][data-order-no]').first().getAttribute('aria-rowindex'));
    expect(index).toBeGreaterThan(50);
    // The keyboard moves the active row; the grid points at it while holding focus itself.
    await grid.focus();
    await page.keyboard.press('Home');
    // The grid scrolls back to the top and then points at the first row.
    await expect(grid).toHaveAttribute('aria-activedescendant', /^order-row-/);
    const active = await grid.getAttribute('aria-activedescendant');
    await expect(page.locator(`#${active}`)).toHaveAttribute('aria-rowindex', '2');
    await expect(page.locator(`#${active}`)).toHaveAttribute('aria-selected', 'true');
  });

  test('the date presets are one Tab stop named for what they are; arrows move and choose', async ({ page }) => {
    await open(page, 'zh-TW', '#/orders');
    const group = page.getByRole('radiogroup', { name: '日期區間快選（台北時間）' });
    await expect(group.getByRole('radio', { name: '近 7 天' })).toHaveAttribute('aria-checked', 'true');
    await expect(group.locator('[tabindex="0"]')).toHaveCount(1);
    await tabTo(page, '[role=radio]');
    expect(await focusedMatches(page, '[aria-checked=true]')).toBe(true);
    await page.keyboard.press('ArrowRight');
    await expect(group.getByRole('radio', { name: '本月' })).toBeFocused();
    await expect(group.getByRole('radio', { name: '本月' })).toHaveAttribute('aria-checked', 'true');
    await page.keyboard.press('Tab');
    expect(await focusedMatches(page, '[role=radio]')).toBe(false); // one stop: Tab leaves the group
    await page.keyboard.press('Shift+Tab');
    await expect(group.getByRole('radio', { name: '本月' })).toBeFocused();
    // The status filter's panel closes on Escape and gives focus back to its button.
    await tabTo(page, '[data-testid=status-filter]');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await focusedMatches(page, '#status-filter-panel input')).toBe(true);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('status-filter')).toBeFocused();
  });

  test('keyboard only: find an order, open it, cancel or refund it, export', async ({ page }) => {
    test.setTimeout(120_000);
    const o = actionableOrder('flashpay');
    await open(page, 'zh-TW', `#/orders?from=${o.taipei_day}&to=${o.taipei_day}`);
    await expect(page.locator('[role=row][data-order-no]').first()).toBeVisible();
    // Find it.
    await tabTo(page, 'input[type=search]');
    await page.keyboard.type(o.order_no);
    await expect(page.locator('[role=row][data-order-no]')).toHaveCount(1);
    // Open it.
    await tabTo(page, '[role=grid]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const drawer = page.getByTestId('order-drawer');
    await expect(drawer.getByTestId('detail-payload')).toBeVisible();
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid=order-drawer]') !== null)).toBe(true);
    // Cancel or refund it, by keyboard, in a dialog that keeps focus inside.
    await tabTo(page, '[data-testid=order-drawer] button.danger');
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('action-dialog');
    await expect(dialog.locator('input[name=operator]')).toBeVisible();
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press(i % 5 === 4 ? 'Shift+Tab' : 'Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('[data-testid=action-dialog]') !== null), `Tab ${i + 1} left the dialog`).toBe(true);
    }
    await tabTo(page, 'input[name=operator]');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('鍵盤 測試');
    if (await dialog.locator('input[name=typedAmount]').count()) {
      await tabTo(page, 'input[name=typedAmount]');
      await page.keyboard.type((await dialog.getByTestId('action-amount').textContent())!.replace('NT$ ', ''));
    }
    await tabTo(page, '[data-testid=action-dialog] button[type=submit]');
    await page.keyboard.press('Enter');
    await expect(dialog.getByTestId('action-outcome')).toHaveAttribute('data-state', 'SUCCEEDED', { timeout: 30_000 });
    await page.screenshot({ path: path.join(SCREENS, 'a11y-keyboard-refund.png') });
    // Escape closes one layer at a time, and focus goes back to what opened each.
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(drawer).toBeVisible();
    expect(await focusedMatches(page, '[data-testid=order-drawer] button.danger')).toBe(true);
    await page.keyboard.press('Escape');
    await expect(drawer).toBeHidden();
    const grid = page.getByRole('grid');
    await expect(grid).toBeFocused();
    const active = await grid.getAttribute('aria-activedescendant');
    await expect(page.locator(`#${active}`)).toHaveAttribute('data-order-no', o.order_no);
    // Export what is shown.
    await tabTo(page, '[data-testid=orders-export]');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('orders-export-path')).toBeVisible({ timeout: 30_000 });
    // The audit log has the attempt, by the operator typed with the keyboard.
    expect(db.prepare("SELECT COUNT(*) FROM audit_log WHERE order_no = ? AND operator = '鍵盤 測試'").pluck().get(o.order_no)).toBeGreaterThan(0);
  });

  for (const size of [
    { width: 1440, height: 900 },
    { width: 1024, height: 700 },
  ]) {
    test(`every page at ${size.width}x${size.height}: no sideways page scroll (screenshots)`, async ({ page }) => {
      await page.setViewportSize(size);
      for (const p of ['orders', 'settlement', 'payouts', 'reconcile', 'audit', 'settings']) {
        await open(page, 'zh-TW', `#/${p}`);
        await expect(page.locator('main h1')).toBeVisible();
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: path.join(SCREENS, `a11y-${p}-${size.width}x${size.height}.png`) });
        const overflow = await page.evaluate(() => [document.documentElement.scrollWidth - document.documentElement.clientWidth, document.querySelector('main')!.scrollWidth - document.querySelector('main')!.clientWidth]);
        expect(overflow, `${p} scrolls sideways`).toEqual([0, 0]);
      }
    });
  }

  test('200% zoom (1440x900 at 200%): no sideways page scroll, main controls reachable, still clean under axe', async ({ browser }) => {
    // Six pages in two languages, each scanned by axe: more than the default minute on a loaded machine.
    test.setTimeout(180_000);
    const context = await browser.newContext({ viewport: { width: 720, height: 450 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const controls: Record<string, string[]> = {
      orders: ['input[type=search]', '[data-testid=orders-export]', '[role=grid]'],
      settlement: ['[data-testid=st-export]', '[data-testid=st-table]'],
      payouts: ['[data-testid=po-profile]', '[data-testid=po-table]'],
      reconcile: ['input[type=file]', '[data-testid=exceptions]'],
      audit: ['[data-testid=audit-export]', 'input[name=orderNo]'],
      settings: ['[data-testid=app-info]'],
    };
    for (const lang of LANGS) {
      for (const [p, selectors] of Object.entries(controls)) {
        await open(page, lang, `#/${p}`);
        await expect(page.locator('main h1')).toBeVisible();
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: path.join(SCREENS, `a11y-zoom200-${p}-${lang}.png`) });
        const overflow = await page.evaluate(() => [document.documentElement.scrollWidth - document.documentElement.clientWidth, document.querySelector('main')!.scrollWidth - document.querySelector('main')!.clientWidth]);
        expect.soft(overflow, `${p} (${lang}) scrolls sideways at 200%`).toEqual([0, 0]);
        const links = page.getByRole('navigation').getByRole('link');
        await expect(links).toHaveCount(6);
        for (let i = 0; i < 6; i++) await expect.soft(links.nth(i), `${p}: menu link ${i + 1} on screen at 200%`).toBeInViewport();
        for (const s of selectors) {
          const el = page.locator(s).first();
          await el.scrollIntoViewIfNeeded();
          await expect.soft(el, `${p}: ${s} reachable at 200%`).toBeInViewport({ ratio: s.includes('table') || s.includes('grid') || s.includes('exceptions') ? 0.1 : 1 });
        }
        await scan(page, `${p} at 200% (${lang})`);
      }
    }
    await context.close();
  });

  test('with reduced motion asked for, nothing slides or fades', async ({ page }) => {
    const o = actionableOrder('flashpay');
    const hash = `#/orders?from=${o.taipei_day}&to=${o.taipei_day}&open=${o.profile_id}:${o.order_no}`;
    const motion = () =>
      page.evaluate(() => ({
        drawer: getComputedStyle(document.querySelector('[data-testid=order-drawer]')!).animationName,
        button: getComputedStyle(document.querySelector('button')!).transitionDuration,
      }));
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await open(page, 'zh-TW', hash);
    await expect(page.getByTestId('order-drawer')).toBeVisible();
    expect(await motion()).toEqual({ drawer: 'drawer-in', button: '0.12s' });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.reload();
    await expect(page.getByTestId('order-drawer')).toBeVisible();
    expect(await motion()).toEqual({ drawer: 'none', button: '0s' });
    expect(await page.evaluate(() => document.getAnimations().length)).toBe(0);
  });
});
