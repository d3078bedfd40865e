import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayError, InputError, MalformedAnswerError, SignatureError, TransportError } from '../../../src-main/core/errors.ts';
import { FlashPayClient } from '../../../src-main/core/gateways/flashpay/client.ts';
import { computeChk, openEnvelope, sealAnswer } from '../../../src-main/core/gateways/flashpay/codec.ts';
import { SEED_106_ANSWER, SEED_CANCEL_ANSWER } from './fixtures.ts';
import { type ReceivedRequest, type TestServer, loadFlashPayVectors, noSleep, refusedUrl, send, sendTruncated, startServer } from './helpers.ts';

const vectors = loadFlashPayVectors();
const creds = vectors.credentials;
let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Answer = (payload: Record<string, unknown>, res: ServerResponse, index: number) => void;

/** A FlashPay stand-in: opens the JSON envelope with the stage keys, then lets the test answer. */
async function flashpay(answer: Answer): Promise<TestServer> {
  return startServer((req: ReceivedRequest, res, index) => {
    expect(req.path).toBe('/querytrade.php');
    expect(req.contentType).toBe('application/json');
    const opened = openEnvelope(JSON.parse(req.body) as Record<string, unknown>, creds);
    answer(opened.payload, res, index);
  });
}

function client(url: string, timeoutMs = 2000): FlashPayClient {
  return new FlashPayClient({ tradeBaseUrl: 'https://demo.flashpayvpn.xyz', queryBaseUrl: `${url}/`, ...creds, timeoutMs, sleep: noSleep });
}

