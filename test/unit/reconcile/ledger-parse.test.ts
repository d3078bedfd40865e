// Reading shop ledgers: encodings, CSV quirks, Taiwanese date forms, header suggestions, status words,
// suffix rules and bad-row reporting.
import { describe, expect, it } from 'vitest';
import { parseLedgerTime } from '../../../src-main/core/ledger/dates.ts';
import { parseCsv } from '../../../src-main/core/ledger/csv.ts';
import { decodeLedgerText } from '../../../src-main/core/ledger/text.ts';
import { parseColumnsOption, suggestMapping } from '../../../src-main/core/ledger/mapping.ts';
import { shopStatusOf } from '../../../src-main/core/ledger/status.ts';
import { compileSuffixRule } from '../../../src-main/core/ledger/suffix.ts';
import { readLedgerTable } from '../../../src-main/core/ledger/table.ts';
import { parseLedgerRows } from '../../../src-main/core/ledger/rows.ts';
import { big5, csv, excelDate, utf8, utf8Bom, xlsx } from './helpers.ts';

const taipei = (text: string) => {
  const t = parseLedgerTime(text);
  return t === null ? null : new Date(t.ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
};

describe('ledger dates (Taipei wall time)', () => {
  it.each([
    ['2024/03/05', '2024-03-05 00:00:00'],
    ['2024-03-05 14:03', '2024-03-05 14:03:00'],
    ['2024-03-05T14:03:09', '2024-03-05 14:03:09'],
    ['2024.3.5', '2024-03-05 00:00:00'],
    ['民國 113/03/05', '2024-03-05 00:00:00'],
    ['民國113年3月5日', '2024-03-05 00:00:00'],
    ['113/3/5', '2024-03-05 00:00:00'],
    ['113/03/05 09:15', '2024-03-05 09:15:00'],
    ['20240305', '2024-03-05 00:00:00'],
    ['20240305140309', '2024-03-05 14:03:09'],
    ['2024年3月5日', '2024-03-05 00:00:00'],
    ['2024年3月5日 14:03', '2024-03-05 14:03:00'],
    ['2024/3/5 下午 02:03:04', '2024-03-05 14:03:04'],
    ['2024/3/5 上午 12:10:00', '2024-03-05 00:10:00'],
    ['2024/3/5 2:03 PM', '2024-03-05 14:03:00'],
    ['45356', '2024-03-05 00:00:00'],
    ['45356.5', '2024-03-05 12:00:00'],
  ])('%s', (text, expected) => expect(taipei(text)).toBe(expected));

  it('the day is the Taipei day, whatever the machine zone', () => {
    expect(parseLedgerTime('2024/03/05 23:30')!.day).toBe('2024-03-05');
    expect(parseLedgerTime('2024/03/06 00:10')!.day).toBe('2024-03-06');
  });

  it.each(['2024/02/30', '113/13/01', '2024-03-05 25:00', 'yesterday', '', '民國 2024/03/05', '2024/3/5 下午 13:00'])('refuses %j', (text) => {
    expect(parseLedgerTime(text)).toBeNull();
  });
});

describe('ledger text', () => {
  const text = '訂單編號,金額\r\nA1,100\r\n';
  it('reads UTF-8 with and without BOM, and Big5', () => {
    expect(decodeLedgerText(utf8(text))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeLedgerText(utf8Bom(text))).toEqual({ text, encoding: 'utf-8-bom' });
    expect(decodeLedgerText(big5(text))).toEqual({ text, encoding: 'big5' });
  });

  it('parses quoted cells, doubled quotes, embedded line breaks and other delimiters', () => {
    const rows = parseCsv('a,b,c\n"x, y","say ""hi""","two\nlines"\n\n1,2,3');
    expect(rows.map((r) => r.cells)).toEqual([['a', 'b', 'c'], ['x, y', 'say "hi"', 'two\nlines'], ['1', '2', '3']]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 5]);
    expect(parseCsv('a;b\n1;2').map((r) => r.cells)).toEqual([['a', 'b'], ['1', '2']]);
    expect(parseCsv('a\tb\n1\t2').map((r) => r.cells)).toEqual([['a', 'b'], ['1', '2']]);
    expect(() => parseCsv('a,b\n"open,1')).toThrow(/never closed/);
  });
});

