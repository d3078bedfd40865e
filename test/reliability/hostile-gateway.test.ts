// Issue 18 item 7: a malicious gateway (or a compromised proxy) answered 100 MB; the client read it
// whole (1.67 GB RSS) and stored it. Answers now have a documented size cap, read as a stream and
// aborted as soon as the cap is passed (or at once when Content-Length already says so).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TransportError } from '../../src-main/core/errors.ts';
import { MAX_ANSWER_BYTES, postWithPolicy } from '../../src-main/core/gateways/http.ts';

let server: http.Server;
let base: string;
const sent = new Map<string, number>();
const CHUNK = Buffer.alloc(64 * 1024, 'a');
const HUGE = 100 * 1024 * 1024;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const kind = req.url ?? '/';
    sent.set(kind, 0);
    if (kind === '/declared') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(HUGE) });
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }); // chunked: no length to judge by
    }
    const pump = () => {
      while ((sent.get(kind) ?? 0) < HUGE) {
        sent.set(kind, (sent.get(kind) ?? 0) + CHUNK.length);
        if (!res.write(CHUNK)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('error', () => undefined);
    req.socket.on('error', () => undefined);
    pump();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('gateway answers have a size cap', () => {
  test('the cap is documented and well below the attack', () => {
    expect(MAX_ANSWER_BYTES).toBeLessThanOrEqual(32 * 1024 * 1024);
  });

  test.each(['/chunked', '/declared'])('a 100 MB answer (%s) is refused, and the read stops early', async (route) => {
    const err = await postWithPolicy(`${base}${route}`, { body: '{}', contentType: 'application/json' }, { timeoutMs: 60_000, retries: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as Error).message).toMatch(/larger than/);
    // Aborted while streaming: the server could not push anything near the whole body.
    expect(sent.get(route) ?? 0).toBeLessThan(HUGE / 2);
  });
});

describe('raw answers: deduplicated, with a retention rule', () => {
  test('the same answer to the same request is stored once; the retention rule keeps the latest N per request and everything an order or action links to', async () => {
    const { tempApp } = await import('../support/app.ts');
    const { seedProfiles } = await import('../support/seed.ts');
    const { orderStore } = await import('../../src-main/core/store/orders.ts');
    const { pruneRawAnswers, RAW_ANSWERS_KEPT_PER_REQUEST } = await import('../../src-main/core/store/raw-answers.ts');
    const app = tempApp();
    try {
      const { fp } = await seedProfiles(app);
      const store = orderStore(app.db);
      const count = () => app.db.prepare('SELECT COUNT(*) FROM raw_answers').pluck().get() as number;
      const save = (request: string, raw: string, atMs: number) => store.saveRawAnswer({ profileId: fp.id, atMs, operation: '107', request, raw, verified: true });
      const big = 'x'.repeat(100_000);
      const a = save('order A', big, 1);
      const b = save('order A', big, 2);
      expect(b).toBe(a);
      expect(count()).toBe(1);

      // Twenty different answers about order B, one of them linked to an action, one to the order row.
      const ids = Array.from({ length: 20 }, (_, i) => save('order B', `answer ${i}`, 100 + i));
      app.db.prepare(`UPDATE orders SET raw_answer_id = NULL`).run();
      app.db
        .prepare(
          `INSERT INTO actions (idempotency_key, profile_id, profile_name, gateway, order_no, kind, operation, amount, operator, reason, shell, owner, state, status_before, raw_answer_id, created_at_ms, updated_at_ms)
           VALUES ('k1', @p, 'fp-shop', 'flashpay', 'B', 'refund', 'flashpay:tx8', 100, 'op', '', 'cli', 'h|1', 'SUCCEEDED', '03', @raw, 0, 0)`,
        )
        .run({ p: fp.id, raw: ids[0] });
      const removed = pruneRawAnswers(app.db);
      expect(removed).toBe(20 - RAW_ANSWERS_KEPT_PER_REQUEST - 1);
      const left = app.db.prepare("SELECT id FROM raw_answers WHERE request = 'order B' ORDER BY id").pluck().all() as number[];
      expect(left).toEqual([ids[0]!, ...ids.slice(-RAW_ANSWERS_KEPT_PER_REQUEST)]);
      expect(count()).toBe(1 + left.length);
    } finally {
      app.cleanup();
    }
  });
});
