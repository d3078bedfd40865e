// The FlashPay sandbox over HTTP through the console's own FlashPayClient: query shapes, the
// lifecycle on the sandbox clock, cancel/refund rules, and plain JSON errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src-main/core/errors.ts';
import { buildRequest, openAnswer } from '../../../src-main/core/gateways/flashpay/codec.ts';
import { formatCents } from '../../../src-main/core/money.ts';
import { addDays, taipeiDayOf } from '../../../src-main/core/time.ts';
import type { Sandboxes } from '../../../src-main/sandbox/index.ts';
import {
  TEST_NOW, actionsOf, advanceHours, flashPayClient, flashPayOrders, flashPayTradePayload, paidFlashPayOrder, postFlashPayTrade, sessionOf, startTestSandboxes,
} from './helpers.ts';

const TODAY = taipeiDayOf(Date.parse(TEST_NOW));

async function postQuery(sb: Sandboxes, payload: object, tamper: (e: Record<string, string>) => Record<string, string> = (e) => e, asForm = false): Promise<string> {
  const envelope = tamper({ ...buildRequest(payload, sb.flashpay) });
  const response = await fetch(`${sb.flashpay.baseUrl}/querytrade.php`, {
    method: 'POST',
    headers: { 'content-type': asForm ? 'application/x-www-form-urlencoded' : 'application/json' },
    body: asForm ? new URLSearchParams(envelope).toString() : JSON.stringify(envelope),
  });
  expect(response.status).toBe(200);
  return response.text();
}

function plainError(body: string): Record<string, unknown> {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  expect(parsed).not.toHaveProperty('dat');
  expect(parsed.ret_code).toMatch(/^E\d{3}$/);
  return parsed;
}