function reply(res: ServerResponse, payload: object): void {
  send(res, 200, sealAnswer(JSON.stringify(payload), creds), 'application/x-www-form-urlencoded');
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

const QUERY_107 = {
  ver: '1.0.0', mer_id: 'HT00000002', tx_type: '107', tot_pay_amt: '0.00', tot_ret_amt: '0.00', can_pay_amt: '0.00',
  can_ret_amt: '0.00', ord_no: '269201', ord_time: '2022-04-15 16:46:50+08', order_status: '12', ret_code: '00',
  ret_msg: '交易成功(Approved or completed successfully)', service_fee: '0.00', refund_service_fee: '0.00',
};

describe('FlashPayClient over HTTP', () => {
  it('queryOrder sends encode vector 0 byte for byte and parses the answer', async () => {
    server = await flashpay((_p, res) => reply(res, QUERY_107));
    const result = await client(server.url).queryOrder('269201');
    const v = vectors.encode[0]!;
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ ver: v.ver, mid: v.mid, dat: v.dat, key: v.key, chk: v.chk });
    expect(result.request).toBe(v.json);
    expect(result.order).toMatchObject({ ordNo: '269201', status: 'cancelled', statusCode: '12' });
    expect(result.raw).toMatch(/^ver=1\.0\.0&dat=/);
    expect(result.payload).toEqual(QUERY_107);
  });

  it('cancel sends encode vector 2 (amt as a whole-dollar number) and parses the answer', async () => {
    server = await flashpay((_p, res) => reply(res, SEED_CANCEL_ANSWER));
    const result = await client(server.url).cancel('10329', 40500);
    const v = vectors.encode[2]!;
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ ver: v.ver, mid: v.mid, dat: v.dat, key: v.key, chk: v.chk });
    expect(result.order.status).toBe('cancelled');
  });

  it('cancel sends cents as a decimal number', async () => {
    let seen: Record<string, unknown> = {};
    server = await flashpay((p, res) => {
      seen = p;
      reply(res, SEED_CANCEL_ANSWER);
    });
    const result = await client(server.url).cancel('10329', 50098);
    expect(result.request).toBe('{"mer_id":"HT00000002","tx_type":8,"ord_no":"10329","amt":500.98}');
    expect(seen.amt).toBe(500.98);
  });

  it('queryOrdersChunk sends encode vector 1 and parses the seed list', async () => {
    server = await flashpay((_p, res) => reply(res, SEED_106_ANSWER));
    const result = await client(server.url).queryOrdersChunk('2022-04-25', '2022-04-27');
    const v = vectors.encode[1]!;
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ ver: v.ver, mid: v.mid, dat: v.dat, key: v.key, chk: v.chk });
    expect(result.orders.map((o) => o.amount)).toEqual([50000, 50098]);
  });

  it('refuses a single chunk longer than 30 days', async () => {
    await expect(client('http://127.0.0.1:9').queryOrdersChunk('2024-01-01', '2024-01-31')).rejects.toThrow(InputError);
  });

  it('turns a ret_code other than 00 into a GatewayError', async () => {
    server = await flashpay((_p, res) => reply(res, { ord_no: '1', ret_code: '51', ret_msg: '查無此訂單' }));
    const err = await rejection(client(server.url).queryOrder('1'));
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ gateway: 'flashpay', gatewayCode: '51', gatewayMessage: '查無此訂單' });
  });

  it('turns a plain JSON error into a GatewayError', async () => {
    server = await startServer((_r, res) => send(res, 200, '{"code":"403","message":"IP not allowed"}', 'application/json'));
    const err = await rejection(client(server.url).queryOrder('1'));
    expect(err).toMatchObject({ gatewayCode: '403', gatewayMessage: 'IP not allowed' });
  });

  it('retries a query after an HTML 500 page, then succeeds', async () => {
    server = await flashpay((_p, res, i) => (i === 0 ? send(res, 500, '<html><h1>500 Internal Server Error</h1></html>', 'text/html') : reply(res, QUERY_107)));
    const result = await client(server.url).queryOrder('269201');
    expect(result.order.ordNo).toBe('269201');
    expect(server.requests).toHaveLength(2);
  });

  it('gives up on a query after two retries of 5xx', async () => {
    server = await startServer((_r, res) => send(res, 502, 'bad gateway'));
    const err = await rejection(client(server.url).queryOrder('1'));
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toMatchObject({ kind: 'http', status: 502 });
    expect(server.requests).toHaveLength(3);
  });

  it('reports a refused connection', async () => {
    const err = await rejection(client(await refusedUrl()).queryOrder('1'));
    expect(err).toMatchObject({ kind: 'network' });
  });

  it('times out on a server that never answers', async () => {
    server = await startServer(() => undefined);
    const err = await rejection(client(server.url, 150).queryOrder('1'));
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toMatchObject({ kind: 'timeout' });
  });

  it('does not retry a cancel on 5xx, and says the outcome is unknown', async () => {
    server = await startServer((_r, res) => send(res, 500, 'oops'));
    const err = await rejection(client(server.url).cancel('10329', 40500));
    expect(err).toMatchObject({ kind: 'http', status: 500 });
    expect(err.message).toContain('unknown');
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a cancel on timeout', async () => {
    server = await startServer(() => undefined);
    const err = await rejection(client(server.url, 150).cancel('10329', 40500));
    expect(err).toMatchObject({ kind: 'timeout' });
    expect(server.requests).toHaveLength(1);
  });

  it('rejects an answer whose dat was truncated in transit (chk of the full dat)', async () => {
    server = await flashpay((_p, res) => {
      const body = sealAnswer(JSON.stringify(QUERY_107), creds);
      send(res, 200, body.replace(/dat=([0-9a-f]+)/, (_m, d: string) => `dat=${d.slice(0, 64)}`));
    });
    await expect(client(server.url).queryOrder('269201')).rejects.toThrow(SignatureError);
  });

  it('reports a body cut off mid-transfer as a network error', async () => {
    server = await flashpay((_p, res) => sendTruncated(res, sealAnswer(JSON.stringify(QUERY_107), creds)));
    const err = await rejection(client(server.url).queryOrder('269201'));
    expect(err).toMatchObject({ kind: 'network' });
  });

  it('rejects a wrong chk', async () => {
    server = await flashpay((_p, res) => {
      const body = sealAnswer(JSON.stringify(QUERY_107), creds);
      send(res, 200, body.replace(/chk=[0-9A-F]+/, `chk=${computeChk('something else')}`));
    });
    await expect(client(server.url).queryOrder('269201')).rejects.toThrow(SignatureError);
  });

  it('rejects an answer encrypted with other keys', async () => {
    server = await flashpay((_p, res) => send(res, 200, sealAnswer('{"ret_code":"00"}', { hashKey: 'k'.repeat(32), hashIv: 'i'.repeat(16) })));
    await expect(client(server.url).queryOrder('1')).rejects.toThrow(/decrypt/);
  });

  it('rejects a 200 HTML page', async () => {
    server = await startServer((_r, res) => send(res, 200, '<html>maintenance</html>', 'text/html'));
    await expect(client(server.url).queryOrder('1')).rejects.toThrow(MalformedAnswerError);
  });

  it('validates its inputs and keys up front', () => {
    expect(() => new FlashPayClient({ tradeBaseUrl: 'x', queryBaseUrl: 'x', merId: 'M', hashKey: 'short', hashIv: creds.hashIv })).toThrow(InputError);
    const c = client('http://127.0.0.1:9');
    return Promise.all([
      expect(c.cancel('1', 0)).rejects.toThrow(InputError),
      expect(c.cancel('', 100)).rejects.toThrow(InputError),
      expect(c.queryOrdersChunk('2024-02-01', '2024-01-01')).rejects.toThrow(InputError),
    ]);
  });

  it('builds the trade form for the browser', () => {
    const form = client('http://x').tradeForm({ mer_id: creds.merId, tx_type: 101 });
    expect(form.action).toBe('https://demo.flashpayvpn.xyz/trade.php');
    expect(openEnvelope(form.fields as unknown as Record<string, unknown>, creds).payload).toEqual({ mer_id: creds.merId, tx_type: 101 });
  });
});
