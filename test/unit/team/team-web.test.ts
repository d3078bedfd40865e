// Issue #23: the team server serves the same renderer and the same API paths as the loopback shell,
// so the renderer has one code path: static files under a strict CSP, POST /api/call/<channel> as the
// signed-in person, /api/session (who am I), the job-progress stream and export downloads for signed-in
// people only, and each export only to the person whose job made it. Real SQLite, real HTTPS.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, disableUser } from '../../../src-main/core/services/accounts.ts';
import { startTeamServer, type TeamServer } from '../../../src-main/shell/team/server.ts';
import { teamTls, type TeamTls } from '../../../src-main/shell/team/tls.ts';
import { tempApp } from '../../support/app.ts';
import { seedOrders, seedProfiles } from '../../support/seed.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: Buffer;
}

let app: ReturnType<typeof tempApp>;
let tls: TeamTls;
let server: TeamServer;
const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-team-web-'));
const rendererDir = path.join(dir, 'renderer');

function request(method: string, route: string, options: { cookie?: string; json?: unknown; headers?: Record<string, string>; stream?: boolean } = {}): Promise<Answer> {
  const url = new URL(route, server.url);
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: url.hostname, port: url.port, path: url.pathname + url.search, method, ca: tls.cert, agent: false,
        headers: { ...(options.json !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(options.cookie ? { Cookie: options.cookie } : {}), ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        const done = () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: body.toString('utf8'), body });
        };
        res.on('data', (d: Buffer) => {
          chunks.push(d);
          // An event stream never ends: its first frame is enough.
          if (options.stream) {
            res.destroy();
            done();
          }
        });
        res.on('end', done);
      },
    );
    req.on('error', reject);
    req.end(options.json !== undefined ? JSON.stringify(options.json) : undefined);
  });
}

