import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayError, InputError, MalformedAnswerError, SignatureError, TransportError } from '../../../src-main/core/errors.ts';
import { FirstBankClient } from '../../../src-main/core/gateways/firstbank/client.ts';
import { type FirstBankSignKind, decodeForm, signFields, verify } from '../../../src-main/core/gateways/firstbank/codec.ts';
import { type TestServer, noSleep, refusedUrl, send, sendTruncated, startServer } from './helpers.ts';

const KEY = 'be27d4c871f9bdfd12d02fc8d8041463';
const PLATFORM = 'FCB002330917805';
let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const KIND_BY_PATH: Record<string, FirstBankSignKind> = {
  '/PayServerOnline/RefundProcessOnline': 'refund',
  '/PayServerOnline/ReportProcessOnline': 'query',
  '/PayServerOnline/ExchangeRateOnline': 'rate',
};

type Answer = (fields: Record<string, string>, res: ServerResponse, index: number) => void;

/** A First Bank stand-in: checks the form signature for the path's message kind, then lets the test answer. */
async function firstbank(answer: Answer): Promise<TestServer> {
  return startServer((req, res, index) => {
    expect(req.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    const kind = KIND_BY_PATH[req.path];
    expect(kind).toBeDefined();
    const fields = decodeForm(req.body);
    expect(verify(kind!, fields, KEY)).toBe(true);
    answer(fields, res, index);
  });
}

function json(res: ServerResponse, fields: Record<string, string>, signed = true): void {
  send(res, 200, JSON.stringify(signed ? signFields('answer', fields, KEY) : fields), 'application/json; charset=utf-8');
}

function client(url: string, timeoutMs = 2000): FirstBankClient {
  return new FirstBankClient({ baseUrl: `${url}/`, platformId: PLATFORM, hashKey: KEY, timeoutMs, sleep: noSleep });
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

const REF = { orderId: '20160815095408', reCheckId: '01160815182355178', amountCents: 10000, payType: 'CREDIT' };

function reportAnswer(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    PlatFormId: PLATFORM, PayType: 'CREDIT', ToolStatus: '0000', ToolDesc: '執行成功', ReturnStatus: '00', ReturnDesc: '成功',
    OrderId: REF.orderId, ReCheckId: REF.reCheckId, Amount: '100', ShippingFee: '0', Fee: '0', TransTime: '20160815095408',
    RetutnType: 'ReportReturn', TransStatus: '2', PayInfo: '{"AuthCode":"AB1234","CardId":"123456******5678","CardBrand":"V","TransType":0}',
    ...overrides,
  };
}

describe('FirstBankClient over HTTP', () => {
  it('refund signs the 3.2 fields (Chinese description intact) and reads the answer', async () => {
    let sent: Record<string, string> = {};
    server = await firstbank((fields, res) => {
      sent = fields;
      json(res, { ...reportAnswer({ TransStatus: '3', RetutnType: 'RefundReturn' }) });
    });
    const result = await client(server.url).refund({ ...REF, refundDesc: '交易退貨' });
    expect(server.requests[0]!.path).toBe('/PayServerOnline/RefundProcessOnline');
    expect(sent).toMatchObject({ PlatFormId: PLATFORM, OrderId: REF.orderId, ReCheckId: REF.reCheckId, Amount: '100', PayType: 'CREDIT', RefundDesc: '交易退貨' });
    expect(result.signed).toBe(true);
    expect(result.order).toMatchObject({ status: 'refunded', amount: 10000, paid: false });
  });

  it('queryOrder reads a paid card order', async () => {
    server = await firstbank((_f, res) => json(res, reportAnswer()));
    const result = await client(server.url).queryOrder(REF);
    expect(server.requests[0]!.path).toBe('/PayServerOnline/ReportProcessOnline');
    expect(result.order).toMatchObject({ paid: true, status: 'captured', authCode: 'AB1234', cardBrand: 'V', transTime: { utc: '2016-08-15T01:54:08.000Z' } });
  });

  it('accepts an unsigned answer', async () => {
    server = await firstbank((_f, res) => json(res, reportAnswer(), false));
    const result = await client(server.url).queryOrder(REF);
    expect(result.signed).toBe(false);
    expect(result.order.paid).toBe(true);
  });

  it('exchangeRate sends PayType TENPAY signed as a 3.4 message', async () => {
    let sent: Record<string, string> = {};
    server = await firstbank((fields, res) => {
      sent = fields;
      json(res, { PlatFormId: PLATFORM, PayType: 'TENPAY', ToolStatus: '0000', ToolDesc: '執行成功', BaseCurrency: 'TWD', TargetCurrency: 'CNY', RateTime: '20160815095408', Rate: '4.812' });
    });
    const result = await client(server.url).exchangeRate();
    expect(sent).toMatchObject({ PayType: 'TENPAY', PlatFormId: PLATFORM });
    expect(Object.keys(sent).sort()).toEqual(['HashKey', 'PayType', 'PlatFormId']);
    expect(result.rate).toEqual({ baseCurrency: 'TWD', targetCurrency: 'CNY', rate: '4.812', rateTime: { utc: '2016-08-15T01:54:08.000Z', original: '20160815095408' } });
  });

  it('turns a ToolStatus other than 0000 into a GatewayError', async () => {
    server = await firstbank((_f, res) => json(res, { ToolStatus: '9997', ToolDesc: '找不到符合條件的資料' }));
    const err = await rejection(client(server.url).queryOrder(REF));
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ gateway: 'firstbank', gatewayCode: '9997', gatewayMessage: '找不到符合條件的資料' });
  });

  it('rejects an answer with a wrong signature', async () => {
    server = await firstbank((_f, res) => send(res, 200, JSON.stringify({ ...signFields('answer', reportAnswer(), KEY), TransStatus: '3' })));
    await expect(client(server.url).queryOrder(REF)).rejects.toThrow(SignatureError);
  });

  it('retries a query after an HTML 500 page, then succeeds', async () => {
    server = await firstbank((_f, res, i) => (i === 0 ? send(res, 500, '<html>Server Error</html>', 'text/html') : json(res, reportAnswer())));
    expect((await client(server.url).queryOrder(REF)).order.paid).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up on a query after two retries of 5xx', async () => {
    server = await startServer((_r, res) => send(res, 503, 'unavailable'));
    const err = await rejection(client(server.url).queryOrder(REF));
    expect(err).toMatchObject({ kind: 'http', status: 503 });
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a refund on 5xx or timeout', async () => {
    server = await startServer((_r, res) => send(res, 502, 'bad gateway'));
    const err = await rejection(client(server.url).refund({ ...REF, refundDesc: '退貨' }));
    expect(err).toBeInstanceOf(TransportError);
    expect(err.message).toContain('unknown');
    expect(server.requests).toHaveLength(1);
    await server.close();

    server = await startServer(() => undefined);
    const timeout = await rejection(client(server.url, 150).refund({ ...REF, refundDesc: '退貨' }));
    expect(timeout).toMatchObject({ kind: 'timeout' });
    expect(server.requests).toHaveLength(1);
  });

  it('reports a refused connection and a timeout', async () => {
    expect(await rejection(client(await refusedUrl()).queryOrder(REF))).toMatchObject({ kind: 'network' });
    server = await startServer(() => undefined);
    expect(await rejection(client(server.url, 150).queryOrder(REF))).toMatchObject({ kind: 'timeout' });
  });

  it('reports a truncated JSON answer and a cut-off body', async () => {
    server = await startServer((_r, res) => send(res, 200, JSON.stringify(reportAnswer()).slice(0, 40)));
    await expect(client(server.url).queryOrder(REF)).rejects.toThrow(MalformedAnswerError);
    await server.close();
    server = await startServer((_r, res) => sendTruncated(res, JSON.stringify(reportAnswer())));
    expect(await rejection(client(server.url).queryOrder(REF))).toMatchObject({ kind: 'network' });
  });

  it('validates inputs before sending', async () => {
    const c = client('http://127.0.0.1:9');
    await expect(c.queryOrder({ ...REF, orderId: 'A-1' })).rejects.toThrow(InputError);
    await expect(c.queryOrder({ ...REF, orderId: 'A'.repeat(21) })).rejects.toThrow(InputError);
    await expect(c.queryOrder({ ...REF, amountCents: 10050 })).rejects.toThrow(InputError);
    await expect(c.refund({ ...REF, refundDesc: ' ' })).rejects.toThrow(InputError);
  });

  it('builds the signed 3.1 trade form', () => {
    const form = client('https://tpay.firstbank.com.tw').tradeForm({ OrderId: 'A1', Amount: '100', PayType: 'CREDIT' });
    expect(form.action).toBe('https://tpay.firstbank.com.tw/PayServerOnline/OrderProcessOnline');
    expect(verify('trade', form.fields, KEY)).toBe(true);
  });
});
