// First Bank's signature (seed 004 sections 3.1-3.5, checked byte for byte in vectors/firstbank.json):
// uppercase SHA-256 of HashKey + canonical, canonical = fixed field list plus every other field sent,
// in ordinal order of the names, `Name=value` joined by '&', empty values kept, values raw.
// The bank's own WooCommerce plugin signs another way (docs/VENDOR-SHAPES.md): only the fields whose
// value is not empty, names in case-insensitive natural order. Both rules are spoken here.
import { MalformedAnswerError, SignatureError } from '../../errors.ts';
import { digestEquals, sha256HexUpper } from '../digest.ts';
import { nestedTooDeep } from '../json-depth.ts';
import { msg } from '../../../contract/messages/render.ts';
import { FIRSTBANK_NAME } from './statuses.ts';

/** The form field that carries the signature (the seed calls it HashKey, like the secret). */
export const SIGNATURE_FIELD = 'HashKey';

export const FIELD_LISTS = {
  trade: [
    'Amount', 'AutoCap', 'BonusActionCode', 'ClientIP', 'CreateTime', 'CustomResultPage', 'DueDate', 'ID',
    'InAccountNo', 'OrderAddress', 'OrderArea', 'OrderEmail', 'OrderId', 'OrderReceiver', 'OutAccountNo',
    'PayType', 'PeriodNum', 'PlatFormId', 'ProductName', 'ResURL', 'ShippingFee', 'TimeZone', 'TransTime',
    'TransType',
  ],
  refund: ['Amount', 'OrderId', 'PayType', 'PlatFormId', 'ReCheckId', 'RefundDesc'],
  query: ['Amount', 'OrderId', 'PayType', 'PlatFormId', 'ReCheckId'],
  rate: ['PayType', 'PlatFormId'],
  notify: [
    'Amount', 'Fee', 'LastStatusChgTime', 'OrderId', 'PayInfo', 'PayType', 'PlatFormId', 'PlatFormName',
    'ReCheckId', 'ReturnDesc', 'ReturnStatus', 'ReturnType', 'ShippingFee', 'ToolDesc', 'ToolStatus',
    'TransStatus', 'TransTime',
  ],
  // The seed gives no list for the JSON answers to refund/report/rate; the answer is signed over
  // every field it carries (the fixed list is "every field sent").
  answer: [],
} as const satisfies Record<string, readonly string[]>;

export type FirstBankSignKind = keyof typeof FIELD_LISTS;

export const SIGN_KINDS = Object.keys(FIELD_LISTS) as FirstBankSignKind[];

export function isSignKind(value: string): value is FirstBankSignKind {
  return Object.hasOwn(FIELD_LISTS, value);
}

export type FieldValue = string | number | undefined;
export type FirstBankFields = Record<string, FieldValue>;

/**
 * `seed`: the seed's worked examples (fixed list plus every field sent, empty values kept, names in
 * byte order). `plugin`: First Bank's WooCommerce plugin (only non-empty fields, names ordered by
 * PHP's strnatcasecmp, so TimeoutSecs comes before TimeZone). The seed has no example that tells
 * which the platform itself uses for TimeoutSecs/TimeZone, so a merchant may meet either.
 */
export type SigningRule = 'seed' | 'plugin';
export const SIGNING_RULES: readonly SigningRule[] = ['seed', 'plugin'];

export function isSigningRule(value: string): value is SigningRule {
  return (SIGNING_RULES as readonly string[]).includes(value);
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** PHP's strnatcasecmp for field names: case-insensitive, runs of digits compared as numbers. */
export function naturalCaseOrder(a: string, b: string): number {
  const runs = (s: string) => s.toLowerCase().match(/\d+|\D+/g) ?? [];
  const x = runs(a);
  const y = runs(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i]!;
    const q = y[i]!;
    if (p === q) continue;
    if (/^\d/.test(p) && /^\d/.test(q)) {
      const diff = Number(p) - Number(q);
      if (diff !== 0) return diff < 0 ? -1 : 1;
      continue;
    }
    return byteOrder(p, q);
  }
  return x.length - y.length || byteOrder(a, b);
}

/** The string that is hashed after the key, under the given rule (default: the seed's). */
export function canonicalString(kind: FirstBankSignKind, fields: FirstBankFields, rule: SigningRule = 'seed'): string {
  if (rule === 'plugin') {
    return Object.keys(fields)
      .filter((name) => name !== SIGNATURE_FIELD && fields[name] !== undefined && String(fields[name]) !== '')
      .sort(naturalCaseOrder)
      .map((name) => `${name}=${fields[name]}`)
      .join('&');
  }
  const names = new Set<string>(FIELD_LISTS[kind]);
  for (const [name, value] of Object.entries(fields)) {
    if (name !== SIGNATURE_FIELD && value !== undefined) names.add(name);
  }
  return [...names]
    .sort(byteOrder)
    .map((name) => `${name}=${fields[name] ?? ''}`)
    .join('&');
}

/**
 * `prefix` goes between the key and the canonical string; it is only there to reproduce the seed's
 * examples (3.4 and 3.5 signed a stray space after the key). Real messages use ''.
 */
