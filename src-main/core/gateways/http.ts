// The one way gateway clients talk HTTP. Queries are idempotent and retried on failures that are
// plausibly transient; money actions (cancel, refund) are never retried here, because a timeout or a
// 5xx after sending leaves the outcome unknown and a blind retry could act twice.
import { TransportError, safeExcerpt } from '../errors.ts';
import { type Bilingual, msg } from '../../contract/messages/render.ts';
import { describeNetworkFailure } from '../net-errors.ts';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface PostBody {
  body: string;
  contentType: string;
}

export interface PostPolicy {
  timeoutMs: number;
  /** 0 for money actions; 2 for queries. */
  retries: 0 | 2;
  fetch?: FetchLike;
  /** Injected by tests to skip the backoff waits. */
  sleep?: (ms: number) => Promise<void>;
  /** Injected by tests for deterministic jitter; returns [0, 1). */
  random?: () => number;
  /** Overrides MAX_ANSWER_BYTES (tests). */
  maxAnswerBytes?: number;
  /** Who is called, as people name it (FlashPay, 第一銀行), for plain-language errors; else the host. */
  peer?: string | Bilingual;
}

/**
 * The largest gateway answer read: 16 MiB. A FlashPay 106 answer covers at most 30 days (about 30,000
 * orders at 1,000 a day fit); anything larger is a broken or hostile server. The body is read as a
 * stream and the connection aborted the moment the cap is passed, so memory stays bounded.
 */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

class AnswerTooLarge extends Error {}

/** Reads the body as UTF-8, aborting (through `abort`) once it passes `cap` bytes. */
async function readCapped(response: Response, cap: number, abort: () => void): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > cap) {
    abort();
    throw new AnswerTooLarge(`declared ${declared} bytes`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      abort();
      await reader.cancel().catch(() => undefined);
      throw new AnswerTooLarge(`more than ${cap} bytes arrived`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export const BACKOFF_BASE_MS = 200;
export const BACKOFF_CAP_MS = 2000;

/** "Equal jitter": half the capped exponential delay is fixed, half random, so
 *  retries from many clients spread out but never retry immediately. */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return url;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function isTimeout(err: unknown): boolean {
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}

function networkReason(err: unknown): string {
  // undici reports "fetch failed" and puts the useful part (ECONNREFUSED, "other side closed") in cause.
  const cause = err instanceof Error ? (err.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  // OS codes (ECONNREFUSED) say what happened; undici's own (UND_ERR_SOCKET) do not, its message does.
  if (cause && typeof cause.code === 'string' && !cause.code.startsWith('UND_ERR')) return cause.code;
  if (cause && typeof cause.message === 'string' && cause.message !== '') return cause.message;
  if (cause && typeof cause.code === 'string') return cause.code;
  return err instanceof Error ? err.message : String(err);
}

async function attemptOnce(url: string, request: PostBody, policy: PostPolicy): Promise<string> {
  const doFetch: FetchLike = policy.fetch ?? ((input, init) => fetch(input, init));
  const target = describeTarget(url);
  const peer = { gateway: policy.peer ?? hostOf(url), host: hostOf(url) };
  // One signal for the whole exchange: a server that sends headers and then stalls the body must
  // time out too.
  const abortOversize = new AbortController();
  const signal = AbortSignal.any([AbortSignal.timeout(policy.timeoutMs), abortOversize.signal]);
  const cap = policy.maxAnswerBytes ?? MAX_ANSWER_BYTES;
  try {
    const response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': request.contentType, accept: 'application/json, text/plain, */*' },
      body: request.body,
      signal,
      redirect: 'manual',
    });
    const text = await readCapped(response, cap, () => abortOversize.abort());
    if (response.status >= 200 && response.status < 300) return text;
    const excerpt = safeExcerpt(text, 120);
    throw new TransportError(
      'http',
      `${target} answered HTTP ${response.status}${excerpt ? `: ${JSON.stringify(excerpt)}` : ''}`,
      response.status,
      { msg: msg('net.http_status', { ...peer, status: response.status }), detail: `HTTP ${response.status}${excerpt ? ` ${excerpt}` : ''}` },
    );
  } catch (err) {
    if (err instanceof TransportError) throw err;
    if (err instanceof AnswerTooLarge) {
      // Not retried (a 2xx status): the same server would send the same answer again.
      throw new TransportError('http', `${target} sent an answer larger than the ${cap}-byte cap (${err.message}); the connection was closed`, 200, {
        msg: msg('net.too_large', { ...peer, limitMb: Math.round(cap / 2 ** 20) }),
        detail: err.message,
      });
    }
    const failure = describeNetworkFailure(err, peer, policy.timeoutMs);
    if (isTimeout(err) || signal.aborted) {
      throw new TransportError('timeout', `${target} did not answer within ${policy.timeoutMs} ms`, undefined, {
        cause: err,
        msg: msg('net.timeout', { ...peer, seconds: Math.max(1, Math.round(policy.timeoutMs / 1000)) }),
        detail: failure.detail,
      });
    }
    throw new TransportError('network', `could not reach ${target}: ${networkReason(err)}`, undefined, { cause: err, msg: failure.message, detail: failure.detail });
  }
}

function isRetryable(err: TransportError): boolean {
  // Timeouts are not retried even for queries: the caller's timeout is the time budget it agreed to.
  if (err.kind === 'network') return true;
  return err.kind === 'http' && err.status !== undefined && err.status >= 500;
}

/** POSTs and returns the response text of a 2xx answer; everything else is a TransportError. */
export async function postWithPolicy(url: string, request: PostBody, policy: PostPolicy): Promise<string> {
  const sleep = policy.sleep ?? defaultSleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await attemptOnce(url, request, policy);
    } catch (err) {
      if (!(err instanceof TransportError) || attempt >= policy.retries || !isRetryable(err)) throw err;
      await sleep(backoffDelayMs(attempt, policy.random));
    }
  }
}
