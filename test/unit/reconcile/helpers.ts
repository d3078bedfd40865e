// Builders for reconciliation tests: gateway orders put in a real SQLite cache through OrderStore
// (from real-shaped gateway payloads), and ledger files as the bytes a shop system would write.
import ExcelJS from 'exceljs';
import type { App } from '../../../src-main/core/app.ts';
import { parseFlashPayOrder } from '../../../src-main/core/gateways/flashpay/orders.ts';
import { parseFirstBankOrder } from '../../../src-main/core/gateways/firstbank/orders.ts';
import { OrderStore, fromFirstBank, fromFlashPay } from '../../../src-main/core/store/orders.ts';
import { type Profile, addProfile } from '../../../src-main/core/services/profiles.ts';

export const FP_KEYS = { hashKey: 'U9kmXqjovFsBb1BEuEyPiO03uHGIE1Jr', hashIv: 'V4msmb1cSCBUSLWr' };
export const FB_KEY = 'be27d4c871f9bdfd12d02fc8d8041463';

export function flashPayProfile(app: App, name = 'fp', merchantId = 'HT00000002'): Promise<Profile> {
  return addProfile(app, { name, gateway: 'flashpay', tradeUrl: 'http://127.0.0.1:9', merchantId }, FP_KEYS);
}

export function firstBankProfile(app: App, name = 'fb', merchantId = 'FCB002330917805'): Promise<Profile> {
  return addProfile(app, { name, gateway: 'firstbank', tradeUrl: 'http://127.0.0.1:9', merchantId }, { hashKey: FB_KEY });
}

/** A FlashPay order as a 106 answer entry would describe it. amount "1200.00", time "2024-03-05 14:03:00". */
export function putFlashPay(app: App, profile: Profile, o: { ordNo: string; amount: string; status: string; time: string }): void {
  const order = parseFlashPayOrder({
    ord_no: o.ordNo, order_no: `FP${o.ordNo}`, mer_id: profile.merchantId, tx_amt: o.amount, order_status: o.status, ord_time: `${o.time}+08`, ret_code: '00',
  });
  new OrderStore(app.db).upsert(profile.id, fromFlashPay(order, true), { rawAnswerId: null, source: '106', nowMs: Date.now() });
}

/** A First Bank order as a report answer would describe it. amount whole NTD, time "2024/03/05 14:03:00". */
export function putFirstBank(app: App, profile: Profile, o: { orderId: string; amount: string; status: string; time: string; reCheckId?: string }): void {
  const order = parseFirstBankOrder({
    OrderId: o.orderId, ReCheckId: o.reCheckId ?? `01${o.orderId}`, Amount: o.amount, PayType: 'CREDIT', TransStatus: o.status, ToolStatus: '0000',
    TransTime: o.time, PlatFormId: profile.merchantId,
  });
  new OrderStore(app.db).upsert(profile.id, fromFirstBank(order, true), { rawAnswerId: null, source: 'report', nowMs: Date.now() });
}

/** CSV text from rows (quoted when needed), CRLF like Excel. */
export function csv(rows: string[][]): string {
  return `${rows.map((r) => r.map((c) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')).join('\r\n')}\r\n`;
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
export const utf8Bom = (text: string): Uint8Array => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);

let big5Table: Map<string, number[]> | undefined;

/** Node decodes Big5 but cannot encode it: invert the decoder over every two-byte sequence. */
export function big5(text: string): Uint8Array {
  if (!big5Table) {
    big5Table = new Map();
    const dec = new TextDecoder('big5');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (const trail of [...Array.from({ length: 0x3f }, (_, i) => 0x40 + i), ...Array.from({ length: 0x5e }, (_, i) => 0xa1 + i)]) {
        const ch = dec.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && ch !== '\uFFFD' && !big5Table.has(ch)) big5Table.set(ch, [lead, trail]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = big5Table.get(ch);
      if (!bytes) throw new Error(`no Big5 for ${ch}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}

export type XlsxCell = string | number | Date | null;

export async function xlsx(rows: XlsxCell[][], options: { dateFormat?: string } = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('訂單');
  for (const r of rows) {
    const row = ws.addRow(r);
    row.eachCell((cell) => {
      if (cell.value instanceof Date) cell.numFmt = options.dateFormat ?? 'yyyy/mm/dd hh:mm';
    });
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Wall time as exceljs expects a date cell: the UTC fields are what Excel shows. */
export function excelDate(y: number, mo: number, d: number, h = 0, mi = 0): Date {
  return new Date(Date.UTC(y, mo - 1, d, h, mi));
}