describe('FlashPay sandbox queries', () => {
  let sb: Sandboxes;
  beforeAll(async () => {
    sb = await startTestSandboxes();
  });
  afterAll(() => sb.close());

  it('answers a 106 chunk form-encoded with lowercase dat and the real payload shape', async () => {
    const from = addDays(TODAY, -6);
    const result = await flashPayClient(sb).queryOrdersChunk(from, TODAY);
    expect(result.raw).toMatch(/^ver=1\.0\.0&dat=[0-9a-f]+&chk=[0-9A-F]{64}$/);
    expect(result.json.startsWith('{"returnCode":"0","mer_detail":[{"ver":"1.0.0","mer_id":')).toBe(true);
    const expected = (await flashPayOrders(sb)).filter((o) => o.ord_time.slice(0, 10) >= from);
    expect(result.orders.map((o) => o.ordNo)).toEqual(expected.map((o) => o.ord_no));
    const entries = (JSON.parse(result.json) as { mer_detail: Array<Record<string, unknown>> }).mer_detail;
    for (const entry of entries) {
      expect(entry.tx_amt).toMatch(/^\d+\.\d{2}$/);
      expect(entry.service_fee).toMatch(/^\d+\.\d{2}$/);
      expect(entry.ord_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\+08$/);
      expect(Object.keys(entry)).toEqual([
        'ver', 'mer_id', 'tx_type', 'tx_amt', 'tot_pay_amt', 'tot_ret_amt', 'can_pay_amt', 'can_ret_amt', 'order_no', 'ord_no', 'ord_time',
        'order_status', 'ret_code', 'ret_msg', 'service_fee', 'refund_service_fee',
      ]);
    }
    expect(entries.some((e) => /\.\d[1-9]$|\.[1-9]\d$/.test(String(e.tx_amt))), 'some amounts carry cents').toBe(true);
  });

  it('answers 107 for one order, also when the envelope comes as a form body', async () => {
    const order = (await flashPayOrders(sb)).find((o) => o.order_status === '04')!;
    const result = await flashPayClient(sb).queryOrder(order.ord_no);
    expect(result.order).toMatchObject({ ordNo: order.ord_no, statusCode: '04', amount: order.amountCents, fee: order.serviceFeeCents });
    expect(result.payload.tx_type).toBe('107');
    const formAnswer = openAnswer(await postQuery(sb, { mer_id: sb.flashpay.merId, tx_type: 107, ord_no: order.ord_no }, undefined, true), sb.flashpay);
    expect(formAnswer.kind).toBe('data');
    expect(formAnswer.payload.order_status).toBe('04');
  });

  it('refuses a range past the vendors\' rule (end - start over 30 days) with a plain JSON error', async () => {
    const body = await postQuery(sb, { mer_id: sb.flashpay.merId, tx_type: 106, start_date: addDays(TODAY, -31), end_date: TODAY });
    expect(plainError(body).ret_code).toBe('E007');
    const backwards = await postQuery(sb, { mer_id: sb.flashpay.merId, tx_type: 106, start_date: TODAY, end_date: addDays(TODAY, -1) });
    expect(plainError(backwards).ret_code).toBe('E007');
    const calendar31 = openAnswer(await postQuery(sb, { mer_id: sb.flashpay.merId, tx_type: 106, start_date: addDays(TODAY, -30), end_date: TODAY }), sb.flashpay);
    expect(calendar31.kind).toBe('data');
  });

  it('reports a wrong chk, an unknown merchant and an unknown order as plain JSON, never crashing', async () => {
    const query = { mer_id: sb.flashpay.merId, tx_type: 107, ord_no: '1' };
    const wrongChk = await postQuery(sb, query, (e) => ({ ...e, chk: `${e.chk!.slice(0, -1)}${e.chk!.endsWith('0') ? '1' : '0'}` }));
    expect(plainError(wrongChk).ret_code).toBe('E003');
    const unknownMerchant = await postQuery(sb, query, (e) => ({ ...e, mid: 'HT00000000' }));
    expect(plainError(unknownMerchant).ret_code).toBe('E002');
    const wrongKey = await postQuery(sb, query, (e) => ({ ...e, key: e.key!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) }));
    expect(plainError(wrongKey).ret_code).toBe('E004');
    const garbage = await fetch(`${sb.flashpay.baseUrl}/querytrade.php`, { method: 'POST', body: 'not an envelope' });
    expect(plainError(await garbage.text()).ret_code).toBe('E001');
    const unknownOrder = await postQuery(sb, { ...query, ord_no: 'NO-SUCH-ORDER' });
    expect(plainError(unknownOrder).ret_code).toBe('E008');
    await expect(flashPayClient(sb).queryOrder('NO-SUCH-ORDER')).rejects.toMatchObject({ name: 'GatewayError', gatewayCode: 'E008' });
    const stillServing = await flashPayClient(sb).queryOrdersChunk(TODAY, TODAY);
    expect(stillServing.orders.length).toBeGreaterThan(0);
  });

  it('validates trade.php: a duplicate ord_no and missing fields are plain JSON errors', async () => {
    const existing = (await flashPayOrders(sb))[0]!;
    const duplicate = await postFlashPayTrade(sb, flashPayTradePayload(sb, existing.ord_no));
    expect(plainError(duplicate.body).ret_code).toBe('E009');
    const missing = await postFlashPayTrade(sb, flashPayTradePayload(sb, 'T-MISSING', { return_url: '' }));
    expect(plainError(missing.body)).toMatchObject({ ret_code: 'E005', ret_msg: expect.stringContaining('return_url') });
    const page = await postFlashPayTrade(sb, flashPayTradePayload(sb, 'T-PAGE', { install_period: 3, amt: 500.98 }));
    expect(page.status).toBe(200);
    for (const label of ['訂單編號', '商店名稱', '訂單日期', '訂單金額', 'NTD', '訂單內容', '付款方式', '信用卡', '分期期數', '信用卡卡號', '有效期限', '信用卡安全碼', '手機號碼', '電子信箱', '立即付款']) {
      expect(page.body).toContain(label);
    }
    expect(page.body).toContain('500.98');
    expect(page.body).toContain('2025-3-20 14:55:0');
    expect(sessionOf(page.body)).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('FlashPay sandbox lifecycle and cancel', () => {
  let sb: Sandboxes;
  beforeAll(async () => {
    sb = await startTestSandboxes({ seed: 43 });
  });
  afterAll(() => sb.close());

  it('cancels a 02 order to 12 with no money moved, and refuses a second cancel', async () => {
    const order = (await flashPayOrders(sb)).find((o) => o.order_status === '02')!;
    const client = flashPayClient(sb);
    const result = await client.cancel(order.ord_no, order.amountCents);
    expect(result.order).toMatchObject({ statusCode: '12', captured: 0, refunded: 0, capturable: 0, refundable: 0 });
    expect(result.payload).toMatchObject({ tx_type: '8', ret_code: '00', amt: order.tx_amt });
    expect((await client.queryOrder(order.ord_no)).order.statusCode).toBe('12');
    await expect(client.cancel(order.ord_no, order.amountCents)).rejects.toMatchObject({ gatewayCode: 'E102' });
    const actions = (await actionsOf(sb.flashpay.baseUrl)).filter((a) => a.orderNo === order.ord_no);
    expect(actions).toEqual([expect.objectContaining({ op: 'cancel', amountCents: order.amountCents, resultStatus: '12', source: 'api' })]);
  });

  it('refuses an amount other than the order amount and leaves the order alone', async () => {
    const order = (await flashPayOrders(sb)).find((o) => o.order_status === '04')!;
    const client = flashPayClient(sb);
    const err = await client.cancel(order.ord_no, order.amountCents - 100).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).gatewayCode).toBe('E101');
    expect((await client.queryOrder(order.ord_no)).order.statusCode).toBe('04');
  });

  it('captures 02 at the end of its Taipei day (03) and settles two days later (04) with a 3% fee', async () => {
    const order = (await flashPayOrders(sb)).find((o) => o.order_status === '02' && o.source === 'seed')!;
    const client = flashPayClient(sb);
    await advanceHours(sb.flashpay.baseUrl, 8.5); // 23:30, still the same Taipei day
    expect((await client.queryOrder(order.ord_no)).order.statusCode).toBe('02');
    await advanceHours(sb.flashpay.baseUrl, 0.5); // midnight: the capture batch
    const captured = (await client.queryOrder(order.ord_no)).order;
    expect(captured).toMatchObject({ statusCode: '03', captured: order.amountCents, refundable: order.amountCents, capturable: 0, fee: 0 });
    await advanceHours(sb.flashpay.baseUrl, 47);
    expect((await client.queryOrder(order.ord_no)).order.statusCode).toBe('03');
    await advanceHours(sb.flashpay.baseUrl, 1);
    const settled = (await client.queryOrder(order.ord_no)).order;
    const expectedFee = Math.floor((order.amountCents * 3 + 5000) / 10000) * 100;
    expect(settled).toMatchObject({ statusCode: '04', captured: order.amountCents, fee: expectedFee, feeReturned: 0 });
  });

  it('turns a cancel after capture into a refund (06) that settles at the next batch (08) returning the fee', async () => {
    const order = (await flashPayOrders(sb)).find((o) => o.order_status === '04' && o.serviceFeeCents > 0)!;
    const client = flashPayClient(sb);
    const refunded = await client.cancel(order.ord_no, order.amountCents);
    expect(refunded.order).toMatchObject({ statusCode: '06', captured: order.amountCents, refunded: order.amountCents, refundable: 0 });
    expect(refunded.payload.tot_ret_amt).toBe(formatCents(order.amountCents));
    expect((await client.queryOrder(order.ord_no)).order).toMatchObject({ statusCode: '06', fee: order.serviceFeeCents, feeReturned: 0 });
    await advanceHours(sb.flashpay.baseUrl, 24);
    const settled = (await client.queryOrder(order.ord_no)).order;
    expect(settled).toMatchObject({ statusCode: '08', refunded: order.amountCents, fee: order.serviceFeeCents, feeReturned: order.serviceFeeCents });
    expect(settled.raw.refund_service_fee).toBe(formatCents(order.serviceFeeCents));
    const action = (await actionsOf(sb.flashpay.baseUrl)).filter((a) => a.orderNo === order.ord_no);
    expect(action).toEqual([expect.objectContaining({ op: 'refund', amount: formatCents(order.amountCents), resultStatus: '06' })]);
  });

  it('pays through the hosted page: 02, then 03 and 04 as the shared clock moves', async () => {
    const response = await paidFlashPayOrder(sb, 'T-LIFE-1', { amt: 500.98 });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('http://127.0.0.1:9/thanks');
    const client = flashPayClient(sb);
    expect((await client.queryOrder('T-LIFE-1')).order).toMatchObject({ statusCode: '02', amount: 50098, capturable: 50098 });
    await advanceHours(sb.firstbank.baseUrl, 24 * 4); // either server moves the one shared clock
    expect((await client.queryOrder('T-LIFE-1')).order).toMatchObject({ statusCode: '04', fee: 1500 });
  });

  it('declines the decline card (ZF) and keeps the processing card in ZP', async () => {
    await paidFlashPayOrder(sb, 'T-DECLINE', {}, { number: '4000-0000-0000-0002' });
    await paidFlashPayOrder(sb, 'T-STUCK', {}, { number: '4000000000000119' });
    const client = flashPayClient(sb);
    expect((await client.queryOrder('T-DECLINE')).order.statusCode).toBe('ZF');
    const listed = (await client.queryOrdersChunk(TODAY, TODAY)).orders.find((o) => o.ordNo === 'T-DECLINE');
    expect(listed).toMatchObject({ statusCode: 'ZF', retCode: '05' });
    expect((await client.queryOrder('T-STUCK')).order.statusCode).toBe('ZP');
  });
});
