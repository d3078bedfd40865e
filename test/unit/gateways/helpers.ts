// Real HTTP servers on 127.0.0.1 for client tests: no fetch mocks, so timeouts, refused connections
// and truncated bodies behave as they do in production.
import { readFileSync } from 'node:fs';
import { vectorFile } from '../../support/vectors.ts';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  contentType: string;
  body: string;
}

export type Handler = (req: ReceivedRequest, res: ServerResponse, index: number) => void | Promise<void>;

export interface TestServer {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const received: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        contentType: req.headers['content-type'] ?? '',
        body: await readBody(req),
      };
      requests.push(received);
      await handler(received, res, requests.length - 1);
    })().catch((err: unknown) => {
      res.statusCode = 599;
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL on which nothing listens (a port that was just free). */
export async function refusedUrl(): Promise<string> {
  const s = await startServer(() => undefined);
  await s.close();
  return s.url;
}

export function send(res: ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': contentType });
  res.end(body);
}

/** Sends headers promising more bytes than it delivers, then drops the connection. */
export function sendTruncated(res: ServerResponse, body: string): void {
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(bytes.length) });
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
  setTimeout(() => res.socket?.destroy(), 20);
}

export const noSleep = async (): Promise<void> => undefined;

export interface FlashPayVectors {
  credentials: { merId: string; hashKey: string; hashIv: string };
  decode: Array<{ dat: string; chk: string; chk_printed_in_seed: string; json: Record<string, unknown> }>;
  encode: Array<{ json: string; ver: string; mid: string; dat: string; key: string; chk: string }>;
}

export interface FirstBankVector {
  kind: 'trade' | 'refund' | 'query' | 'rate' | 'notify';
  section: string;
  prefix: string;
  fields: Record<string, string>;
  expected: string;
  canonical: string;
  hashKey: string;
}

export function loadFlashPayVectors(): FlashPayVectors {
  return JSON.parse(readFileSync(vectorFile('flashpay.json'), 'utf8')) as FlashPayVectors;
}

export function loadFirstBankVectors(): FirstBankVector[] {
  const file = JSON.parse(readFileSync(vectorFile('firstbank.json'), 'utf8')) as {
    vectors: FirstBankVector[];
  };
  return file.vectors;
}
