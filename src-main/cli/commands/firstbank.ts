// `recon firstbank ...`: offline signing and verification of First Bank messages.
import { type Command, UsageError, requireString } from '../command.ts';
import { InputError } from '../../core/errors.ts';
import { type FirstBankFields, SIGN_KINDS, isSignKind, parseNotification, sign } from '../../core/gateways/firstbank/codec.ts';

function parseFieldsJson(text: string): FirstBankFields {
  if (text.trim() === '') throw new UsageError('recon firstbank sign: stdin is empty; pipe a JSON object of fields in');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InputError('recon firstbank sign: stdin is not JSON (expected an object of field names to values)');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InputError('recon firstbank sign: stdin must be a JSON object of field names to values');
  }
  const fields: FirstBankFields = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value === 'string' || typeof value === 'number') fields[name] = value;
    else if (value === null) fields[name] = '';
    else throw new InputError(`recon firstbank sign: field ${name} must be a string or a number`);
  }
  return fields;
}

export const firstbankSignCommand: Command = {
  path: ['firstbank', 'sign'],
  summary: 'Compute the First Bank signature (HashKey field) of a JSON object of fields read from stdin',
  options: {
    kind: { type: 'string', required: true, value: SIGN_KINDS.join('|'), description: 'which message: sets the fixed field list' },
    'hash-key': { type: 'string', required: true, value: 'KEY', description: "the merchant's HashKey" },
  },
  details: 'stdin: a JSON object {"Amount": "100", ...}. stdout: the uppercase hex signature and a newline.',
  async run(options, io) {
    const kind = requireString(options, 'kind');
    if (!isSignKind(kind)) throw new UsageError(`recon firstbank sign: --kind must be one of ${SIGN_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
    const hashKey = requireString(options, 'hash-key');
    const fields = parseFieldsJson(await io.readStdin());
    io.stdout(`${sign(kind, fields, hashKey)}\n`);
    return 0;
  },
};

export const firstbankVerifyCommand: Command = {
  path: ['firstbank', 'verify'],
  summary: 'Verify a First Bank async notification (urlencoded body) read from stdin',
  options: {
    'hash-key': { type: 'string', required: true, value: 'KEY', description: "the merchant's HashKey" },
  },
  details: [
    'stdin: the urlencoded notification body as received.',
    'stdout: the fields as JSON when the signature is valid (exit 0).',
    'Exit codes: 0 valid; 2 bad signature or bad input (one line on stderr); 1 unreadable body.',
  ].join('\n'),
  async run(options, io) {
    const hashKey = requireString(options, 'hash-key');
    const body = await io.readStdin();
    if (body.trim() === '') throw new UsageError('recon firstbank verify: stdin is empty; pipe the notification body in');
    const { fields } = parseNotification(body, hashKey);
    io.stdout(`${JSON.stringify(fields, null, 2)}\n`);
    return 0;
  },
};

export const firstbankCommands: Command[] = [firstbankSignCommand, firstbankVerifyCommand];
