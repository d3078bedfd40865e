// Issue #23: the desktop app as a team server's client. TeamClient pins the server's certificate by its
// SHA-256 fingerprint (any other certificate is refused, naming both, before a name or password
// leaves), keeps the session cookie in memory, and decodes the server's errors into the same
// BridgeError shape a local call gives. Against a real startTeamServer over real HTTPS.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../src-main/contract/channels.ts';
import { ReconError } from '../../../src-main/core/errors.ts';
import { addUser } from '../../../src-main/core/services/accounts.ts';
import { auditLog } from '../../../src-main/core/store/audit.ts';
import { TeamClient } from '../../../src-main/shell/team/client.ts';
import { TeamConnection } from '../../../src-main/shell/team/connection.ts';
import { startTeamServer, type TeamServer } from '../../../src-main/shell/team/server.ts';
import { teamTls, type TeamTls } from '../../../src-main/shell/team/tls.ts';
import { toBridgeError } from '../../../src-main/shell/handlers.ts';
import { tempApp } from '../../support/app.ts';
import { seedOrders, seedProfiles } from '../../support/seed.ts';

let app: ReturnType<typeof tempApp>;
let tls: TeamTls;
let server: TeamServer;
const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-team-client-'));

beforeAll(async () => {
  app = tempApp({ shell: 'cli' });
  tls = await teamTls(dir);
  const { fp } = await seedProfiles(app);
  seedOrders(app, fp, 3, Date.UTC(2024, 2, 4), 3_600_000);
  await addUser(app, { name: 'vera', role: 'viewer', password: 'viewer password' });
  await addUser(app, { name: 'anna', role: 'accountant', password: 'accountant password' });
  server = await startTeamServer({ app, tls });
}, 60_000);
afterAll(async () => {
  await server?.close();
  app?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function failure(p: Promise<unknown>): Promise<ReconError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof ReconError)) throw new Error(`expected a ReconError, got ${String(err)}`);
  return err;
}

function signInAttempts(): number {
  return auditLog(app.db).list({}, 0, 10_000).rows.filter((r) => r.event === 'account.sign_in').length;
}

