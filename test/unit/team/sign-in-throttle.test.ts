// Issue #23: the per-name lockout stops guessing one person's password; a per-address throttle stops one
// client from guessing across many names (and from locking out name after name). Real HTTPS, real SQLite.
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addUser, signIn } from '../../../src-main/core/services/accounts.ts';
import { SIGN_IN_THROTTLE, startTeamServer, type TeamServer } from '../../../src-main/shell/team/server.ts';
import { teamTls, type TeamTls } from '../../../src-main/shell/team/tls.ts';
import { tempApp } from '../../support/app.ts';

let app: ReturnType<typeof tempApp>;
let tls: TeamTls;
let server: TeamServer;
const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-team-throttle-'));
const PASSWORD = 'a long enough password';

function signInOverHttps(name: string, password: string): Promise<{ status: number; retryAfter: string | undefined; body: { ok: boolean; error?: { code: string; msg?: { code: string } } } }> {
  const url = new URL('/api/sign-in', server.url);
  return new Promise((resolve, reject) => {
    const req = https.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', ca: tls.cert, agent: false, headers: { 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ name, password }));
  });
}

beforeAll(async () => {
  app = tempApp({ shell: 'web' });
  await addUser(app, { name: 'amy', role: 'support', password: PASSWORD });
  tls = await teamTls(path.join(dir, 'data'), ['localhost']);
  server = await startTeamServer({ app, tls });
}, 60_000);
afterAll(async () => {
  await server?.close();
  app?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

it('one address guessing across many names is held back, without checking the password and without locking anyone out', { timeout: 120_000 }, async () => {
  // Every guess is at a different name, so no name's own lockout is reached.
  for (let i = 0; i < SIGN_IN_THROTTLE.failures; i++) {
    const a = await signInOverHttps(`ghost${i}`, 'wrong password 1');
    expect([a.status, a.body.error?.msg?.code]).toEqual([401, 'team.bad_credentials']);
  }
  const held = await signInOverHttps('amy', PASSWORD);
  expect([held.status, held.body.error?.msg?.code]).toEqual([429, 'team.throttled']);
  expect(Number(held.retryAfter)).toBeGreaterThan(0);
  // amy herself is not locked: from anywhere else (here: the core) her password still works.
  await expect(signIn(app, 'amy', PASSWORD)).resolves.toMatchObject({ user: { name: 'amy' } });
});
