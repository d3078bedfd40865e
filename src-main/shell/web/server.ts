// The web shell: the same handler table as the Electron app, served on 127.0.0.1 for a browser.
// Used where no Electron binary exists (offline installs, servers, CI) and by the Playwright suite.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { App } from '../../core/app.ts';
import { msg } from '../../contract/messages/render.ts';
import { dispatch, toBridgeError } from '../handlers.ts';
import { EXPORTS_ROUTE, serveExport } from './exports.ts';
import { serveStatic } from './static.ts';
import { BodyTooLargeError, MAX_CALL_BODY, readJsonBody } from './json-body.ts';
import {
  CONTENT_SECURITY_POLICY,
  LAUNCH_CODE_PARAM,
  LAUNCH_CODE_TTL_MS,
  LaunchCodes,
  SESSION_COOKIE,
  TOKEN_HEADER,
  checkRequest,
  mintLaunchCode,
  newToken,
  parseCookies,
} from './security.ts';


export interface WebShell {
  /** The origin, `http://127.0.0.1:PORT`: no credential in it. */
  origin: string;
  /** A fresh one-time launch URL for a browser (`/?code=...`), valid `ttlMs`. */
  launchUrl(ttlMs?: number): string;
  port: number;
  /** For programs only, in the x-recon-token header; never put in a URL. */
  token: string;
  close(): Promise<void>;
}

export interface WebShellOptions {
  app: App;
  rendererDir: string;
  port?: number;
  token?: string;
}

function baseHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...baseHeaders(), 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const { app, rendererDir } = options;
  const token = options.token ?? newToken();
  const codes = new LaunchCodes(token);
  // Session cookie values exist only after a code exchange: the token itself is never a cookie.
  const sessions = new Set<string>();
  const sseClients = new Set<http.ServerResponse>();
  let port = 0;

  const unsubscribe = app.jobs.onProgress((p) => {
    const frame = `event: job:progress\ndata: ${JSON.stringify(p)}\n\n`;
    for (const res of sseClients) res.write(frame);
  });

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: toBridgeError(err, { url: req.url?.split('?')[0] }) });
      else res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const cookies = parseCookies(req.headers.cookie);
    const verdict = checkRequest(
      {
        method: req.method ?? 'GET',
        host: req.headers.host,
        origin: typeof req.headers.origin === 'string' ? req.headers.origin : undefined,
        queryToken: url.searchParams.get('token') ?? undefined,
        launchCode: url.searchParams.get(LAUNCH_CODE_PARAM) ?? undefined,
        cookieToken: cookies[SESSION_COOKIE],
        headerToken: typeof req.headers[TOKEN_HEADER] === 'string' ? (req.headers[TOKEN_HEADER] as string) : undefined,
      },
      port,
      { token, isSession: (v) => sessions.has(v), redeem: (c) => codes.redeem(c) },
    );
    if (!verdict.ok) {
      res.writeHead(verdict.status, { ...baseHeaders(), 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Refused: ${verdict.reason}\n`);
      return;
    }
    const extraHeaders: Record<string, string> = {};
    if (verdict.via === 'code') {
      // The spent code leaves the address bar at once (the fragment, the app's route, survives the
      // redirect); from then on the browser proves itself with a session cookie no other site can
      // read or send (SameSite=Strict, HttpOnly).
      const session = randomBytes(32).toString('base64url');
      sessions.add(session);
      url.searchParams.delete(LAUNCH_CODE_PARAM);
      res.writeHead(303, {
        ...baseHeaders(),
        'Set-Cookie': `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`,
        Location: `${url.pathname}${url.search}`,
      });
      res.end();
      return;
    }

    // The renderer asks this first: on the loopback shell nobody signs in (the team server answers who).
    if (url.pathname === '/api/session') return sendJson(res, 200, { ok: true, result: { mode: 'local' } });

    if (url.pathname.startsWith('/api/call/')) {
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'input', message: 'use POST', msg: msg('shell.bad_call') } });
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return sendJson(res, 415, { ok: false, error: { code: 'input', message: 'Content-Type must be application/json', msg: msg('shell.bad_call') } });
      }
      const channel = decodeURIComponent(url.pathname.slice('/api/call/'.length));
      let payload: unknown;
      try {
        payload = await readJsonBody(req);
      } catch (err) {
        if (err instanceof BodyTooLargeError) {
          return sendJson(res, 413, { ok: false, error: { code: 'input', message: `the request is larger than ${MAX_CALL_BODY / 1024 / 1024} MB`, msg: msg('shell.too_large', { limitMb: MAX_CALL_BODY / 1024 / 1024 }) } });
        }
        return sendJson(res, 400, { ok: false, error: { code: 'input', message: 'the request body is not JSON', msg: msg('shell.bad_call') } });
      }
      try {
        const result = await dispatch(app, channel, payload);
        return sendJson(res, 200, { ok: true, result });
      } catch (err) {
        const error = toBridgeError(err, { channel });
        return sendJson(res, error.code === 'input' ? 400 : error.code === 'internal' ? 500 : 422, { ok: false, error });
      }
    }

    if (url.pathname.startsWith(EXPORTS_ROUTE)) return serveExport(app, url.pathname, req, res, { ...baseHeaders(), ...extraHeaders });

    if (url.pathname === '/api/events') {
      res.writeHead(200, { ...baseHeaders(), ...extraHeaders, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      sseClients.add(res);
      req.on('close', () => sseClients.delete(res));
      return;
    }

    serveStatic(rendererDir, url.pathname, req, res, { ...baseHeaders(), ...extraHeaders });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    launchUrl: (ttlMs = LAUNCH_CODE_TTL_MS) => `${origin}/?${LAUNCH_CODE_PARAM}=${mintLaunchCode(token, ttlMs)}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const res of sseClients) res.end();
      sseClients.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