describe('TeamClient', () => {
  it('signs in with the right pin (with or without colons), calls channels as that person, signs out', async () => {
    const client = new TeamClient({ url: server.url, fingerprint: tls.fingerprint256.replaceAll(':', '').toLowerCase() });
    const me = await client.signIn('vera', 'viewer password');
    expect(me).toMatchObject({ name: 'vera', role: 'viewer' });
    expect(client.status()).toMatchObject({ connected: true, url: server.url, name: 'vera', role: 'viewer' });
    const orders = (await client.call('orders:list', { from: '2024-03-01', to: '2024-03-31' })) as { rows: unknown[] };
    expect(orders.rows).toHaveLength(3);
    await client.signOut();
    expect(client.status()).toEqual({ connected: false });
    const after = await failure(client.call('orders:list', {}));
    expect([after.code, after.msg?.code]).toEqual(['unauthenticated', 'team.no_session']);
  });

  it('refuses another certificate before any credential is sent, naming both fingerprints', async () => {
    const before = signInAttempts();
    const wrong = 'AB:'.repeat(31) + 'AB';
    const client = new TeamClient({ url: server.url, fingerprint: wrong });
    const err = await failure(client.signIn('vera', 'viewer password'));
    expect(err.code).toBe('tls');
    expect(err.msg?.code).toBe('team.pin_mismatch');
    expect(err.msg?.params).toMatchObject({ expected: wrong, got: tls.fingerprint256 });
    // The server never saw the sign-in.
    expect(signInAttempts()).toBe(before);
  });

  it('decodes a wrong password and a refused channel into the same error shape as a local call', async () => {
    const client = new TeamClient({ url: server.url, fingerprint: tls.fingerprint256 });
    const wrong = await failure(client.signIn('vera', 'not the password'));
    expect([wrong.code, wrong.msg?.code]).toEqual(['unauthenticated', 'team.bad_credentials']);
    await client.signIn('vera', 'viewer password');
    const refund = await failure(client.call('actions:execute', { profile: 'fp-shop', orderNo: 'F00000003', kind: 'refund', amount: 100 }));
    expect([refund.code, refund.msg?.code]).toEqual(['forbidden', 'team.forbidden']);
    expect(toBridgeError(refund)).toMatchObject({ code: 'forbidden', msg: { code: 'team.forbidden' } });
  });

  it('streams the server’s job progress to the desktop, pinned like every call, until sign-out', async () => {
    const client = new TeamClient({ url: server.url, fingerprint: tls.fingerprint256 });
    await client.signIn('anna', 'accountant password');
    const seen: Array<{ jobId: string; kind: string; state: string }> = [];
    const stop = await client.events((p) => seen.push(p));
    const started = (await client.call('export:start', { kind: 'orders', filter: { from: '2024-03-01', to: '2024-03-31' } })) as { jobId: string };
    for (let i = 0; i < 100 && !seen.some((p) => p.jobId === started.jobId && p.state === 'done'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(seen.filter((p) => p.jobId === started.jobId).at(-1)).toMatchObject({ kind: 'export', state: 'done' });
    stop();
    await client.signOut();

    const wrong = new TeamClient({ url: server.url, fingerprint: 'AB:'.repeat(31) + 'AB' });
    const err = await failure(wrong.events(() => {}));
    expect(err.msg?.code).toBe('team.pin_mismatch');
  });

  it('says the server cannot be reached when nothing answers', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    const client = new TeamClient({ url: `https://127.0.0.1:${closed}`, fingerprint: tls.fingerprint256 });
    const err = await failure(client.signIn('vera', 'viewer password'));
    expect([err.code, err.msg?.code]).toEqual(['offline', 'team.unreachable']);
  });

  describe('when the request left but no answer came back', () => {
    // A server that takes the whole request, then answers late or drops the connection: what a
    // refund whose re-query, send and settle outlast the client's patience looks like from the desktop.
    let stall: https.Server;
    let stallUrl = '';
    let behaviour: 'drop' | 'proxy-502' | { delayMs: number } = 'drop';
    const received: string[] = [];
    beforeAll(async () => {
      stall = https.createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
        req.resume();
        req.on('end', () => {
          received.push(req.url ?? '');
          if (behaviour === 'drop') return req.socket.destroy();
          if (behaviour === 'proxy-502') {
            res.writeHead(502, { 'Content-Type': 'text/html' });
            return res.end('<html><body>502 Bad Gateway</body></html>');
          }
          setTimeout(() => {
            res.writeHead(200, { 'Content-Type': 'application/json' });
            res.end(JSON.stringify({ ok: true, result: { late: true } }));
          }, behaviour.delayMs);
        });
      });
      await new Promise<void>((resolve) => stall.listen(0, '127.0.0.1', () => resolve()));
      stallUrl = `https://127.0.0.1:${(stall.address() as net.AddressInfo).port}`;
    });
    afterAll(async () => {
      stall.closeAllConnections();
      await new Promise((r) => stall.close(r));
    });

    it('a dropped connection after the request was written is "outcome unknown", never "offline"', async () => {
      behaviour = 'drop';
      const client = new TeamClient({ url: stallUrl, fingerprint: tls.fingerprint256 });
      const err = await failure(client.call('actions:execute', { profile: 'fp-shop', orderNo: 'F00000003', kind: 'refund', amount: 100 }));
      expect(received.at(-1)).toBe('/api/call/actions%3Aexecute');
      expect([err.code, err.msg?.code]).toEqual(['unknown', 'team.outcome_unknown']);
      expect(err.msg?.params).toMatchObject({ url: stallUrl, channel: 'actions:execute' });
    });

    it('a proxy\'s error page instead of the console\'s answer to a money call is "outcome unknown" too', async () => {
      behaviour = 'proxy-502';
      const client = new TeamClient({ url: stallUrl, fingerprint: tls.fingerprint256 });
      const money = await failure(client.call('approvals:approve', { id: 1 }));
      expect([money.code, money.msg?.code]).toEqual(['unknown', 'team.outcome_unknown']);
      // A read that got the same page changed nothing: it says the answer was not understood.
      const read = await failure(client.call('orders:list', {}));
      expect([read.code, read.msg?.code]).toEqual(['internal', 'bridge.bad_answer']);
    });

    it('a short call that outlasts its deadline is "outcome unknown"; money channels wait far longer', async () => {
      behaviour = { delayMs: 700 };
      const client = new TeamClient({ url: stallUrl, fingerprint: tls.fingerprint256, timeouts: { callMs: 150 } });
      const slow = await failure(client.call('orders:list', {}));
      expect([slow.code, slow.msg?.code]).toEqual(['unknown', 'team.outcome_unknown']);
      for (const channel of ['actions:execute', 'approvals:approve', 'actions:resolve', 'actions:markNotApplied']) {
        expect([channel, await client.call(channel, {})]).toEqual([channel, { late: true }]);
      }
    });

    it('gives money channels a deadline of several minutes at least by default', () => {
      expect(TeamClient.deadlineFor('actions:execute')).toBeGreaterThanOrEqual(5 * 60_000);
      expect(TeamClient.deadlineFor('approvals:approve')).toBeGreaterThanOrEqual(5 * 60_000);
      expect(TeamClient.deadlineFor('orders:list')).toBe(60_000);
    });
  });

  describe('a hostile or broken server’s export', () => {
    // A server holding the pinned certificate can still be compromised: its export names and its
    // downloads are not trusted to choose where this desktop writes.
    let hostile: https.Server;
    let hostileUrl = '';
    let fileName = '';
    let cutDownload = false;
    const streams: ServerResponse[] = [];
    beforeAll(async () => {
      hostile = https.createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
        const url = req.url ?? '';
        req.resume();
        if (url === '/api/events') {
          res.writeHead(200, { 'Content-Type': 'text/event-stream' });
          res.write(': connected\n\n');
          streams.push(res);
          return;
        }
        if (url.startsWith('/exports/')) {
          res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
          if (cutDownload) {
            res.write('PK partial');
            setTimeout(() => req.socket.destroy(), 50);
          } else res.end('PK whole');
          return;
        }
        req.on('end', () => {
          if (url === '/api/sign-in') {
            res.writeHead(200, { 'Content-Type': 'application/json', 'Set-Cookie': 'recon_team=t; HttpOnly' });
            return res.end(JSON.stringify({ ok: true, result: { name: 'eve', role: 'accountant', expiresAtMs: Date.now() + 3_600_000 } }));
          }
          const jobId = `job-${Math.random()}`;
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ ok: true, result: { jobId, path: fileName, fileName, downloadUrl: null } }));
          setTimeout(() => {
            const p = { jobId, kind: 'export', state: 'done', done: 1, total: 1, message: '', errors: [], seq: 2 };
            for (const s of streams) s.write(`event: job:progress\ndata: ${JSON.stringify(p)}\n\n`);
          }, 30);
        });
      });
      await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', () => resolve()));
      hostileUrl = `https://127.0.0.1:${(hostile.address() as net.AddressInfo).port}`;
    });
    afterAll(async () => {
      hostile.closeAllConnections();
      await new Promise((r) => hostile.close(r));
    });

    it('refuses an export name that is not a plain .xlsx/.csv file name, with a coded error, writing nothing', async () => {
      const downloads = path.join(dir, 'hostile', 'downloads');
      const team = new TeamConnection({ downloadsDir: downloads });
      await team.connect({ url: hostileUrl, fingerprint: tls.fingerprint256, name: 'eve', password: 'whatever password' });
      for (const bad of ['../../x.xlsx', '../x', 'sub/x.xlsx', '.hidden.xlsx', 'x\0.xlsx', 'x.exe', 'x.xlsx/..', '..', '']) {
        fileName = bad;
        const err = await failure(team.call('export:start', { kind: 'orders', filter: {} }));
        expect([bad, err.code, err.msg?.code]).toEqual([bad, 'input', 'team.bad_export_name']);
      }
      fileName = 'orders 2024-03.xlsx';
      const ok = (await team.call('export:start', { kind: 'orders', filter: {} })) as { path: string };
      expect(ok.path).toBe(path.join(downloads, 'orders 2024-03.xlsx'));
      for (let i = 0; i < 100 && !existsSync(ok.path); i++) await new Promise((r) => setTimeout(r, 20));
      expect(readdirSync(path.join(dir, 'hostile')).sort()).toEqual(['downloads']);
      expect(readdirSync(downloads)).toEqual(['orders 2024-03.xlsx']);
      await team.disconnect();
    });

    it('deletes the .part file when a download is cut off', async () => {
      cutDownload = true;
      const dest = path.join(dir, 'cut.xlsx');
      const client = new TeamClient({ url: hostileUrl, fingerprint: tls.fingerprint256 });
      await failure(client.download('cut.xlsx', dest));
      expect(existsSync(`${dest}.part`)).toBe(false);
      expect(existsSync(dest)).toBe(false);
      cutDownload = false;
    });
  });

  it('streams to each person only the jobs they started, with server paths cut to base names', async () => {
    await addUser(app, { name: 'alex', role: 'accountant', password: 'accountant password 2' });
    const anna = new TeamClient({ url: server.url, fingerprint: tls.fingerprint256 });
    const alex = new TeamClient({ url: server.url, fingerprint: tls.fingerprint256 });
    await anna.signIn('anna', 'accountant password');
    await alex.signIn('alex', 'accountant password 2');
    const seenByAnna: JobProgress[] = [];
    const seenByAlex: JobProgress[] = [];
    const stops = [await anna.events((p) => seenByAnna.push(p)), await alex.events((p) => seenByAlex.push(p))];
    // A job the server runs by itself (no person started it) reaches nobody.
    app.jobs.announce('sync', `server-side work in ${app.dataDir}`);
    const started = (await anna.call('export:start', { kind: 'orders', filter: { from: '2024-03-01', to: '2024-03-31' } })) as { jobId: string; fileName: string };
    for (let i = 0; i < 100 && !seenByAnna.some((p) => p.jobId === started.jobId && p.state === 'done'); i++) await new Promise((r) => setTimeout(r, 50));
    const annas = seenByAnna.filter((p) => p.jobId === started.jobId);
    expect(annas.at(-1)).toMatchObject({ kind: 'export', state: 'done' });
    expect(seenByAnna.filter((p) => p.jobId !== started.jobId)).toEqual([]);
    expect(seenByAlex).toEqual([]);
    // The server's folders stay the server's: "Written: <file>", not its absolute path.
    const written = annas.find((p) => p.messageMsg?.code === 'export.progress_written');
    expect(written?.messageMsg?.params).toMatchObject({ path: started.fileName });
    expect(written?.message).toBe(started.fileName);
    expect(JSON.stringify(seenByAnna)).not.toContain(app.dataDir);
    // The job list and cancelling follow the same rule.
    expect(((await alex.call('jobs:list', {})) as JobProgress[]).map((j) => j.jobId)).not.toContain(started.jobId);
    const annasList = (await anna.call('jobs:list', {})) as JobProgress[];
    expect(annasList.map((j) => j.jobId)).toContain(started.jobId);
    expect(annasList.filter((j) => j.kind !== 'export')).toEqual([]);
    expect(JSON.stringify(annasList)).not.toContain(app.dataDir);
    for (const stop of stops) stop();
    await anna.signOut();
    await alex.signOut();
  });
});
