// What went wrong on the wire, in words a clerk can act on ("無法連線到 FlashPay（api.example 找不到
// 主機）"), with the technical reason (ENOTFOUND, UND_ERR_SOCKET, …) kept apart as the detail one
// click away. undici reports "fetch failed" and hides the useful part in `cause`.
import { type Bilingual, type Message, msg } from '../contract/messages/render.ts';

export interface NetworkFailure {
  message: Message;
  /** The technical reason, for the detail view and the log: an OS or undici code, or its message. */
  detail: string;
}

const NOT_FOUND = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const REFUSED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);
const TIMEOUT = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const TLS_PATTERN = /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|EPROTO$)/;

function causeChain(err: unknown): Array<{ code?: string; message?: string; name?: string }> {
  const out: Array<{ code?: string; message?: string; name?: string }> = [];
  let cur: unknown = err;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    const e = cur as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown };
    out.push({
      code: typeof e.code === 'string' ? e.code : undefined,
      message: typeof e.message === 'string' ? e.message : undefined,
      name: typeof e.name === 'string' ? e.name : undefined,
    });
    cur = e.cause;
  }
  return out;
}

/** The technical reason: an OS code (ECONNREFUSED) says what happened; undici's own codes
 *  (UND_ERR_SOCKET) do not, so their message ("other side closed") comes first. */
export function technicalReason(err: unknown): string {
  const chain = causeChain(err);
  const causes = chain.slice(1);
  const os = chain.find((c) => c.code && !c.code.startsWith('UND_ERR'));
  if (os?.code) return os.code;
  const worded = causes.find((c) => c.message);
  if (worded?.message) return worded.code ? `${worded.message} (${worded.code})` : worded.message;
  return causes.find((c) => c.code)?.code ?? chain[0]?.message ?? String(err);
}

/** A failed connection (not an HTTP status) as a message a person can act on. */
export function describeNetworkFailure(err: unknown, peer: { gateway: string | Bilingual; host: string }, timeoutMs?: number): NetworkFailure {
  const detail = technicalReason(err);
  const codes = causeChain(err).map((c) => c.code).filter((c): c is string => c !== undefined);
  const names = causeChain(err).map((c) => c.name);
  const has = (set: Set<string>) => codes.some((c) => set.has(c));
  if (names.includes('TimeoutError') || has(TIMEOUT)) {
    return { message: msg('net.timeout', { ...peer, seconds: Math.max(1, Math.round((timeoutMs ?? 0) / 1000)) }), detail };
  }
  if (has(NOT_FOUND)) return { message: msg('net.host_not_found', peer), detail };
  if (has(REFUSED)) return { message: msg('net.refused', peer), detail };
  if (codes.some((c) => TLS_PATTERN.test(c)) || /certificate|SSL|TLS/i.test(detail)) return { message: msg('net.tls', peer), detail };
  if (has(RESET) || /other side closed|socket hang up/i.test(detail)) return { message: msg('net.reset', peer), detail };
  return { message: msg('net.other', peer), detail };
}
