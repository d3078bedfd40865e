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

export function typedAmountThreshold(app: App): Cents {
  return readInt(app, TYPED_AMOUNT_KEY, DEFAULT_TYPED_AMOUNT_THRESHOLD);
}

export function setTypedAmountThreshold(app: App, cents: Cents): void {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new InputError('the typed-amount threshold must be a non-negative amount', { msg: msg('input.threshold_negative') });
  writeInt(app, TYPED_AMOUNT_KEY, cents);
}
