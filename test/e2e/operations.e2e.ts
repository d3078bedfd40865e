// Support and finance staff's daily lookups in Chromium, on the demo data: a search looks through all
// dates (with the range as a chip), a masked card finds its orders, one click opens an order, actions
// say why they are disabled, bad amount filters say what is wrong, the page refreshes itself when
// another window changes its data, each profile's sync says how it went, a sync started elsewhere shows
// a banner, and the layout holds at 1024x700.
import { type Page, expect, test } from '@playwright/test';
import type Database from 'better-sqlite3';
import type { ConsoleProcess } from '../support/console-process.ts';
import { type DemoConsole, startDemoConsole } from '../support/demo-console.ts';
import { callConsole, waitForJobs } from '../support/console-api.ts';
import { armFault } from '../support/action-sandbox.ts';
import { taipeiRangeMs } from '../../src-main/core/time.ts';

let c: ConsoleProcess;
let db: Database.Database;
let today: string;

let demo: DemoConsole;

test.beforeAll(async () => {
  // The demo's first sync over the sandboxes takes a while on a loaded machine.
  test.setTimeout(180_000);
  demo = await startDemoConsole();
  ({ c, db, today } = demo);
});
test.afterAll(async () => {
  await demo?.stop();
});

const rows = (page: Page) => page.locator('[role=row][data-order-no]');

