// `recon serve` as a team runs it (issue #23): the real binary on a real data folder, over real HTTPS.
// The client pins the fingerprint the server printed (nothing is sent before the certificate matches),
// signs in, gets a cookie no script or other site can use, and the role decides: support may read
// orders but is refused a period close; finance closes it, recorded under their own name. A restart
// keeps the same certificate, so the pinned fingerprint stays valid.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src-main/core/app.ts';
import { MemoryCredentialStore } from '../../../src-main/core/credentials.ts';
import { addUser } from '../../../src-main/core/services/accounts.ts';
import { type ServedProcess, startServe } from '../../support/team-serve.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-serve-'));
const dataDir = path.join(dir, 'data');
const env = { ...process.env, RECON_DATA_DIR: dataDir, RECON_KEYCHAIN_SERVICE: `recon-test-${process.pid}`, LANG: 'C', LC_ALL: undefined };

type Served = ServedProcess;

const serve = (): Promise<Served> => startServe(env);

interface Answer {
  status: number;
  setCookie: string[];
  body: { ok: boolean; result?: unknown; error?: { code: string; msg?: { code: string } } };
}

/** POST over HTTPS, pinned: the body leaves only once the server's certificate has the printed fingerprint. */
function call(server: Served, route: string, body: unknown, cookie?: string, pin = server.fingerprint256): Promise<Answer> {
  const url = new URL(route === 'sign-in' || route === 'sign-out' ? `/api/${route}` : `/api/call/${route}`, server.url);
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent: false, rejectUnauthorized: false, headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] ?? [], body: JSON.parse(text) as Answer['body'] }));
      },
    );
    req.on('error', reject);
    req.on('socket', (socket) => {
      (socket as TLSSocket).once('secureConnect', () => {
        const seen = (socket as TLSSocket).getPeerCertificate().fingerprint256;
        if (seen !== pin) {
          req.destroy(new Error(`certificate fingerprint ${seen} is not the pinned ${pin}`));
          return;
        }
        req.end(JSON.stringify(body));
      });
    });
  });
}

async function signIn(server: Served, name: string, password: string): Promise<string> {
  const a = await call(server, 'sign-in', { name, password });
  expect(a.status).toBe(200);
  const cookie = a.setCookie[0]!;
  expect(cookie).toMatch(/^recon_team=[\w-]{20,};/);
  for (const flag of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/']) expect(cookie.split('; ')).toContain(flag);
  return cookie.split(';')[0]!;
}

describe('recon serve over HTTPS', { timeout: 180_000 }, () => {
  let server: Served;
  beforeAll(async () => {
    const app = createApp({ dataDir, shell: 'cli', credentials: new MemoryCredentialStore() });
    try {
      await addUser(app, { name: 'sam', role: 'support', password: 'battery staple' });
      await addUser(app, { name: 'fiona', role: 'finance', password: 'correct horse' });
    } finally {
      app.close();
    }
    server = await serve();
  }, 120_000);
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the fingerprint of the certificate it made in the data folder, key readable by its owner only', () => {
    const cert = readFileSync(path.join(dataDir, 'tls', 'cert.pem'), 'utf8');
    expect(server.fingerprint256).toBe(new X509Certificate(cert).fingerprint256);
    expect(statSync(path.join(dataDir, 'tls', 'key.pem')).mode & 0o077).toBe(0);
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('signs in; support reads orders but is refused a period close, finance closes it under their name', async () => {
    const anonymous = await call(server, 'orders:list', {});
    expect([anonymous.status, anonymous.body.error?.code, anonymous.body.error?.msg?.code]).toEqual([401, 'unauthenticated', 'team.no_session']);
    const wrong = await call(server, 'sign-in', { name: 'sam', password: 'guess' });
    expect([wrong.status, wrong.body.error?.msg?.code, wrong.setCookie]).toEqual([401, 'team.bad_credentials', []]);

    const sam = await signIn(server, 'sam', 'battery staple');
    const orders = await call(server, 'orders:list', { from: '2024-03-01', to: '2024-03-31' }, sam);
    expect([orders.status, orders.body.ok]).toEqual([200, true]);
    const refused = await call(server, 'periods:close', { through: '2024-03-31', reason: 'March' }, sam);
    expect([refused.status, refused.body.error?.code, refused.body.error?.msg?.code]).toEqual([403, 'forbidden', 'team.forbidden']);

    const fiona = await signIn(server, 'fiona', 'correct horse');
    const closed = await call(server, 'periods:close', { through: '2024-03-31', reason: 'March', operator: 'sam' }, fiona);
    expect(closed.status).toBe(200);
    expect((closed.body.result as { events: Array<{ operator: string; action: string }> }).events).toEqual([expect.objectContaining({ action: 'close', operator: 'fiona' })]);

    const out = await call(server, 'sign-out', {}, fiona);
    expect(out.status).toBe(200);
    expect((await call(server, 'periods:list', {}, fiona)).status).toBe(401);
  });

  it('sends nothing to a server whose certificate is not the pinned one', async () => {
    await expect(call(server, 'sign-in', { name: 'fiona', password: 'correct horse' }, undefined, 'AA:BB')).rejects.toThrow(/not the pinned/);
  });

  it('keeps its certificate across a restart, so the pinned fingerprint still holds', async () => {
    const first = server.fingerprint256;
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    server = await serve();
    expect(server.fingerprint256).toBe(first);
    await signIn(server, 'fiona', 'correct horse');
  });
});
