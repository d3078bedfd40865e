// Two team servers on one PostgreSQL database, for availability (issues #22, #23): two `recon serve`
// processes with their own data folders and their own keychains (two machines), the same
// RECON_DATABASE_URL, the same people made once with `recon user add`. The team's audit key travels
// from the first machine's keychain to the second's (`recon team export-key` | `recon team import-key`);
// the gateway's keys reach the second through its API (an admin's profiles:setSecrets). A support person
// signed in on each fires the same refund at the same moment: exactly one request reaches the sandbox
// gateway, the other server answers with a coded refusal; a session made on one server works on the
// other; the audit chain verifies afterwards on both machines.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCents } from '../../../src-main/core/money.ts';
import type { Sandboxes } from '../../../src-main/sandbox/index.ts';
import { apiActions, flashPayOrders, newAuthorizedOrder, startActionSandboxes } from '../../support/action-sandbox.ts';
import { runRecon } from '../../support/cli.ts';
import { type ServedProcess, startServe } from '../../support/team-serve.ts';
import { type CountingProxy, startCountingProxy } from '../../support/counting-proxy.ts';
import { type PrivateKeyring, keyringAvailable, startPrivateKeyring } from '../../support/keyring.ts';
import { dropPgDatabase, freshPgUrl, pgSkipReason, pgUrl } from '../../support/pg.ts';
import { advanceHours } from '../sandbox/helpers.ts';

/** Where sessions and channels are answered (src-main/shell/team/server.ts): the one place to change if they move. */
const SESSION_ROUTES = new Set(['sign-in', 'sign-out', 'session']);
const routePath = (route: string) => (SESSION_ROUTES.has(route) ? `/api/${route}` : `/api/call/${encodeURIComponent(route)}`);
const SIGN_IN = 'sign-in';

const keyring = keyringAvailable();
const why = !pgUrl ? pgSkipReason : !keyring.ok ? 'no keychain' : '';

type Served = ServedProcess;

interface Answer {
  status: number;
  cookie: string | undefined;
  body: { ok: boolean; result?: Record<string, unknown>; error?: { code: string; message?: string; msg?: { code: string } } };
}

const serve = (env: Record<string, string>): Promise<Served> => startServe({ ...process.env, ...env, LANG: 'C' });

