import { describe, expect, it } from 'vitest';
import { centsToWholeDollars, formatCents, parseCents, parseCentsOrZero } from '../../src-main/core/money.ts';
import {
  addDays,
  formatTaipei,
  isoTaipei,
  parseDay,
  parseGatewayTime,
  splitDayRange,
  taipeiDayOf,
  taipeiRangeMs,
} from '../../src-main/core/time.ts';
import { InputError } from '../../src-main/core/errors.ts';

describe('money', () => {
  it('parses gateway decimal strings exactly, never through a float', () => {
    expect(parseCents('500.00')).toBe(50000);
    expect(parseCents('500.98')).toBe(50098);
    expect(parseCents('0.07')).toBe(7);
    expect(parseCents('1.1')).toBe(110);
    expect(parseCents('399')).toBe(39900);
    expect(parseCents('1,234,567.89')).toBe(123456789);
    expect(parseCents('-15.00')).toBe(-1500);
    expect(parseCents(405)).toBe(40500);
    // 0.1 + 0.2 style traps: sums stay exact in cents
    expect(parseCents('0.10') + parseCents('0.20')).toBe(parseCents('0.30'));
  });
  it('refuses what is not an amount', () => {
    for (const bad of ['', 'abc', '1.234', '1e5', '12.3.4', 'NaN', ' . ']) expect(() => parseCents(bad)).toThrow(InputError);
    expect(parseCentsOrZero('')).toBe(0);
    expect(parseCentsOrZero(undefined)).toBe(0);
  });
  it('formats with one helper', () => {
    expect(formatCents(50098)).toBe('500.98');
    expect(formatCents(7)).toBe('0.07');
    expect(formatCents(-1500)).toBe('-15.00');
    expect(formatCents(123456789, { grouped: true })).toBe('1,234,567.89');
    expect(centsToWholeDollars(40500)).toBe(405);
    expect(() => centsToWholeDollars(40550)).toThrow(/whole NTD/);
  });
});

describe('Taipei days', () => {
  it('puts an instant on its Taipei day whatever the machine TZ', () => {
    // 2024-03-31T16:30Z is 00:30 on April 1st in Taipei
    expect(taipeiDayOf(Date.parse('2024-03-31T16:30:00Z'))).toBe('2024-04-01');
    expect(taipeiDayOf(Date.parse('2024-03-31T15:59:59Z'))).toBe('2024-03-31');
  });
  it('gives the UTC range of Taipei days', () => {
    const r = taipeiRangeMs('2024-04-01', '2024-04-02');
    expect(new Date(r.startMs).toISOString()).toBe('2024-03-31T16:00:00.000Z');
    expect(new Date(r.endMs).toISOString()).toBe('2024-04-02T16:00:00.000Z');
  });
  it('validates days', () => {
    expect(parseDay('2024-02-29')).toBe('2024-02-29');
    for (const bad of ['2023-02-29', '2024-13-01', '2024/01/01', '24-01-01', '']) expect(() => parseDay(bad)).toThrow(InputError);
  });
  it('splits ranges into chunks of at most N days', () => {
    const chunks = splitDayRange('2024-01-01', '2024-03-15', 30);
    expect(chunks).toEqual([
      { from: '2024-01-01', to: '2024-01-30' },
      { from: '2024-01-31', to: '2024-02-29' },
      { from: '2024-03-01', to: '2024-03-15' },
    ]);
    expect(splitDayRange('2024-01-01', '2024-01-01', 30)).toEqual([{ from: '2024-01-01', to: '2024-01-01' }]);
    expect(() => splitDayRange('2024-01-02', '2024-01-01', 30)).toThrow(/ends/);
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
  });
  it('parses every gateway time format, understanding +08', () => {
    expect(parseGatewayTime('2022-06-22 15:26:42+08')).toEqual({ utc: '2022-06-22T07:26:42.000Z', original: '2022-06-22 15:26:42+08' });
    expect(parseGatewayTime('2016/08/15 09:54:08').utc).toBe('2016-08-15T01:54:08.000Z');
    expect(parseGatewayTime('20160815095408').utc).toBe('2016-08-15T01:54:08.000Z');
    expect(parseGatewayTime('2022-01-15 10:31:37').utc).toBe('2022-01-15T02:31:37.000Z');
    expect(() => parseGatewayTime('2022-02-30 10:00:00+08')).toThrow(InputError);
    expect(formatTaipei('2022-06-22T07:26:42.000Z')).toBe('2022-06-22 15:26:42');
    expect(isoTaipei('2022-06-22T16:26:42.000Z')).toBe('2022-06-23T00:26:42+08:00');
  });
});
