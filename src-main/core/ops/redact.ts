// Redaction for everything written to the log: secrets the process has handled (registered as they
// are read from or written to the keychain), values under secret-looking names in any notation
// (JSON, form, header), and card numbers. Applied to each finished log line, so a secret inside an
// error message or a stack is caught as well as one in a field.
import { maskPans } from '../pan.ts';

const known = new Set<string>();

/** Secrets shorter than this are not searched for: they would censor ordinary words. */
const MIN_SECRET = 6;

/** A secret this process now holds (a HashKey, a HashIV, the web shell's token): never logged. */
export function rememberSecret(secret: string | null | undefined): void {
  if (typeof secret === 'string' && secret.length >= MIN_SECRET) known.add(secret);
}

const SECRET_NAMES = String.raw`hash_?key|hash_?iv|hashkey|hashiv|token|password|passwd|secret|authorization|cookie|api_?key|x-recon-token`;
// name": "value" | name=value | name: value — the value runs to the next quote, &, comma, brace or space.
const NAMED_VALUE = new RegExp(String.raw`((?:${SECRET_NAMES})\\?["']?\s*[:=]\s*\\?["']?)(?!\[redacted\])([^"'&\s,;}\\]+)`, 'gi');
// Card numbers typed with spaces or dashes: 4311 9522 2222 2222 (order numbers never are).
const SPACED_PAN = /(?<!\d)(\d{4})[ -](\d{4})[ -](\d{4})[ -](\d{1,7})(?!\d)/g;
// A field that names a card number is masked whether or not the digits pass Luhn (test cards may not).
const CARD_FIELD = /((?:card_?id|card_?no|card_?number|cardnumber|pan)\\?["']?\s*[:=]\s*\\?["']?)(\d{6})(\d{3,9})(\d{4})(?!\d)/gi;

export const REDACTED = '[redacted]';

export function redactText(text: string): string {
  let out = text;
  for (const s of known) {
    if (!out.includes(s)) continue;
    out = out.split(s).join(REDACTED);
  }
  for (const s of known) {
    const hex = Buffer.from(s, 'utf8').toString('hex');
    if (out.includes(hex)) out = out.split(hex).join(REDACTED);
    if (out.includes(hex.toUpperCase())) out = out.split(hex.toUpperCase()).join(REDACTED);
    const b64 = Buffer.from(s, 'utf8').toString('base64').replace(/=+$/, '');
    if (out.includes(b64)) out = out.split(b64).join(REDACTED);
  }
  out = out.replace(NAMED_VALUE, (_m, name: string) => `${name}${REDACTED}`);
  out = out.replace(SPACED_PAN, (whole) => {
    const digits = whole.replace(/\D/g, '');
    return digits.length >= 13 ? `${digits.slice(0, 6)}******${digits.slice(-4)}` : whole;
  });
  out = out.replace(CARD_FIELD, (_m, name: string, head: string, middle: string, tail: string) => `${name}${head}${'*'.repeat(middle.length)}${tail}`);
  return maskPans(out);
}

/** Field names pino censors before a line is even formatted. */
export const REDACT_PATHS = [
  'hashKey', 'hashIv', 'HashKey', 'HashIV', 'token', 'password', 'secret', 'authorization', 'cookie',
  '*.hashKey', '*.hashIv', '*.HashKey', '*.HashIV', '*.token', '*.password', '*.secret', '*.authorization', '*.cookie',
  'headers.authorization', 'headers.cookie', 'headers["x-recon-token"]', 'req.headers.cookie', 'req.headers["x-recon-token"]',
];
