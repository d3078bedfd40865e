// Turns a mapped table into ledger rows. A row that cannot be read is listed (row number, column,
// value, reason) and skipped; it never stops the others.
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

export function parseLedgerRows(table: LedgerTable, mapping: ColumnMapping, profile: { name: string; gateway: GatewayName }): ParsedLedger {
  const cols = resolveMapping(mapping, table.headers);
  const entries: LedgerEntry[] = [];
  const bad: BadRow[] = [];
  const firstRowOf = new Map<string, number>();
  let skipped = 0;
  const cell = (cells: string[], field: LedgerField): string => {
    const i = cols[field];
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  for (const { rowNo, cells } of table.rows) {
    const fail = (field: LedgerField, reason: string) => bad.push({ row: rowNo, column: mapping[field] ?? field, value: cell(cells, field), reason });
    if (cols.gateway !== undefined && !belongsTo(cell(cells, 'gateway'), profile)) {
      skipped++;
      continue;
    }
    const orderNo = cell(cells, 'orderNo');
    if (orderNo === '') {
      fail('orderNo', 'no order number');
      continue;
    }
    if (!ORDER_NO.test(orderNo)) {
      fail('orderNo', 'not an order number (letters, digits, - _ . # / only, at most 64)');
      continue;
    }
    let amount: Cents;
    try {
      amount = amountOf(cell(cells, 'amount'));
    } catch (err) {
      if (!(err instanceof ReconError)) throw err;
      fail('amount', cell(cells, 'amount') === '' ? 'no amount' : 'not an amount (e.g. 1200, 1,200.50)');
      continue;
    }
    if (amount < 0) {
      fail('amount', 'a negative amount: a refund belongs in the status column, on the order itself');
      continue;
    }
    const time = parseLedgerTime(cell(cells, 'date'));
    if (!time) {
      fail('date', cell(cells, 'date') === '' ? 'no order time' : 'not a date (e.g. 2024/03/05, 2024-03-05 14:03, 113/3/5, 20240305, 2024年3月5日)');
      continue;
    }
    const statusText = cell(cells, 'status');
    const status = shopStatusOf(statusText);
    if (!status) {
      fail('status', `unknown status word; use one of ${Object.values(SHOP_STATUS_EXAMPLES).join(' · ')}`);
      continue;
    }
    const first = firstRowOf.get(orderNo);
    if (first !== undefined) {
      fail('orderNo', `the same order number is already on row ${first}`);
      continue;
    }
    firstRowOf.set(orderNo, rowNo);
    entries.push({
      rowNo,
      orderNo,
      amount,
      orderedAtMs: time.ms,
      day: time.day,
      status,
      statusText,
      reCheckId: cell(cells, 'reCheckId') || null,
      payType: cell(cells, 'payType').toUpperCase() || null,
    });
  }
  return { entries, bad, skipped };
}
