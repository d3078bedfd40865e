// Cleaning what a person typed for a money action: the operator's name and the reason, and the shape
// of an execute request (amount as typed, confirmation, idempotency key).
import os from 'node:os';
import { InputError } from '../errors.ts';
import { type Cents, parseCents } from '../money.ts';
import type { ActionKind } from '../store/actions.ts';
import { msg } from '../../contract/messages/render.ts';
import { signedInOperator } from '../operator-context.ts';

export interface ExecuteRequest {
  profile: string;
  orderNo: string;
  kind: ActionKind;
  /** As typed ("1,200" or "1200.00"), or cents. */
  amount: string | Cents;
  reason?: string;
  operator?: string;
  /** The operator confirmed (the dialog's button, `--yes`). */
  confirmed: boolean;
  /** For amounts at or above the threshold: the amount typed again. */
  typedAmount?: string;
  /**
   * A retried request with the same key returns the first one's outcome instead of acting again. The
   * key is bound to profile + order + kind + amount: reuse with anything different is refused.
   */
  idempotencyKey?: string;
}

export function defaultOperator(env: Record<string, string | undefined> = process.env): string {
  const signedIn = signedInOperator();
  if (signedIn !== undefined) return signedIn;
  try {
    return os.userInfo().username || env.USER || env.USERNAME || 'operator';
  } catch {
    return env.USER || env.USERNAME || 'operator';
  }
}

export function cleanOperator(text: string | undefined): string {
  const name = (text ?? '').trim() || defaultOperator();
  // eslint-disable-next-line no-control-regex -- control characters are exactly what a name must not carry
  if (name.length > 64 || /[\u0000-\u001f]/.test(name)) throw new InputError('the operator name is 1-64 printable characters', { msg: msg('input.operator_name') });
  return name;
}

export function cleanReason(text: string | undefined): string {
  const reason = (text ?? '').trim();
  if (reason.length > 200) throw new InputError('the reason is at most 200 characters', { msg: msg('input.reason_too_long', { max: 200 }) });
  return reason;
}


/** The amount of a money action or of a request for one: as typed or in cents, and positive. */
export function cleanAmount(amount: string | Cents): Cents {
  const cents = typeof amount === 'number' ? amount : parseCents(amount, 'the amount');
  if (!Number.isSafeInteger(cents) || cents <= 0) throw new InputError('the amount must be positive', { msg: msg('input.amount_not_positive') });
  return cents;
}

export function cleanOrderNo(text: string): string {
  const orderNo = text.trim();
  if (orderNo === '') throw new InputError('the order number is empty', { msg: msg('input.order_no_empty') });
  return orderNo;
}