function post(server: Served, route: string, body: unknown, cookie?: string): Promise<Answer> {
  const url = new URL(routePath(route), server.url);
  return new Promise((resolve, reject) => {
    const req = https.request(
      // The certificate is each server's own self-signed one; pinning is serve-https.test.ts's subject.
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent: false, rejectUnauthorized: false, headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, cookie: res.headers['set-cookie']?.[0]?.split(';')[0], body: JSON.parse(text) as Answer['body'] }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function signIn(server: Served, name: string, password: string): Promise<string> {
  const a = await post(server, SIGN_IN, { name, password });
  expect(a.status, JSON.stringify(a.body)).toBe(200);
  return a.cookie!;
}

describe.runIf(!why)(`two team servers on one PostgreSQL database${why ? ` (skipped: ${why})` : ''}`, { timeout: 240_000 }, () => {
  let ring: PrivateKeyring;
  let sb: Sandboxes;
  let proxy: CountingProxy;
  let url: string;
  const dirs: string[] = [];
  let machines: Array<Record<string, string>>;
  let servers: Served[] = [];

  beforeAll(async () => {
    ring = await startPrivateKeyring();
    sb = await startActionSandboxes();
    proxy = await startCountingProxy(sb.flashpay.baseUrl, 'flashpay', sb.flashpay);
    url = freshPgUrl({ migrated: true });
    // Two machines: their own data folder and their own keychain (another service name), one database.
    machines = ['server-a', 'server-b'].map((name) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), `recon-${name}-`));
      dirs.push(dir);
      return { ...ring.env, RECON_DATA_DIR: dir, RECON_DATABASE_URL: url, RECON_KEYCHAIN_SERVICE: `recon-${name}-${process.pid}` };
    });
    const [a, b] = machines as [Record<string, string>, Record<string, string>];
    const added = await runRecon(['profile', 'add', '--name', 'fp', '--gateway', 'flashpay', '--base-url', proxy.baseUrl, '--merchant-id', sb.flashpay.merId], {
      env: { ...a, RECON_HASH_KEY: sb.flashpay.hashKey, RECON_HASH_IV: sb.flashpay.hashIv },
    });
    expect(added.code, added.stderr).toBe(0);
    // The people, once, on the first machine: the second sees them through the database.
    for (const [name, role, password] of [['sam', 'support', 'battery staple'], ['ada', 'admin', 'correct horse']] as const) {
      const u = await runRecon(['user', 'add', '--name', name, '--role', role], { env: { ...a, RECON_PASSWORD: password } });
      expect(u.code, u.stderr).toBe(0);
    }
    // A key that did not seal this log is refused: it could bless a log of someone else's making.
    const stranger = await runRecon(['team', 'import-key'], { env: b, input: `${randomBytes(32).toString('base64')}\n` });
    expect([stranger.code, stranger.stderr]).toEqual([2, expect.stringMatching(/that key did not seal this database's audit log/)]);
    // Without the team's key the second server does not start: it would write entries nobody can verify.
    await expect(serve(b)).rejects.toThrow(/lacks the team database's audit key/);
    // The team's audit key, from the first machine's keychain to the second's.
    const exported = await runRecon(['team', 'export-key'], { env: a });
    expect(exported.code, exported.stderr).toBe(0);
    const imported = await runRecon(['team', 'import-key'], { env: b, input: exported.stdout });
    expect(imported.code, imported.stderr).toBe(0);
    servers = await Promise.all(machines.map((env) => serve({ ...env, RECON_TEST_FAULT: 'slow-claim:1500' })));
    // The gateway's keys on the second machine: set by an admin through that server.
    const ada = await signIn(servers[1]!, 'ada', 'correct horse');
    const secrets = await post(servers[1]!, 'profiles:setSecrets', { name: 'fp', hashKey: sb.flashpay.hashKey, hashIv: sb.flashpay.hashIv }, ada);
    expect(secrets.status, JSON.stringify(secrets.body)).toBe(200);
  }, 180_000);
  afterAll(async () => {
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
    await proxy?.close();
    await sb?.close();
    await ring?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    if (url) dropPgDatabase(url);
  });

  it('a session made on one server works on the other', async () => {
    const [a, b] = servers as [Served, Served];
    const sam = await signIn(a, 'sam', 'battery staple');
    const there = await post(b, 'profiles:list', {}, sam);
    expect([there.status, there.body.ok]).toEqual([200, true]);
    const out = await post(b, 'sign-out', {}, sam);
    expect(out.status).toBe(200);
    // Signed out on the second: the first no longer takes the session either.
    expect((await post(a, 'profiles:list', {}, sam)).status).toBe(401);
  });

  it('the same refund fired at both at the same moment: one request reaches the gateway, the other is refused with a code', async () => {
    const o = await newAuthorizedOrder(sb);
    // Past the Taipei day's end the sandbox captures it (02 -> 03): a refund is allowed now.
    await advanceHours(sb.flashpay.baseUrl, 10);
    expect((await flashPayOrders(sb)).find((x) => x.orderNo === o.orderNo)?.status).toBe('03');
    const cookies = await Promise.all(servers.map((s) => signIn(s, 'sam', 'battery staple')));
    const request = { profile: 'fp', orderNo: o.orderNo, kind: 'refund', amount: formatCents(o.amountCents), operator: 'sam', reason: 'customer returned it', confirmation: { confirmed: true, typedAmount: formatCents(o.amountCents) } };
    const answers = await Promise.all(servers.map((s, i) => post(s, 'actions:execute', request, cookies[i])));
    expect(proxy.moneyRequests(o.orderNo)).toHaveLength(1);
    expect(await apiActions(sb.flashpay.baseUrl, o.orderNo)).toHaveLength(1);
    const done = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status !== 200);
    expect(done, JSON.stringify(answers.map((a) => a.body))).toHaveLength(1);
    expect(done[0]!.body.result).toMatchObject({ state: 'SUCCEEDED', operator: 'sam' });
    expect(refused).toHaveLength(1);
    expect(refused[0]!.status).toBeGreaterThanOrEqual(400);
    expect(refused[0]!.status).toBeLessThan(500);
    expect(refused[0]!.body.error?.msg?.code, JSON.stringify(refused[0]!.body)).toMatch(/^refusal\./);
  });

  it('the audit chain both servers wrote verifies on both machines, sealed with the one team key', async () => {
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
    servers = [];
    for (const env of machines) {
      const v = await runRecon(['audit', 'verify'], { env });
      expect(v.code, v.stdout + v.stderr).toBe(0);
      expect(v.stdout).toMatch(/chain intact, sealed with this install's audit key/);
    }
  });
});
