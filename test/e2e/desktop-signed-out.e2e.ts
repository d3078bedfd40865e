// Issue #23: a desktop whose team server ended the session stays with that server, signed out: the
// window shows the connect form and an explicit "disconnect" rather than this computer's own data,
// which comes back only after that click. The real renderer in Chromium; the desktop's main process
// (its routing is covered against a real team server in electron-team-routing.test.ts) is stood in
// for by a preload-shaped bridge whose local calls go to a real loopback console.
import { expect, test } from '@playwright/test';
import { methodNames } from '../../src-main/contract/bridge.ts';
import { encodeBridgeError } from '../../src-main/contract/bridge-error.ts';
import { type ConsoleProcess, startConsole } from '../support/console-process.ts';

let consoleProcess: ConsoleProcess;
test.beforeAll(async () => {
  consoleProcess = await startConsole();
});
test.afterAll(async () => consoleProcess?.stop());

test('signed out by the team server: connect form and an explicit disconnect, no local data before it', async ({ page }) => {
  const refusal = encodeBridgeError({ code: 'unauthenticated', message: 'signed out', msg: { code: 'team.signed_out', params: { url: 'https://team.example:8443' } } });
  await page.addInitScript(
    ({ methods, refusal }) => {
      let linked = true;
      const calls: string[] = [];
      const recon: Record<string, unknown> = { onJobProgress: () => () => undefined };
      for (const [channel, method] of Object.entries(methods)) {
        recon[method] = async (request: unknown) => {
          calls.push(channel);
          if (channel === 'team:status') return linked ? { connected: false, signedOut: true, url: 'https://team.example:8443' } : { connected: false };
          if (channel === 'team:disconnect') {
            linked = false;
            return { connected: false };
          }
          if (linked) throw new Error(refusal);
          const answer = await fetch(`./api/call/${encodeURIComponent(channel)}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request ?? {}) });
          const body = (await answer.json()) as { ok: boolean; result?: unknown; error?: unknown };
          if (!body.ok) throw new Error(JSON.stringify(body.error));
          return body.result;
        };
      }
      Object.assign(window, { recon, reconCalls: calls });
    },
    { methods: methodNames as Record<string, string>, refusal },
  );
  await page.goto(consoleProcess.url);
  await expect(page.getByTestId('team-signed-out')).toBeVisible();
  await expect(page.getByTestId('team-signed-out')).toContainText('https://team.example:8443');
  await expect(page.getByTestId('team-connect').locator('input[name="fingerprint"]')).toBeVisible();
  // Nothing of this computer's own data was asked for while signed out.
  const before = await page.evaluate(() => (window as unknown as { reconCalls: string[] }).reconCalls);
  expect(before.filter((c) => !c.startsWith('team:'))).toEqual([]);

  await page.getByTestId('team-disconnect').click();
  await expect(page.getByTestId('team-signed-out')).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: '主選單' })).toContainText('對帳主控台');
});
