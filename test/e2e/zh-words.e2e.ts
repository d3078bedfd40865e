// Every word a Taiwanese clerk reads is Chinese: each page and dialog of the demo console in zh-TW,
// scanned for runs of English prose (identifiers, codes, proper names and what a gateway itself said
// are fine). Findings are attached to the report.
import { type Page, expect, test } from '@playwright/test';
import { type DemoConsole, startDemoConsole } from '../support/demo-console.ts';
import { latinSentences } from '../support/latin-words.ts';

let demo: DemoConsole;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  demo = await startDemoConsole();
});
test.afterAll(async () => {
  await demo?.stop();
});

async function english(page: Page): Promise<string[]> {
  await page.waitForTimeout(300);
  const text = await page.locator('body').innerText();
  return latinSentences(text);
}

const PAGES = ['#/orders', '#/settlement', '#/payouts', '#/reconcile', '#/audit', '#/settings'];

test('every page in zh-TW', async ({ page }) => {
  test.setTimeout(180_000);
  const found: Record<string, string[]> = {};
  for (const hash of PAGES) {
    await page.goto(`${demo.c.url}${hash}`);
    await page.locator('main h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    found[hash] = await english(page);
  }
  console.log(JSON.stringify(found, null, 1));
  expect(found).toBeDefined();
});
