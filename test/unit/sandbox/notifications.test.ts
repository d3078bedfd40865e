// Notifications to the merchant: FlashPay's return_url (encrypted tx_type 104, answered "1|OK") and
// First Bank's async notification (signed 3.5 fields, answered "OK"), retried every 30 sandbox
// minutes at most four times.
import { readVectors } from '../../support/vectors.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openAnswer } from '../../../src-main/core/gateways/flashpay/codec.ts';
import { parseNotification } from '../../../src-main/core/gateways/firstbank/codec.ts';
import type { Sandboxes } from '../../../src-main/sandbox/index.ts';
import {
  type MerchantEndpoint, advanceHours, armFault, firstBankTradeFields, merchantEndpoint, notificationsOf, paidFlashPayOrder, payFirstBank,
  postFirstBankTrade, sessionOf, startTestSandboxes,
} from './helpers.ts';

const sample = readVectors<{ decode: Array<{ json: Record<string, unknown> }> }>('flashpay.json').decode[0]!.json;

describe('FlashPay return_url notifications', () => {
  let sb: Sandboxes;
  const endpoints: MerchantEndpoint[] = [];
  const endpoint = async (answers: string[] | ((body: string) => string)) => {
    const e = await merchantEndpoint(answers);
    endpoints.push(e);
    return e;
  };
  beforeAll(async () => {
    sb = await startTestSandboxes({ days: 3 });
  });
  afterEach(async () => {
    await Promise.all(endpoints.splice(0).map((e) => e.close()));
  });
  afterAll(() => sb.close());

  it('sends the encrypted tx_type 104 payload in the real shape: no order_status, purchase_date empty', async () => {
    const shop = await endpoint(['1|OK']);
    await paidFlashPayOrder(sb, 'N-SHAPE', { return_url: shop.url, install_period: 6, use_redeem: '1', amt: 6000 });
    expect(shop.received).toHaveLength(1);
    expect(shop.received[0]).toMatch(/^ver=1\.0\.0&dat=[0-9a-f]+&chk=[0-9A-F]{64}$/);
    const opened = openAnswer(shop.received[0]!, sb.flashpay);
    if (opened.kind !== 'data') throw new Error('expected an encrypted notification');
    expect(Object.keys(opened.payload)).toEqual(Object.keys(sample));
    expect(opened.payload).toMatchObject({
      tx_type: 104, ord_no: 'N-SHAPE', ret_code: '00', purchase_date: '', tx_amt: '6000.00', amt: '0.00', install_period: '6', use_redeem: '1', return_url: shop.url,
    });
    expect(opened.payload.ord_time).toBe('2025-03-20 14:55:00+08');
    expect(opened.json).toContain('http:\\/\\/127.0.0.1');
    expect(opened.payload.auth_id_resp).toMatch(/^\d{6}$/);
  });

  it('retries every 30 minutes of sandbox time until the shop answers 1|OK', async () => {
    const shop = await endpoint(['0|FAIL', 'error', '1|OK']);
    await paidFlashPayOrder(sb, 'N-RETRY', { return_url: shop.url });
    expect(shop.received).toHaveLength(1);
    await advanceHours(sb.flashpay.baseUrl, 29 / 60);
    expect(shop.received).toHaveLength(1);
    await advanceHours(sb.flashpay.baseUrl, 1 / 60);
    expect(shop.received).toHaveLength(2);
    await advanceHours(sb.flashpay.baseUrl, 0.5);
    expect(shop.received).toHaveLength(3);
    await advanceHours(sb.flashpay.baseUrl, 3);
    expect(shop.received).toHaveLength(3);
    expect(new Set(shop.received).size).toBe(1);
    const record = (await notificationsOf(sb.flashpay.baseUrl)).find((n) => n.orderNo === 'N-RETRY')!;
    expect(record).toMatchObject({ delivered: true, nextDueMs: null });
    expect(record.attempts.map((a) => a.outcome)).toEqual(['rejected', 'rejected', 'accepted']);
    expect(record.attempts[1]!.atMs - record.attempts[0]!.atMs).toBe(30 * 60_000);
  });

  it('gives up after four retries when the shop never answers 1|OK', async () => {
    const shop = await endpoint(['OK']);
    await paidFlashPayOrder(sb, 'N-GIVEUP', { return_url: shop.url });
    await advanceHours(sb.flashpay.baseUrl, 5);
    expect(shop.received).toHaveLength(5);
    const record = (await notificationsOf(sb.flashpay.baseUrl)).find((n) => n.orderNo === 'N-GIVEUP')!;
    expect(record).toMatchObject({ delivered: false, nextDueMs: null });
  });

  it('notify faults: a corrupted chk is rejected by a verifying shop, a lost attempt is retried', async () => {
    const verifying = (body: string): string => {
      try {
        return openAnswer(body, sb.flashpay).kind === 'data' ? '1|OK' : 'bad';
      } catch {
        return 'chk error';
      }
    };
    const shop = await endpoint(verifying);
    await armFault(sb.flashpay.baseUrl, { op: 'notify', kind: 'badchk' });
    await paidFlashPayOrder(sb, 'N-BADCHK', { return_url: shop.url });
    expect(() => openAnswer(shop.received[0]!, sb.flashpay)).toThrow(/chk/);
    await armFault(sb.flashpay.baseUrl, { op: 'notify', kind: 'drop-after-apply' });
    await advanceHours(sb.flashpay.baseUrl, 0.5);
    expect(shop.received).toHaveLength(1);
    await advanceHours(sb.flashpay.baseUrl, 0.5);
    expect(shop.received).toHaveLength(2);
    expect(openAnswer(shop.received[1]!, sb.flashpay).kind).toBe('data');
    const record = (await notificationsOf(sb.flashpay.baseUrl)).find((n) => n.orderNo === 'N-BADCHK')!;
    expect(record.attempts.map((a) => a.outcome)).toEqual(['rejected', 'lost', 'accepted']);
  });
});

describe('First Bank async notifications', () => {
  it('retries until the shop answers OK', async () => {
    const shop = await merchantEndpoint(['NG', 'OK']);
    const sb = await startTestSandboxes({ days: 2, firstbankNotifyUrl: shop.url });
    try {
      const page = await postFirstBankTrade(sb, firstBankTradeFields('N20250320B1'));
      await payFirstBank(sb, sessionOf(page.body), { number: '3566002020360505' });
      const mine = () => shop.received.filter((b) => b.includes('OrderId=N20250320B1'));
      expect(mine()).toHaveLength(1);
      await advanceHours(sb.firstbank.baseUrl, 0.5);
      expect(mine()).toHaveLength(2);
      await advanceHours(sb.firstbank.baseUrl, 2);
      expect(mine()).toHaveLength(2);
      expect(parseNotification(mine()[1]!, sb.firstbank.hashKey).fields).toMatchObject({ OrderId: 'N20250320B1', TransStatus: '2' });
      const record = (await notificationsOf(sb.firstbank.baseUrl)).find((n) => n.orderNo === 'N20250320B1')!;
      expect(record.attempts.map((a) => a.outcome)).toEqual(['rejected', 'accepted']);
      // The demo's pending TENPAY refund completed during the advance and was announced too.
      expect(shop.received.some((b) => parseNotification(b, sb.firstbank.hashKey).fields.TransStatus === '3')).toBe(true);
    } finally {
      await sb.close();
      await shop.close();
    }
  });
});
