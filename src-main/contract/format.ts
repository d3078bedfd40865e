// Display helpers shared by the core and the renderer (pure, no Node, no DOM): the one money
// formatter and the one Taipei wall-clock formatter, so every screen, export and CLI line agrees.

/** 123456 -> "1234.56" (plain) or "1,234.56" (grouped). Cents are integers. */
export function formatCents(cents: number, options: { grouped?: boolean } = {}): string {
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const whole = Math.trunc(abs / 100);
  const frac = String(abs % 100).padStart(2, '0');
  const wholeText = options.grouped ? whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',') : String(whole);
  return `${negative ? '-' : ''}${wholeText}.${frac}`;
}

const TAIPEI_OFFSET_MS = 8 * 3600 * 1000;

/** UTC ms -> 'YYYY-MM-DD HH:mm:ss' in Asia/Taipei (UTC+8, no DST since 1979), whatever the machine TZ. */
export function formatTaipeiMs(ms: number): string {
  return new Date(ms + TAIPEI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** UTC ms -> the Taipei day 'YYYY-MM-DD'. */
export function taipeiDayOfMs(ms: number): string {
  return new Date(ms + TAIPEI_OFFSET_MS).toISOString().slice(0, 10);
}

/** What a person types in an amount box ("1,200", "99.5") -> cents; null when empty; NaN when invalid. */
export function parseAmountInput(text: string): number | null {
  const t = text.trim().replace(/,/g, '');
  if (t === '') return null;
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return Number.NaN;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** A masked card as a clerk reads it: brand (from the first digits, when the gateway gives them) and
 *  the last four, e.g. "Visa ••4444". Null when the gateway reported no card. */
export function cardLabel(masked: string | null): string | null {
  if (!masked) return null;
  const last4 = /(\d{4})$/.exec(masked)?.[1];
  if (!last4) return masked;
  const two = Number(masked.slice(0, 2));
  const four = Number(masked.slice(0, 4));
  const brand = !/^\d{2}/.test(masked)
    ? ''
    : masked.startsWith('4')
      ? 'Visa'
      : (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)
        ? 'Mastercard'
        : two === 35
          ? 'JCB'
          : two === 34 || two === 37
            ? 'Amex'
            : two === 62
              ? 'UnionPay'
              : '';
  return `${brand ? `${brand} ` : ''}••${last4}`;
}
