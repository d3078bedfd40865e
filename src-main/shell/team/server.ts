// The team server (issue #23): the same renderer and the same API paths as the loopback shell, over
// HTTPS, for people who sign in, so the renderer has one code path. POST /api/sign-in {name, password}
// sets a session cookie (HttpOnly, Secure, SameSite=Strict); GET or POST /api/session says who is signed
// in (401 when nobody is); POST /api/call/<channel> runs the channel as that person through dispatchAs,
// which refuses what their role may not do; GET /api/events streams job progress and /exports/<name>
// hands a finished export to the person whose job made it, both to signed-in people only; POST
// /api/sign-out ends the session. Cross-site requests are kept out by the SameSite cookie, by refusing a
// foreign Origin, and by demanding application/json (a form on another site cannot send it without a
// CORS preflight, which this server never answers).
import { AsyncLocalStorage } from 'node:async_hooks';
import https from 'node:https';
import type http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { App } from '../../core/app.ts';
import { dispatchAs, toBridgeError } from '../handlers.ts';
import { type SessionUser, type TeamUser, resumeSession, sessionAlive, signIn, signOut } from '../../core/services/accounts.ts';
import { InputError, SignInError } from '../../core/errors.ts';
import { type Message, msg } from '../../contract/messages/render.ts';
import type { JobProgress } from '../../contract/channels.ts';
import { CONTENT_SECURITY_POLICY, parseCookies } from '../web/security.ts';
import { EXPORTS_ROUTE, serveExport } from '../web/exports.ts';
import { serveStatic } from '../web/static.ts';
import { BodyTooLargeError, MAX_CALL_BODY, readJsonBody } from '../web/json-body.ts';
import type { TeamTls } from './tls.ts';
import { SignInThrottle } from './sign-in-throttle.ts';

export { SIGN_IN_THROTTLE } from './sign-in-throttle.ts';

export const TEAM_COOKIE = 'recon_team';

export interface TeamServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Strict-Transport-Security': 'max-age=31536000',
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function send(res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...HEADERS, ...extra, 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}


type ExportStarted = { jobId: string; path: string; fileName: string; downloadUrl: string | null };

const STATUS: Record<string, number> = { input: 400, unauthenticated: 401, forbidden: 403, internal: 500 };

/** Channels that steer the desktop's own connection: they mean nothing on the server. */
const DESKTOP_ONLY = new Set(['team:connect', 'team:disconnect', 'team:status']);

/** How many jobs' starters are remembered (the job manager forgets old jobs too). */
const MAX_JOB_OWNERS = 2000;

/**
 * A job's progress as a team client sees it: any absolute path on the server becomes its base name
 * ("Written: orders.xlsx"), so the server's folders and its account name stay the server's.
 */
export function withBaseNames(p: JobProgress, dataDir: string): JobProgress {
  const cut = new Map<string, string>();
  const params = (m: Message): Message => {
    if (!m.params) return m;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(m.params)) {
      if (typeof v === 'string' && (path.posix.isAbsolute(v) || path.win32.isAbsolute(v))) {
        const base = path.win32.basename(path.posix.basename(v));
        cut.set(v, base);
        out[k] = base;
      } else out[k] = v;
    }
    return { ...m, params: out } as Message;
  };
  const messageMsg = p.messageMsg ? params(p.messageMsg) : undefined;
  const errorMessages = p.errorMessages?.map((m) => (m ? params(m) : m));
  const text = (t: string): string => {
    let out = t;
    for (const [full, base] of cut) out = out.split(full).join(base);
    // Whatever else names the server's data folder (an error's English text) loses that prefix.
    return dataDir ? out.split(dataDir + path.sep).join('').split(dataDir).join('') : out;
  };
  return {
    ...p,
    message: text(p.message),
    errors: p.errors.map(text),
    ...(messageMsg ? { messageMsg } : {}),
    ...(errorMessages ? { errorMessages } : {}),
  };
}

function cookie(value: string, maxAgeS: number): string {
  // Path=/: the renderer's files need none, but the export downloads (/exports/...) do.
  return `${TEAM_COOKIE}=${value}; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=${maxAgeS}`;
}

