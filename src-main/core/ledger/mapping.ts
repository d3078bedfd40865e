// Which column of the shop's file holds what. A mapping names columns by their header text, so a
// saved mapping keeps working when the shop system adds or reorders columns; it is remembered per
// profile. Suggestions come from the Chinese and English headers shop systems commonly write.
import { type Bilingual, msg, renderMessage } from '../../contract/messages/render.ts';
import { InputError } from '../errors.ts';
import { normalizeWord } from './status.ts';

export const LEDGER_FIELDS = ['orderNo', 'amount', 'date', 'status', 'gateway', 'reCheckId', 'payType'] as const;
export type LedgerField = (typeof LEDGER_FIELDS)[number];
export const REQUIRED_FIELDS: readonly LedgerField[] = ['orderNo', 'amount', 'date', 'status'];

/** field -> header text (as in the file); optional fields may be absent. */
export type ColumnMapping = Partial<Record<LedgerField, string>>;

const SYNONYMS: Record<LedgerField, string[]> = {
  orderNo: ['訂單編號', '訂單號碼', '訂單號', '訂單代號', '商店訂單編號', '訂單序號', '單號', 'order no', 'order number', 'order id', 'orderid', 'ord_no', 'order_no', 'orderno', 'order'],
  amount: ['金額', '訂單金額', '交易金額', '總金額', '實收金額', '付款金額', '應付金額', '訂單總額', 'amount', 'amt', 'total', 'tx_amt', 'order amount', 'order total'],
  date: ['訂單時間', '訂單日期', '日期', '時間', '交易時間', '交易日期', '下單時間', '下單日期', '建立時間', '成立時間', 'date', 'time', 'order date', 'order time', 'created', 'created at', 'ord_time', 'datetime'],
  status: ['狀態', '訂單狀態', '付款狀態', '交易狀態', 'status', 'order status', 'payment status', 'state'],
  gateway: ['金流', '金流商', '金流設定檔', '設定檔', '收款管道', 'gateway', 'profile', 'provider', 'payment gateway'],
  reCheckId: ['recheckid', 're check id', '交易序號', '銀行交易序號', '金流交易序號', '檢核碼', '金流單號'],
  payType: ['paytype', 'pay type', '付款方式', '支付方式', '付款類型', 'payment type', 'payment method'],
};

const NORMALIZED: Record<LedgerField, string[]> = Object.fromEntries(
  Object.entries(SYNONYMS).map(([field, words]) => [field, words.map(normalizeWord)]),
) as Record<LedgerField, string[]>;

/** Exact synonym matches first, then headers that contain a synonym; each header used once. */
export function suggestMapping(headers: string[]): ColumnMapping {
  const normalized = headers.map(normalizeWord);
  const used = new Set<number>();
  const mapping: ColumnMapping = {};
  for (const pass of ['exact', 'contains'] as const) {
    for (const field of LEDGER_FIELDS) {
      if (mapping[field] !== undefined) continue;
      for (const word of NORMALIZED[field]) {
        const i = normalized.findIndex((h, idx) => !used.has(idx) && h !== '' && (pass === 'exact' ? h === word : word.length >= 2 && h.includes(word)));
        if (i >= 0) {
          mapping[field] = headers[i]!;
          used.add(i);
          break;
        }
      }
    }
  }
  return mapping;
}

export function missingRequired(mapping: ColumnMapping): LedgerField[] {
  return REQUIRED_FIELDS.filter((f) => !mapping[f]);
}

/** Field names as a person reads them, in both languages (「訂單編號、金額」, "order number, amount"). */
export function fieldNames(fields: readonly LedgerField[]): Bilingual {
  const names = (lang: 'zh-TW' | 'en') => fields.map((field) => renderMessage(msg('ledger.field', { field }), lang));
  return { 'zh-TW': names('zh-TW').join('、'), en: names('en').join(', ') };
}

/** Column indexes for a mapping against a file's headers; InputError naming what is missing. */
export function resolveMapping(mapping: ColumnMapping, headers: string[]): Partial<Record<LedgerField, number>> {
  const missing = missingRequired(mapping);
  if (missing.length) throw new InputError(`map a column to ${missing.join(', ')} (required: order number, amount, order time, status)`, { msg: msg('ledger.map_required', { fields: fieldNames(missing) }) });
  const out: Partial<Record<LedgerField, number>> = {};
  const seen = new Map<number, LedgerField>();
  for (const field of LEDGER_FIELDS) {
    const header = mapping[field];
    if (!header) continue;
    const i = headers.findIndex((h) => h.trim() === header.trim());
    if (i < 0) throw new InputError(`the file has no column ${JSON.stringify(header)} (for ${field}); its columns are: ${headers.join(', ')}`, {
        msg: msg('ledger.no_column', { column: header, field: msg('ledger.field', { field }), columns: headers.join(', ') }),
      });
    const clash = seen.get(i);
    if (clash) throw new InputError(`the column ${JSON.stringify(header)} is mapped to both ${clash} and ${field}`, {
        msg: msg('ledger.column_twice', { column: header, first: msg('ledger.field', { field: clash }), second: msg('ledger.field', { field }) }),
      });
    seen.set(i, field);
    out[field] = i;
  }
  return out;
}

/** A saved mapping applies to a file only when every column it names is there. */
export function mappingFits(mapping: ColumnMapping, headers: string[]): boolean {
  try {
    resolveMapping(mapping, headers);
    return true;
  } catch {
    return false;
  }
}

function isField(name: string): name is LedgerField {
  return (LEDGER_FIELDS as readonly string[]).includes(name);
}

/**
 * `orderNo=訂單編號,amount=3,date=Date,status=狀態`: COL is a header name or a 1-based column number.
 * Fields not named keep `base`'s column (the saved or suggested mapping).
 */
export function parseColumnsOption(text: string, headers: string[], base: ColumnMapping = {}): ColumnMapping {
  const mapping: ColumnMapping = { ...base };
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) throw new InputError(`--columns: ${JSON.stringify(part)} is not FIELD=COLUMN`, { msg: msg('ledger.columns_not_pair', { part }) });
    const field = part.slice(0, eq).trim();
    const col = part.slice(eq + 1).trim();
    if (!isField(field)) throw new InputError(`--columns: unknown field ${JSON.stringify(field)} (fields: ${LEDGER_FIELDS.join(', ')})`, { msg: msg('ledger.columns_unknown_field', { field, fields: LEDGER_FIELDS.join(', ') }) });
    if (/^\d+$/.test(col)) {
      const n = Number(col);
      if (n < 1 || n > headers.length) throw new InputError(`--columns: ${field}=${col}: the file has columns 1-${headers.length}`, { msg: msg('ledger.columns_out_of_range', { field, column: col, count: headers.length }) });
      mapping[field] = headers[n - 1]!;
    } else {
      if (!headers.some((h) => h.trim() === col)) throw new InputError(`--columns: the file has no column ${JSON.stringify(col)}; its columns are: ${headers.join(', ')}`, { msg: msg('ledger.columns_no_column', { column: col, columns: headers.join(', ') }) });
      mapping[field] = col;
    }
  }
  return mapping;
}
