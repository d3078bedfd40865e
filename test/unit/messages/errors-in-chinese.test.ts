// Issue #17: what the console says when a person's request cannot be done reads as Chinese in zh-TW:
// every catalogue text, and the real errors of the core's services, rendered as a shell renders them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../../src-main/contract/messages/catalogue.ts';
import { renderMessage } from '../../../src-main/contract/messages/render.ts';
import { ReconError } from '../../../src-main/core/errors.ts';
import { parseCents } from '../../../src-main/core/money.ts';
import { closePeriod, reopenPeriod } from '../../../src-main/core/services/periods.ts';
import { listOrders, orderDetail } from '../../../src-main/core/services/orders-query.ts';
import { resolveException } from '../../../src-main/core/services/reconcile.ts';
import { validateRange } from '../../../src-main/core/services/settlement.ts';
import { getProfile } from '../../../src-main/core/services/profiles.ts';
import { MalformedAnswerError } from '../../../src-main/core/errors.ts';
import { decryptDat } from '../../../src-main/core/gateways/flashpay/codec.ts';
import { latinSentences } from '../../support/latin-words.ts';
import { tempApp } from '../../support/app.ts';

/** The template with its ICU arguments (and select/plural option names) taken out. */
function wordsOf(template: string): string {
  let text = template;
  for (let before = ''; before !== text; ) {
    before = text;
    text = text.replace(/\{[^{}]*\}/g, ' ');
  }
  return text;
}

function said(run: () => unknown): { zh: string; en: string } {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ReconError);
    const coded = (err as ReconError).msg;
    expect(coded, (err as Error).message).toBeDefined();
    return { zh: renderMessage(coded!, 'zh-TW'), en: renderMessage(coded!, 'en') };
  }
  throw new Error('expected the call to be refused');
}

describe('the catalogue in zh-TW', () => {
  it('has no English sentence in any text', () => {
    const english = Object.entries(CATALOGUE)
      .map(([code, texts]) => [code, latinSentences(wordsOf(texts['zh-TW']))] as const)
      .filter(([, found]) => found.length > 0);
    expect(english).toEqual([]);
  });
});

describe('errors of the core, as a clerk reads them', () => {
  let app: ReturnType<typeof tempApp>;
  beforeEach(() => {
    app = tempApp();
  });
  afterEach(() => app.cleanup());

  it('are Chinese in zh-TW and English in en, naming what was wrong', () => {
    const cases = [
      said(() => validateRange('2026-11-30', '2026-11-01')),
      said(() => listOrders(app, {})),
      said(() => orderDetail(app, 1, 'A-404')),
      said(() => closePeriod(app, '2999-01-01')),
      said(() => reopenPeriod(app, '2026-11-01', 'typo')),
      said(() => resolveException(app, 99, 'resolved', '')),
      said(() => getProfile(app, 'shop-b')),
      said(() => parseCents('12 dollars')),
      said(() => decryptDat('abc', { hashKey: 'k'.repeat(32), hashIv: 'v'.repeat(16) })),
      said(() => {
        throw new MalformedAnswerError('FlashPay answer is not JSON', '<html>502 Bad Gateway</html>');
      }),
    ];
    for (const { zh, en } of cases) {
      expect(latinSentences(zh), zh).toEqual([]);
      expect(zh).toMatch(/[\u4e00-\u9fff]/);
      expect(en).toMatch(/^[\x20-\x7e]+$/);
    }
    expect(cases[0]!.zh).toBe('日期區間的結束日（2026/11/01）早於開始日（2026/11/30）。');
    expect(cases[6]!.zh).toContain('shop-b');
    expect(cases[7]!.zh).toContain('12 dollars');
  });
});
