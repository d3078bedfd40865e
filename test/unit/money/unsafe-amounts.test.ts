// An amount that cannot be held exactly in integer cents (2^53 cents or more) in one order of a gateway
// answer used to fail the whole answer. It is now kept raw, flagged, held out of every total, and the
// other orders of the same answer sync normally. Real bytes: a sealed FlashPay 106 answer over HTTP.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempApp } from '../../support/app.ts';
import { addProfile } from '../../../src-main/core/services/profiles.ts';
import { syncProfile } from '../../../src-main/core/services/sync.ts';
import { orderTotals } from '../../../src-main/core/services/orders-query.ts';
import { dailySettlement } from '../../../src-main/core/services/settlement.ts';
import { acceptAnomaly, listAnomalies } from '../../../src-main/core/services/anomalies.ts';
import { decryptDat, sealAnswer } from '../../../src-main/core/gateways/flashpay/codec.ts';
import { parseFirstBankOrder } from '../../../src-main/core/gateways/firstbank/orders.ts';
import { fromFirstBank } from '../../../src-main/core/store/orders.ts';
import { implausibilities } from '../../../src-main/core/plausibility.ts';
import { InputError } from '../../../src-main/core/errors.ts';

const KEYS = { hashKey: 'K'.repeat(32), hashIv: 'V'.repeat(16) };
const entry = (ordNo: string, amt: string) =>
  `{"ver":"1.0.0","mer_id":"M1","tx_type":"9","tx_amt":${amt},"tot_pay_amt":${amt},"tot_ret_amt":"0.00","can_pay_amt":"0.00","can_ret_amt":${amt},` +
  `"order_no":"FP${ordNo}","ord_no":"${ordNo}","ord_time":"2025-03-02 10:00:00+08","order_status":"03","ret_code":"00","ret_msg":"ok","service_fee":"0.00","refund_service_fee":"0.00"}`;
// 2^53 cents is 90,071,992,547,409.92 NTD: one cent above it as a string, and a JSON number (which a
// JSON parser already rounds) in the same answer as two ordinary orders.
const ENTRIES: Record<string, string> = {
  'OK-1': entry('OK-1', '"500.00"'),
  'HUGE-1': entry('HUGE-1', '"90071992547409.93"'),
  'HUGE-2': entry('HUGE-2', '90071992547409.93'),
  'OK-2': entry('OK-2', '"1234.56"'),
};
const LIST_ANSWER = `{"returnCode":"0","mer_detail":[${Object.values(ENTRIES).join(',')}]}`;

let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      // 106 answers the list; 107 (the console re-asks about orders it holds back) the one order.
      const asked = JSON.parse(decryptDat((JSON.parse(body) as { dat: string }).dat, KEYS)) as { tx_type: number | string; ord_no?: string };
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(sealAnswer(String(asked.tx_type) === '107' ? ENTRIES[asked.ord_no ?? '']! : LIST_ANSWER, KEYS));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('amounts that are not safe integers of cents', () => {
  it('FlashPay 106: the oversized orders are kept raw and flagged, the others sync, totals hold only the others', async () => {
    const app = tempApp();
    try {
      const profile = await addProfile(app, { name: 'fp', gateway: 'flashpay', tradeUrl: base, merchantId: 'M1', demo: true }, KEYS);
      const summary = await syncProfile(app, profile, { from: '2025-03-02', to: '2025-03-02' });
      expect(summary.errors).toEqual([]);
      expect(summary.state).toBe('done');
      const totals = orderTotals(app, {});
      expect({ count: totals.count, captured: totals.captured, flagged: totals.flagged }).toEqual({ count: 4, captured: 50_000 + 123_456, flagged: 2 });
      const settlement = dailySettlement(app, { from: '2025-03-02', to: '2025-03-02' }).totals;
      expect(settlement.captured).toBe(50_000 + 123_456);
      const held = listAnomalies(app);
      expect(held.map((a) => [a.orderNo, a.codes])).toEqual([
        ['HUGE-1', ['amount_too_large']],
        ['HUGE-2', ['amount_too_large']],
      ]);
      // The answer as the gateway sent it (sealed), every digit.
      const raw = app.db.prepare('SELECT raw FROM raw_answers WHERE id = ?').pluck().get(held[0]!.rawAnswerId) as string;
      expect(decryptDat(new URLSearchParams(raw).get('dat')!, KEYS)).toContain('"tx_amt":"90071992547409.93"');
      // Nothing exact to book: accepting it is refused with what to do.
      const err = (() => {
        try {
          acceptAnomaly(app, held[0]!.id, 'looks fine');
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toMatch(/exact/);
      expect(orderTotals(app, {}).captured).toBe(50_000 + 123_456);
    } finally {
      app.cleanup();
    }
  });

  it('First Bank: an Amount past 2^53 cents is flagged, not a failure of the message', () => {
    const o = parseFirstBankOrder({ OrderId: 'FBHUGE', ToolStatus: '0000', TransStatus: '2', Amount: '90071992547410', TransTime: '2025/03/02 10:00:00' });
    const n = fromFirstBank(o, true);
    expect(implausibilities(n, { cachedAmount: null })).toEqual(['amount_too_large']);
    expect([n.amount, n.captured]).toEqual([null, 0]);
  });
});
