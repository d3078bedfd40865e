// Money and Taipei time, pure (no Node, no DOM), shared by the core and the renderer so that an
// amount typed in a box and a day shown on a screen mean the same on both sides of the bridge.
// Asia/Taipei has been UTC+8 without daylight saving since 1979: a fixed offset is exact and never
// depends on the machine's TZ.

export const TAIPEI_OFFSET_MS = 8 * 3600 * 1000;
export const DAY_MS = 24 * 3600 * 1000;

/** 123456 -> "1234.56" (plain) or "1,234.56" (grouped). Cents are integers. */
export function formatCents(cents: number, options: { grouped?: boolean } = {}): string {
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const whole = Math.trunc(abs / 100);
  const frac = String(abs % 100).padStart(2, '0');
  const wholeText = options.grouped ? whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',') : String(whole);
  return `${negative ? '-' : ''}${wholeText}.${frac}`;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d{1,2})0*)?$/;

export type DecimalCents = { ok: true; cents: number } | { ok: false; problem: 'not_decimal' | 'too_large' };

/**
 * "500", "500.9", "500.98", "1,234.50" -> cents, exactly (never through a float). A comma counts only
 * as a thousands separator: "12,80" is not a decimal amount (it is not 1,280 either).
 */
export function parseDecimalCents(text: string): DecimalCents {
  const cleaned = text.trim().replace(/,(?=\d{3}(\D|$))/g, '');
  const m = DECIMAL.exec(cleaned);
  if (!m) return { ok: false, problem: 'not_decimal' };
  const [, sign, whole, frac = ''] = m;
  const cents = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) return { ok: false, problem: 'too_large' };
  return { ok: true, cents: sign === '-' ? -cents : cents };
}

/** What a person types in an amount box ("1,200", "99.5") -> cents; null when empty; NaN when invalid or negative. */
export function parseAmountInput(text: string): number | null {
  if (text.trim() === '') return null;
  const parsed = parseDecimalCents(text);
  return parsed.ok && parsed.cents >= 0 && !text.trim().startsWith('-') ? parsed.cents : Number.NaN;
}

/** UTC ms -> 'YYYY-MM-DD HH:mm:ss' in Asia/Taipei, whatever the machine TZ. */
export function formatTaipeiMs(ms: number): string {
  return new Date(ms + TAIPEI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** UTC ms -> the Taipei day 'YYYY-MM-DD'. */
export function taipeiDayOfMs(ms: number): string {
  return new Date(ms + TAIPEI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Taipei day n days after (or before) a 'YYYY-MM-DD' (the core validates the day first). */
export function shiftTaipeiDay(day: string, n: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new RangeError(`not a day: ${JSON.stringify(day)}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + n * DAY_MS).toISOString().slice(0, 10);
}