export async function startTeamServer(options: { app: App; tls: TeamTls; host?: string; port?: number; rendererDir?: string }): Promise<TeamServer> {
  const { app } = options;
  const host = options.host ?? '127.0.0.1';
  const throttle = new SignInThrottle();
  // Which person's job made each export file: nobody else may download it. Kept in memory: a file
  // made before a restart is still in the exports folder for the administrator, not for download.
  const exportOwners = new Map<string, number>();
  const streams = new Map<http.ServerResponse, { token: string; userId: number }>();
  // Who started each job: a job's progress (its file names, its errors) is that person's business
  // only. Known from the request that started it: the job's first event fires inside that request's
  // dispatchAs, whose async context carries the person; later events keep the first answer (a
  // cancel by someone else must not hand the job over). A job the server ran by itself is nobody's.
  const starter = new AsyncLocalStorage<number>();
  const jobOwners = new Map<string, number>();
  function ownerOf(jobId: string): number | undefined {
    const known = jobOwners.get(jobId);
    if (known !== undefined) return known;
    const now = starter.getStore();
    if (now === undefined) return undefined;
    jobOwners.set(jobId, now);
    if (jobOwners.size > MAX_JOB_OWNERS) jobOwners.delete(jobOwners.keys().next().value!);
    return now;
  }

  const unsubscribe = app.jobs.onProgress((p) => {
    const owner = ownerOf(p.jobId);
    const frame = owner === undefined ? '' : `event: job:progress\ndata: ${JSON.stringify(withBaseNames(p, app.dataDir))}\n\n`;
    for (const [res, { token, userId }] of streams) {
      // A session that ended since the stream opened (expired, signed out elsewhere, the account
      // disabled or its password reset) hears nothing more: checked on every job event, anyone's.
      if (!sessionAlive(app, token)) {
        streams.delete(res);
        res.end();
      } else if (userId === owner) res.write(frame);
    }
  });

  function whoIs(req: http.IncomingMessage): { token: string; user: SessionUser } {
    const token = parseCookies(req.headers.cookie)[TEAM_COOKIE];
    if (!token) throw new SignInError('no_session', 'not signed in', { msg: msg('team.no_session') });
    return { token, user: resumeSession(app, token) };
  }

  function sameOrigin(req: http.IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://team.invalid');
    const isApi = url.pathname.startsWith('/api/');
    if (!sameOrigin(req)) return send(res, 403, { ok: false, error: { code: 'forbidden', message: 'foreign Origin', msg: msg('shell.bad_call') } });
    if (url.pathname === '/api/events' || url.pathname.startsWith(EXPORTS_ROUTE)) {
      let who: { token: string; user: SessionUser };
      try {
        who = whoIs(req);
      } catch (err) {
        const error = toBridgeError(err);
        return send(res, 401, { ok: false, mode: 'team', error });
      }
      if (url.pathname === '/api/events') {
        res.writeHead(200, { ...HEADERS, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
        res.write(': connected\n\n');
        streams.set(res, { token: who.token, userId: who.user.id });
        req.on('close', () => streams.delete(res));
        return;
      }
      let name = '';
      try {
        name = decodeURIComponent(url.pathname.slice(EXPORTS_ROUTE.length));
      } catch {
        // an undecodable name is nobody's export
      }
      if (exportOwners.get(name) !== who.user.id) {
        res.writeHead(404, { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('No such export.\n');
        return;
      }
      return serveExport(app, url.pathname, req, res, HEADERS);
    }
    if (!isApi) {
      if (options.rendererDir) return serveStatic(options.rendererDir, url.pathname, req, res, HEADERS);
      return send(res, 404, { ok: false, error: { code: 'input', message: 'not found', msg: msg('shell.bad_call') } });
    }
    const route = url.pathname.slice('/api/'.length);
    if (route === 'session' && req.method === 'GET') return answerSession(req, res);
    if (req.method !== 'POST') return send(res, 405, { ok: false, error: { code: 'input', message: 'use POST', msg: msg('shell.bad_call') } });
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return send(res, 415, { ok: false, error: { code: 'input', message: 'Content-Type must be application/json', msg: msg('shell.bad_call') } });
    }
    let body: unknown;
    try {
      body = await readJsonBody(req);
    } catch (err) {
      if (err instanceof BodyTooLargeError) return send(res, 413, { ok: false, error: { code: 'input', message: 'too large', msg: msg('shell.too_large', { limitMb: MAX_CALL_BODY / 1024 / 1024 }) } });
      return send(res, 400, { ok: false, error: { code: 'input', message: 'the request body is not JSON', msg: msg('shell.bad_call') } });
    }
    if (route === 'session') return answerSession(req, res);
    let channel = '';
    try {
      if (route === 'sign-in') {
        const b = (body ?? {}) as { name?: unknown; password?: unknown };
        const address = req.socket.remoteAddress ?? '';
        const heldUntil = throttle.blockedUntil(address);
        if (heldUntil !== null) {
          throw new SignInError('throttled', `too many failed sign-ins from ${address}: wait until ${new Date(heldUntil).toISOString()}`, { msg: msg('team.throttled', { untilMs: heldUntil }) });
        }
        let signed: Awaited<ReturnType<typeof signIn>>;
        try {
          signed = await signIn(app, typeof b.name === 'string' ? b.name : '', typeof b.password === 'string' ? b.password : '');
        } catch (err) {
          if (err instanceof SignInError && (err.reason === 'bad_credentials' || err.reason === 'locked')) throttle.failed(address);
          throw err;
        }
        // Max-Age bounds the cookie by the session's absolute lifetime.
        const maxAge = Math.floor((signed.expiresAtMs - Date.now()) / 1000);
        return send(res, 200, { ok: true, result: { mode: 'team', name: signed.user.name, role: signed.user.role, expiresAtMs: signed.expiresAtMs } }, { 'Set-Cookie': cookie(signed.token, maxAge) });
      }
      if (route === 'sign-out') {
        const token = parseCookies(req.headers.cookie)[TEAM_COOKIE];
        if (token) {
          signOut(app, token);
          for (const [stream, of] of streams) if (of.token === token) stream.end();
        }
        return send(res, 200, { ok: true, result: { signedOut: true } }, { 'Set-Cookie': cookie('', 0) });
      }
      if (!route.startsWith('call/')) throw new InputError(`unknown route ${JSON.stringify(route)}`, { msg: msg('shell.bad_call') });
      channel = decodeURIComponent(route.slice('call/'.length));
      const { user } = whoIs(req);
      if (DESKTOP_ONLY.has(channel)) throw new InputError(`${channel} is for the desktop app only`, { msg: msg('team.desktop_only', { channel }) });
      if (channel === 'jobs:cancel') {
        // Only the person who started a job may stop it.
        const jobId = (body as { jobId?: unknown } | null)?.jobId;
        if (typeof jobId === 'string' && jobOwners.get(jobId) !== user.id) return send(res, 200, { ok: true, result: { cancelled: false } });
      }
      const result = await starter.run(user.id, () => dispatchAs(app, user, channel, body));
      if (channel === 'jobs:list') {
        const mine = (result as JobProgress[]).filter((j) => jobOwners.get(j.jobId) === user.id).map((j) => withBaseNames(j, app.dataDir));
        return send(res, 200, { ok: true, result: mine });
      }
      // The server's folder is not the client's business.
      if (channel === 'app:info') return send(res, 200, { ok: true, result: { ...(result as object), dataDir: '' } });
      if (channel === 'export:start') return send(res, 200, { ok: true, result: offerExport(result as ExportStarted, user) });
      return send(res, 200, { ok: true, result });
    } catch (err) {
      const error = toBridgeError(err, { channel: channel || route });
      if (err instanceof SignInError && err.reason === 'throttled') {
        const until = throttle.blockedUntil(req.socket.remoteAddress ?? '') ?? Date.now();
        return send(res, 429, { ok: false, mode: 'team', error }, { 'Retry-After': String(Math.max(1, Math.ceil((until - Date.now()) / 1000))) });
      }
      return send(res, STATUS[error.code] ?? 422, { ok: false, ...(error.code === 'unauthenticated' ? { mode: 'team' } : {}), error });
    }
  }

  function answerSession(req: http.IncomingMessage, res: http.ServerResponse): void {
    try {
      const { user } = whoIs(req);
      return send(res, 200, { ok: true, result: { mode: 'team', name: user.name, role: user.role, expiresAtMs: user.expiresAtMs } });
    } catch (err) {
      return send(res, 401, { ok: false, mode: 'team', error: toBridgeError(err) });
    }
  }

  /** The export's download, for this person only; the server's folder stays the server's. */
  function offerExport(started: ExportStarted, user: TeamUser): ExportStarted {
    exportOwners.set(started.fileName, user.id);
    return { ...started, path: started.fileName, downloadUrl: `.${EXPORTS_ROUTE}${encodeURIComponent(started.fileName)}` };
  }
  const server = https.createServer({ cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' }, (req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { ok: false, error: toBridgeError(err) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        for (const res of streams.keys()) res.end();
        streams.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
