// A ledger CSV is read a piece at a time (issue #18: a 15 MB file decoded whole held a 30 MB string
// for the whole import). Wherever the pieces are cut (inside a quoted cell, between CR and LF,
// between the two quotes of "", inside a multi-byte character) the rows, their line numbers and the
// errors are exactly those of reading the whole text.
import { describe, expect, it } from 'vitest';
import { CsvRowStream, forEachCsvRow } from '../../../src-main/core/ledger/csv.ts';
import { decodeLedgerText, ledgerTextPieces } from '../../../src-main/core/ledger/text.ts';
import { readLedgerTable } from '../../../src-main/core/ledger/table.ts';
import { big5, utf8, utf8Bom } from './helpers.ts';

type Row = [number, string[]];

function whole(text: string): Row[] | string {
  const rows: Row[] = [];
  try {
    forEachCsvRow(text, (line, cells) => rows.push([line, cells]));
  } catch (err) {
    return (err as Error).message;
  }
  return rows;
}

function inPieces(text: string, cuts: number[]): Row[] | string {
  const rows: Row[] = [];
  const stream = new CsvRowStream((line, cells) => rows.push([line, cells]));
  try {
    let at = 0;
    for (const cut of [...cuts, text.length]) {
      stream.push(text.slice(at, cut));
      at = cut;
    }
    stream.end();
  } catch (err) {
    return (err as Error).message;
  }
  return rows;
}

const TRICKY = [
  '訂單編號,金額,備註\r\nA1,100,"說明, 含逗號"\r\nA2,200,"兩行\r\n的備註"\r\n\r\nA3,300,"引號 ""內"" 的字"\r\nA4,400,結尾沒有換行',
  'a;b;c\n"x""";"";""""\n1;2;3\r\n\n\r\n',
  'order\tamount\n"unclosed\t1\n2\t3',
  'h1,h2\r\r\nx,"y"\r\n"a""b",c"d"\r\n',
];

describe('the CSV parser fed in pieces', () => {
  it.each(TRICKY.map((t, i) => [i, t] as const))('agrees with the whole text at every single cut (case %i)', (_i, text) => {
    const expected = whole(text);
    for (let cut = 0; cut <= text.length; cut++) expect(inPieces(text, [cut]), `cut at ${cut}`).toEqual(expected);
  });

  it('agrees with the whole text when cut into one-character pieces', () => {
    for (const text of TRICKY) expect(inPieces(text, [...text].map((_, i) => i + 1).slice(0, -1))).toEqual(whole(text));
  });
});

describe('a ledger file decoded a piece at a time', () => {
  const rows = Array.from({ length: 40 }, (_, i) => `S${i},${i + 1},"第 ${i} 筆""備註""\n第二行",已付款`);
  const text = `訂單編號,金額,備註,狀態\n${rows.join('\r\n')}\n`;

  it.each([
    ['UTF-8', utf8(text), 'utf-8'],
    ['UTF-8 with a BOM', utf8Bom(text), 'utf-8-bom'],
    ['Big5', big5(text), 'big5'],
  ] as const)('%s: pieces of 7 bytes (cutting characters apart) give the whole text', (_name, bytes, encoding) => {
    const read = ledgerTextPieces(bytes, 7);
    expect(read.encoding).toBe(encoding);
    expect([...read.pieces()].join('')).toBe(text);
  });

  it('refuses a file that is neither UTF-8 nor Big5 before any piece is read', () => {
    expect(() => ledgerTextPieces(new Uint8Array([0x41, 0x2c, 0x42, 0x0a, 0x43, 0x81, 0x20, 0x0a]), 2)).toThrow(/neither UTF-8 nor Big5/);
  });

  it('a file larger than one piece reads the same rows as the same file read whole', async () => {
    const big = `訂單編號,金額,備註\n${Array.from({ length: 40_000 }, (_, i) => `SHOP${i},${i % 997},"含""引號""與\n換行的備註 ${i}"`).join('\r\n')}\n`;
    expect(utf8(big).length).toBeGreaterThan(2 * 1024 * 1024);
    const table = await readLedgerTable(utf8(big));
    const expected = whole(decodeLedgerText(utf8(big)).text) as Row[];
    expect(table.rows).toHaveLength(40_000);
    expect(table.rows.map((r) => [r.rowNo, r.cells])).toEqual(expected.slice(1));
    expect(table.rows[39_999]!.cells[2]).toBe('含"引號"與\n換行的備註 39999');
  });
});
