// Issue 18 items 4 and 6: hostile ledger files. A 1 MB .xlsx inflating to gigabytes took 1.1 GB and
// was refused only after 24 s; huge tables were built whole before any check. Now a workbook's
// uncompressed size is checked (directory and actual inflation) before parsing, and rows, columns and
// cells are counted while streaming, each refused with the limit it passed.
import { constants, crc32, createDeflateRaw } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { InputError } from '../../src-main/core/errors.ts';
import { readLedgerTable } from '../../src-main/core/ledger/table.ts';
import { MAX_XLSX_UNCOMPRESSED } from '../../src-main/core/ledger/zip-guard.ts';
import { csv, utf8, xlsx } from '../unit/reconcile/helpers.ts';

interface ZipEntry {
  name: string;
  /** Produces the uncompressed data in pieces, so a bomb is built without holding it. */
  chunks: () => Iterable<Buffer>;
}

async function deflate(chunks: Iterable<Buffer>): Promise<{ data: Buffer; crc: number; size: number }> {
  const d = createDeflateRaw({ level: constants.Z_BEST_COMPRESSION });
  const out: Buffer[] = [];
  d.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((r) => d.on('end', r));
  let crc = 0;
  let size = 0;
  for (const c of chunks) {
    crc = crc32(c, crc);
    size += c.length;
    if (!d.write(c)) await new Promise((r) => d.once('drain', r));
  }
  d.end();
  await done;
  return { data: Buffer.concat(out), crc, size };
}

/** A minimal zip writer; `lie` declares every uncompressed size as 1 KB. */
async function zip(entries: ZipEntry[], options: { lie?: boolean } = {}): Promise<Buffer> {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const { data, crc, size } = await deflate(e.chunks());
    const declared = options.lie ? 1024 : size;
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc >>> 0, 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(declared, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    central.push(dir, name);
    offset += local.length + name.length + data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dirBytes, end]);
}

const CT = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>';
const RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
const WB = '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>';
const WB_RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';

/** A workbook whose one sheet inflates to `mb` megabytes of rows. */
function bomb(mb: number, lie = false): Promise<Buffer> {
  const row = Buffer.from('<row><c t="inlineStr"><is><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></is></c></row>'.repeat(1000));
  const fixed = (text: string) => () => [Buffer.from(text)];
  return zip(
    [
      { name: '[Content_Types].xml', chunks: fixed(CT) },
      { name: '_rels/.rels', chunks: fixed(RELS) },
      { name: 'xl/workbook.xml', chunks: fixed(WB) },
      { name: 'xl/_rels/workbook.xml.rels', chunks: fixed(WB_RELS) },
      {
        name: 'xl/worksheets/sheet1.xml',
        chunks: function* () {
          yield Buffer.from('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
          for (let n = 0; n < (mb * 1024 * 1024) / row.length; n++) yield row;
          yield Buffer.from('</sheetData></worksheet>');
        },
      },
    ],
    { lie },
  );
}

describe('XLSX zip bombs', () => {
  test('a small file that inflates past the limit is refused before parsing, with a clear message', async () => {
    const file = await bomb(Math.ceil(MAX_XLSX_UNCOMPRESSED / 1024 / 1024) + 50);
    expect(file.length).toBeLessThan(3 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    await expect(readLedgerTable(file)).rejects.toThrow(/zip bomb/);
    // Refused without holding the inflated sheet (far more than the whole file's worth of rows).
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
  });

  test('a bomb whose directory lies about its sizes is caught by counting the inflation', async () => {
    const file = await bomb(Math.ceil(MAX_XLSX_UNCOMPRESSED / 1024 / 1024) + 50, true);
    await expect(readLedgerTable(file)).rejects.toThrow(/zip bomb/);
  });
});

describe('rows, columns and cells are limited while reading', () => {
  const limits = { maxRows: 50, maxColumns: 8, maxCells: 300 };
  const header = ['訂單編號', '金額', '訂單時間', '狀態'];
  const rows = (n: number, width = 4) => [header.concat(Array(width - 4).fill('x')), ...Array.from({ length: n }, (_, i) => [`A${i}`, '100', '2024/03/05', '已付款', ...Array(width - 4).fill('x')])];

  test('CSV: too many rows, columns or cells each get their own message', async () => {
    await expect(readLedgerTable(utf8(csv(rows(60))), limits)).rejects.toThrow(/more than 50 rows/);
    await expect(readLedgerTable(utf8(csv(rows(3, 12))), limits)).rejects.toThrow(/12 columns \(at most 8\)/);
    await expect(readLedgerTable(utf8(csv(rows(40, 8))), limits)).rejects.toThrow(/more than 300 cells/);
    await expect(readLedgerTable(utf8(csv(rows(20))), limits)).resolves.toMatchObject({ headers: header });
  });

  test('XLSX: the same limits, counted while streaming', async () => {
    await expect(readLedgerTable(await xlsx(rows(60)), limits)).rejects.toThrow(/more than 50 rows/);
    await expect(readLedgerTable(await xlsx(rows(3, 12)), limits)).rejects.toThrow(/12 columns/);
    const ok = await readLedgerTable(await xlsx(rows(20)), limits);
    expect(ok.rows).toHaveLength(20);
  });

  test('the default limits refuse a 1,000-column header', async () => {
    const wide = [Array.from({ length: 1000 }, (_, i) => `c${i}`), Array.from({ length: 1000 }, () => '1')];
    await expect(readLedgerTable(utf8(csv(wide)))).rejects.toThrow(InputError);
  });
});

describe('a large ledger is read off the main thread', () => {
  /** About `mb` MB of valid ledger CSV. */
  function bigCsv(mb: number): Uint8Array {
    const lines = ['訂單編號,金額,訂單時間,狀態'];
    let size = 0;
    for (let i = 0; size < mb * 1024 * 1024; i++) {
      const line = `SHOP${String(i).padStart(9, '0')},${(i % 5000) + 1},2024/03/${String((i % 28) + 1).padStart(2, '0')} 10:${String(i % 60).padStart(2, '0')},已付款`;
      lines.push(line);
      size += Buffer.byteLength(line) + 1;
    }
    return utf8(lines.join('\n'));
  }

  test('the main thread keeps running timers while a 15 MB CSV is parsed, and the table is the same', async () => {
    const { readLedgerTableOffThread } = await import('../../src-main/core/ledger/table-off-thread.ts');
    const bytes = bigCsv(14.5);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const table = await readLedgerTableOffThread(bytes);
    clearInterval(timer);
    // On the main thread the parse is one synchronous stretch: not a single timer could fire.
    expect(ticks).toBeGreaterThan(0);
    expect(table.headers).toEqual(['訂單編號', '金額', '訂單時間', '狀態']);
    expect(table.rows.length).toBeGreaterThan(200_000);
    expect(table.rows[0]).toEqual({ rowNo: 2, cells: ['SHOP000000000', '1', '2024/03/01 10:00', '已付款'] });
  }, 120_000);

  test('limits and bad files are refused from the worker with the same InputError', async () => {
    const { readLedgerTableOffThread } = await import('../../src-main/core/ledger/table-off-thread.ts');
    const wide = utf8(csv([Array.from({ length: 1000 }, (_, i) => `c${i}`), Array.from({ length: 1000 }, () => '1')]));
    await expect(readLedgerTableOffThread(wide, 0)).rejects.toThrow(InputError);
    await expect(readLedgerTableOffThread(wide, 0)).rejects.toThrow(/1000 columns/);
  });
});
