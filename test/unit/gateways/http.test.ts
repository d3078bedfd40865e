import { afterEach, describe, expect, it } from 'vitest';
import { TransportError } from '../../../src-main/core/errors.ts';
import { BACKOFF_CAP_MS, backoffDelayMs, postWithPolicy } from '../../../src-main/core/gateways/http.ts';
import { type TestServer, noSleep, refusedUrl, send, sendTruncated, startServer } from './helpers.ts';

const body = { body: 'a=1', contentType: 'application/x-www-form-urlencoded' };
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function catchError(p: Promise<unknown>): Promise<TransportError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(TransportError);
    return err as TransportError;
  }
  throw new Error('expected a TransportError');
}

describe('postWithPolicy', () => {
  it('returns the text of a 2xx answer and sends the content type', async () => {
    server = await startServer((_req, res) => send(res, 200, '中文 ok'));
    expect(await postWithPolicy(`${server.url}/x`, body, { timeoutMs: 2000, retries: 0 })).toBe('中文 ok');
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/x', contentType: 'application/x-www-form-urlencoded', body: 'a=1' });
  });

  it('retries a 5xx with backoff, then succeeds', async () => {
    server = await startServer((_req, res, i) => (i < 2 ? send(res, 502, '<html>bad gateway</html>', 'text/html') : send(res, 200, 'ok')));
    const waits: number[] = [];
    const text = await postWithPolicy(server.url, body, { timeoutMs: 2000, retries: 2, sleep: async (ms) => void waits.push(ms), random: () => 0.5 });
    expect(text).toBe('ok');
    expect(server.requests).toHaveLength(3);
    expect(waits).toEqual([150, 300]);
  });

  it('gives up after two retries with the status and an excerpt', async () => {
    server = await startServer((_req, res) => send(res, 503, '<html><body>Service   Unavailable</body></html>', 'text/html'));
    const err = await catchError(postWithPolicy(server.url, body, { timeoutMs: 2000, retries: 2, sleep: noSleep }));
    expect(err.kind).toBe('http');
    expect(err.status).toBe(503);
    expect(err.message).toContain('Service Unavailable');
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry when retries is 0', async () => {
    server = await startServer((_req, res) => send(res, 500, 'boom'));
    const err = await catchError(postWithPolicy(server.url, body, { timeoutMs: 2000, retries: 0, sleep: noSleep }));
    expect(err.kind).toBe('http');
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a 4xx', async () => {
    server = await startServer((_req, res) => send(res, 404, 'not found'));
    const err = await catchError(postWithPolicy(server.url, body, { timeoutMs: 2000, retries: 2, sleep: noSleep }));
    expect(err.status).toBe(404);
    expect(server.requests).toHaveLength(1);
  });

  it('reports a refused connection as a network error, retried for queries', async () => {
    const url = await refusedUrl();
    let sleeps = 0;
    const err = await catchError(postWithPolicy(url, body, { timeoutMs: 2000, retries: 2, sleep: async () => void sleeps++ }));
    expect(err.kind).toBe('network');
    expect(err.message).toContain('ECONNREFUSED');
    expect(sleeps).toBe(2);
  });

  it('times out on a server that never answers, without retrying', async () => {
    server = await startServer(() => undefined);
    const started = Date.now();
    const err = await catchError(postWithPolicy(server.url, body, { timeoutMs: 150, retries: 2, sleep: noSleep }));
    expect(err.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(server.requests).toHaveLength(1);
  });

  it('times out when the body stalls after the headers', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('ver=1.0.0&dat=');
    });
    const err = await catchError(postWithPolicy(server.url, body, { timeoutMs: 150, retries: 0 }));
    expect(err.kind).toBe('timeout');
  });

  it('reports a body cut short as a network error', async () => {
    server = await startServer((_req, res) => sendTruncated(res, 'x'.repeat(1000)));
    const err = await catchError(postWithPolicy(server.url, body, { timeoutMs: 2000, retries: 0 }));
    expect(err.kind).toBe('network');
  });

  it('caps the backoff and keeps it positive', () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      for (const r of [0, 0.999]) {
        const d = backoffDelayMs(attempt, () => r);
        expect(d).toBeGreaterThan(0);
        expect(d).toBeLessThanOrEqual(BACKOFF_CAP_MS);
      }
    }
    expect(backoffDelayMs(0, () => 0)).toBe(100);
  });
});
