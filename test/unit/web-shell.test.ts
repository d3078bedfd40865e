// The loopback web shell over real HTTP: each rejection proven, and a real round trip through the
// contract.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type WebShell, startWebShell } from '../../src-main/shell/web/server.ts';
import { checkRequest } from '../../src-main/shell/web/security.ts';
import { tempApp } from '../support/app.ts';

/** Raw request so we can forge Host and Origin headers the way a hostile page or rebinding would. */
function request(
  port: number,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path ?? '/', headers: options.headers, setHost: !options.headers?.host },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('web shell', () => {
  const app = tempApp();
  let shell: WebShell;
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'recon-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>console</title>');

  beforeAll(async () => {
    shell = await startWebShell({ app, rendererDir });
  });
  afterAll(async () => {
    await shell.close();
    app.cleanup();
  });

  it('binds to loopback and gives one-time launch URLs', () => {
    expect(shell.launchUrl()).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${shell.port}/\\?code=[\\w.-]+$`));
  });

  it('serves the app after a launch code, with a strict CSP, behind an HttpOnly SameSite=Strict session cookie', async () => {
    const launch = await request(shell.port, { path: new URL(shell.launchUrl()).search.replace(/^/, '/') });
    expect(launch.status).toBe(303);
    expect(launch.headers['set-cookie']?.[0]).toMatch(/recon_session=.*HttpOnly; SameSite=Strict/);
    const r = await request(shell.port, { path: '/', headers: { cookie: launch.headers['set-cookie']![0]!.split(';')[0]! } });
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>console</title>');
    expect(r.headers['content-security-policy']).toContain("default-src 'none'");
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('refuses a request without a token', async () => {
    const r = await request(shell.port, { path: '/' });
    expect(r.status).toBe(401);
    expect(r.body).toMatch(/missing token/);
    expect(r.body).not.toContain('console</title>');
  });

  it('refuses a wrong token', async () => {
    const r = await request(shell.port, { path: '/', headers: { 'x-recon-token': 'x'.repeat(32) } });
    expect(r.status).toBe(403);
    expect(r.body).toMatch(/wrong token/);
  });

  it('refuses a foreign Host header (DNS rebinding) even with the right token', async () => {
    const r = await request(shell.port, { path: '/', headers: { 'x-recon-token': shell.token, host: `evil.example:${shell.port}` } });
    expect(r.status).toBe(421);
    expect(r.body).toMatch(/foreign Host/);
    const wrongPort = await request(shell.port, { path: '/', headers: { 'x-recon-token': shell.token, host: '127.0.0.1:1' } });
    expect(wrongPort.status).toBe(421);
  });

  it('refuses a foreign Origin even with the right token', async () => {
    const r = await request(shell.port, {
      method: 'POST',
      path: '/api/call/app:info',
      headers: { 'x-recon-token': shell.token, 'content-type': 'application/json', origin: 'https://evil.example' },
      body: '{}',
    });
    expect(r.status).toBe(403);
    expect(r.body).toMatch(/foreign Origin/);
  });

  it('answers app:info through the contract', async () => {
    const r = await request(shell.port, {
      method: 'POST',
      path: '/api/call/app:info',
      headers: { 'x-recon-token': shell.token, 'content-type': 'application/json', origin: `http://127.0.0.1:${shell.port}` },
      body: '{}',
    });
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body) as { ok: boolean; result: { shell: string; dataDir: string; version: string } };
    expect(body.ok).toBe(true);
    expect(body.result.shell).toBe('web');
    expect(body.result.dataDir).toBe(app.dataDir);
    expect(body.result.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('answers /api/session: nobody signs in here (the renderer shows no sign-in page), and only behind the token', async () => {
    const r = await request(shell.port, {
      method: 'POST',
      path: '/api/session',
      headers: { 'x-recon-token': shell.token, 'content-type': 'application/json', origin: `http://127.0.0.1:${shell.port}` },
      body: '{}',
    });
    expect([r.status, JSON.parse(r.body)]).toEqual([200, { ok: true, result: { mode: 'local' } }]);
    expect((await request(shell.port, { method: 'POST', path: '/api/session', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
  });

  it('rejects invalid payloads, unknown channels and non-JSON bodies with a clear message', async () => {
    const headers = { 'x-recon-token': shell.token, 'content-type': 'application/json' };
    const extra = await request(shell.port, { method: 'POST', path: '/api/call/app:info', headers, body: '{"x":1}' });
    expect(extra.status).toBe(400);
    expect(JSON.parse(extra.body).error.message).toMatch(/invalid request for app:info/);
    const unknown = await request(shell.port, { method: 'POST', path: '/api/call/secrets:read', headers, body: '{}' });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body).error.message).toMatch(/unknown channel/);
    const garbage = await request(shell.port, { method: 'POST', path: '/api/call/app:info', headers, body: '{not json' });
    expect(garbage.status).toBe(400);
    const form = await request(shell.port, {
      method: 'POST',
      path: '/api/call/app:info',
      headers: { 'x-recon-token': shell.token, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(form.status).toBe(415);
  });

  it('does not serve files outside the renderer folder', async () => {
    const r = await request(shell.port, { path: '/..%2f..%2fetc%2fpasswd', headers: { 'x-recon-token': shell.token } });
    expect(r.body).not.toMatch(/root:/);
  });

  it('streams job progress as server-sent events', async () => {
    const events: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: shell.port, path: '/api/events', headers: { 'x-recon-token': shell.token } }, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream');
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          events.push(chunk);
          if (events.join('').includes('"state":"done"')) {
            req.destroy();
            resolve();
          }
        });
        const job = app.jobs.run('sync', async (ctx) => {
          ctx.progress({ done: 1, total: 2, message: 'chunk 1' });
          ctx.progress({ done: 2 });
        });
        job.done.catch(reject);
      });
      req.on('error', () => undefined);
    });
    const text = events.join('');
    expect(text).toContain('event: job:progress');
    expect(text).toContain('"message":"chunk 1"');
  });
});

describe('checkRequest', () => {
  const base = { method: 'GET', origin: undefined, queryToken: undefined, cookieToken: undefined, headerToken: 'tok' };
  it('accepts localhost and 127.0.0.1 on the right port only', () => {
    expect(checkRequest({ ...base, host: '127.0.0.1:5000' }, 5000, 'tok').ok).toBe(true);
    expect(checkRequest({ ...base, host: 'localhost:5000' }, 5000, 'tok').ok).toBe(true);
    expect(checkRequest({ ...base, host: '127.0.0.1' }, 5000, 'tok').ok).toBe(false);
    expect(checkRequest({ ...base, host: undefined }, 5000, 'tok').ok).toBe(false);
  });
  it('passes on a matching credential, fails on a lone wrong one or an opaque origin', () => {
    expect(checkRequest({ ...base, host: 'localhost:1', headerToken: 'nope' }, 1, 'tok')).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest({ ...base, host: 'localhost:1', headerToken: 'tok', origin: 'http://localhost:1' }, 1, 'tok').ok).toBe(true);
    expect(checkRequest({ ...base, host: 'localhost:1', origin: 'null' }, 1, 'tok')).toMatchObject({ ok: false, status: 403 });
  });
});