async function signIn(name: string, password: string): Promise<string> {
  const a = await request('POST', '/api/sign-in', { json: { name, password } });
  expect(a.status).toBe(200);
  const cookie = ([] as string[]).concat(a.headers['set-cookie'] ?? [])[0]!;
  for (const flag of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/']) expect(cookie.split('; ')).toContain(flag);
  return cookie.split(';')[0]!;
}

beforeAll(async () => {
  app = tempApp({ shell: 'cli' });
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(path.join(rendererDir, 'app.js'), 'console.log(1)');
  tls = await teamTls(dir);
  const { fp } = await seedProfiles(app);
  seedOrders(app, fp, 5, Date.UTC(2024, 2, 4), 3_600_000);
  await addUser(app, { name: 'vera', role: 'viewer', password: 'viewer password' });
  await addUser(app, { name: 'anna', role: 'accountant', password: 'accountant password' });
  await addUser(app, { name: 'alex', role: 'accountant', password: 'another password' });
  server = await startTeamServer({ app, tls, rendererDir });
}, 60_000);
afterAll(async () => {
  await server?.close();
  app?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('the team server serves the console', () => {
  it('serves the renderer under the strict CSP, falling back to index.html for the app’s routes', async () => {
    const index = await request('GET', '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(index.headers['strict-transport-security']).toBeDefined();
    expect((await request('GET', '/app.js')).headers['content-type']).toMatch(/javascript/);
    expect((await request('GET', '/orders')).text).toContain('<title>console</title>');
    expect((await request('GET', '/../../etc/passwd')).text).not.toContain('root:');
  });

  it('answers who is signed in on /api/session: 401 before, name, role and expiry after, 401 again after sign-out', async () => {
    const before = await request('POST', '/api/session', { json: {} });
    expect(before.status).toBe(401);
    expect(JSON.parse(before.text)).toMatchObject({ ok: false, mode: 'team', error: { code: 'unauthenticated', msg: { code: 'team.no_session' } } });
    const vera = await signIn('vera', 'viewer password');
    const me = await request('GET', '/api/session', { cookie: vera });
    expect(me.status).toBe(200);
    const result = (JSON.parse(me.text) as { result: { mode: string; name: string; role: string; expiresAtMs: number } }).result;
    expect(result).toMatchObject({ mode: 'team', name: 'vera', role: 'viewer' });
    expect(result.expiresAtMs).toBeGreaterThan(Date.now());
    await request('POST', '/api/sign-out', { cookie: vera, json: {} });
    expect((await request('GET', '/api/session', { cookie: vera })).status).toBe(401);
  });

  it('runs /api/call/<channel> as the signed-in person; a viewer is refused a refund', async () => {
    expect((await request('POST', '/api/call/orders:list', { json: {} })).status).toBe(401);
    const vera = await signIn('vera', 'viewer password');
    const list = await request('POST', '/api/call/orders:list', { cookie: vera, json: { from: '2024-03-01', to: '2024-03-31' } });
    expect(list.status).toBe(200);
    expect((JSON.parse(list.text) as { result: { rows: unknown[] } }).result.rows).toHaveLength(5);
    const refund = await request('POST', '/api/call/actions:execute', { cookie: vera, json: { profile: 'fp-shop', orderNo: 'F00000003', kind: 'refund', amount: 100 } });
    expect(refund.status).toBe(403);
    expect(JSON.parse(refund.text)).toMatchObject({ ok: false, error: { code: 'forbidden', msg: { code: 'team.forbidden' } } });
    // A form on another site cannot send JSON without a preflight; a foreign Origin is refused outright.
    expect((await request('POST', '/api/call/orders:list', { cookie: vera, headers: { 'Content-Type': 'text/plain' } })).status).toBe(415);
    expect((await request('POST', '/api/call/orders:list', { cookie: vera, json: {}, headers: { Origin: 'https://evil.example' } })).status).toBe(403);
  });

  it('streams job progress to signed-in people only', async () => {
    expect((await request('GET', '/api/events', { stream: true })).status).toBe(401);
    const vera = await signIn('vera', 'viewer password');
    const events = await request('GET', '/api/events', { cookie: vera, stream: true });
    expect(events.status).toBe(200);
    expect(events.headers['content-type']).toMatch(/text\/event-stream/);
  });

  it('ends an event stream whose session ended on the server (a disabled account hears nothing more)', async () => {
    await addUser(app, { name: 'dora', role: 'viewer', password: 'leaving soon' });
    const dora = await signIn('dora', 'leaving soon');
    const url = new URL('/api/events', server.url);
    const frames: string[] = [];
    const ended = new Promise<void>((resolve, reject) => {
      const req = https.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'GET', ca: tls.cert, agent: false, headers: { Cookie: dora } }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (d: string) => frames.push(d));
        res.on('end', () => resolve());
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    await new Promise((r) => setTimeout(r, 100));
    disableUser(app, 'dora');
    app.jobs.announce('action', 'after dora left');
    await ended;
    expect(frames.join('')).not.toContain('after dora left');
  });

  it('offers a finished export to the person whose job made it, and to nobody else', async () => {
    const anna = await signIn('anna', 'accountant password');
    const started = await request('POST', '/api/call/export:start', { cookie: anna, json: { kind: 'orders', filter: { from: '2024-03-01', to: '2024-03-31' } } });
    expect(started.status).toBe(200);
    const { jobId, downloadUrl } = (JSON.parse(started.text) as { result: { jobId: string; downloadUrl: string } }).result;
    expect(downloadUrl).toMatch(/^\.\/exports\/.+\.xlsx$/);
    for (let i = 0; i < 100; i++) {
      const jobs = JSON.parse((await request('POST', '/api/call/jobs:list', { cookie: anna, json: {} })).text) as { result: Array<{ jobId: string; state: string }> };
      if (jobs.result.find((j) => j.jobId === jobId)?.state === 'done') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const route = downloadUrl.replace(/^\./, '');
    const mine = await request('GET', route, { cookie: anna });
    expect(mine.status).toBe(200);
    expect(mine.body.subarray(0, 2).toString()).toBe('PK');
    const alex = await signIn('alex', 'another password');
    expect((await request('GET', route, { cookie: alex })).status).toBe(404);
    expect((await request('GET', route)).status).toBe(401);
  });
});