export function sign(kind: FirstBankSignKind, fields: FirstBankFields, hashKey: string, prefix = '', rule: SigningRule = 'seed'): string {
  return sha256HexUpper(`${hashKey}${prefix}${canonicalString(kind, fields, rule)}`);
}

/** Checks fields.HashKey (either hex case) in constant time. */
export function verify(kind: FirstBankSignKind, fields: FirstBankFields, hashKey: string, prefix = '', rule: SigningRule = 'seed'): boolean {
  const received = fields[SIGNATURE_FIELD];
  if (typeof received !== 'string') return false;
  return digestEquals(sign(kind, fields, hashKey, prefix, rule), received);
}

/** Adds the signature field to a copy of the fields, ready to send. */
export function signFields(kind: FirstBankSignKind, fields: FirstBankFields, hashKey: string, rule: SigningRule = 'seed'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) if (value !== undefined && name !== SIGNATURE_FIELD) out[name] = String(value);
  out[SIGNATURE_FIELD] = sign(kind, out, hashKey, '', rule);
  return out;
}

/**
 * How an incoming signature held, tried in this order: the seed's rule; the seed's rule with the
 * stray space after the key its 3.4/3.5 examples carry; the plugin's rule. Null: none held.
 */
export type SignatureMatch = 'seed' | 'seed-stray-space' | 'plugin';

export function matchSignature(kind: FirstBankSignKind, fields: FirstBankFields, hashKey: string): SignatureMatch | null {
  if (verify(kind, fields, hashKey)) return 'seed';
  if (verify(kind, fields, hashKey, ' ')) return 'seed-stray-space';
  if (verify(kind, fields, hashKey, '', 'plugin')) return 'plugin';
  return null;
}

/**
 * The fields a signature actually covers. Under the plugin's rule an empty field is not signed, so
 * anyone could add, drop or rename one: those are left out rather than believed.
 */
export function authenticatedFields(fields: Record<string, string>, match: SignatureMatch): Record<string, string> {
  if (match !== 'plugin') return fields;
  return Object.fromEntries(Object.entries(fields).filter(([name, value]) => name === SIGNATURE_FIELD || value !== ''));
}

// C0 controls (tab, CR and LF included), DEL, C1 controls, and U+FFFD (what undecodable bytes become).
function isNotText(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f) || code === 0xfffd) return true;
  }
  return false;
}

/**
 * SHA-256(key + message) is open to length extension: from one genuine signature a forger can sign
 * the message plus "glue" padding plus fields of his own, without the key. The glue always holds a
 * 0x80 byte that follows a complete character (so it is never UTF-8 text) and usually NUL bytes;
 * no genuine First Bank value holds either. A signed message whose names or values do is refused.
 */
export function assertSignedText(fields: Record<string, string>, what: string): void {
  for (const [name, value] of Object.entries(fields)) {
    if (isNotText(name) || isNotText(value)) {
      throw new SignatureError(
        `${what}: field ${JSON.stringify(name.replace(/[^\x20-\x7e]/g, '?'))} carries control characters or bytes that are not UTF-8 text, `
        + 'the padding a forged (length-extended) signature needs; refused',
        msg('gateway.forged_padding', { gateway: FIRSTBANK_NAME }),
      );
    }
  }
}

