// Date fields read what a Taiwanese clerk types and show days the same way whatever the OS locale.
import { describe, expect, it } from 'vitest';
import { formatDay, formatDayTime, parseDayInput } from '../../src-main/contract/day-text.ts';

describe('days as written in Taiwan', () => {
  it('shows a day as yyyy/mm/dd, or as an ROC date', () => {
    expect(formatDay('2026-11-30', 'western')).toBe('2026/11/30');
    expect(formatDay('2026-11-30', 'roc')).toBe('民國 115/11/30');
    expect(formatDay('2026-11-30', 'roc', 'en')).toBe('ROC 115/11/30');
    expect(formatDay('1912-01-01', 'roc')).toBe('民國 1/01/01');
    expect(formatDayTime('2026-11-30 13:05:09', 'roc')).toBe('民國 115/11/30 13:05:09');
  });

  it.each([
    ['2026/11/30', '2026-11-30'],
    ['2026-11-30', '2026-11-30'],
    ['2026.11.30', '2026-11-30'],
    ['20261130', '2026-11-30'],
    ['2026/1/5', '2026-01-05'],
    [' 2026 / 11 / 30 ', '2026-11-30'],
    ['115/11/30', '2026-11-30'],
    ['民國115年11月30日', '2026-11-30'],
    ['民國 115/11/30', '2026-11-30'],
    ['ROC 115/11/30', '2026-11-30'],
    ['1151130', '2026-11-30'],
    ['99/1/1', '2010-01-01'],
  ])('reads %j as %s', (typed, day) => {
    expect(parseDayInput(typed)).toEqual({ ok: true, day });
  });

  it.each([
    ['', 'empty'],
    ['tomorrow', 'shape'],
    ['11/30', 'shape'],
    ['民國2026/11/30', 'shape'],
    ['2026/02/30', 'calendar'],
    ['2024-13-45', 'calendar'],
    ['115/02/29', 'calendar'],
    ['0/01/01', 'calendar'],
  ])('refuses %j (%s)', (typed, reason) => {
    expect(parseDayInput(typed)).toEqual({ ok: false, reason });
  });

  it('reads back every day it shows, in both styles', () => {
    for (const day of ['1912-01-01', '2000-02-29', '2026-12-31', '2099-06-15']) {
      expect(parseDayInput(formatDay(day, 'western'))).toEqual({ ok: true, day });
      expect(parseDayInput(formatDay(day, 'roc'))).toEqual({ ok: true, day });
      expect(parseDayInput(formatDay(day, 'roc', 'en'))).toEqual({ ok: true, day });
    }
  });
});
