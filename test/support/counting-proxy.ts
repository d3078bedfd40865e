// A counting proxy between the console and a sandbox gateway: every request really travels on to the
// sandbox over HTTP, and the proxy counts the money requests (FlashPay tx_type 8, First Bank
// RefundProcessOnline) per order, including the ones the gateway refuses, which the sandbox's own
// action log cannot show. It can also hold a money request and deliver it later: a gateway that
// applies a cancel long after the console gave up waiting, without waiting for real.
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openEnvelope } from '../../src-main/core/gateways/flashpay/codec.ts';
import { decodeForm } from '../../src-main/core/gateways/firstbank/codec.ts';

export interface MoneyRequest {
  orderNo: string;
  atMs: number;
}

export interface CountingProxy {
  baseUrl: string;
  /** Money requests that reached the proxy (held ones included), per order. */
  moneyRequests(orderNo: string): MoneyRequest[];
  /** The next money request is held: not forwarded, never answered (the client times out). */
  holdNextMoney(): void;
  /** Forwards the held request to the gateway now; resolves with the gateway's HTTP status. */
  deliverHeld(): Promise<number>;
  /** Runs once before the next money request is forwarded (e.g. someone acting in the back-office first). */
  beforeNextMoney(fn: () => Promise<void>): void;
  /** Query answers are held back a random 0..ms after the gateway gave them, so concurrent deciders get them late and shuffled. */
  jitterQueries(ms: number): void;
  close(): Promise<void>;
}

interface Held {
  path: string;
  contentType: string;
  body: string;
  res: ServerResponse;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/** `keys` for FlashPay (its requests are encrypted); First Bank requests are plain forms. */
export async function startCountingProxy(target: string, gateway: 'flashpay' | 'firstbank', keys?: { hashKey: string; hashIv: string }): Promise<CountingProxy> {
  const money: Array<MoneyRequest & { orderNo: string }> = [];
  let holdNext = false;
  let held: Held | undefined;
  let jitterMs = 0;
  let beforeMoney: (() => Promise<void>) | undefined;

  function classify(path: string, body: string): { money: boolean; orderNo: string } {
    if (gateway === 'firstbank') {
      const fields = path.includes('RefundProcessOnline') || path.includes('ReportProcessOnline') ? decodeForm(body) : {};
      return { money: path.includes('RefundProcessOnline'), orderNo: fields.OrderId ?? '' };
    }
    if (!path.endsWith('/querytrade.php') || !keys) return { money: false, orderNo: '' };
    try {
      const opened = openEnvelope(body, keys);
      return { money: String(opened.payload.tx_type) === '8', orderNo: String(opened.payload.ord_no ?? '') };
    } catch {
      return { money: false, orderNo: '' };
    }
  }

  async function forward(path: string, contentType: string, body: string): Promise<{ status: number; type: string; text: string }> {
    const r = await fetch(`${target}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
    return { status: r.status, type: r.headers.get('content-type') ?? 'text/plain', text: await r.text() };
  }

  const server = createServer((req, res) => {
    void (async () => {
      const path = req.url ?? '/';
      if (req.method !== 'POST') {
        const r = await fetch(`${target}${path}`);
        res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'text/plain' }).end(await r.text());
        return;
      }
      const body = await readBody(req);
      const contentType = req.headers['content-type'] ?? 'application/octet-stream';
      const what = classify(path, body);
      if (what.money) {
        money.push({ orderNo: what.orderNo, atMs: Date.now() });
        if (holdNext) {
          holdNext = false;
          held = { path, contentType, body, res };
          return;
        }
        const first = beforeMoney;
        beforeMoney = undefined;
        if (first) await first();
      }
      const answer = await forward(path, contentType, body);
      // The answer (the order's state as of now) travels back slowly: it may be stale on arrival.
      if (!what.money && jitterMs > 0) await new Promise((r) => setTimeout(r, Math.floor(Math.random() * jitterMs)));
      res.writeHead(answer.status, { 'content-type': answer.type }).end(answer.text);
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(502).end(String(err));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    moneyRequests: (orderNo) => money.filter((m) => m.orderNo === orderNo),
    holdNextMoney: () => {
      holdNext = true;
    },
    async deliverHeld() {
      if (!held) throw new Error('no money request is held');
      const h = held;
      held = undefined;
      h.res.destroy();
      return (await forward(h.path, h.contentType, h.body)).status;
    },
    beforeNextMoney: (fn) => {
      beforeMoney = fn;
    },
    jitterQueries: (ms) => {
      jitterMs = ms;
    },
    async close() {
      held?.res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
