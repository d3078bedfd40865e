// The desktop app as a team server's client (issue #23): the same contract channels, over HTTPS to
// the server instead of into the local core. The server's certificate is pinned by the SHA-256
// fingerprint the server printed (self-signed certificates are the normal case, so the system's CAs
// prove nothing here): the request is written only after the TLS handshake showed that certificate,
// so a name, password or cookie never reaches another one. The session cookie lives in this object's
// memory only: quitting the app signs nobody in next time.
import type http from 'node:http';
import https from 'node:https';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { TLSSocket } from 'node:tls';
import type { BridgeError } from '../../contract/bridge-error.ts';
import type { TeamStatus } from '../../contract/team.ts';
import type { JobProgress } from '../../contract/channels.ts';
import { msg } from '../../contract/messages/render.ts';
import { ReconError } from '../../core/errors.ts';

const TEAM_COOKIE = 'recon_team';
const TIMEOUT_MS = 60_000;
// A refund's re-query, send and settle can outlast a minute on a slow gateway; cutting it short would
// only hide an outcome the server is still producing, so the channels that move money wait far longer.
const MONEY_TIMEOUT_MS = 15 * 60_000;
const MONEY_CHANNELS = new Set(['actions:execute', 'approvals:approve', 'actions:resolve', 'actions:markNotApplied']);

/** AA:BB:… upper-case, whatever form the person typed or pasted. */
export function normalizeFingerprint(text: string): string {
  const hex = text.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return hex.match(/.{2}/g)?.join(':') ?? '';
}

/**
 * The server names its exports; the desktop writes them under that name, so a name that is more than
 * a plain file name of the kind the server makes (a "../" climb, a hidden file, another type) would
 * let a compromised server write anywhere this desktop user may.
 */
export function checkExportName(name: unknown): string {
  const plain =
    typeof name === 'string' &&
    name.length > 0 &&
    name.length <= 200 &&
    path.basename(name) === name &&
    path.posix.basename(name) === name &&
    path.win32.basename(name) === name &&
    !name.includes('\0') &&
    !name.startsWith('.') &&
    /\.(xlsx|csv)$/i.test(name);
  if (!plain) {
    throw new ReconError('input', `the team server named its export ${JSON.stringify(name)}, which is not a plain .xlsx or .csv file name`, {
      msg: msg('team.bad_export_name', { fileName: String(name).slice(0, 200) }),
    });
  }
  return name;
}

/** A call the server answered with an error: its BridgeError, as a local call would have thrown it. */
function fromBridgeError(error: BridgeError): ReconError {
  return new ReconError(error.code, error.message, {
    ...(error.msg ? { msg: error.msg } : {}),
    ...(error.detail || error.errorId ? { detail: error.detail ?? `server error id ${error.errorId}` } : {}),
  });
}

interface Answer {
  status: number;
  setCookie: string[];
  body: { ok: true; result: unknown } | { ok: false; error: BridgeError } | null;
}

export class TeamClient {
  readonly url: string;
  readonly fingerprint: string;
  #cookie: string | undefined;
  #who: { name: string; role: NonNullable<TeamStatus['role']>; expiresAtMs: number } | undefined;

  readonly #timeouts: { callMs: number; moneyMs: number };

  constructor(options: { url: string; fingerprint: string; timeouts?: { callMs?: number; moneyMs?: number } }) {
    this.url = new URL(options.url).origin;
    this.fingerprint = normalizeFingerprint(options.fingerprint);
    this.#timeouts = { callMs: options.timeouts?.callMs ?? TIMEOUT_MS, moneyMs: options.timeouts?.moneyMs ?? MONEY_TIMEOUT_MS };
  }

  /** How long a call on `channel` waits for the server's answer, by default. */
  static deadlineFor(channel: string): number {
    return MONEY_CHANNELS.has(channel) ? MONEY_TIMEOUT_MS : TIMEOUT_MS;
  }

  status(): TeamStatus {
    return this.#who ? { connected: true, url: this.url, ...this.#who } : { connected: false };
  }

  async signIn(name: string, password: string): Promise<TeamStatus> {
    const a = await this.#post('/api/sign-in', { name, password });
    const result = this.#result(a) as { name: string; role: NonNullable<TeamStatus['role']>; expiresAtMs: number };
    const cookie = a.setCookie.map((c) => c.split(';')[0]!).find((c) => c.startsWith(`${TEAM_COOKIE}=`));
    if (!cookie) throw new ReconError('internal', 'the server signed in without a session cookie', { msg: msg('bridge.bad_answer', { status: a.status }) });
    this.#cookie = cookie;
    this.#who = { name: result.name, role: result.role, expiresAtMs: result.expiresAtMs };
    return this.status();
  }

  /** Ends the session on the server; forgotten here whatever the server says (it may be gone). */
  async signOut(): Promise<void> {
    const had = this.#cookie;
    this.#cookie = undefined;
    this.#who = undefined;
    if (had) await this.#post('/api/sign-out', {}, had).catch(() => undefined);
  }

  async call(channel: string, payload: unknown): Promise<unknown> {
    const deadline = MONEY_CHANNELS.has(channel) ? this.#timeouts.moneyMs : this.#timeouts.callMs;
    const a = await this.#post(`/api/call/${encodeURIComponent(channel)}`, payload ?? {}, this.#cookie, { deadlineMs: deadline, channel });
    if (a.status === 401) {
      // The session ended on the server (idle, expired, disabled): this client is signed out too.
      this.#cookie = undefined;
      this.#who = undefined;
    }
    // A proxy's error page is not the console's answer: a money request behind it may still be running.
    if (!a.body && MONEY_CHANNELS.has(channel)) throw this.#unknown(channel, new Error(`HTTP ${a.status} without the console's answer`));
    return this.#result(a);
  }

