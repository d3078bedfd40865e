// One verdict on a received First Bank notification, shared by `recon firstbank verify` and the
// notification inspector so both accept, refuse and label exactly alike (issue #20): which signing
// rule held, and what about the message a person should know before believing it.
import { type SignatureMatch, parseNotificationAnyRule } from './codec.ts';
import { type FirstBankOrder, parseFirstBankOrder } from './orders.ts';

export type FirstBankNoteCode = 'signed-stray-space' | 'signed-plugin-rule' | 'tool-status-swapped' | 'paid-status-not-confirmed';

export interface FirstBankNote {
  code: FirstBankNoteCode;
  message: string;
}

export interface CheckedFirstBankNotification {
  /** The fields the signature covers (under the plugin's rule, empty fields are not among them). */
  fields: Record<string, string>;
  match: SignatureMatch;
  order: FirstBankOrder;
  notes: FirstBankNote[];
}

const NOTES: Record<FirstBankNoteCode, string> = {
  'signed-stray-space': 'signed with a stray space after the HashKey (as in the seed\'s 3.5 example); the signature holds that way',
  'signed-plugin-rule': 'signed under the WooCommerce plugin\'s rule (empty fields left out, names in case-insensitive order), not the seed\'s; the signature holds that way, and empty fields are not covered by it',
  'tool-status-swapped': 'ToolStatus and ToolDesc look swapped (as in the seed\'s 3.5 example)',
  'paid-status-not-confirmed': 'TransStatus 2 but ToolStatus is not 0000: not a confirmed payment',
};

const note = (code: FirstBankNoteCode): FirstBankNote => ({ code, message: NOTES[code] });

/**
 * Verifies (seed rule, then the seed's stray space, then the plugin's rule; glue padding refused) and
 * reads the notification. Throws SignatureError / MalformedAnswerError like parseNotification.
 */
export function checkFirstBankNotification(formBody: string, hashKey: string): CheckedFirstBankNotification {
  const { fields, match } = parseNotificationAnyRule(formBody, hashKey);
  const notes: FirstBankNote[] = [];
  if (match === 'seed-stray-space') notes.push(note('signed-stray-space'));
  if (match === 'plugin') notes.push(note('signed-plugin-rule'));
  const order = parseFirstBankOrder(fields);
  if (order.toolStatus && !/^\d{4}$/.test(order.toolStatus) && /^\d{4}$/.test(order.toolDesc ?? '')) notes.push(note('tool-status-swapped'));
  if (order.transStatusCode === '2' && !order.paid) notes.push(note('paid-status-not-confirmed'));
  return { fields, match, order, notes };
}
