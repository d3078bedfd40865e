// A support clerk reads every refusal and expected outcome of a cancel or refund in Traditional
// Chinese (and an English user in English), with the gateway's own name for each status.
import { describe, expect, it } from 'vitest';
import { decide } from '../../src-main/core/services/action-rules.ts';
import { renderMessage } from '../../src-main/contract/messages/render.ts';
import { latinSentences } from '../support/latin-words.ts';

const fp = (statusCode: string, refunded = 0) => ({ gateway: 'flashpay' as const, statusCode, amount: 1_300_056, refunded });
const fb = (statusCode: string) => ({ gateway: 'firstbank' as const, statusCode, amount: 120_000, refunded: 0 });

const cases = [
  ...['00', 'ZP', 'ZF', '12', '06', '08', '99'].map((c) => ['FlashPay', fp(c), 'cancel', null] as const),
  ['FlashPay', fp('02'), 'refund', null] as const,
  ['FlashPay', fp('04', 10_000), 'refund', null] as const,
  ['FlashPay', fp('03'), 'refund', 100_000] as const,
  ...['0', '1', '3', '4', '5', '6', '7', ''].map((c) => ['First Bank', fb(c), 'refund', null] as const),
  ['First Bank', fb('2'), 'cancel', null] as const,
];

describe('action refusals and expectations in the user\'s language', () => {
  it.each(cases)('%s %j %s: a zh-TW sentence with no English prose, and an English one', (_g, order, kind, requested) => {
    const d = decide(order, kind, requested ?? order.amount);
    expect(d.allowed).toBe(false);
    if (d.allowed) return;
    expect(d.msg, `refusal ${d.code} has a message`).toBeDefined();
    const zh = renderMessage(d.msg!, 'zh-TW');
    expect(latinSentences(zh)).toEqual([]);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(renderMessage(d.msg!, 'en')).toMatch(/^[a-z]/i);
  });

  it('the refused status is named the seeds\' way in both languages', () => {
    const d = decide(fp('12'), 'cancel', 1_300_056);
    expect(d.allowed === false && renderMessage(d.msg!, 'zh-TW')).toBe('訂單已取消（12 訂單取消）。');
    expect(d.allowed === false && renderMessage(d.msg!, 'en')).toBe('the order is already cancelled (12 Cancelled).');
    const partial = decide(fp('03'), 'refund', 100_000);
    expect(partial.allowed === false && renderMessage(partial.msg!, 'zh-TW')).toContain('API 只能取消整筆訂單金額（NT$13,000.56），不能是 NT$1,000.00');
  });

  it('what an allowed action will do, with amounts as NT$', () => {
    const d = decide(fp('02'), 'cancel', 1_300_056);
    expect(d.allowed && d.expectedMsg).toBeTruthy();
    if (!d.allowed) return;
    const zh = renderMessage(d.expectedMsg!, 'zh-TW');
    expect(zh).toBe('FlashPay 撤銷 NT$13,000.56 的授權（tx_type 8）；尚未請款，不會有款項移動；訂單將變為 12 訂單取消。');
    expect(latinSentences(zh)).toEqual([]);
    const refund = decide(fb('2'), 'refund', 120_000);
    expect(refund.allowed && renderMessage(refund.expectedMsg!, 'zh-TW')).toBe('第一銀行 全額退款 NT$1,200.00（RefundProcessOnline）；訂單將變為 3 已退款。');
  });
});
