import { describe, expect, it } from 'vitest';
import { NORMALIZED_STATUSES, STATUS_LABELS, isNormalizedStatus } from '../../../src-main/core/gateways/status.ts';

describe('normalized statuses', () => {
  it('has a zh-TW and an English label for every status', () => {
    expect(NORMALIZED_STATUSES).toHaveLength(10);
    for (const s of NORMALIZED_STATUSES) {
      expect(STATUS_LABELS[s].zh).not.toBe('');
      expect(STATUS_LABELS[s].en).not.toBe('');
    }
    expect(STATUS_LABELS.refund_settled.zh).toBe('退款已清算');
    expect(STATUS_LABELS.amount_mismatch.en).toBe('Amount mismatch');
  });

  it('recognises its own values only', () => {
    expect(isNormalizedStatus('captured')).toBe(true);
    expect(isNormalizedStatus('paid')).toBe(false);
    expect(isNormalizedStatus(3)).toBe(false);
  });
});
