// FlashPay's envelope (seed 000 section 4, as corrected in PROTOCOL-NOTES.md): dat is AES-256-CBC over
// the JSON alone; key hashes HashKey + json + HashIV; chk hashes dat exactly as sent. Pure functions:
// the client and the sandbox server both build on these.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { DecryptError, InputError, MalformedAnswerError, SignatureError } from '../../errors.ts';
import { digestEquals, sha256HexUpper } from '../digest.ts';
import { nestedTooDeep } from '../json-depth.ts';
import { msg } from '../../../contract/messages/render.ts';

export const FLASHPAY_VERSION = '1.0.0';

export interface FlashPayKeys {
  hashKey: string;
  hashIv: string;
}

export interface FlashPayCredentials extends FlashPayKeys {
  merId: string;
}

/** The five fields POSTed to FlashPay. */
export interface FlashPayEnvelope {
  ver: typeof FLASHPAY_VERSION;
  mid: string;
  dat: string;
  key: string;
  chk: string;
}

export interface FlashPayDataAnswer {
  kind: 'data';
  payload: Record<string, unknown>;
  /** The decrypted JSON text, byte for byte (escaped slashes and all), for audit storage. */
  json: string;
  raw: string;
  chkValid: true;
}

/** FlashPay reports server errors as plain, unencrypted JSON (section 4(2)d). */
export interface FlashPayErrorAnswer {
  kind: 'error';
  payload: Record<string, unknown>;
  raw: string;
}

export type FlashPayAnswer = FlashPayDataAnswer | FlashPayErrorAnswer;

export interface OpenedEnvelope {
  payload: Record<string, unknown>;
  json: string;
  mid: string;
  ver: string;
}

/** What a body turned out to be before any cryptography: envelope fields, or a plain JSON object. */
export type EnvelopeBody =
  | { kind: 'fields'; fields: Record<string, string> }
  | { kind: 'plain'; payload: Record<string, unknown> };

function keyMaterial(keys: FlashPayKeys): { key: Buffer; iv: Buffer } {
  // Lengths only: the values themselves must never reach a message or a log.
  const key = Buffer.from(keys.hashKey, 'utf8');
  const iv = Buffer.from(keys.hashIv, 'utf8');
  if (key.length !== 32) throw new InputError(`the FlashPay HashKey must be 32 bytes; the one configured is ${key.length} bytes`, { msg: msg('profile.secret_length', { secret: 'HashKey', length: 32 }) });
  if (iv.length !== 16) throw new InputError(`the FlashPay HashIV must be 16 bytes; the one configured is ${iv.length} bytes`, { msg: msg('profile.secret_length', { secret: 'HashIV', length: 16 }) });
  return { key, iv };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** AES-256-CBC/PKCS#7 of the JSON text, as lowercase hex (what FlashPay itself sends). */
export function encryptDat(json: string, keys: FlashPayKeys): string {
  const { key, iv } = keyMaterial(keys);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]).toString('hex');
}

function hexToBytes(dat: string): Buffer {
  if (dat.length === 0) throw new DecryptError('dat is empty');
  if (dat.length % 2 !== 0) throw new DecryptError(`dat has an odd number of hex digits (${dat.length}); it was truncated or corrupted`);
  // Buffer.from(hex) silently stops at the first bad digit, so validate first.
  if (!/^[0-9a-fA-F]+$/.test(dat)) throw new DecryptError('dat contains characters that are not hex digits');
  const bytes = Buffer.from(dat, 'hex');
  if (bytes.length % 16 !== 0) {
    throw new DecryptError(`dat is ${bytes.length} bytes, not a whole number of 16-byte AES blocks; it was truncated`);
  }
  return bytes;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Decrypts hex dat (either case) to the JSON text; DecryptError for bad hex, padding or keys. */
export function decryptDat(dat: string, keys: FlashPayKeys): string {
  const bytes = hexToBytes(dat);
  const { key, iv } = keyMaterial(keys);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    plain = Buffer.concat([decipher.update(bytes), decipher.final()]);
  } catch (err) {
    throw new DecryptError('could not decrypt dat: wrong HashKey/HashIV for this merchant, or corrupted data (bad padding)', { cause: err, msg: msg('gateway.wrong_keys', { gateway: 'FlashPay' }) });
  }
  try {
    return STRICT_UTF8.decode(plain);
  } catch (err) {
    // Wrong keys pass the padding check about once in 256 tries; the junk is then not UTF-8.
    throw new DecryptError('dat decrypted to bytes that are not UTF-8 text: wrong HashKey/HashIV for this merchant?', { cause: err, msg: msg('gateway.wrong_keys', { gateway: 'FlashPay' }) });
  }
}

/** chk: uppercase SHA-256 of dat exactly as sent. */
export function computeChk(dat: string): string {
  return sha256HexUpper(dat);
}

/** key: uppercase SHA-256 of HashKey + json + HashIV. */
export function computeKey(json: string, keys: FlashPayKeys): string {
  return sha256HexUpper(`${keys.hashKey}${json}${keys.hashIv}`);
}

export function sealEnvelope(payloadJson: string, creds: FlashPayCredentials): FlashPayEnvelope {
  const dat = encryptDat(payloadJson, creds);
  return { ver: FLASHPAY_VERSION, mid: creds.merId, dat, key: computeKey(payloadJson, creds), chk: computeChk(dat) };
}

/** Field order in the payload is the caller's: JSON.stringify keeps insertion order. */
export function buildRequest(payload: object, creds: FlashPayCredentials): FlashPayEnvelope {
  return sealEnvelope(JSON.stringify(payload), creds);
}

