// Issue 18 item 1: the launch token was readable by every local user (Chromium was started with
// `--app=http://127.0.0.1:P/?token=...`, visible in `ps` and /proc/PID/cmdline) and stayed in the
// address bar and History. Now the browser gets in with a one-time launch code exchanged for a
// session cookie, the URL is replaced at once, the command line names only a 0600 file, and the
// token itself is accepted from programs in a header only.
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type WebShell, startWebShell } from '../../src-main/shell/web/server.ts';
import { browserArgs, writeLaunchPage, writeRuntimeFile } from '../../src-main/shell/web/launch.ts';
import { mintLaunchCode } from '../../src-main/shell/web/security.ts';
import { tempApp } from '../support/app.ts';

function request(port: number, urlPath: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, method, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const appInfo = (port: number, cookie: string) =>
  request(port, '/api/call/app:info', { cookie, 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` }, 'POST', '{}');

let app: ReturnType<typeof tempApp>;
let shell: WebShell;
beforeAll(async () => {
  app = tempApp();
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'recon-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>console</title>');
  shell = await startWebShell({ app, rendererDir });
});
afterAll(async () => {
  await shell.close();
  app.cleanup();
});

describe('the browser gets in without the token on a command line or in history', () => {
  test('a launch URL carries a one-time code, never the token', () => {
    const url = shell.launchUrl();
    expect(url).not.toContain(shell.token);
    expect(new URL(url).searchParams.get('token')).toBeNull();
  });

  test('the code is exchanged for a session cookie and the URL replaced; the cookie is not the token', async () => {
    const url = new URL(`${shell.launchUrl()}`);
    const r = await request(shell.port, `${url.pathname}${url.search}`);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/');
    const cookie = r.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(/^recon_session=[\w-]{40,}; HttpOnly; SameSite=Strict; Path=\/$/);
    expect(cookie).not.toContain(shell.token);
    const session = cookie.split(';')[0]!;
    expect((await appInfo(shell.port, session)).status).toBe(200);
    expect((await request(shell.port, '/', { cookie: session })).body).toContain('<title>console</title>');
  });

  test('a scraped code used a second time, or late, is refused', async () => {
    const url = new URL(shell.launchUrl());
    const first = await request(shell.port, `/?${url.searchParams}`);
    expect(first.status).toBe(303);
    const replay = await request(shell.port, `/?${url.searchParams}`);
    expect(replay.status).toBe(403);
    expect(replay.headers['set-cookie']).toBeUndefined();
    expect(replay.body).toMatch(/already used or has expired/);
    const late = mintLaunchCode(shell.token, 60_000, Date.now() - 120_000);
    expect((await request(shell.port, `/?code=${late}`)).status).toBe(403);
    const forged = mintLaunchCode('not-the-token', 60_000);
    expect((await request(shell.port, `/?code=${forged}`)).status).toBe(403);
  });

  test('the token in a URL or as a cookie grants nothing; only programs may send it, in a header', async () => {
    const inUrl = await request(shell.port, `/?token=${shell.token}`);
    expect(inUrl.status).toBe(403);
    expect(inUrl.headers['set-cookie']).toBeUndefined();
    expect([401, 403]).toContain((await appInfo(shell.port, `recon_token=${shell.token}`)).status);
    expect((await appInfo(shell.port, `recon_session=${shell.token}`)).status).toBe(403);
    const header = await request(shell.port, '/api/call/app:info', { 'x-recon-token': shell.token, 'content-type': 'application/json' }, 'POST', '{}');
    expect(header.status).toBe(200);
  });

  test('Chromium is started on a 0600 page: no code or token on its command line; tools read a 0600 runtime file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-launch-'));
    try {
      const launchUrl = shell.launchUrl();
      const page = writeLaunchPage(dir, launchUrl);
      const args = browserArgs(page, path.join(dir, 'browser-profile')).join(' ');
      expect(args).not.toContain(shell.token);
      expect(args).not.toContain(new URL(launchUrl).searchParams.get('code')!);
      expect(statSync(page).mode & 0o777).toBe(0o600);
      expect(readFileSync(page, 'utf8')).toContain(new URL(launchUrl).searchParams.get('code')!);
      const runtime = writeRuntimeFile(dir, shell);
      expect(statSync(runtime).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(runtime, 'utf8'))).toMatchObject({ port: shell.port, token: shell.token });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
