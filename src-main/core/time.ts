// Taipei days for the core: parsing and validation around the pure helpers the renderer shares
// (contract/money-time.ts). Asia/Taipei has been UTC+8 without daylight saving since 1979.
import { InputError } from './errors.ts';
import { msg } from '../contract/messages/render.ts';
import { DAY_MS, TAIPEI_OFFSET_MS, formatTaipeiMs, shiftTaipeiDay, taipeiDayOfMs } from '../contract/money-time.ts';

export { TAIPEI_OFFSET_MS };
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A Taipei calendar day, 'YYYY-MM-DD'. */
export type TaipeiDay = string;

export function parseDay(text: string, what = 'date'): TaipeiDay {
  const m = DAY_RE.exec(text.trim());
  if (!m) throw new InputError(`${what} must be YYYY-MM-DD, got ${JSON.stringify(text)}`, { msg: msg('input.day_shape', { what, text }) });
  const [, y, mo, d] = m;
  const probe = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (probe.getUTCFullYear() !== Number(y) || probe.getUTCMonth() !== Number(mo) - 1 || probe.getUTCDate() !== Number(d)) {
    throw new InputError(`${what} is not a real calendar day: ${JSON.stringify(text)}`, { msg: msg('input.not_a_day', { what, text }) });
  }
  return `${y}-${mo}-${d}`;
}

/** The Taipei day an instant falls on. */
export function taipeiDayOf(instant: Date | number): TaipeiDay {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  // Ingest asks this for every order and its entries, mostly of the same day: the last answer is kept.
  const index = Math.floor((ms + TAIPEI_OFFSET_MS) / DAY_MS);
  if (index === lastDay.index) return lastDay.day;
  const day = taipeiDayOfMs(ms);
  lastDay = { index, day };
  return day;
}
let lastDay: { index: number; day: TaipeiDay } = { index: Number.NaN, day: '' };

/** The UTC instant (ms) at which a Taipei day starts (00:00 +08). */
export function taipeiDayStartMs(day: TaipeiDay): number {
  const m = DAY_RE.exec(day);
  if (!m) throw new InputError(`not a day: ${JSON.stringify(day)}`, { msg: msg('input.not_day_text', { text: day }) });
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - TAIPEI_OFFSET_MS;
}

/** [start, end) in UTC ms covering Taipei days from..to inclusive. */
export function taipeiRangeMs(from: TaipeiDay, to: TaipeiDay): { startMs: number; endMs: number } {
  return { startMs: taipeiDayStartMs(from), endMs: taipeiDayStartMs(to) + DAY_MS };
}

export function addDays(day: TaipeiDay, n: number): TaipeiDay {
  taipeiDayStartMs(day); // refuses a malformed day
  return shiftTaipeiDay(day, n);
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: TaipeiDay, b: TaipeiDay): number {
  return Math.round((taipeiDayStartMs(b) - taipeiDayStartMs(a)) / DAY_MS);
}

/** Splits from..to (inclusive) into consecutive chunks of at most maxDays Taipei days. */
export function splitDayRange(from: TaipeiDay, to: TaipeiDay, maxDays: number): Array<{ from: TaipeiDay; to: TaipeiDay }> {
  if (daysBetween(from, to) < 0) throw new InputError(`the range ends (${to}) before it starts (${from})`, { msg: msg('input.range_backwards', { fromDay: from, toDay: to }) });
  const chunks: Array<{ from: TaipeiDay; to: TaipeiDay }> = [];
  let cursor = from;
  while (daysBetween(cursor, to) >= 0) {
    const end = daysBetween(cursor, to) >= maxDays ? addDays(cursor, maxDays - 1) : to;
    chunks.push({ from: cursor, to: end });
    cursor = addDays(end, 1);
  }
  return chunks;
}

/** A gateway time: the UTC instant plus the text exactly as the gateway sent it. */
export interface GatewayTime {
  utc: string; // ISO 8601, Z
  original: string;
}

const GATEWAY_TIME_PATTERNS: RegExp[] = [
  // FlashPay: "2022-06-22 15:26:42+08", also without offset or with "+08:00" / "+0800"
  /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)?\s*(?:([+-])(\d{2}):?(\d{2})?)?$/,
  // First Bank: "2016/08/15 09:54:08"
  /^(\d{4})\/(\d{1,2})\/(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})()()()$/,
  // First Bank PayInfo/report: "20160815095408"
  /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})()()()$/,
];

/** Parses any time text the gateways send; a missing offset means Taipei time. */
export function parseGatewayTime(text: string): GatewayTime {
  const original = text;
  const trimmed = text.trim();
  for (const re of GATEWAY_TIME_PATTERNS) {
    const m = re.exec(trimmed);
    if (!m) continue;
    const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    const sign = m[7];
    const offsetMs = sign ? (sign === '-' ? -1 : 1) * (Number(m[8]) * 3600 + Number(m[9] ?? 0) * 60) * 1000 : TAIPEI_OFFSET_MS;
    const ms = Date.UTC(y, mo - 1, d, h, mi, s) - offsetMs;
    const check = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
    if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) break;
    return { utc: new Date(ms).toISOString(), original };
  }
  throw new InputError(`not a time the gateways send: ${JSON.stringify(text)}`, { msg: msg('gateway.bad_time', { text }) });
}

/** Formats an instant as Taipei wall time, 'YYYY-MM-DD HH:mm:ss'. */
export function formatTaipei(instant: Date | number | string): string {
  return formatTaipeiMs(typeof instant === 'string' ? Date.parse(instant) : typeof instant === 'number' ? instant : instant.getTime());
}

/** ISO 8601 with the +08:00 offset, e.g. for `recon orders --json`. */
export function isoTaipei(instant: Date | number | string): string {
  return `${formatTaipei(instant).replace(' ', 'T')}+08:00`;
}
