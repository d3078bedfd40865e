// The loopback web shell's gatekeeping, kept pure so each rejection is easy to test: a random
// per-launch token (like Jupyter's), an exact Host check against DNS rebinding, an Origin check
// against other sites, and a strict CSP.
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_COOKIE = 'recon_token';
export const TOKEN_HEADER = 'x-recon-token';

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

export type Verdict = { ok: true; via: 'query' | 'cookie' | 'header' } | { ok: false; status: number; reason: string };

export interface RequestFacts {
  method: string;
  host: string | undefined;
  origin: string | undefined;
  queryToken: string | undefined;
  cookieToken: string | undefined;
  headerToken: string | undefined;
}

export function checkRequest(facts: RequestFacts, port: number, token: string): Verdict {
  const hosts = allowedHosts(port);
  if (!facts.host || !hosts.includes(facts.host.toLowerCase())) {
    return { ok: false, status: 421, reason: `foreign Host header ${JSON.stringify(facts.host ?? '')}` };
  }
  if (facts.origin !== undefined && !hosts.map((h) => `http://${h}`).includes(facts.origin.toLowerCase())) {
    return { ok: false, status: 403, reason: `foreign Origin ${JSON.stringify(facts.origin)}` };
  }
  const candidates: Array<['query' | 'cookie' | 'header', string | undefined]> = [
    ['header', facts.headerToken],
    ['query', facts.queryToken],
    ['cookie', facts.cookieToken],
  ];
  const given = candidates.filter(([, v]) => v !== undefined);
  if (given.length === 0) return { ok: false, status: 401, reason: 'missing token: open the URL the console printed' };
  for (const [via, value] of given) if (tokensEqual(token, value)) return { ok: true, via };
  return { ok: false, status: 403, reason: 'wrong token: open the URL the console printed at this launch' };
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
