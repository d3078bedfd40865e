// End to end against the real sandbox gateways: sync their orders over the real protocols, import the
// shop ledger they serve (/_sandbox/ledger.csv), reconcile, and compare with the discrepancies the
// sandbox documents (/_sandbox/ledger-discrepancies). Nothing more, nothing less.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempApp } from '../../support/app.ts';
import type { App } from '../../../src-main/core/app.ts';
import { addProfile } from '../../../src-main/core/services/profiles.ts';
import { importLedger, previewLedger } from '../../../src-main/core/services/ledger-import.ts';
import { runReconciliation } from '../../../src-main/core/services/reconcile.ts';
import { syncProfile } from '../../../src-main/core/services/sync.ts';
import { OrderStore } from '../../../src-main/core/store/orders.ts';
import { parseCents } from '../../../src-main/core/money.ts';
import { parseGatewayTime, taipeiDayOf, addDays } from '../../../src-main/core/time.ts';
import type { Sandboxes } from '../../../src-main/sandbox/index.ts';
import { reconcileDemoLedger } from '../../../src-main/shell/demo-ledger.ts';
import { TEST_NOW, firstBankOrders, getJson, startTestSandboxes } from '../sandbox/helpers.ts';

const KIND: Record<string, string> = { missing: 'missing_in_ledger', extra: 'missing_at_gateway', amount: 'amount_mismatch', status: 'status_mismatch' };

interface Documented {
  discrepancies: Array<{ kind: string; orderNo: string; gatewayAmountCents: number | null; ledgerAmountCents: number | null }>;
}

async function documented(baseUrl: string): Promise<string[][]> {
  const d = await getJson<Documented>(`${baseUrl}/_sandbox/ledger-discrepancies`);
  return d.discrepancies.map((x) => [KIND[x.kind]!, x.orderNo]).sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));
}

const found = (r: { exceptions: Array<{ kind: string; order_no: string }> }) =>
  r.exceptions.map((e) => [e.kind, e.order_no]).sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));

describe('reconciliation against the sandbox gateways', () => {
  let sb: Sandboxes;
  let app: App & { cleanup(): void };
  const to = taipeiDayOf(Date.parse(TEST_NOW));
  const from = addDays(to, -29);

  beforeAll(async () => {
    sb = await startTestSandboxes();
    app = tempApp();
  });
  afterAll(async () => {
    app.cleanup();
    await sb.close();
  });

  it('FlashPay: sync, import /_sandbox/ledger.csv, and find exactly the documented discrepancies', async () => {
    const profile = await addProfile(app, { name: 'fp', gateway: 'flashpay', tradeUrl: sb.flashpay.baseUrl, merchantId: sb.flashpay.merId }, { hashKey: sb.flashpay.hashKey, hashIv: sb.flashpay.hashIv });
    const sync = await syncProfile(app, profile, { from, to });
    expect(sync.state).toBe('done');
    const bytes = new Uint8Array(await (await fetch(`${sb.flashpay.baseUrl}/_sandbox/ledger.csv`)).arrayBuffer());
    const preview = await previewLedger(app, profile, 'flashpay-ledger.csv', bytes);
    expect(preview.mapping).toEqual({ orderNo: '訂單編號', amount: '金額', date: '訂單時間', status: '狀態' });
    const imported = await importLedger(app, profile, bytes, { fileName: 'flashpay-ledger.csv', mapping: preview.mapping });
    expect(imported.badCount).toBe(0);

    const expected = await documented(sb.flashpay.baseUrl);
    expect(expected.map((e) => e[0]).sort()).toEqual(['amount_mismatch', 'missing_at_gateway', 'missing_in_ledger', 'status_mismatch']);
    const result = runReconciliation(app, profile);
    expect(found(result)).toEqual(expected);
    expect(result.matched).toBe(imported.imported - 3);

    const d = await getJson<Documented>(`${sb.flashpay.baseUrl}/_sandbox/ledger-discrepancies`);
    const amount = d.discrepancies.find((x) => x.kind === 'amount')!;
    expect(result.exceptions.find((e) => e.kind === 'amount_mismatch')).toMatchObject({ ledger_amount: amount.ledgerAmountCents, gateway_amount: amount.gatewayAmountCents });
  });

  it('First Bank: known orders re-queried, then the same (through the demo path)', async () => {
    const profile = await addProfile(app, { name: 'fb', gateway: 'firstbank', tradeUrl: sb.firstbank.baseUrl, merchantId: sb.firstbank.platformId }, { hashKey: sb.firstbank.hashKey });
    // The shop's checkout knows its First Bank orders (OrderId, ReCheckId, PayType): register them, then sync.
    const store = new OrderStore(app.db);
    const orders = await firstBankOrders(sb);
    app.db.transaction(() => {
      for (const o of orders) {
        // Orders that never reached the card page have no ReCheckId: the shop cannot query them.
        if (!o.ReCheckId) continue;
        store.registerKnown(
          profile.id,
          { gateway: 'firstbank', orderNo: o.OrderId, gatewayOrderNo: o.ReCheckId, amount: parseCents(o.Amount), payType: o.PayType, orderedAtMs: Date.parse(parseGatewayTime(o.TransTime).utc) },
          { source: 'test', nowMs: Date.now() },
        );
      }
    })();
    const sync = await syncProfile(app, profile, { from, to });
    expect(sync.errors).toEqual([]);
    const result = await reconcileDemoLedger(app, profile, sb.firstbank.baseUrl);
    expect(found(result)).toEqual(await documented(sb.firstbank.baseUrl));
  });
});
