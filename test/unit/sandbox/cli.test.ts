// `recon sandbox` as a real process: one JSON line on stdout, live servers, a clean stop on SIGTERM.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FlashPayClient } from '../../../src-main/core/gateways/flashpay/client.ts';
import { FirstBankClient } from '../../../src-main/core/gateways/firstbank/client.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface Announced {
  flashpay: { baseUrl: string; merId: string; hashKey: string; hashIv: string };
  firstbank: { baseUrl: string; platformId: string; hashKey: string };
}

describe('recon sandbox', () => {
  it('prints exactly one JSON line, serves both gateways, and stops on SIGTERM', async () => {
    const args = ['sandbox', '--seed', '7', '--days', '5', '--flashpay-notification', 'rich', '--firstbank-signing', 'plugin'];
    const child = spawn(process.execPath, ['bin/recon.mjs', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await expect.poll(() => stdout.includes('\n'), { timeout: 15_000 }).toBe(true);
      const announced = JSON.parse(stdout) as Announced;
      expect(Object.keys(announced)).toEqual(['flashpay', 'firstbank']);
      expect(Object.keys(announced.flashpay)).toEqual(['baseUrl', 'merId', 'hashKey', 'hashIv']);
      expect(Object.keys(announced.firstbank)).toEqual(['baseUrl', 'platformId', 'hashKey']);

      const fp = new FlashPayClient({ tradeBaseUrl: announced.flashpay.baseUrl, queryBaseUrl: announced.flashpay.baseUrl, ...announced.flashpay });
      const { orders } = (await (await fetch(`${announced.flashpay.baseUrl}/_sandbox/orders`)).json()) as { orders: Array<{ ord_no: string }> };
      expect(orders.length).toBeGreaterThan(0);
      expect((await fp.queryOrder(orders[0]!.ord_no)).order.ordNo).toBe(orders[0]!.ord_no);
      const fb = new FirstBankClient({ baseUrl: announced.firstbank.baseUrl, platformId: announced.firstbank.platformId, hashKey: announced.firstbank.hashKey });
      expect((await fb.exchangeRate()).signatureMatch).toBe('plugin');
      expect(await (await fetch(`${announced.flashpay.baseUrl}/_sandbox/settings`)).json()).toEqual({ notificationShape: 'rich' });

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stdout.split('\n')).toEqual([expect.any(String), '']);
      expect(stderr).toBe('');
      await expect(fetch(`${announced.flashpay.baseUrl}/`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses a bad option with exit code 2', async () => {
    const child = spawn(process.execPath, ['bin/recon.mjs', 'sandbox', '--days', 'many'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--days must be a whole number/);
  });

  it('refuses an unknown signing rule with exit code 2', async () => {
    const child = spawn(process.execPath, ['bin/recon.mjs', 'sandbox', '--firstbank-signing', 'woo'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--firstbank-signing must be one of seed, plugin/);
  });
});
