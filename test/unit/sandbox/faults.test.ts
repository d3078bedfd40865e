// Every fault kind, armed through POST /_sandbox/faults and observed through the console's clients:
// each must surface as the error class the console is built to handle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MalformedAnswerError, SignatureError, TransportError } from '../../../src-main/core/errors.ts';
import { FIRSTBANK_PATHS } from '../../../src-main/core/gateways/firstbank/client.ts';
import { encodeForm, signFields } from '../../../src-main/core/gateways/firstbank/codec.ts';
import type { Sandboxes } from '../../../src-main/sandbox/index.ts';
import {
  type FirstBankOrderView, actionsOf, armFault, firstBankClient, firstBankOrders, flashPayClient, flashPayOrders, flashPayTradePayload, getJson,
  postFlashPayTrade, startTestSandboxes,
} from './helpers.ts';

const refOf = (o: FirstBankOrderView) => ({ orderId: o.OrderId, reCheckId: o.ReCheckId, amountCents: o.amountCents, payType: o.PayType });

describe('sandbox faults', () => {
  let sb: Sandboxes;
  let fpOrder: string;
  let fbOrder: FirstBankOrderView;
  beforeAll(async () => {
    sb = await startTestSandboxes();
    fpOrder = (await flashPayOrders(sb)).find((o) => o.order_status === '04')!.ord_no;
    fbOrder = (await firstBankOrders(sb)).find((o) => o.TransStatus === '2')!;
  });
  afterAll(() => sb.close());

  it('delay: answers correctly, but only after the delay', async () => {
    await armFault(sb.flashpay.baseUrl, { op: 'querytrade', kind: 'delay', ms: 400 });
    const started = Date.now();
    const result = await flashPayClient(sb).queryOrder(fpOrder);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(result.order.statusCode).toBe('04');
  });

  it('http500: a 500 that the query client retries through, and gives up on when it persists', async () => {
    await armFault(sb.flashpay.baseUrl, { op: 'querytrade', kind: 'http500', count: 1 });
    expect((await flashPayClient(sb).queryOrder(fpOrder)).order.ordNo).toBe(fpOrder);
    await armFault(sb.firstbank.baseUrl, { op: 'report', kind: 'http500', count: 3 });
    const err = await firstBankClient(sb).queryOrder(refOf(fbOrder)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toMatchObject({ kind: 'http', status: 500 });
    expect((await firstBankClient(sb).queryOrder(refOf(fbOrder))).order.paid).toBe(true);
  });

  it('html: a 502 HTML error page instead of an answer', async () => {
    await armFault(sb.firstbank.baseUrl, { op: 'rate', kind: 'html' });
    const fields = signFields('rate', { PlatFormId: sb.firstbank.platformId, PayType: 'TENPAY' }, sb.firstbank.hashKey);
    const raw = await fetch(`${sb.firstbank.baseUrl}${FIRSTBANK_PATHS.rate}`, { method: 'POST', body: encodeForm(fields), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(raw.status).toBe(502);
    expect(raw.headers.get('content-type')).toContain('text/html');
    expect(await raw.text()).toContain('502 Bad Gateway');
    await armFault(sb.flashpay.baseUrl, { op: 'querytrade', kind: 'html', count: 3 });
    await expect(flashPayClient(sb).queryOrder(fpOrder)).rejects.toMatchObject({ name: 'TransportError', status: 502 });
  });

  it('truncate: half the body arrives, which both codecs reject as malformed', async () => {
    await armFault(sb.flashpay.baseUrl, { op: 'querytrade', kind: 'truncate' });
    await expect(flashPayClient(sb).queryOrder(fpOrder)).rejects.toBeInstanceOf(MalformedAnswerError);
    await armFault(sb.firstbank.baseUrl, { op: 'report', kind: 'truncate' });
    await expect(firstBankClient(sb).queryOrder(refOf(fbOrder))).rejects.toBeInstanceOf(MalformedAnswerError);
  });

  it("badchk and badsig: the answer's integrity check no longer matches", async () => {
    await armFault(sb.flashpay.baseUrl, { op: 'querytrade', kind: 'badchk' });
    await expect(flashPayClient(sb).queryOrder(fpOrder)).rejects.toBeInstanceOf(SignatureError);
    await armFault(sb.firstbank.baseUrl, { op: 'report', kind: 'badsig' });
    await expect(firstBankClient(sb).queryOrder(refOf(fbOrder))).rejects.toBeInstanceOf(SignatureError);
    await armFault(sb.firstbank.baseUrl, { op: 'rate', kind: 'badsig' });
    await expect(firstBankClient(sb).exchangeRate()).rejects.toBeInstanceOf(SignatureError);
  });

  it('timeout: the socket is held until the client gives up', async () => {
    await armFault(sb.firstbank.baseUrl, { op: 'report', kind: 'timeout' });
    const started = Date.now();
    await expect(firstBankClient(sb, 300).queryOrder(refOf(fbOrder))).rejects.toMatchObject({ name: 'TransportError', kind: 'timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect((await firstBankClient(sb).queryOrder(refOf(fbOrder))).order.paid).toBe(true);
  });

  it('drop-after-apply: the cancel happens exactly once though the answer is lost', async () => {
    const order = (await flashPayOrders(sb)).find((o) => o.order_status === '02')!;
    await armFault(sb.flashpay.baseUrl, { op: 'querytrade', kind: 'drop-after-apply' });
    await expect(flashPayClient(sb).cancel(order.ord_no, order.amountCents)).rejects.toMatchObject({ name: 'TransportError', kind: 'network' });
    const applied = (await actionsOf(sb.flashpay.baseUrl)).filter((a) => a.orderNo === order.ord_no);
    expect(applied).toEqual([expect.objectContaining({ op: 'cancel', amountCents: order.amountCents, resultStatus: '12' })]);
    expect((await flashPayClient(sb).queryOrder(order.ord_no)).order.statusCode).toBe('12');
  });

  it('drop-after-apply on a First Bank refund: applied once, visible by report', async () => {
    const order = (await firstBankOrders(sb)).find((o) => o.TransStatus === '2' && o.PayType === 'CREDIT' && o.OrderId !== fbOrder.OrderId)!;
    await armFault(sb.firstbank.baseUrl, { op: 'refund', kind: 'drop-after-apply' });
    await expect(firstBankClient(sb).refund({ ...refOf(order), refundDesc: '退貨' })).rejects.toBeInstanceOf(TransportError);
    expect((await actionsOf(sb.firstbank.baseUrl)).filter((a) => a.orderNo === order.OrderId)).toHaveLength(1);
    expect((await firstBankClient(sb).queryOrder(refOf(order))).order.transStatusCode).toBe('3');
  });

  it("none: disarms what was armed; '*' matches every operation", async () => {
    await armFault(sb.flashpay.baseUrl, { op: '*', kind: 'http500', count: 50 });
    const trade = await postFlashPayTrade(sb, flashPayTradePayload(sb, 'T-FAULT-1'));
    expect(trade.status).toBe(500);
    expect((await getJson<{ faults: unknown[] }>(`${sb.flashpay.baseUrl}/_sandbox/faults`)).faults).toHaveLength(1);
    await armFault(sb.flashpay.baseUrl, { op: '*', kind: 'none' });
    expect((await getJson<{ faults: unknown[] }>(`${sb.flashpay.baseUrl}/_sandbox/faults`)).faults).toEqual([]);
    expect((await flashPayClient(sb).queryOrder(fpOrder)).order.statusCode).toBe('04');
    await armFault(sb.firstbank.baseUrl, { op: 'report', kind: 'badsig', count: 5 });
    await armFault(sb.firstbank.baseUrl, { op: 'report', kind: 'none' });
    expect((await firstBankClient(sb).queryOrder(refOf(fbOrder))).order.paid).toBe(true);
  });

  it('refuses a malformed fault with 400 and arms nothing', async () => {
    const response = await fetch(`${sb.flashpay.baseUrl}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ op: 'trade', kind: 'explode' }) });
    expect(response.status).toBe(400);
    expect((await getJson<{ faults: unknown[] }>(`${sb.flashpay.baseUrl}/_sandbox/faults`)).faults).toEqual([]);
  });
});

describe('closing with a held socket', () => {
  it('close() resolves promptly while a timeout fault holds a request open', async () => {
    const sb = await startTestSandboxes({ days: 2 });
    await armFault(sb.flashpay.baseUrl, { op: 'querytrade', kind: 'timeout' });
    await armFault(sb.firstbank.baseUrl, { op: 'report', kind: 'delay', ms: 60_000 });
    const held = flashPayClient(sb, 30_000).queryOrder('1').catch((e: unknown) => e);
    const delayed = fetch(`${sb.firstbank.baseUrl}${FIRSTBANK_PATHS.report}`, { method: 'POST', body: '' }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await sb.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await held).toBeInstanceOf(TransportError);
    expect(await delayed).toBeInstanceOf(Error);
  });
});