/** UTF-8 urlencoded form body (URLSearchParams), the encoding the platform expects. */
export function encodeForm(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** Parses a urlencoded UTF-8 body; a repeated name keeps its first value. */
export function decodeForm(body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(body.replace(/^\uFEFF/, '').trim())) {
    if (!Object.hasOwn(fields, name)) fields[name] = value;
  }
  return fields;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** application/x-www-form-urlencoded decoding that says so (null) when the bytes are not UTF-8 text. */
function percentDecodeStrict(text: string): string | null {
  const plus = text.replaceAll('+', ' ');
  if (!plus.includes('%')) return plus;
  const bytes: number[] = [];
  for (let i = 0; i < plus.length; ) {
    if (plus[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(plus.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(plus.slice(i + 1, i + 3), 16));
      i += 3;
      continue;
    }
    const ch = String.fromCodePoint(plus.codePointAt(i)!);
    bytes.push(...Buffer.from(ch, 'utf8'));
    i += ch.length;
  }
  try {
    return STRICT_UTF8.decode(new Uint8Array(bytes));
  } catch {
    return null;
  }
}

/**
 * decodeForm for a signed message: percent-escapes that do not decode to UTF-8 text are reported as
 * U+FFFD (which assertSignedText then refuses) instead of being silently replaced.
 */
export function decodeSignedForm(body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const text = body.replace(/^\uFEFF/, '').trim();
  if (text === '') return fields;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const name = percentDecodeStrict(at < 0 ? pair : pair.slice(0, at)) ?? '\ufffd';
    const value = percentDecodeStrict(at < 0 ? '' : pair.slice(at + 1)) ?? '\ufffd';
    if (!Object.hasOwn(fields, name)) fields[name] = value;
  }
  return fields;
}

export interface VerifiedNotification {
  fields: Record<string, string>;
}

function signedNotificationFields(formBody: string): Record<string, string> {
  if (formBody.trim() === '') throw new MalformedAnswerError('First Bank notification is empty', formBody, msg('notify.empty'));
  if (formBody.trim().startsWith('<')) throw new MalformedAnswerError('First Bank notification is an HTML page, not a form body', formBody, msg('notify.html_page', { gateway: FIRSTBANK_NAME }));
  const fields = decodeSignedForm(formBody);
  if (!Object.hasOwn(fields, SIGNATURE_FIELD)) throw new SignatureError('First Bank notification carries no signature (HashKey field)', msg('notify.unsigned', { gateway: FIRSTBANK_NAME }));
  assertSignedText(fields, 'First Bank notification');
  return fields;
}

const NOTIFICATION_MISMATCH = 'First Bank notification signature does not match: forged, altered, or the HashKey is wrong';

/**
 * The 3.5 async notification under one rule (default: the seed's, no stray space): parse, refuse
 * glue padding, then verify; SignatureError when the signature is missing or wrong.
 */
export function parseNotification(formBody: string, hashKey: string, prefix = '', rule: SigningRule = 'seed'): VerifiedNotification {
  const fields = signedNotificationFields(formBody);
  if (!verify('notify', fields, hashKey, prefix, rule)) throw new SignatureError(NOTIFICATION_MISMATCH, msg('gateway.signature_mismatch', { gateway: FIRSTBANK_NAME }));
  return { fields: authenticatedFields(fields, rule === 'plugin' ? 'plugin' : 'seed') };
}

export interface MatchedNotification extends VerifiedNotification {
  match: SignatureMatch;
}

/** The 3.5 notification as a merchant receives it: every rule of matchSignature is tried, in order. */
export function parseNotificationAnyRule(formBody: string, hashKey: string): MatchedNotification {
  const fields = signedNotificationFields(formBody);
  const match = matchSignature('notify', fields, hashKey);
  if (match === null) throw new SignatureError(NOTIFICATION_MISMATCH, msg('gateway.signature_mismatch', { gateway: FIRSTBANK_NAME }));
  return { fields: authenticatedFields(fields, match), match };
}

function flattenValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * PayInfo is a JSON object string, but the seed's examples show only the inside of one
 * (`"AuthCode" : "AB1234", ...` without braces): both are accepted. Values come back as text.
 */
export function parsePayInfo(text: string): Record<string, string> {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  const source = trimmed.startsWith('{') ? trimmed : `{${trimmed}}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch {
    throw new MalformedAnswerError('First Bank PayInfo is not JSON', text);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MalformedAnswerError('First Bank PayInfo is not a JSON object', text);
  }
  if (nestedTooDeep(parsed)) throw new MalformedAnswerError('First Bank PayInfo is JSON nested too deeply', text);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) out[name] = flattenValue(value);
  return out;
}

/**
 * A refund/report/rate answer body: a JSON object (sometimes double-encoded as a JSON string).
 * Values are returned as text, as they would be signed.
 */
export function parseAnswerJson(body: string): Record<string, string> {
  const text = body.replace(/^\uFEFF/, '').trim();
  if (text === '') throw new MalformedAnswerError('First Bank answer is empty', body);
  if (text.startsWith('<')) throw new MalformedAnswerError('First Bank answer is an HTML page, not JSON', body);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
    if (typeof parsed === 'string') parsed = JSON.parse(parsed);
  } catch {
    throw new MalformedAnswerError('First Bank answer is not JSON', body);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MalformedAnswerError('First Bank answer is not a JSON object', body);
  }
  if (nestedTooDeep(parsed)) throw new MalformedAnswerError('First Bank answer is JSON nested too deeply', body);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) out[name] = flattenValue(value);
  return out;
}

/**
 * Verifies a signed answer (signature over all its fields) under each rule of matchSignature and
 * says which held, with the fields that signature covers; an unsigned answer passes unchanged (match
 * null). Glue padding (control characters, U+FFFD) in a signed answer is refused.
 */
export function verifyAnswer(fields: Record<string, string>, hashKey: string): { match: SignatureMatch | null; fields: Record<string, string> } {
  if (!Object.hasOwn(fields, SIGNATURE_FIELD)) return { match: null, fields };
  assertSignedText(fields, 'First Bank answer');
  const match = matchSignature('answer', fields, hashKey);
  if (match === null) throw new SignatureError('First Bank answer signature does not match: altered in transit, or the HashKey is wrong', msg('gateway.signature_mismatch', { gateway: FIRSTBANK_NAME }));
  return { match, fields: authenticatedFields(fields, match) };
}

/** The note kept with a stored answer whose signature held only under another rule than the seed's. */
export function signatureMatchNote(match: SignatureMatch | null | undefined): string {
  if (match === 'seed-stray-space') return 'signature holds with a stray space after the HashKey (as in the seed\'s 3.4/3.5 examples)';
  if (match === 'plugin') return 'signature holds under the WooCommerce plugin\'s rule (empty fields left out, case-insensitive order), not the seed\'s';
  return '';
}
