// Issue #23: the desktop as a team server's client. While connected, every contract channel goes to the
// server (so the renderer sees neither the local database nor the local secrets); the team:* channels
// steer the connection itself; disconnected, everything is the embedded core again. The decision is a
// pure function, and registerIpc is driven end to end against a real startTeamServer over HTTPS.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../src-main/contract/channels.ts';
import { addUser, disableUser } from '../../src-main/core/services/accounts.ts';
import { registerIpc, routeFor, type Envelope, type IpcEventLike } from '../../src-main/shell/electron/ipc.ts';
import { TeamConnection } from '../../src-main/shell/team/connection.ts';
import { startTeamServer, type TeamServer } from '../../src-main/shell/team/server.ts';
import { teamTls, type TeamTls } from '../../src-main/shell/team/tls.ts';
import { tempApp } from '../support/app.ts';
import { seedProfiles } from '../support/seed.ts';

describe('routeFor', () => {
  it('sends team:* to the connection, everything else to the server when connected, else to the local core', () => {
    for (const channel of Object.keys(contract)) {
      const own = channel.startsWith('team:');
      expect([channel, routeFor(channel, false)]).toEqual([channel, own ? 'connection' : 'local']);
      expect([channel, routeFor(channel, true)]).toEqual([channel, own ? 'connection' : 'remote']);
    }
  });
});

describe('registerIpc with a team connection', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-ipc-team-'));
  let serverApp: ReturnType<typeof tempApp>;
  let localApp: ReturnType<typeof tempApp>;
  let tls: TeamTls;
  let server: TeamServer;
  const handlers = new Map<string, (event: IpcEventLike, payload: unknown) => Promise<unknown>>();
  const trusted: IpcEventLike = { senderFrame: { url: 'app://renderer/index.html', parent: null } };
  const team = new TeamConnection({ downloadsDir: path.join(dir, 'downloads') });
  const invoke = (channel: string, payload: unknown = {}) => handlers.get(channel)!(trusted, payload) as Promise<Envelope>;

  beforeAll(async () => {
    serverApp = tempApp({ shell: 'cli' });
    localApp = tempApp({ shell: 'electron' });
    await seedProfiles(localApp);
    await addUser(serverApp, { name: 'vera', role: 'viewer', password: 'viewer password' });
    await addUser(serverApp, { name: 'anna', role: 'accountant', password: 'accountant password' });
    await addUser(serverApp, { name: 'sam', role: 'support', password: 'support password' });
    tls = await teamTls(dir);
    server = await startTeamServer({ app: serverApp, tls });
    registerIpc({ handle: (c, l) => handlers.set(c, l) }, localApp, () => {}, team);
  });
  afterAll(async () => {
    await server?.close();
    serverApp?.cleanup();
    localApp?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers from the server while connected, and from the embedded core after disconnecting', async () => {
    const local = await invoke('profiles:list');
    expect((local as { result: unknown[] }).result).toHaveLength(2);
    expect(await invoke('team:status')).toEqual({ ok: true, result: { connected: false } });

    const refused = await invoke('team:connect', { url: server.url, fingerprint: 'AB:'.repeat(31) + 'AB', name: 'vera', password: 'viewer password' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'tls', msg: { code: 'team.pin_mismatch' } } });
    expect(await invoke('team:status')).toEqual({ ok: true, result: { connected: false } });

    const connected = await invoke('team:connect', { url: server.url, fingerprint: tls.fingerprint256, name: 'vera', password: 'viewer password' });
    expect(connected).toMatchObject({ ok: true, result: { connected: true, name: 'vera', role: 'viewer' } });
    // The server's profiles (none), not the two on this desktop.
    expect(await invoke('profiles:list')).toEqual({ ok: true, result: [] });
    const info = (await invoke('app:info')) as { ok: true; result: { dataDir: string } };
    expect(info.result.dataDir).not.toBe(localApp.dataDir);
    // The server decides roles: a viewer's refund is refused in the same error shape as a local refusal.
    const refund = await invoke('actions:execute', { profile: 'fp-shop', orderNo: 'F1', kind: 'refund', amount: 100 });
    expect(refund).toMatchObject({ ok: false, error: { code: 'forbidden', msg: { code: 'team.forbidden' } } });

    expect(await invoke('team:disconnect')).toEqual({ ok: true, result: { connected: false } });
    expect(((await invoke('profiles:list')) as { result: unknown[] }).result).toHaveLength(2);
  });

  it('hands the server’s job progress to the desktop while connected', async () => {
    const seen: string[] = [];
    const stop = team.onProgress((p) => seen.push(`${p.kind} ${p.state} ${p.jobId}`));
    await invoke('team:connect', { url: server.url, fingerprint: tls.fingerprint256, name: 'anna', password: 'accountant password' });
    const started = (await invoke('export:start', { kind: 'orders', filter: { from: '2024-03-01', to: '2024-03-31' } })) as { ok: true; result: { jobId: string; path: string; downloadUrl: string | null } };
    expect(started.ok).toBe(true);
    for (let i = 0; i < 100 && !seen.includes(`export done ${started.result.jobId}`); i++) await new Promise((r) => setTimeout(r, 50));
    expect(seen).toContain(`export done ${started.result.jobId}`);
    // …and the finished workbook lands on this desktop, where the result says (no link to a server file).
    expect(started.result).toMatchObject({ downloadUrl: null });
    expect(started.result.path.startsWith(path.join(dir, 'downloads'))).toBe(true);
    for (let i = 0; i < 100 && !existsSync(started.result.path); i++) await new Promise((r) => setTimeout(r, 50));
    expect(readFileSync(started.result.path).subarray(0, 2).toString()).toBe('PK');
    await invoke('team:disconnect');
    stop();
  });

  it('after the server ends the session, stays "team, signed out": nothing goes to the local core until team:disconnect', async () => {
    const connected = await invoke('team:connect', { url: server.url, fingerprint: tls.fingerprint256, name: 'sam', password: 'support password' });
    expect(connected).toMatchObject({ ok: true, result: { connected: true, name: 'sam' } });
    disableUser(serverApp, 'sam');
    // The server's refusal is passed on …
    expect(await invoke('profiles:list')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    // … and every later call is refused here, not answered by this desktop's own core (no role, no approvals, local keys).
    for (const channel of ['profiles:list', 'actions:execute', 'orders:list']) {
      expect([channel, await invoke(channel, {})]).toMatchObject([channel, { ok: false, error: { code: 'unauthenticated', msg: { code: 'team.signed_out' } } }]);
    }
    expect(await invoke('team:status')).toEqual({ ok: true, result: { connected: false, signedOut: true, url: server.url } });
    expect(await invoke('team:disconnect')).toEqual({ ok: true, result: { connected: false } });
    expect(((await invoke('profiles:list')) as { result: unknown[] }).result).toHaveLength(2);
  });
});
