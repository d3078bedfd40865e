// An amount a person types means the same on both sides of the bridge: the renderer's amount boxes
// (typed confirmation, order filters) and the core that checks it must not disagree about "12,80".
import { describe, expect, it } from 'vitest';
import { parseAmountInput } from '../../../src-main/contract/format.ts';
import { parseCents } from '../../../src-main/core/money.ts';

function core(text: string): number | 'refused' {
  try {
    return parseCents(text);
  } catch {
    return 'refused';
  }
}

function ui(text: string): number | 'refused' {
  const cents = parseAmountInput(text);
  return cents === null || Number.isNaN(cents) ? 'refused' : cents;
}

describe('typed amounts: renderer and core agree', () => {
  it.each([
    '12,80', '1,2345', '1,,234', ',5', '1,234', '1,234.50', '1,234,567.8', '1280', '1280.00', ' 99.5 ', '1.500', '0', '0.01',
    '1.234', '12.', '.5', '1e3', '0x10', 'NT$5', '５', '12 80', '99999999999999999999',
  ])('%j', (text) => {
    expect(ui(text)).toBe(core(text));
  });

  it('a comma that is not a thousands separator is refused, not dropped', () => {
    expect(parseAmountInput('12,80')).toBeNaN();
    expect(() => parseCents('12,80')).toThrow(/not a decimal amount/);
  });

  it('the renderer refuses negative amounts and treats an empty box as no value', () => {
    expect(parseAmountInput('-5')).toBeNaN();
    expect(parseAmountInput('  ')).toBeNull();
  });
});
