// `recon firstbank ...`: offline signing and verification of First Bank messages.
import { FIRSTBANK } from '../../core/gateways/firstbank/statuses.ts';
import { type Command, UsageError, optionalString, requireString, said, choiceList } from '../command.ts';
import { isMessageCode, msg } from '../../contract/messages/render.ts';
import { InputError } from '../../core/errors.ts';
import {
  type FirstBankFields, SIGN_KINDS, SIGNING_RULES, isSignKind, isSigningRule, naturalCaseOrder, sign,
} from '../../core/gateways/firstbank/codec.ts';
import { checkFirstBankNotification } from '../../core/gateways/firstbank/inspect.ts';

function parseFieldsJson(text: string): FirstBankFields {
  if (text.trim() === '') throw new UsageError('recon firstbank sign: stdin is empty; pipe a JSON object of fields in', { msg: msg('cli.firstbank_sign_empty') });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InputError('recon firstbank sign: stdin is not JSON (expected an object of field names to values)', { msg: msg('cli.firstbank_sign_not_json') });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InputError('recon firstbank sign: stdin must be a JSON object of field names to values', { msg: msg('cli.firstbank_sign_not_object') });
  }
  const fields: FirstBankFields = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value === 'string' || typeof value === 'number') fields[name] = value;
    else if (value === null) fields[name] = '';
    else throw new InputError(`recon firstbank sign: field ${name} must be a string or a number`, { msg: msg('cli.firstbank_sign_bad_field', { field: name }) });
  }
  return fields;
}

/**
 * The seed rule with empty fields dropped, or the plugin's order with empty fields kept: neither is a
 * rule anyone was seen using, but they let a person take one difference at a time.
 */
function signMixed(kind: Parameters<typeof sign>[0], fields: FirstBankFields, hashKey: string, prefix: string, rule: 'seed' | 'plugin', keepEmpty: boolean): string {
  if (rule === 'seed' && !keepEmpty) {
    // Fixed-list fields that are absent would come back as empty ones: only the fields given, non-empty.
    const present = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && String(v) !== ''));
    return sign('answer', present, hashKey, prefix);
  }
  if (rule === 'plugin' && keepEmpty) {
    const names = Object.keys(fields).filter((n) => n !== 'HashKey' && fields[n] !== undefined).sort(naturalCaseOrder);
    return sign('answer', {}, hashKey, prefix + names.map((n) => `${n}=${fields[n]}`).join('&'));
  }
  return sign(kind, fields, hashKey, prefix, rule);
}

