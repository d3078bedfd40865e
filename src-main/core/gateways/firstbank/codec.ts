// First Bank's signature (seed 004 sections 3.1-3.5, checked byte for byte in vectors/firstbank.json):
// uppercase SHA-256 of HashKey + canonical, canonical = fixed field list plus every other field sent,
// in ordinal order of the names, `Name=value` joined by '&', empty values kept, values raw.
import { MalformedAnswerError, SignatureError } from '../../errors.ts';
import { digestEquals, sha256HexUpper } from '../digest.ts';
import { nestedTooDeep } from '../json-depth.ts';

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

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The string that is hashed after the key: fixed fields (empty when absent) plus every field present. */
export function canonicalString(kind: FirstBankSignKind, fields: FirstBankFields): string {
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
export function sign(kind: FirstBankSignKind, fields: FirstBankFields, hashKey: string, prefix = ''): string {
  return sha256HexUpper(`${hashKey}${prefix}${canonicalString(kind, fields)}`);
}

/** Checks fields.HashKey (either hex case) in constant time. */
export function verify(kind: FirstBankSignKind, fields: FirstBankFields, hashKey: string, prefix = ''): boolean {
  const received = fields[SIGNATURE_FIELD];
  if (typeof received !== 'string') return false;
  return digestEquals(sign(kind, fields, hashKey, prefix), received);
}

/** Adds the signature field to a copy of the fields, ready to send. */
export function signFields(kind: FirstBankSignKind, fields: FirstBankFields, hashKey: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) if (value !== undefined && name !== SIGNATURE_FIELD) out[name] = String(value);
  out[SIGNATURE_FIELD] = sign(kind, out, hashKey);
  return out;
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

export interface VerifiedNotification {
  fields: Record<string, string>;
}

/** The 3.5 async notification: parse, then verify; SignatureError when the signature is missing or wrong. */
export function parseNotification(formBody: string, hashKey: string, prefix = ''): VerifiedNotification {
  if (formBody.trim() === '') throw new MalformedAnswerError('First Bank notification is empty', formBody);
  if (formBody.trim().startsWith('<')) throw new MalformedAnswerError('First Bank notification is an HTML page, not a form body', formBody);
  const fields = decodeForm(formBody);
  if (!Object.hasOwn(fields, SIGNATURE_FIELD)) throw new SignatureError('First Bank notification carries no signature (HashKey field)');
  if (!verify('notify', fields, hashKey, prefix)) {
    throw new SignatureError('First Bank notification signature does not match: forged, altered, or the HashKey is wrong');
  }
  return { fields };
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

/** Verifies a signed answer (signature over all its fields); unsigned answers pass unchanged. */
export function verifyAnswer(fields: Record<string, string>, hashKey: string): void {
  if (!Object.hasOwn(fields, SIGNATURE_FIELD)) return;
  if (!verify('answer', fields, hashKey)) {
    throw new SignatureError('First Bank answer signature does not match: altered in transit, or the HashKey is wrong');
  }
}