test('a search looks through all dates, the range is a chip that narrows and clears', async ({ page }) => {
  const o = db.prepare('SELECT order_no, taipei_day FROM orders WHERE taipei_day IS NOT NULL ORDER BY ordered_at_ms LIMIT 1 OFFSET 3').get() as { order_no: string; taipei_day: string };
  // A range that does not hold the order.
  await page.goto(`${c.url}#/orders?from=2001-01-01&to=2001-01-02`);
  await expect(page.getByTestId('orders-empty')).toBeVisible();
  await page.getByRole('searchbox').fill(o.order_no);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute('data-order-no', o.order_no);
  await expect(page.getByTestId('all-dates-chip')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/orders-search-all-dates.png' });

  // Keep the range: nothing in 2001, and the hint names the search and how to widen it.
  await page.getByRole('button', { name: /只搜尋 2001-01-01/ }).click();
  await expect(page.getByTestId('orders-empty')).toContainText(o.order_no);
  await expect(page.getByTestId('orders-empty')).toContainText('移除日期條件');
  await page.getByRole('button', { name: '移除日期條件，搜尋所有日期' }).click();
  await expect(rows(page)).toHaveCount(1);
});

test('a masked card finds its orders on any date; the card column shows brand and last four', async ({ page }) => {
  const card = db.prepare("SELECT card_masked FROM orders WHERE card_masked IS NOT NULL AND length(card_masked) >= 10 ORDER BY id LIMIT 1").pluck().get() as string | undefined;
  test.skip(!card, 'the demo data has no card numbers');
  const last4 = card!.slice(-4);
  const byLast4 = (db.prepare('SELECT order_no FROM orders WHERE substr(card_masked, -4) = ?').pluck().all(last4) as string[]).sort();
  const byBoth = (db.prepare('SELECT order_no FROM orders WHERE substr(card_masked, -4) = ? AND substr(card_masked, 1, 6) = ?').pluck().all(last4, card!.slice(0, 6)) as string[]).sort();
  await page.goto(`${c.url}#/orders?from=2001-01-01&to=2001-01-02`);
  for (const [typed, expected] of [[`**${last4}`, byLast4], [`${card!.slice(0, 6)}******${last4}`, byBoth]] as const) {
    await page.getByRole('searchbox').fill(typed);
    await expect(page.getByTestId('total-count')).toHaveText(expected.length.toLocaleString('en-US'));
    const shown = await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-order-no')!));
    expect(shown.length).toBeGreaterThan(0);
    for (const n of shown) expect(expected).toContain(n);
  }
  await expect(rows(page).first().getByRole('gridcell').filter({ hasText: `••${last4}` })).toBeVisible();
});

test('one click opens an order; a cancelled order says why it cannot be cancelled', async ({ page }) => {
  const o = db.prepare("SELECT profile_id, order_no, taipei_day FROM orders WHERE gateway = 'flashpay' AND status_code = '12' ORDER BY id LIMIT 1").get() as
    | { profile_id: number; order_no: string; taipei_day: string }
    | undefined;
  test.skip(!o, 'no cancelled FlashPay order in the demo data');
  await page.goto(`${c.url}#/orders?from=${o!.taipei_day}&to=${o!.taipei_day}&q=${o!.order_no}&sr=1`);
  await rows(page).first().click();
  const drawer = page.getByTestId('order-drawer');
  await expect(drawer).toBeVisible();
  const disabled = drawer.getByTestId('action-disabled');
  await expect(disabled.getByRole('button')).toHaveAttribute('aria-disabled', 'true');
  await expect(disabled).toContainText('訂單已取消');
  await page.screenshot({ path: 'test-results/screens/orders-action-disabled.png' });
});

test('an amount filter that cannot be met says what is wrong instead of an empty list', async ({ page }) => {
  await page.goto(`${c.url}#/orders?from=${today}&to=${today}`);
  await page.getByRole('textbox', { name: '金額下限' }).fill('500');
  await page.getByRole('textbox', { name: '金額上限' }).fill('100');
  await expect(page.getByTestId('filter-error')).toContainText('最低金額高於最高金額');
  await page.getByRole('textbox', { name: '金額上限' }).fill('abc');
  await expect(page.getByTestId('filter-error')).toContainText('「abc」不是數字');
});

test('the page refreshes itself when another window cancels an order it shows', async ({ page }) => {
  const o = db.prepare("SELECT p.name AS profile, o.order_no, o.amount, o.taipei_day FROM orders o JOIN profiles p ON p.id = o.profile_id WHERE o.gateway = 'flashpay' AND o.status_code = '02' ORDER BY o.ordered_at_ms DESC LIMIT 1").get() as
    | { profile: string; order_no: string; amount: number; taipei_day: string }
    | undefined;
  test.skip(!o, 'no authorized FlashPay order in the demo data');
  await page.goto(`${c.url}#/orders?from=${o!.taipei_day}&to=${o!.taipei_day}&status=flashpay:02`);
  const count = page.getByTestId('total-count');
  await expect(rows(page).filter({ has: page.locator(`[data-order-no="${o!.order_no}"]`) }).or(page.locator(`[role=row][data-order-no="${o!.order_no}"]`))).toBeVisible();
  const before = Number((await count.textContent())!.replace(/,/g, ''));
  // "Another window": the same contract call the dialog makes, from outside this page.
  const amount = (o!.amount / 100).toFixed(2);
  const outcome = await callConsole<{ state: string }>(c, 'actions:execute', {
    profile: o!.profile, orderNo: o!.order_no, kind: 'cancel', amount, operator: 'other-window', confirmation: { confirmed: true, typedAmount: amount },
  });
  expect(outcome.state).toBe('SUCCEEDED');
  await expect(count).toHaveText((before - 1).toLocaleString('en-US'));
  await expect(page.locator(`[role=row][data-order-no="${o!.order_no}"]`)).toHaveCount(0);
});

test('at 1024x700 order numbers are whole and amounts need no sideways scrolling; 1440x900 shows every column', async ({ page }) => {
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
  for (const [width, height] of [[1024, 700], [1440, 900]] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(`${c.url}#/orders?from=${from}&to=${today}`);
    await expect(rows(page).first()).toBeVisible();
    const fit = await page.evaluate(() => {
      const scroller = document.querySelector('[data-testid=orders-scroller]') as HTMLElement;
      const cells = [...document.querySelectorAll('[role=row][data-order-no] [role=gridcell] .mono')] as HTMLElement[];
      const orderCells = cells.filter((el) => el.textContent === el.closest('[role=row]')!.getAttribute('data-order-no'));
      return {
        sideways: scroller.scrollWidth - scroller.clientWidth,
        cut: orderCells.filter((el) => el.scrollWidth > (el.parentElement as HTMLElement).clientWidth).length,
        orderCells: orderCells.length,
        headers: [...document.querySelectorAll('[role=columnheader]')].map((h) => h.textContent),
      };
    });
    expect(fit.orderCells).toBeGreaterThan(0);
    expect(fit.cut, `${width}x${height}`).toBe(0);
    expect(fit.sideways, `${width}x${height}`).toBeLessThanOrEqual(0);
    expect(fit.headers.join(' ')).toMatch(/訂單金額/);
    if (width === 1440) expect(fit.headers.join(' ')).toMatch(/卡號/);
    await page.screenshot({ path: `test-results/screens/orders-${width}x${height}.png` });
  }
});

test('End goes to the last order of the whole result, loading the pages in between', async ({ page }) => {
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  const range = taipeiRangeMs(from, today);
  const n = db.prepare('SELECT COUNT(*) FROM orders WHERE ordered_at_ms >= @startMs AND ordered_at_ms < @endMs').pluck().get(range) as number;
  expect(n).toBeGreaterThan(400); // more than two pages of 200
  const oldest = db.prepare('SELECT order_no FROM orders WHERE ordered_at_ms >= @startMs AND ordered_at_ms < @endMs ORDER BY ordered_at_ms ASC, id ASC LIMIT 1').pluck().get(range) as string;
  await page.goto(`${c.url}#/orders?from=${from}&to=${today}`);
  await expect(rows(page).first()).toBeVisible();
  await page.getByTestId('orders-scroller').focus();
  await page.keyboard.press('End');
  await expect(page.getByTestId('end-of-list')).toContainText(n.toLocaleString('en-US'), { timeout: 30_000 });
  await expect(page.locator('[role=row][aria-selected=true]')).toHaveAttribute('data-order-no', oldest);
});

interface DemoProfile { id: number; name: string; gateway: string; tradeUrl: string }
const demoProfiles = () => callConsole<DemoProfile[]>(c, 'profiles:list');
const sandboxOf = (p: DemoProfile) => new URL(p.tradeUrl).origin;

test('a sync of every profile lists each profile by name, and a profile whose answers fail their check says failed', async ({ page }) => {
  test.setTimeout(150_000);
  const profiles = await demoProfiles();
  const fp = profiles.find((p) => p.gateway === 'flashpay')!;
  const fb = profiles.find((p) => p.gateway === 'firstbank')!;
  await page.goto(`${c.url}#/orders?from=${today}&to=${today}`);
  const status = page.getByTestId('sync-status');
  const line = (name: string) => page.getByTestId('sync-profile').filter({ hasText: name });

  await page.getByRole('button', { name: '同步此區間' }).click();
  await expect(status).toContainText('同步完成', { timeout: 60_000 });
  await expect(page.getByTestId('sync-profile')).toHaveCount(profiles.length);
  await expect(line(fp.name)).toContainText(`${fp.name}：完成`);
  await expect(line(fb.name)).toContainText(`${fb.name}：完成`);

  // FlashPay now answers with a chk the profile's key does not produce: that is an error, never "done".
  await armFault(sandboxOf(fp), { op: '*', kind: 'badchk', count: 1000 });
  try {
    await page.getByRole('button', { name: '同步此區間' }).click();
    await expect(status).toContainText('同步有錯誤', { timeout: 60_000 });
    await expect(line(fp.name)).toContainText(`${fp.name}：失敗`);
    await expect(line(fp.name)).toHaveClass(/error-text/);
    await expect(line(fb.name)).toContainText(`${fb.name}：完成`);
    await expect(line(fb.name)).not.toHaveClass(/error-text/);
  } finally {
    await armFault(sandboxOf(fp), { op: '*', kind: 'none' });
  }
});

test('a sync started elsewhere shows a "syncing" banner on the open Orders page, which goes when it ends', async ({ page }) => {
  test.setTimeout(150_000);
  const fp = (await demoProfiles()).find((p) => p.gateway === 'flashpay')!;
  await page.goto(`${c.url}#/orders?from=${today}&to=${today}`);
  await expect(rows(page).first()).toBeVisible();
  const banner = page.getByTestId('sync-banner');
  await expect(banner).toHaveCount(0);
  // Slow answers keep the sync running long enough to be seen; it is started the way another window would.
  await armFault(sandboxOf(fp), { op: '*', kind: 'delay', count: 3, ms: 2_000 });
  let jobId = '';
  try {
    ({ jobId } = await callConsole<{ jobId: string }>(c, 'sync:start', { profile: fp.name, from: today, to: today }));
    await expect(banner).toBeVisible({ timeout: 10_000 });
    await expect(banner).toContainText('正在同步金流訂單');
    await expect(banner).toContainText('完成後頁面會自動更新');
    await expect(banner).toHaveCount(0, { timeout: 60_000 });
  } finally {
    await armFault(sandboxOf(fp), { op: '*', kind: 'none' });
  }
  const job = (await waitForJobs(c)).find((j) => j.jobId === jobId);
  expect(job).toMatchObject({ state: 'done', errors: [] });
});

test.describe('on an English-locale computer', () => {
  test.use({ locale: 'en-US' });
  test('date fields show and read yyyy/mm/dd and ROC dates, refuse a day that does not exist, and Settings can switch to ROC', async ({ page }) => {
    const day = today;
    const [y, m, d] = day.split('-');
    const roc = `${Number(y) - 1911}/${m}/${d}`;
    await page.goto(`${c.url}#/orders?from=${day}&to=${day}`);
    const from = page.getByTestId('q-from');
    await expect(from).toHaveValue(`${y}/${m}/${d}`);
    await expect(page.getByTestId('q-to')).toHaveValue(`${y}/${m}/${d}`);

    // An ROC date typed by hand sets the same day; a Western one a day earlier moves the range.
    const before = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await from.fill(before.replaceAll('-', '/'));
    await from.press('Enter');
    await expect(page).toHaveURL(new RegExp(`from=${before}`));
    await from.fill(`民國${roc.replace('/', '年').replace('/', '月')}日`);
    await from.press('Enter');
    await expect(page).toHaveURL(new RegExp(`from=${day}`));
    await expect(from).toHaveValue(`${y}/${m}/${d}`);

    // A day that does not exist is said in words next to the field, and the range stays as it was.
    await from.fill(`${y}/02/30`);
    await from.press('Enter');
    await expect(from).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByRole('alert').filter({ hasText: '沒有這一天' })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`from=${day}`));
    await from.fill(`${Number(y) + 1}/01/01`);
    await from.press('Enter');
    await expect(page.getByRole('alert').filter({ hasText: '不能晚於' })).toBeVisible();

    // Settings: ROC dates everywhere on screen.
    await page.goto(`${c.url}#/settings`);
    await page.getByTestId('day-style').getByRole('radio', { name: /民國/ }).check();
    await page.goto(`${c.url}#/orders?from=${day}&to=${day}`);
    await expect(page.getByTestId('q-from')).toHaveValue(`民國 ${roc}`);
    const firstTime = page.locator('[role=row][data-order-no]').first().locator('[role=gridcell]').first();
    await expect(firstTime).toHaveText(new RegExp(`^${roc} \\d{2}:\\d{2}$`));
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: 'test-results/screens/orders-roc-1024.png' });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('q-to').fill('115/02/30');
    await page.getByTestId('q-to').press('Enter');
    await page.screenshot({ path: 'test-results/screens/orders-roc-error-1440.png' });
  });
});
