// Display helpers shared by the core and the renderer (pure, no Node, no DOM), so every screen,
// export and CLI line agrees.

// Money and time live in money-time.ts (the core uses them too); re-exported for the screens.
export { formatCents, formatTaipeiMs, parseAmountInput, taipeiDayOfMs } from './money-time.ts';

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
