// Turns a mapped table into ledger rows. A row that cannot be read is listed (row number, column,
// value, reason) and skipped; it never stops the others.
import { type Message, msg } from '../../contract/messages/render.ts';
import { type Cents, parseCents } from '../money.ts';
import { ReconError } from '../errors.ts';
import { gatewayAdapter } from '../gateways/registry.ts';
import type { GatewayName } from '../gateways/status.ts';
import { parseLedgerTime } from './dates.ts';
import { type ColumnMapping, type LedgerField, resolveMapping } from './mapping.ts';
import { SHOP_STATUS_EXAMPLES, type ShopStatus, normalizeWord, shopStatusOf } from './status.ts';
import type { LedgerTable } from './table.ts';

export interface LedgerEntry {
  rowNo: number;
  orderNo: string;
  amount: Cents;
  orderedAtMs: number;
  day: string;
  status: ShopStatus;
  statusText: string;
  reCheckId: string | null;
  payType: string | null;
}

export interface BadRow {
  row: number;
  column: string;
  value: string;
  reason: string;
  /** The reason as a catalogue message, for the user's language. */
  reasonMsg?: Message;
}

export interface ParsedLedger {
  entries: LedgerEntry[];
  bad: BadRow[];
  /** Rows the gateway/profile column gives to another profile. */
  skipped: number;
}


/** An empty cell belongs to every profile; otherwise it must name this profile or its gateway. */
export function belongsTo(cell: string, profile: { name: string; gateway: GatewayName }): boolean {
  const v = normalizeWord(cell);
  if (v === '') return true;
  if (v === normalizeWord(profile.name)) return true;
  return gatewayAdapter(profile.gateway).ledgerAliases.some((w) => v === normalizeWord(w) || v.includes(normalizeWord(w)));
}

const ORDER_NO = /^[\p{L}\p{N}_\-.#/]{1,64}$/u;

function amountOf(text: string): Cents {
  // Shops write "NT$1,200", "$1,200.00", "1200元".
  const cleaned = text.replace(/^(NT\$|NTD|TWD|\$)\s*/i, '').replace(/\s*(元|NTD|TWD)$/i, '');
  return parseCents(cleaned, 'the amount');
}

export type MappedRow = { entry: LedgerEntry } | { bad: BadRow } | 'skipped';

/**
 * Maps one row at a time (a streamed file is never held as a table). Remembers each order number's
 * first row, since a number seen twice in one file is a bad row.
 */
export class LedgerRowMapper {
  private readonly cols: Partial<Record<LedgerField, number>>;
  private readonly firstRowOf = new Map<string, number>();
  private readonly mapping: ColumnMapping;
  private readonly profile: { name: string; gateway: GatewayName };

  /** Throws an InputError when the mapping does not fit the headers. */
  constructor(headers: string[], mapping: ColumnMapping, profile: { name: string; gateway: GatewayName }) {
    this.cols = resolveMapping(mapping, headers);
    this.mapping = mapping;
    this.profile = profile;
  }

  private cell(cells: string[], field: LedgerField): string {
    const i = this.cols[field];
    return i === undefined ? '' : (cells[i] ?? '').trim();
  }

  map(rowNo: number, cells: string[]): MappedRow {
    const cell = (field: LedgerField) => this.cell(cells, field);
    const fail = (field: LedgerField, reason: string, reasonMsg: Message): MappedRow => ({ bad: { row: rowNo, column: this.mapping[field] ?? field, value: cell(field), reason, reasonMsg } });
    if (this.cols.gateway !== undefined && !belongsTo(cell('gateway'), this.profile)) return 'skipped';
    const orderNo = cell('orderNo');
    if (orderNo === '') return fail('orderNo', 'no order number', msg('ledger.no_order_no'));
    if (!ORDER_NO.test(orderNo)) return fail('orderNo', 'not an order number (letters, digits, - _ . # / only, at most 64)', msg('ledger.bad_order_no'));
    let amount: Cents;
    try {
      amount = amountOf(cell('amount'));
    } catch (err) {
      if (!(err instanceof ReconError)) throw err;
      return cell('amount') === '' ? fail('amount', 'no amount', msg('ledger.no_amount')) : fail('amount', 'not an amount (e.g. 1200, 1,200.50)', msg('ledger.bad_amount'));
    }
    if (amount < 0) return fail('amount', 'a negative amount: a refund belongs in the status column, on the order itself', msg('ledger.negative_amount'));
    const time = parseLedgerTime(cell('date'));
    if (!time) {
      return cell('date') === ''
        ? fail('date', 'no order time', msg('ledger.no_date'))
        : fail('date', 'not a date (e.g. 2024/03/05, 2024-03-05 14:03, 113/3/5, 20240305, 2024年3月5日)', msg('ledger.bad_date'));
    }
    const statusText = cell('status');
    const status = shopStatusOf(statusText);
    if (!status) return fail('status', `unknown status word; use one of ${Object.values(SHOP_STATUS_EXAMPLES).join(' · ')}`, msg('ledger.bad_status', { examples: Object.values(SHOP_STATUS_EXAMPLES).join(' · ') }));
    const first = this.firstRowOf.get(orderNo);
    if (first !== undefined) return fail('orderNo', `the same order number is already on row ${first}`, msg('ledger.duplicate', { row: first }));
    this.firstRowOf.set(orderNo, rowNo);
    return {
      entry: {
        rowNo,
        orderNo,
        amount,
        orderedAtMs: time.ms,
        day: time.day,
        status,
        statusText,
        reCheckId: cell('reCheckId') || null,
        payType: cell('payType').toUpperCase() || null,
      },
    };
  }
}

export function parseLedgerRows(table: LedgerTable, mapping: ColumnMapping, profile: { name: string; gateway: GatewayName }): ParsedLedger {
  const mapper = new LedgerRowMapper(table.headers, mapping, profile);
  const entries: LedgerEntry[] = [];
  const bad: BadRow[] = [];
  let skipped = 0;
  for (const { rowNo, cells } of table.rows) {
    const m = mapper.map(rowNo, cells);
    if (m === 'skipped') skipped++;
    else if ('bad' in m) bad.push(m.bad);
    else entries.push(m.entry);
  }
  return { entries, bad, skipped };
}
