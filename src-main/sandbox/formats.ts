// Time and money texts exactly as each party writes them (gateway answers, shop ledger).
import { formatCents } from '../core/money.ts';
import { TAIPEI_OFFSET_MS, formatTaipei, taipeiDayOf, taipeiDayStartMs } from '../core/time.ts';

const DAY_MS = 86_400_000;

/** FlashPay answers: "2022-04-26 09:51:25+08". */
export function flashPayTime(ms: number): string {
  return `${formatTaipei(ms)}+08`;
}

/** First Bank messages: "2016/08/15 09:54:08". */
export function firstBankTime(ms: number): string {
  return formatTaipei(ms).replaceAll('-', '/');
}

/** First Bank PayInfo and report answers: "20160815095408". */
export function firstBankCompactTime(ms: number): string {
  return formatTaipei(ms).replace(/[-: ]/g, '');
}

/** The shop's ledger: "2025/03/20 14:05". */
export function ledgerTime(ms: number): string {
  return firstBankTime(ms).slice(0, 16);
}

/** FlashPay money: "500.00". */
export function flashPayMoney(cents: number): string {
  return formatCents(cents);
}

/** The next Taipei midnight strictly after ms: when the day's batches (capture, settlement) run. */
export function nextTaipeiMidnight(ms: number): number {
  return taipeiDayStartMs(taipeiDayOf(ms)) + DAY_MS;
}

/** ms of a Taipei wall time on a day, e.g. (day, 9.5 * 3600) for 09:30. */
export function taipeiInstant(day: string, secondsIntoDay: number): number {
  return taipeiDayStartMs(day) + secondsIntoDay * 1000;
}

/** Digits of the Taipei wall time: yyMMddHH for FlashPay order numbers, yyMMddHHmmss for ReCheckId. */
export function compactDigits(ms: number, length: 8 | 12): string {
  return new Date(ms + TAIPEI_OFFSET_MS).toISOString().replace(/\D/g, '').slice(2, 2 + length);
}

export { DAY_MS };