describe('column suggestions', () => {
  it('maps Chinese headers', () => {
    expect(suggestMapping(['訂單編號', '金額', '訂單時間', '狀態'])).toEqual({ orderNo: '訂單編號', amount: '金額', date: '訂單時間', status: '狀態' });
  });
  it('maps English and snake_case headers, and First Bank columns', () => {
    expect(suggestMapping(['Order No', 'Amount', 'Date', 'Status', 'Gateway'])).toEqual({ orderNo: 'Order No', amount: 'Amount', date: 'Date', status: 'Status', gateway: 'Gateway' });
    expect(suggestMapping(['ord_no', 'tx_amt', 'ord_time', 'order status', 'ReCheckId', 'PayType'])).toEqual({
      orderNo: 'ord_no', amount: 'tx_amt', date: 'ord_time', status: 'order status', reCheckId: 'ReCheckId', payType: 'PayType',
    });
    expect(suggestMapping(['商品', '訂單日期', '實收金額', '付款狀態', '訂單號碼', '付款方式'])).toEqual({
      orderNo: '訂單號碼', amount: '實收金額', date: '訂單日期', status: '付款狀態', payType: '付款方式',
    });
  });
  it('--columns takes header names or 1-based numbers and keeps the rest', () => {
    const headers = ['單號', 'Total', '日期', '狀態'];
    expect(parseColumnsOption('orderNo=1,amount=Total', headers, { date: '日期', status: '狀態' })).toEqual({ orderNo: '單號', amount: 'Total', date: '日期', status: '狀態' });
    expect(() => parseColumnsOption('orderNo=9', headers)).toThrow(/columns 1-4/);
    expect(() => parseColumnsOption('price=1', headers)).toThrow(/unknown field/);
    expect(() => parseColumnsOption('orderNo=Nope', headers)).toThrow(/no column "Nope"/);
  });
});

describe('shop status words', () => {
  it.each([
    ['已付款', 'paid'], ['付款完成', 'paid'], ['PAID', 'paid'], ['已退款', 'refunded'], ['退貨', 'refunded'], ['Refunded', 'refunded'],
    ['已取消', 'cancelled'], ['取消', 'cancelled'], ['canceled', 'cancelled'], ['待付款', 'pending'], ['未付款', 'pending'], ['付款失敗', 'failed'],
  ])('%s -> %s', (word, status) => expect(shopStatusOf(word)).toBe(status));
  it('does not guess', () => expect(shopStatusOf('可能吧')).toBeNull());
});

describe('suffix rules', () => {
  it('strips {order}A{mmss}', () => {
    const key = compileSuffixRule({ kind: 'lastA4' });
    expect(key('20240305001A0207')).toBe('20240305001');
    expect(key('20240305001')).toBe('20240305001');
    expect(key('A1234')).toBe('A1234');
  });
  it('strips a regex, never down to nothing', () => {
    const key = compileSuffixRule({ kind: 'regex', pattern: '-R\\d+$' });
    expect(key('S100-R2')).toBe('S100');
    expect(compileSuffixRule({ kind: 'regex', pattern: '.*' })('S100')).toBe('S100');
    expect(() => compileSuffixRule({ kind: 'regex', pattern: '(' })).toThrow(/not a valid regular expression/);
  });
});

