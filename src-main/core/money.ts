// Money is integer minor units (cents) end to end. Gateways send decimal strings ("500.00", "500.98")
// or integers (First Bank, NTD); both are parsed exactly, never through a float.
import { InputError } from './errors.ts';
import { formatCents, parseDecimalCents } from '../contract/money-time.ts';
import { msg } from '../contract/messages/render.ts';

/** Integer cents. A plain number: every amount a merchant sees is far below 2^53 cents. */
export type Cents = number;

/**
 * A well-formed amount whose cents are not a safe integer (2^53 cents or more): it cannot be held
 * exactly, so a gateway answer carrying one is kept raw and flagged rather than read.
 */
export class InexactAmountError extends InputError {}

/** Parses "500", "500.9", "500.98", "1,234.50" (thousands separators allowed) into cents. */
export function parseCents(text: string | number, what = 'amount'): Cents {
  if (typeof text === 'number') {
    if (!Number.isSafeInteger(text)) throw new InputError(`${what} must be a whole number of dollars or a decimal string, got ${text}`, { msg: msg('input.not_amount', { text: String(text) }) });
    if (!Number.isSafeInteger(text * 100)) throw new InexactAmountError(`${what} is too large to hold exactly: ${text}`, { msg: msg('input.amount_too_large', { text: String(text) }) });
    return text * 100;
  }
  // The one parser, shared with the renderer's amount boxes.
  const parsed = parseDecimalCents(text);
  if (!parsed.ok) {
    if (parsed.problem === 'too_large') throw new InexactAmountError(`${what} is too large to hold exactly: ${JSON.stringify(text)}`, { msg: msg('input.amount_too_large', { text }) });
    throw new InputError(`${what} is not a decimal amount: ${JSON.stringify(text)}`, { msg: msg('input.not_amount', { text }) });
  }
  return parsed.cents;
}

/** Like parseCents, but an empty string or missing value is zero (gateways send "" for "none"). */
export function parseCentsOrZero(text: string | number | undefined | null, what = 'amount'): Cents {
  if (text === undefined || text === null || text === '') return 0;
  return parseCents(text, what);
}

/** The one formatting helper lives with the contract so the renderer shares it. */
export { formatCents };

/** Whole dollars for APIs that take integers (First Bank Amount, FlashPay amt); refuses fractions. */
export function centsToWholeDollars(cents: Cents, what = 'amount'): number {
  if (cents % 100 !== 0) throw new InputError(`${what} ${formatCents(cents)} has cents; this gateway takes whole NTD only`, { msg: msg('input.whole_dollars_only', { amountCents: cents }) });
  return cents / 100;
}
