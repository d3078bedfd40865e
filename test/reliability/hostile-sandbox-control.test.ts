// Issue 18 item 8: the sandboxes' control API (/_sandbox/, in process in demo mode) gets the web
// shell's gatekeeping: a page on another site cannot re-point First Bank notifications or arm faults
// (cross-origin, foreign Host for DNS rebinding, or a "simple" text/plain POST that skips CORS).
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Sandboxes } from '../../src-main/sandbox/index.ts';
import { getJson, postJson, startTestSandboxes } from '../unit/sandbox/helpers.ts';

let sb: Sandboxes;
beforeAll(async () => {
  sb = await startTestSandboxes();
});
afterAll(() => sb.close());

function raw(baseUrl: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  const u = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: u.port, path: u.pathname, method: init.method ?? 'GET', headers: init.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const FAULT = JSON.stringify({ op: 'trade', kind: 'http500', count: 1 });

describe('the sandbox control API refuses what a hostile web page can send', () => {
  test.each(['flashpay', 'firstbank'] as const)('%s: cross-origin, foreign-Host and text/plain POSTs arm nothing', async (gateway) => {
    const base = sb[gateway].baseUrl;
    const host = new URL(base).host;
    const crossOrigin = await raw(base, '/_sandbox/faults', { method: 'POST', headers: { host, origin: 'http://evil.example', 'content-type': 'application/json' }, body: FAULT });
    expect(crossOrigin.status).toBe(403);
    const rebound = await raw(base, '/_sandbox/faults', { method: 'POST', headers: { host: `evil.example:${new URL(base).port}`, 'content-type': 'application/json' }, body: FAULT });
    expect(rebound.status).toBe(421);
    const simple = await raw(base, '/_sandbox/faults', { method: 'POST', headers: { host, 'content-type': 'text/plain;charset=UTF-8' }, body: FAULT });
    expect(simple.status).toBe(415);
    const form = await raw(base, '/_sandbox/clock', { method: 'POST', headers: { host, 'content-type': 'application/x-www-form-urlencoded' }, body: 'advanceHours=5' });
    expect(form.status).toBe(415);
    const readCrossOrigin = await raw(base, '/_sandbox/orders', { headers: { host, origin: 'http://evil.example' } });
    expect(readCrossOrigin.status).toBe(403);
    expect((await getJson<{ faults: unknown[] }>(`${base}/_sandbox/faults`)).faults).toEqual([]);
  });

  test('First Bank notifications cannot be re-pointed by a text/plain POST; a JSON client from Node still can', async () => {
    const base = sb.firstbank.baseUrl;
    const before = await getJson<{ notifyUrl?: unknown }>(`${base}/_sandbox/settings`);
    const attack = await raw(base, '/_sandbox/settings', {
      method: 'POST',
      headers: { host: new URL(base).host, 'content-type': 'text/plain', origin: 'http://evil.example' },
      body: JSON.stringify({ notifyUrl: 'http://127.0.0.1:9/steal' }),
    });
    expect(attack.status).toBe(403);
    expect(await getJson(`${base}/_sandbox/settings`)).toEqual(before);
    // The console's own clients (Node, JSON, no Origin) keep working, same-origin pages too.
    const same = await raw(base, '/_sandbox/clock', { headers: { host: new URL(base).host, origin: base } });
    expect(same.status).toBe(200);
    await expect(postJson(`${base}/_sandbox/clock`, { advanceHours: 0 })).resolves.toMatchObject({ frozen: expect.any(Boolean) });
  });
});