describe('tables and rows', () => {
  const profile = { name: 'shop', gateway: 'flashpay' as const };

  it('reads an XLSX with real date cells, serial numbers and numeric amounts', async () => {
    const bytes = await xlsx([
      ['訂單編號', '金額', '訂單時間', '狀態'],
      ['S1', 1200, excelDate(2024, 3, 5, 14, 3), '已付款'],
      ['S2', 99.5, 45356, '已取消'],
      ['S3', '1,000', '113/3/6', 'paid'],
    ]);
    const table = await readLedgerTable(bytes);
    expect(table.encoding).toBe('xlsx');
    expect(table.headers).toEqual(['訂單編號', '金額', '訂單時間', '狀態']);
    const parsed = parseLedgerRows(table, suggestMapping(table.headers), profile);
    expect(parsed.bad).toEqual([]);
    expect(parsed.entries.map((e) => [e.orderNo, e.amount, e.day, e.status])).toEqual([
      ['S1', 120000, '2024-03-05', 'paid'],
      ['S2', 9950, '2024-03-05', 'cancelled'],
      ['S3', 100000, '2024-03-06', 'paid'],
    ]);
    expect(new Date(parsed.entries[0]!.orderedAtMs).toISOString()).toBe('2024-03-05T06:03:00.000Z');
  });

  it('lists bad rows with row number, column, value and reason, and skips them', async () => {
    const table = await readLedgerTable(
      utf8(csv([
        ['訂單編號', '金額', '訂單時間', '狀態', '金流'],
        ['S1', 'NT$1,200', '2024/03/05', '已付款', 'FlashPay'],
        ['S2', 'abc', '2024/03/05', '已付款', ''],
        ['S3', '100', '2024/02/30', '已付款', ''],
        ['S4', '100', '2024/03/05', '出貨中?', ''],
        ['', '100', '2024/03/05', '已付款', ''],
        ['S1', '100', '2024/03/05', '已付款', ''],
        ['S9', '100', '2024/03/05', '已付款', '第一銀行'],
        ['S5', '-5', '2024/03/05', '已付款', ''],
      ])),
    );
    const parsed = parseLedgerRows(table, suggestMapping(table.headers), profile);
    expect(parsed.entries.map((e) => [e.orderNo, e.amount])).toEqual([['S1', 120000]]);
    expect(parsed.skipped).toBe(1);
    expect(parsed.bad.map((b) => [b.row, b.column, b.value])).toEqual([
      [3, '金額', 'abc'],
      [4, '訂單時間', '2024/02/30'],
      [5, '狀態', '出貨中?'],
      [6, '訂單編號', ''],
      [7, '訂單編號', 'S1'],
      [9, '金額', '-5'],
    ]);
    expect(parsed.bad[4]!.reason).toMatch(/already on row 2/);
  });

  it('a fulfilment word (已出貨, shipped) says nothing about payment: a bad row naming the words it takes', async () => {
    const table = await readLedgerTable(
      utf8(csv([
        ['訂單編號', '金額', '訂單時間', '狀態'],
        ['S1', '100', '2024/03/05', '已出貨'],
        ['S2', '100', '2024/03/05', 'Shipped'],
        ['S3', '100', '2024/03/05', '已付款'],
      ])),
    );
    const parsed = parseLedgerRows(table, suggestMapping(table.headers), profile);
    expect(parsed.entries.map((e) => e.orderNo)).toEqual(['S3']);
    expect(parsed.bad.map((b) => [b.row, b.column, b.value])).toEqual([
      [2, '狀態', '已出貨'],
      [3, '狀態', 'Shipped'],
    ]);
    expect(parsed.bad[0]!.reason).toMatch(/unknown status word.*已付款/);
  });

  it('refuses old .xls and non-text files clearly', async () => {
    await expect(readLedgerTable(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]))).rejects.toThrow(/old .xls/);
    await expect(readLedgerTable(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).rejects.toThrow(/not a readable .xlsx/);
    await expect(readLedgerTable(utf8('訂單編號,金額\r\n'))).rejects.toThrow(/no orders/);
  });
});
