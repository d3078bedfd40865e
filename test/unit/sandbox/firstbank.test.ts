// The First Bank sandbox over HTTP through the console's own FirstBankClient: report, refund
// (CREDIT 2->3, TENPAY 2->4->3 announced by notification), rate, hosted payment, error codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRSTBANK_PATHS } from '../../../src-main/core/gateways/firstbank/client.ts';
import { encodeForm, parseAnswerJson, parseNotification, signFields, verifyAnswer } from '../../../src-main/core/gateways/firstbank/codec.ts';
import type { Sandboxes } from '../../../src-main/sandbox/index.ts';
import {
  type FirstBankOrderView, type MerchantEndpoint, actionsOf, advanceHours, firstBankClient, firstBankOrders, firstBankTradeFields, merchantEndpoint,
  notificationsOf, payFirstBank, postFirstBankTrade, postJson, sessionOf, startTestSandboxes,
} from './helpers.ts';

const refOf = (o: FirstBankOrderView) => ({ orderId: o.OrderId, reCheckId: o.ReCheckId, amountCents: o.amountCents, payType: o.PayType });

describe('First Bank sandbox', () => {
  let sb: Sandboxes;
  let notify: MerchantEndpoint;
  beforeAll(async () => {
    notify = await merchantEndpoint(['OK']);
    sb = await startTestSandboxes({ firstbankNotifyUrl: notify.url });
  });
  afterAll(async () => {
    await sb.close();
    await notify.close();
  });

  it('reports a paid order with a signed answer in the seed shape', async () => {
    const order = (await firstBankOrders(sb)).find((o) => o.TransStatus === '2' && o.PayType === 'CREDIT')!;
    const result = await firstBankClient(sb).queryOrder(refOf(order));
    expect(result.signed).toBe(true);
    expect(result.fields).toMatchObject({ ToolStatus: '0000', ToolDesc: '執行成功', ReturnType: 'ReportReturn', TransStatus: '2', Amount: order.Amount });
    expect(result.fields.TransTime).toMatch(/^\d{14}$/);
    expect(result.order).toMatchObject({ paid: true, reCheckId: order.ReCheckId, cardId: expect.stringMatching(/^\d{6}\*{6}\d{4}$/) });
  });

  it('refunds a CREDIT order in full: 2 -> 3 at once, journaled and announced', async () => {
    const order = (await firstBankOrders(sb)).find((o) => o.TransStatus === '2' && o.PayType === 'CREDIT')!;
    const client = firstBankClient(sb);
    await expect(client.refund({ ...refOf(order), amountCents: order.amountCents - 100, refundDesc: '部分退款' })).rejects.toMatchObject({ gatewayCode: '9996' });
    const result = await client.refund({ ...refOf(order), refundDesc: '交易退貨' });
    expect(result.fields).toMatchObject({ ToolStatus: '0000', ReturnType: 'RefundReturn', TransStatus: '3' });
    expect((await client.queryOrder(refOf(order))).order.transStatusCode).toBe('3');
    await expect(client.refund({ ...refOf(order), refundDesc: '再退一次' })).rejects.toMatchObject({ gatewayCode: '9998' });
    expect((await actionsOf(sb.firstbank.baseUrl)).filter((a) => a.orderNo === order.OrderId && a.source === 'api')).toHaveLength(1);
    await expect.poll(() => notify.received.some((b) => b.includes(`OrderId=${order.OrderId}`) && b.includes('TransStatus=3'))).toBe(true);
  });

  it('refunds TENPAY asynchronously: 4 now, 3 an hour later with a signed notification', async () => {
    const order = (await firstBankOrders(sb)).find((o) => o.TransStatus === '2' && o.PayType === 'TENPAY')!;
    const client = firstBankClient(sb);
    const result = await client.refund({ ...refOf(order), refundDesc: '跨境退款' });
    expect(result.order.transStatusCode).toBe('4');
    expect(result.order.status).toBe('refund_pending');
    await advanceHours(sb.firstbank.baseUrl, 0.5);
    expect((await client.queryOrder(refOf(order))).order.transStatusCode).toBe('4');
    await advanceHours(sb.flashpay.baseUrl, 0.5);
    expect((await client.queryOrder(refOf(order))).order.transStatusCode).toBe('3');
    const bodies = notify.received.filter((b) => b.includes(`OrderId=${order.OrderId}`));
    const statuses = bodies.map((b) => parseNotification(b, sb.firstbank.hashKey).fields.TransStatus);
    expect(statuses).toEqual(['4', '3']);
    const last = parseNotification(bodies[1]!, sb.firstbank.hashKey).fields;
    expect(last).toMatchObject({ ReturnType: 'AsynReturn', ToolStatus: '0000', ReCheckId: order.ReCheckId, Amount: order.Amount });
    expect(last.LastStatusChgTime).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('answers 9996 to a bad signature and 9997 to an unknown order, signed', async () => {
    const order = (await firstBankOrders(sb)).find((o) => o.TransStatus === '2')!;
    const fields = signFields('query', { PlatFormId: sb.firstbank.platformId, OrderId: order.OrderId, ReCheckId: order.ReCheckId, Amount: order.Amount, PayType: order.PayType }, '0'.repeat(32));
    const response = await fetch(`${sb.firstbank.baseUrl}${FIRSTBANK_PATHS.report}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: encodeForm(fields) });
    const answer = parseAnswerJson(await response.text());
    expect(answer).toMatchObject({ ToolStatus: '9996', ToolDesc: '資料錯誤' });
    expect(() => verifyAnswer(answer, sb.firstbank.hashKey)).not.toThrow();
    const client = firstBankClient(sb);
    await expect(client.queryOrder({ ...refOf(order), orderId: 'NOSUCHORDER1' })).rejects.toMatchObject({ gatewayCode: '9997', gatewayMessage: '找不到符合條件的資料' });
    await expect(client.queryOrder({ ...refOf(order), reCheckId: '01000000000000000' })).rejects.toMatchObject({ gatewayCode: '9997' });
    await expect(client.refund({ ...refOf(order), orderId: 'NOSUCHORDER2', refundDesc: '退貨' })).rejects.toMatchObject({ gatewayCode: '9997' });
  });

  it('answers the TENPAY exchange rate signed', async () => {
    const result = await firstBankClient(sb).exchangeRate();
    expect(result.signed).toBe(true);
    expect(result.rate).toMatchObject({ baseCurrency: 'CNY', targetCurrency: 'TWD', rate: expect.stringMatching(/^\d{1,3}\.\d{3}$/) });
    expect(result.fields.ReturnType).toBe('ExchangeRateReturn');
    expect(result.rate.rateTime?.original).toMatch(/^\d{14}$/);
  });

  it('takes a signed order, shows the card page, pays, notifies and posts the signed result to ResURL', async () => {
    const page = await postFirstBankTrade(sb, firstBankTradeFields('T20250320A1', { TransType: '1', PeriodNum: '6', Amount: '12000' }));
    expect(page.status).toBe(200);
    for (const label of ['第一銀行', '整合支付平台', '訂單編號', 'T20250320A1', '信用卡分期 6 期', 'NT$ 12,000', '信用卡卡號', '有效期限', '背面末三碼', '確認付款']) {
      expect(page.body).toContain(label);
    }
    const paid = await payFirstBank(sb, sessionOf(page.body), { number: '5555555555554444' });
    expect(paid.status).toBe(200);
    expect(paid.body).toContain('action="http://127.0.0.1:9/result"');
    const notified = notify.received.find((b) => b.includes('OrderId=T20250320A1'))!;
    const fields = parseNotification(notified, sb.firstbank.hashKey).fields;
    expect(fields).toMatchObject({ TransStatus: '2', ReturnType: 'AsynReturn', Amount: '12000', ToolStatus: '0000' });
    expect(fields.ReCheckId).toMatch(/^01\d{15}$/);
    expect(JSON.parse(fields.PayInfo!)).toMatchObject({ CardId: '555555******4444', CardBrand: 'MasterCard', TransType: 1, PeriodNum: '6' });
    const report = await firstBankClient(sb).queryOrder({ orderId: 'T20250320A1', reCheckId: fields.ReCheckId!, amountCents: 1_200_000, payType: 'CREDIT' });
    expect(report.order.paid).toBe(true);
  });

  it('refuses bad orders with the seed codes: duplicate, long id, unsupported pay type, unknown platform', async () => {
    const existing = (await firstBankOrders(sb))[0]!;
    const answer = async (fields: Record<string, string>, hashKey?: string) => parseAnswerJson((await postFirstBankTrade(sb, fields, hashKey)).body);
    expect(await answer(firstBankTradeFields(existing.OrderId))).toMatchObject({ ToolStatus: '9996', ReturnDesc: '訂單編號重複' });
    expect(await answer(firstBankTradeFields('A'.repeat(21)))).toMatchObject({ ToolStatus: '9989' });
    expect(await answer(firstBankTradeFields('T1', { PayType: 'EATM' }))).toMatchObject({ ToolStatus: '9992' });
    expect(await answer(firstBankTradeFields('T2'), 'f'.repeat(32))).toMatchObject({ ToolStatus: '9996' });
    const stranger = signFields('trade', { ...firstBankTradeFields('T3'), PlatFormId: 'FCB000000000000' }, sb.firstbank.hashKey);
    const response = await fetch(`${sb.firstbank.baseUrl}${FIRSTBANK_PATHS.trade}`, { method: 'POST', body: encodeForm(stranger), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(parseAnswerJson(await response.text())).toMatchObject({ ToolStatus: '9991' });
  });

  it('declines the decline card with TransStatus 6 and lets a sandbox setting redirect notifications', async () => {
    const other = await merchantEndpoint(['OK']);
    try {
      await postJson(`${sb.firstbank.baseUrl}/_sandbox/settings`, { notifyUrl: other.url });
      const page = await postFirstBankTrade(sb, firstBankTradeFields('T20250320D1', { CustomResultPage: '0' }));
      const result = await payFirstBank(sb, sessionOf(page.body), { number: '4000000000000002' });
      expect(result.body).toContain('交易未完成');
      const fields = parseNotification(other.received[0]!, sb.firstbank.hashKey).fields;
      expect(fields).toMatchObject({ OrderId: 'T20250320D1', TransStatus: '6', ReturnStatus: '05' });
      expect((await notificationsOf(sb.firstbank.baseUrl)).find((n) => n.orderNo === 'T20250320D1')).toMatchObject({ delivered: true, url: other.url });
    } finally {
      await postJson(`${sb.firstbank.baseUrl}/_sandbox/settings`, { notifyUrl: notify.url });
      await other.close();
    }
  });
});