export const firstbankSignCommand: Command = {
  path: [FIRSTBANK.name, 'sign'],
  summary: 'Compute the First Bank signature (HashKey field) of a JSON object of fields read from stdin',
  summaryZh: '計算從 stdin 讀入的欄位（JSON 物件）的第一銀行簽章（HashKey 欄位）',
  options: {
    kind: { type: 'string', required: true, value: SIGN_KINDS.join('|'), description: 'which message: sets the fixed field list (seed rule)', zh: '哪一種訊息：決定固定的欄位清單（規格的規則）' },
    'hash-key': { type: 'string', required: true, value: 'KEY', description: "the merchant's HashKey", zh: '商店的 HashKey' },
    rule: { type: 'string', value: SIGNING_RULES.join('|'), description: "seed (default): the seed's examples; plugin: First Bank's WooCommerce plugin", zh: 'seed（預設）：依規格的範例；plugin：依第一銀行的 WooCommerce 外掛' },
    empty: { type: 'string', value: 'keep|drop', description: 'fields with an empty value: keep (seed default) or drop (plugin default)', zh: '值為空的欄位：keep 保留（seed 的預設）或 drop 捨去（plugin 的預設）' },
    'key-trailing-space': { type: 'boolean', description: "hash the key followed by one space, as the seed's 3.4 and 3.5 examples were signed", zh: '在金鑰後加一個空格再計算雜湊，與規格 3.4、3.5 範例的簽法相同' },
  },
  details: [
    'stdin: a JSON object {"Amount": "100", ...}. stdout: the uppercase hex signature and a newline.',
    'Every seed 004 example reproduces: 3.1-3.3 as given; 3.4 and 3.5 with --key-trailing-space.',
  ].join('\n'),
  detailsZh: [
    'stdin：JSON 物件，例如 {"Amount": "100", ...}。stdout：大寫十六進位的簽章，加一個換行。',
    '規格 004 的每個範例都能重現：3.1–3.3 照原樣；3.4 與 3.5 加上 --key-trailing-space。',
  ].join('\n'),
  async run(options, io) {
    const kind = requireString(options, 'kind');
    if (!isSignKind(kind)) {
      throw new UsageError(`recon firstbank sign: --kind must be one of ${SIGN_KINDS.join(', ')}, got ${JSON.stringify(kind)}`, {
        msg: msg('cli.bad_choice', { option: '--kind', choices: choiceList(SIGN_KINDS), value: kind }),
      });
    }
    const hashKey = requireString(options, 'hash-key');
    const rule = optionalString(options, 'rule') ?? 'seed';
    if (!isSigningRule(rule)) {
      throw new UsageError(`recon firstbank sign: --rule must be one of ${SIGNING_RULES.join(', ')}, got ${JSON.stringify(rule)}`, {
        msg: msg('cli.bad_choice', { option: '--rule', choices: choiceList(SIGNING_RULES), value: rule }),
      });
    }
    const empty = optionalString(options, 'empty') ?? (rule === 'seed' ? 'keep' : 'drop');
    if (empty !== 'keep' && empty !== 'drop') {
      throw new UsageError(`recon firstbank sign: --empty must be keep or drop, got ${JSON.stringify(empty)}`, { msg: msg('cli.bad_choice', { option: '--empty', choices: choiceList(['keep', 'drop']), value: empty }) });
    }
    const prefix = options['key-trailing-space'] === true ? ' ' : '';
    const fields = parseFieldsJson(await io.readStdin());
    io.stdout(`${signMixed(kind, fields, hashKey, prefix, rule, empty === 'keep')}\n`);
    return 0;
  },
};

export const firstbankVerifyCommand: Command = {
  path: [FIRSTBANK.name, 'verify'],
  summary: 'Verify a First Bank async notification (urlencoded body) read from stdin',
  summaryZh: '驗證從 stdin 讀入的第一銀行非同步通知（urlencoded 內容）',
  options: {
    'hash-key': { type: 'string', required: true, value: 'KEY', description: "the merchant's HashKey", zh: '商店的 HashKey' },
  },
  details: [
    'stdin: the urlencoded notification body as received.',
    "Verified like the notification inspector: the seed's rule, then the seed's stray space after the key,",
    "then the WooCommerce plugin's rule; values with control characters or non-UTF-8 bytes are refused.",
    'stdout: the fields as JSON when the signature is valid (exit 0); stderr: one "warning: ..." line per label.',
    'Exit codes: 0 valid; 2 bad signature or bad input (one line on stderr); 1 unreadable body.',
  ].join('\n'),
  detailsZh: [
    'stdin：收到的 urlencoded 通知內容。',
    '驗證方式與通知檢查器相同：先用規格的規則，再試規格範例在金鑰後多一個空格的簽法，',
    '最後用 WooCommerce 外掛的規則；含控制字元或非 UTF-8 位元組的值會被拒絕。',
    'stdout：簽章有效時以 JSON 輸出各欄位（結束代碼 0）；stderr：每個提醒一行「注意：…」。',
    '結束代碼：0 有效；2 簽章錯誤或輸入有誤（stderr 一行說明）；1 內容無法讀取。',
  ].join('\n'),
  async run(options, io) {
    const hashKey = requireString(options, 'hash-key');
    const body = await io.readStdin();
    if (body.trim() === '') throw new UsageError('recon firstbank verify: stdin is empty; pipe the notification body in', { msg: msg('cli.firstbank_verify_empty') });
    const checked = checkFirstBankNotification(body, hashKey);
    for (const note of checked.notes) {
      const code = `notify.${note.code}`;
      io.stderr(`${said(io, msg('cli.warning', { text: isMessageCode(code) ? msg(code) : note.message }), `warning: ${note.message}`)}\n`);
    }
    io.stdout(`${JSON.stringify(checked.fields, null, 2)}\n`);
    return 0;
  },
};

export const firstbankCommands: Command[] = [firstbankSignCommand, firstbankVerifyCommand];
