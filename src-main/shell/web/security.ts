// The loopback web shell's gatekeeping, kept pure so each rejection is easy to test: a random
// per-launch token, an exact Host check against DNS rebinding, an Origin check against other sites,
// and a strict CSP.
//
// The token never travels in a URL (a command line is readable by every local user in `ps` and
// /proc, and a URL stays in the browser's history). Programs send it in the x-recon-token header,
// reading it from web-shell.json (mode 0600) in the data folder. A browser gets in with a one-time
// launch code: single use, valid LAUNCH_CODE_TTL_MS, exchanged for a session cookie (HttpOnly,
// SameSite=Strict) bound to that exchange, and the URL is replaced by `/` at once.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'recon_session';
export const TOKEN_HEADER = 'x-recon-token';
export const LAUNCH_CODE_PARAM = 'code';
/** The browser opens its launch URL within seconds; a person copying the printed one has minutes. */
export const LAUNCH_CODE_TTL_MS = 2 * 60 * 1000;
export const PRINTED_CODE_TTL_MS = 10 * 60 * 1000;
const MAX_CODE_TTL_MS = 15 * 60 * 1000;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function tokensEqual(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export type Verdict = { ok: true; via: 'code' | 'cookie' | 'header' } | { ok: false; status: number; reason: string };

export interface RequestFacts {
  method: string;
  host: string | undefined;
  origin: string | undefined;
  /** A `token` query parameter: refused outright (tokens do not belong in URLs). */
  queryToken: string | undefined;
  /** A `code` query parameter: a one-time launch code. */
  launchCode?: string | undefined;
  /** The session cookie's value. */
  cookieToken: string | undefined;
  headerToken: string | undefined;
}

export interface Gate {
  token: string;
  /** Whether a session cookie value was issued by a code exchange of this launch. */
  isSession(value: string): boolean;
  /** Spends a launch code: true once for a valid, unexpired, unused code. */
  redeem(code: string): boolean;
}

/** A launch code: expiry and nonce signed with the token, so whoever holds the token can mint one. */
export function mintLaunchCode(token: string, ttlMs = LAUNCH_CODE_TTL_MS, nowMs = Date.now()): string {
  const body = `${(nowMs + ttlMs).toString(36)}.${randomBytes(12).toString('base64url')}`;
  return `${body}.${createHmac('sha256', token).update(body).digest('base64url')}`;
}

/** Single use: the nonce of a redeemed code is remembered until the code expires anyway. */
export class LaunchCodes {
  readonly #used = new Map<string, number>();
  readonly #token: string;
  constructor(token: string) {
    this.#token = token;
  }

  redeem(code: string, nowMs = Date.now()): boolean {
    const parts = code.split('.');
    if (parts.length !== 3) return false;
    const [expiry, nonce, mac] = parts as [string, string, string];
    const expected = createHmac('sha256', this.#token).update(`${expiry}.${nonce}`).digest('base64url');
    if (!tokensEqual(expected, mac)) return false;
    const expiresMs = parseInt(expiry, 36);
    if (!Number.isFinite(expiresMs) || expiresMs <= nowMs || expiresMs > nowMs + MAX_CODE_TTL_MS) return false;
    for (const [n, until] of this.#used) if (until <= nowMs) this.#used.delete(n);
    if (this.#used.has(nonce)) return false;
    this.#used.set(nonce, expiresMs);
    return true;
  }
}

export function checkRequest(facts: RequestFacts, port: number, gateOrToken: Gate | string): Verdict {
  const gate: Gate = typeof gateOrToken === 'string' ? { token: gateOrToken, isSession: () => false, redeem: () => false } : gateOrToken;
  const hosts = allowedHosts(port);
  if (!facts.host || !hosts.includes(facts.host.toLowerCase())) {
    return { ok: false, status: 421, reason: `foreign Host header ${JSON.stringify(facts.host ?? '')}` };
  }
  if (facts.origin !== undefined && !hosts.map((h) => `http://${h}`).includes(facts.origin.toLowerCase())) {
    return { ok: false, status: 403, reason: `foreign Origin ${JSON.stringify(facts.origin)}` };
  }
  if (facts.queryToken !== undefined) {
    return { ok: false, status: 403, reason: 'tokens in URLs are not accepted: open the launch URL the console printed, or send the x-recon-token header' };
  }
  if (facts.headerToken !== undefined) {
    return tokensEqual(gate.token, facts.headerToken) ? { ok: true, via: 'header' } : { ok: false, status: 403, reason: 'wrong token in x-recon-token' };
  }
  if (facts.launchCode !== undefined) {
    return gate.redeem(facts.launchCode)
      ? { ok: true, via: 'code' }
      : { ok: false, status: 403, reason: 'this launch link was already used or has expired: restart the console for a new one' };
  }
  if (facts.cookieToken !== undefined && gate.isSession(facts.cookieToken)) return { ok: true, via: 'cookie' };
  if (facts.cookieToken !== undefined) return { ok: false, status: 403, reason: 'wrong token: this session belongs to another launch; open the URL the console printed' };
  return { ok: false, status: 401, reason: 'missing token: open the URL the console printed' };
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}
