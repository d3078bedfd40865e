// The team server's API (issue #23): the same handler table as every other shell, over HTTPS, for
// people who sign in. POST /api/sign-in {name, password} sets a session cookie (HttpOnly, Secure,
// SameSite=Strict); POST /api/<channel> with a JSON body runs the channel as that person through
// dispatchAs, which refuses what their role may not do; POST /api/sign-out ends the session.
// Cross-site requests are kept out by the SameSite cookie and by demanding application/json (a form
// on another site cannot send it without a CORS preflight, which this server never answers).
import https from 'node:https';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '../../core/app.ts';
import { dispatchAs, toBridgeError } from '../handlers.ts';
import { resumeSession, signIn, signOut } from '../../core/services/accounts.ts';
import { SignInError } from '../../core/errors.ts';
import { msg } from '../../contract/messages/render.ts';
import { parseCookies } from '../web/security.ts';
import type { TeamTls } from './tls.ts';

export const TEAM_COOKIE = 'recon_team';
// Ledger files arrive as base64 in the body (ledger:import), as in the loopback shell.
const MAX_BODY = 48 * 1024 * 1024;

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
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
};

function send(res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...HEADERS, ...extra, 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new RangeError('too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text === '' ? {} : JSON.parse(text));
      } catch (err) {
        reject(err);
      }
    });
    req.on('error', reject);
  });
}

const STATUS: Record<string, number> = { input: 400, unauthenticated: 401, forbidden: 403, internal: 500 };

export async function startTeamServer(options: { app: App; tls: TeamTls; host?: string; port?: number }): Promise<TeamServer> {
  const { app } = options;
  const host = options.host ?? '127.0.0.1';

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://team.invalid');
    if (req.method !== 'POST' || !url.pathname.startsWith('/api/')) return send(res, 404, { ok: false, error: { code: 'input', message: 'not found', msg: msg('shell.bad_call') } });
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return send(res, 415, { ok: false, error: { code: 'input', message: 'Content-Type must be application/json', msg: msg('shell.bad_call') } });
    }
    const route = decodeURIComponent(url.pathname.slice('/api/'.length));
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (err) {
      if (err instanceof RangeError) return send(res, 413, { ok: false, error: { code: 'input', message: 'too large', msg: msg('shell.too_large', { limitMb: MAX_BODY / 1024 / 1024 }) } });
      return send(res, 400, { ok: false, error: { code: 'input', message: 'the request body is not JSON', msg: msg('shell.bad_call') } });
    }
    const token = parseCookies(req.headers.cookie)[TEAM_COOKIE];
    try {
      if (route === 'sign-in') {
        const b = (body ?? {}) as { name?: unknown; password?: unknown };
        const signed = await signIn(app, typeof b.name === 'string' ? b.name : '', typeof b.password === 'string' ? b.password : '');
        // Path=/api: the cookie goes nowhere else; Max-Age bounds it by the absolute lifetime.
        const maxAge = Math.floor((signed.expiresAtMs - Date.now()) / 1000);
        return send(res, 200, { ok: true, result: { name: signed.user.name, role: signed.user.role, expiresAtMs: signed.expiresAtMs } }, {
          'Set-Cookie': `${TEAM_COOKIE}=${signed.token}; HttpOnly; Secure; SameSite=Strict; Path=/api; Max-Age=${maxAge}`,
        });
      }
      if (route === 'sign-out') {
        if (token) signOut(app, token);
        return send(res, 200, { ok: true, result: { signedOut: true } }, { 'Set-Cookie': `${TEAM_COOKIE}=; HttpOnly; Secure; SameSite=Strict; Path=/api; Max-Age=0` });
      }
      if (!token) throw new SignInError('no_session', 'not signed in', { msg: msg('team.no_session') });
      const user = resumeSession(app, token);
      return send(res, 200, { ok: true, result: await dispatchAs(app, user, route, body) });
    } catch (err) {
      const error = toBridgeError(err, { channel: route });
      return send(res, STATUS[error.code] ?? 422, { ok: false, error });
    }
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
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