/** Server side: the form-encoded answer FlashPay sends (`ver=1.0.0&dat=<lower hex>&chk=<UPPER>`). */
export function sealAnswer(payloadJson: string, keys: FlashPayKeys): string {
  const dat = encryptDat(payloadJson, keys);
  return `ver=${FLASHPAY_VERSION}&dat=${dat}&chk=${computeChk(dat)}`;
}

function toStringFields(source: Record<string, unknown>, what: string, body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (typeof value === 'string') fields[name] = value;
    else if (name === 'dat' || name === 'chk' || name === 'key') throw new MalformedAnswerError(`${what}: ${name} is not a string`, body);
    else if (typeof value === 'number') fields[name] = String(value);
  }
  return fields;
}

/** Classifies a body: a form body or JSON object with envelope fields, or a plain JSON object. */
export function parseEnvelopeBody(body: string | Record<string, unknown>, what = 'FlashPay answer'): EnvelopeBody {
  if (isPlainObject(body)) {
    if (nestedTooDeep(body)) throw new MalformedAnswerError(`${what} is JSON nested too deeply to be one`, '(not shown)');
    if (!('dat' in body)) return { kind: 'plain', payload: body };
    return { kind: 'fields', fields: toStringFields(body, what, JSON.stringify(body)) };
  }
  const text = body.replace(/^\uFEFF/, '').trim();
  if (text === '') throw new MalformedAnswerError(`${what} is empty`, body);
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new MalformedAnswerError(`${what} starts like JSON but does not parse`, body);
    }
    if (!isPlainObject(parsed)) throw new MalformedAnswerError(`${what} is JSON but not an object`, body);
    if (nestedTooDeep(parsed)) throw new MalformedAnswerError(`${what} is JSON nested too deeply to be one`, body);
    if (!('dat' in parsed)) return { kind: 'plain', payload: parsed };
    return { kind: 'fields', fields: toStringFields(parsed, what, body) };
  }
  if (text.startsWith('<')) throw new MalformedAnswerError(`${what} is an HTML page, not a FlashPay envelope`, body);
  const params = new URLSearchParams(text);
  if (!params.has('dat')) throw new MalformedAnswerError(`${what} is neither a form body with dat nor a JSON object`, body);
  const fields: Record<string, string> = {};
  for (const [name, value] of params) if (!(name in fields)) fields[name] = value;
  return { kind: 'fields', fields };
}

function requireField(fields: Record<string, string>, name: string, what: string, body: string): string {
  const value = fields[name];
  if (value === undefined || value === '') throw new MalformedAnswerError(`${what} has no ${name}`, body);
  return value.trim();
}

function parsePayloadJson(json: string, what: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new MalformedAnswerError(`${what}: dat decrypted to text that is not JSON`, json);
  }
  if (!isPlainObject(parsed)) throw new MalformedAnswerError(`${what}: dat decrypted to JSON that is not an object`, json);
  if (nestedTooDeep(parsed)) throw new MalformedAnswerError(`${what}: dat decrypted to JSON nested too deeply`, json);
  return parsed;
}

function checkChk(dat: string, chk: string, what: string): void {
  if (!digestEquals(computeChk(dat), chk)) {
    throw new SignatureError(`${what}: chk does not match dat (tampered or truncated in transit)`, msg('gateway.chk_mismatch', { gateway: 'FlashPay' }));
  }
}

function checkKey(json: string, key: string, keys: FlashPayKeys, what: string): void {
  if (!digestEquals(computeKey(json, keys), key)) {
    throw new SignatureError(`${what}: key does not match the decrypted data (wrong HashKey/HashIV, or tampered)`, msg('gateway.wrong_keys', { gateway: 'FlashPay' }));
  }
}

/**
 * Client side: opens an answer or a return_url notification (form or JSON body). chk is checked over
 * dat as received, before decrypting. A `key` field, present only in request envelopes, is checked
 * too, so this also opens a captured request.
 */
export function openAnswer(body: string, keys: FlashPayKeys): FlashPayAnswer {
  const what = 'FlashPay answer';
  const shape = parseEnvelopeBody(body, what);
  if (shape.kind === 'plain') return { kind: 'error', payload: shape.payload, raw: body };
  const dat = requireField(shape.fields, 'dat', what, body);
  const chk = requireField(shape.fields, 'chk', what, body);
  checkChk(dat, chk, what);
  const json = decryptDat(dat, keys);
  const key = shape.fields.key;
  if (key !== undefined && key !== '') checkKey(json, key, keys, what);
  return { kind: 'data', payload: parsePayloadJson(json, what), json, raw: body, chkValid: true };
}

/**
 * Server side (the sandbox): opens an envelope a merchant POSTed, as a JSON object or form body.
 * Checks chk, decrypts, then checks key against the plaintext. Use parseEnvelopeBody first when the
 * credentials depend on `mid`.
 */
export function openEnvelope(body: string | Record<string, unknown>, keys: FlashPayKeys): OpenedEnvelope {
  const what = 'FlashPay request';
  const rawText = typeof body === 'string' ? body : JSON.stringify(body);
  const shape = parseEnvelopeBody(body, what);
  if (shape.kind === 'plain') throw new MalformedAnswerError(`${what} has no dat`, rawText);
  const mid = requireField(shape.fields, 'mid', what, rawText);
  const dat = requireField(shape.fields, 'dat', what, rawText);
  const key = requireField(shape.fields, 'key', what, rawText);
  const chk = requireField(shape.fields, 'chk', what, rawText);
  checkChk(dat, chk, what);
  const json = decryptDat(dat, keys);
  checkKey(json, key, keys, what);
  return { payload: parsePayloadJson(json, what), json, mid, ver: shape.fields.ver ?? '' };
}
