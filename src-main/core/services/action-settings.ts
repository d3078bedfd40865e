// The action settings kept in the `settings` table (defaults written by migration 3): above which
// amount the operator must type the amount to confirm. (Migration 3 also wrote
// `actions.settleSeconds`; it is no longer read: an unchanged status after a lost request proves
// nothing, however long ago it was sent, so no time decides that an action did not happen.)
import type { App } from '../app.ts';
import { InputError } from '../errors.ts';
import type { Cents } from '../money.ts';
import { settingsStore } from '../store/settings.ts';
import { msg } from '../../contract/messages/render.ts';

export const TYPED_AMOUNT_KEY = 'actions.typedAmountThresholdCents';
export const DEFAULT_TYPED_AMOUNT_THRESHOLD: Cents = 1_000_000;

function readInt(app: App, key: string, fallback: number): number {
  const text = settingsStore(app.db).get(key);
  const n = text === undefined ? Number.NaN : Number(text);
  return Number.isSafeInteger(n) && n >= 0 ? n : fallback;
}

function writeInt(app: App, key: string, value: number): void {
  settingsStore(app.db).set(key, String(value));
}

/** Two-person approval on a team server (migration 013 writes the defaults). */
export const APPROVAL_THRESHOLD_KEY = 'approvals.thresholdCents';
export const APPROVAL_EXPIRES_HOURS_KEY = 'approvals.expiresHours';
/** NT$50,000: more than a support clerk should move alone, above most single retail orders. */
export const DEFAULT_APPROVAL_THRESHOLD: Cents = 5_000_000;
export const DEFAULT_APPROVAL_EXPIRES_HOURS = 24;
/** A request may live at most 30 days: an approval weeks later is no longer about the same customer. */
export const MAX_APPROVAL_EXPIRES_HOURS = 720;

export function approvalThreshold(app: App): Cents {
  return readInt(app, APPROVAL_THRESHOLD_KEY, DEFAULT_APPROVAL_THRESHOLD);
}

export function approvalExpiresHours(app: App): number {
  const h = readInt(app, APPROVAL_EXPIRES_HOURS_KEY, DEFAULT_APPROVAL_EXPIRES_HOURS);
  return h >= 1 && h <= MAX_APPROVAL_EXPIRES_HOURS ? h : DEFAULT_APPROVAL_EXPIRES_HOURS;
}

/** Validated before anything is written; either may be left as it is. */
export function setApprovalSettings(app: App, p: { thresholdCents?: Cents; expiresHours?: number }): void {
  if (p.thresholdCents !== undefined && (!Number.isSafeInteger(p.thresholdCents) || p.thresholdCents <= 0)) {
    throw new InputError('the approval threshold must be a positive amount', { msg: msg('approvals.bad_threshold') });
  }
  if (p.expiresHours !== undefined && (!Number.isSafeInteger(p.expiresHours) || p.expiresHours < 1 || p.expiresHours > MAX_APPROVAL_EXPIRES_HOURS)) {
    throw new InputError(`a request lives 1 to ${MAX_APPROVAL_EXPIRES_HOURS} hours`, { msg: msg('approvals.bad_expiry', { max: MAX_APPROVAL_EXPIRES_HOURS }) });
  }
  if (p.thresholdCents !== undefined) writeInt(app, APPROVAL_THRESHOLD_KEY, p.thresholdCents);
  if (p.expiresHours !== undefined) writeInt(app, APPROVAL_EXPIRES_HOURS_KEY, p.expiresHours);
}

export function typedAmountThreshold(app: App): Cents {
  return readInt(app, TYPED_AMOUNT_KEY, DEFAULT_TYPED_AMOUNT_THRESHOLD);
}

export function setTypedAmountThreshold(app: App, cents: Cents): void {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new InputError('the typed-amount threshold must be a non-negative amount', { msg: msg('input.threshold_negative') });
  writeInt(app, TYPED_AMOUNT_KEY, cents);
}