  #result(a: Answer): unknown {
    if (!a.body) throw new ReconError('internal', `unexpected answer from the team server (HTTP ${a.status})`, { msg: msg('bridge.bad_answer', { status: a.status }) });
    if (!a.body.ok) throw fromBridgeError(a.body.error);
    return a.body.result;
  }

  /**
   * The server's job progress (the loopback shell's event stream), for the desktop's windows; returns
   * a function that closes the stream. Ends by itself when the session does.
   */
  async events(listener: (progress: JobProgress) => void): Promise<() => void> {
    const res = await this.#open('GET', '/api/events', undefined, this.#cookie);
    if (res.statusCode !== 200) {
      res.resume();
      throw new ReconError('unauthenticated', `the team server refused the event stream (HTTP ${res.statusCode})`, { msg: msg('team.no_session') });
    }
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame.split('\n').find((l) => l.startsWith('data: '));
        if (!frame.split('\n').includes('event: job:progress') || !data) continue;
        try {
          listener(JSON.parse(data.slice('data: '.length)) as JobProgress);
        } catch {
          // a frame this client cannot read is skipped, not fatal
        }
      }
    });
    res.on('error', () => undefined);
    return () => res.destroy();
  }

  /** A finished export of this person's, saved at `dest` (written beside it first, then renamed). */
  async download(fileName: string, dest: string): Promise<void> {
    checkExportName(fileName);
    const res = await this.#open('GET', `/exports/${encodeURIComponent(fileName)}`, undefined, this.#cookie);
    if (res.statusCode !== 200) {
      res.resume();
      throw new ReconError('input', `the team server has no export ${fileName} for this person (HTTP ${res.statusCode})`, { msg: msg('team.no_export', { fileName }) });
    }
    const partial = `${dest}.part`;
    try {
      await pipeline(res, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
    } catch (err) {
      // Half a workbook is no workbook; left behind it would also block the next try ('wx').
      rmSync(partial, { force: true });
      if (err instanceof ReconError) throw err;
      throw new ReconError('offline', `the download of ${fileName} from the team server at ${this.url} broke off: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
        msg: msg('team.download_failed', { fileName, url: this.url }),
      });
    }
    renameSync(partial, dest);
  }

  async #post(route: string, body: unknown, cookie?: string, options: { deadlineMs?: number; channel?: string } = {}): Promise<Answer> {
    const channel = options.channel ?? route;
    const res = await this.#open('POST', route, body, cookie, options.deadlineMs ?? this.#timeouts.callMs, channel);
    const chunks: Buffer[] = [];
    try {
      for await (const d of res) chunks.push(d as Buffer);
    } catch (err) {
      // The server answered and the answer was cut: it did receive the request.
      throw this.#unknown(channel, err);
    }
    let parsed: Answer['body'];
    try {
      parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Answer['body'];
    } catch {
      parsed = null;
    }
    return { status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] ?? [], body: parsed };
  }

  /**
   * Once the request left, silence is not "unreachable": the server may be carrying it out (a refund
   * may be on its way to the gateway), so doing it again by hand could pay twice.
   */
  #unknown(channel: string, err: unknown): ReconError {
    const reason = err instanceof Error ? err.message : String(err);
    return new ReconError('unknown', `no answer from the team server at ${this.url} to ${channel} after the request was sent (${reason}): its outcome is unknown`, {
      cause: err,
      msg: msg('team.outcome_unknown', { url: this.url, channel }),
      detail: reason,
    });
  }

  /** A request whose headers and body are written only once the pinned certificate showed up. */
  #open(method: 'GET' | 'POST', route: string, body: unknown, cookie: string | undefined, deadlineMs = this.#timeouts.callMs, channel = route): Promise<http.IncomingMessage> {
    const url = new URL(route, this.url);
    const expected = this.fingerprint;
    let sent = false;
    return new Promise<http.IncomingMessage>((resolve, reject) => {
      // agent: false: a fresh handshake each time, so the pin is checked on every request (a reused
      // TLS session would skip the certificate).
      const req = https.request(
        {
          host: url.hostname.replace(/^\[|\]$/g, ''),
          port: url.port || 443,
          path: url.pathname,
          method,
          agent: false,
          rejectUnauthorized: false,
          headers: { ...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}), ...(cookie ? { Cookie: cookie } : {}) },
        },
        (res) => {
          // Connecting and answering have a deadline; a live event stream does not.
          req.setTimeout(0);
          resolve(res);
        },
      );
      req.setTimeout(deadlineMs, () => req.destroy(new Error('timed out')));
      req.on('error', (err: Error) => {
        if (err instanceof ReconError) return reject(err);
        if (sent && method === 'POST') return reject(this.#unknown(channel, err));
        reject(new ReconError('offline', `the team server at ${this.url} is not reachable: ${err.message}`, { cause: err, msg: msg('team.unreachable', { url: this.url }) }));
      });
      req.on('socket', (socket) => {
        (socket as TLSSocket).once('secureConnect', () => {
          const got = (socket as TLSSocket).getPeerCertificate().fingerprint256 ?? '';
          if (got !== expected) {
            req.destroy(
              new ReconError('tls', `the server's certificate has fingerprint ${got}, not the pinned ${expected}`, {
                msg: msg('team.pin_mismatch', { url: this.url, expected, got }),
              }),
            );
            return;
          }
          sent = true;
          req.end(method === 'POST' ? JSON.stringify(body) : undefined);
        });
      });
    });
  }
}
