// The Payouts page (撥款) in Chromium on the demo data: per payout day and profile what each gateway
// settled, the same figures to the cent as `recon payouts --json` on the same data folder, a day's
// orders opened under its row, both languages, and the layout at 1440x900 and 1024x700.
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type DemoConsole, startDemoConsole } from '../support/demo-console.ts';
import { runRecon } from '../support/cli.ts';
import { repoRoot } from '../support/console-process.ts';
import { formatCents } from '../../src-main/contract/format.ts';
import { parseCents } from '../../src-main/core/money.ts';
import { addDays } from '../../src-main/core/time.ts';

const SCREENS = path.join(repoRoot, 'test-results', 'screens');
let demo: DemoConsole;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  mkdirSync(SCREENS, { recursive: true });
  demo = await startDemoConsole();
});
test.afterAll(async () => {
  await demo?.stop();
});

interface CliPayout {
  day: string;
  profile: string;
  gateway: string;
  amount: string;
  orders: Array<{ orderNo: string; amount: string }>;
}

const grouped = (cents: number) => formatCents(cents, { grouped: true });

test('shows the payouts of `recon payouts` to the cent, with the orders behind a day', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const to = demo.today;
  const from = addDays(to, -29);
  const cli = await runRecon(['payouts', '--from', from, '--to', to, '--json'], { env: { RECON_DATA_DIR: demo.c.dataDir } });
  expect(cli.code, cli.stderr).toBe(0);
  const expected = JSON.parse(cli.stdout) as CliPayout[];
  expect(expected.length).toBeGreaterThan(2);
  const total = expected.reduce((s, p) => s + parseCents(p.amount), 0);

  await page.goto(`${demo.c.url}#/payouts?from=${from}&to=${to}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('撥款');
  await expect(page.getByTestId('po-total')).toHaveText(grouped(total));
  const rows = page.getByTestId('po-table').locator('tbody > tr[data-testid^=po-row-]');
  await expect(rows).toHaveCount(expected.length);

  // The busiest payout: its amount, and its orders each to the cent.
  const busiest = expected.reduce((a, b) => (b.orders.length > a.orders.length ? b : a));
  const index = expected.indexOf(busiest);
  const row = rows.nth(index);
  await expect(row.locator('td').first()).toHaveText(busiest.day.replaceAll('-', '/'));
  await expect(row.locator('td').nth(1)).toHaveText(busiest.profile);
  await expect(row.locator('[data-col=amount]')).toHaveText(grouped(parseCents(busiest.amount)));
  await row.getByRole('button').click();
  const orders = page.getByTestId('po-orders');
  await expect(orders.locator('tbody tr')).toHaveCount(busiest.orders.length);
  const shown = await orders.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  expect(shown).toEqual(busiest.orders.map((o) => [o.orderNo, grouped(parseCents(o.amount))]));
  await expect(row.getByRole('button')).toHaveAttribute('aria-expanded', 'true');

  // One profile: only its payouts, the same sum as the CLI's for that profile.
  const profile = busiest.profile;
  const profileTotal = expected.filter((p) => p.profile === profile).reduce((s, p) => s + parseCents(p.amount), 0);
  await page.getByTestId('po-profile').selectOption({ label: profile });
  await expect(page.getByTestId('po-total')).toHaveText(grouped(profileTotal));
  expect(errors).toEqual([]);
});

test('reads in English and holds its layout at 1440x900 and 1024x700 (screenshots)', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('lang', 'en'));
  for (const size of [
    { width: 1440, height: 900 },
    { width: 1024, height: 700 },
  ]) {
    await page.setViewportSize(size);
    await page.goto('about:blank');
    await page.goto(`${demo.c.url}#/payouts?from=${addDays(demo.today, -6)}&to=${demo.today}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Payouts');
    await expect(page.getByTestId('po-table')).toBeVisible();
    await expect(page.getByTestId('po-rule-flashpay')).toContainText('FlashPay gives no settlement time');
    await page.getByTestId('po-table').locator('tbody > tr[data-testid^=po-row-]').first().getByRole('button').click();
    await expect(page.getByTestId('po-orders')).toBeVisible();
    await page.screenshot({ path: path.join(SCREENS, `payouts-${size.width}x${size.height}.png`), fullPage: false });
    const overflow = await page.evaluate(() => [document.documentElement.scrollWidth - document.documentElement.clientWidth, document.querySelector('main')!.scrollWidth - document.querySelector('main')!.clientWidth]);
    expect(overflow, `payouts scrolls sideways at ${size.width}x${size.height}`).toEqual([0, 0]);
  }
});
