// The small HTTP kit both sandboxes share: loopback-only listening, body reading, answers, fault
// application, and a close() that leaves no socket or timer behind (tests open and close many).
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ArmedFault } from './faults.ts';

export interface SandboxRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string;
  body: string;
  /** For the control API's gatekeeping (Host, Origin, the port this server listens on). */
  host?: string;
  origin?: string;
  localPort?: number;
}

export interface SandboxAnswer {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

export const MAX_BODY_BYTES = 1_000_000;

export function jsonAnswer(value: unknown, status = 200): SandboxAnswer {
  return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(value) };
}

export function textAnswer(body: string, status = 200): SandboxAnswer {
  return { status, contentType: 'text/plain; charset=utf-8', body };
}

export function htmlAnswer(body: string, status = 200): SandboxAnswer {
  return { status, contentType: 'text/html; charset=utf-8', body };
}

export function redirectAnswer(location: string): SandboxAnswer {
  return { status: 303, contentType: 'text/plain; charset=utf-8', body: `See ${location}`, headers: { location } };
}

/** What a misconfigured proxy in front of a gateway typically returns. */
const BAD_GATEWAY_PAGE =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';

export function send(res: ServerResponse, answer: SandboxAnswer): void {
  sendBytes(res, answer, Buffer.from(answer.body, 'utf8'));
}

function sendBytes(res: ServerResponse, answer: SandboxAnswer, bytes: Buffer): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': String(bytes.length), 'cache-control': 'no-store', ...answer.headers });
  res.end(bytes);
}

export class BodyTooLargeError extends Error {}

export function readRequest(req: IncomingMessage): Promise<SandboxRequest> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLargeError(`request body over ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
      resolve({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        contentType: req.headers['content-type'] ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
        host: req.headers.host,
        origin: typeof req.headers.origin === 'string' ? req.headers.origin : undefined,
        localPort: req.socket.localPort,
      });
    });
    req.on('error', reject);
  });
}

/** Form or JSON object body as string fields (what browsers and the vendor clients both send). */
export function bodyFields(request: SandboxRequest): Record<string, string> {
  const text = request.body.replace(/^\uFEFF/, '').trim();
  const fields: Record<string, string> = {};
  if (text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        for (const [name, value] of Object.entries(parsed)) {
          if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') fields[name] = String(value);
        }
      }
    } catch {
      // Not JSON after all: an empty field set makes every required field "missing", which is the answer.
    }
    return fields;
  }
  for (const [name, value] of new URLSearchParams(text)) if (!Object.hasOwn(fields, name)) fields[name] = value;
  return fields;
}

export interface Lifetime {
  /** A sleep that close() cancels, so a delayed answer never outlives its server. */
  sleep(ms: number): Promise<void>;
}

export interface ListeningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse, lifetime: Lifetime) => Promise<void>;

/** Binds 127.0.0.1 only: a sandbox holds demo secrets and must never be reachable from the network. */
export async function listenLoopback(port: number, handler: RequestHandler): Promise<ListeningServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  const lifetime: Lifetime = {
    sleep(ms) {
      return new Promise((resolve) => {
        if (closed) return;
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, ms);
        timers.add(timer);
      });
    },
  };
  const server = createServer((req, res) => {
    handler(req, res, lifetime).catch((err: unknown) => {
      send(res, jsonAnswer({ error: 'sandbox internal error', detail: err instanceof Error ? err.message : String(err) }, 500));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        // Held (timeout fault) and keep-alive sockets would otherwise keep close() waiting forever.
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** What both sandbox servers are, to the code that starts and stops them. */
export interface SandboxServer {
  catchUp(nowMs: number): Promise<void>;
  handle: RequestHandler;
  close(): void;
}

/**
 * Serves a sandbox on loopback and runs its due lifecycle work whenever the shared clock advances;
 * close() stops both.
 */
export async function serveSandbox(server: SandboxServer, options: { port: number; clock: { onAdvance(l: (nowMs: number) => Promise<void>): () => void } }): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const unsubscribe = options.clock.onAdvance((nowMs) => server.catchUp(nowMs));
  const listening = await listenLoopback(options.port, (req, res, lifetime) => server.handle(req, res, lifetime));
  return {
    baseUrl: listening.url,
    async close() {
      unsubscribe();
      server.close();
      await listening.close();
    },
  };
}

export interface FaultedExchange {
  res: ServerResponse;
  fault: ArmedFault | undefined;
  lifetime: Lifetime;
  /** Applies the action (if any) and builds the normal answer. */
  produce(): Promise<SandboxAnswer>;
  /** Damages the answer's integrity check (FlashPay chk or First Bank signature). */
  corrupt(answer: SandboxAnswer): SandboxAnswer;
}

/**
 * Answers one gateway request, misbehaving as the armed fault says. Faults that fail before the
 * gateway would act (http500, html, timeout) never apply the action; the others apply it.
 */
export async function answerWithFault(exchange: FaultedExchange): Promise<void> {
  const { res, fault, lifetime } = exchange;
  switch (fault?.kind) {
    case undefined:
      return send(res, await exchange.produce());
    case 'delay':
      await lifetime.sleep(fault.ms);
      return send(res, await exchange.produce());
    case 'http500':
      return send(res, textAnswer('Internal Server Error', 500));
    case 'html':
      return send(res, htmlAnswer(BAD_GATEWAY_PAGE, 502));
    case 'timeout':
      // Hold the socket open and never answer; close() destroys it.
      return;
    case 'truncate': {
      const answer = await exchange.produce();
      const bytes = Buffer.from(answer.body, 'utf8');
      // A complete HTTP answer whose body was cut: only the content can tell the client it is broken.
      return sendBytes(res, answer, bytes.subarray(0, Math.floor(bytes.length / 2)));
    }
    case 'badchk':
    case 'badsig':
      return send(res, exchange.corrupt(await exchange.produce()));
    case 'drop-after-apply':
      await exchange.produce();
      res.socket?.destroy();
      return;
  }
}

/** Flips one hex digit of a digest so it stays well-formed but no longer matches. */
export function flipHexDigit(digest: string): string {
  if (digest === '') return digest;
  const last = digest[digest.length - 1]!;
  const replacement = last === '0' ? '1' : '0';
  return `${digest.slice(0, -1)}${replacement}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
