// RFC 4180 CSV (quoted cells, doubled quotes, line breaks inside quotes), with the delimiter guessed
// from the header line: shop systems write commas, Excel in some locales semicolons, "text" exports tabs.
import { msg } from '../../contract/messages/render.ts';
import { InputError } from '../errors.ts';

const DELIMITERS = [',', '\t', ';'] as const;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

function guessDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  let best: string = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    // Count outside quotes only.
    let count = 0;
    let quoted = false;
    for (const ch of firstLine) {
      if (ch === '"') quoted = !quoted;
      else if (ch === d && !quoted) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/** Rows of cells; blank lines are dropped. `line` is the 1-based line where each row starts. */
/** `onRow` sees each row's cell count as it ends (the caller's limits; it throws to stop). */
export function parseCsv(text: string, maxRows = 500_000, onRow?: (cells: number) => void): Array<{ line: number; cells: string[] }> {
  const rows: Array<{ line: number; cells: string[] }> = [];
  forEachCsvRow(text, (line, cells) => {
    onRow?.(cells.length);
    if (cells.length > 1 || cells[0]!.trim() !== '') rows.push({ line, cells });
    if (rows.length > maxRows) throw new InputError(`the file has more than ${maxRows} rows; split it`, { msg: msg('ledger.too_many_rows', { max: maxRows }) });
  });
  return rows;
}

/**
 * The streaming form: each row is handed over as it ends (blank lines too, as one empty cell) and
 * never kept, so a caller that keeps only what it needs holds no table of the whole file.
 */
export function forEachCsvRow(text: string, onRow: (line: number, cells: string[]) => void): void {
  const stream = new CsvRowStream(onRow);
  stream.push(text);
  stream.end();
}

/**
 * The same parser fed text a piece at a time (a large file decoded a megabyte at a time, so the whole
 * file never sits in memory as one string). Rows, line numbers and errors are exactly those of
 * forEachCsvRow on the whole text, wherever the pieces are cut: a piece's last character is held back
 * when it could pair with the next piece's first (`"` with `"`, CR with LF).
 */
export class CsvRowStream {
  private readonly onRow: (line: number, cells: string[]) => void;
  private delimiter: string | null = null;
  private cells: string[] = [];
  private cell = '';
  private quoted = false;
  private line = 1;
  private rowLine = 1;
  private carry = '';

  constructor(onRow: (line: number, cells: string[]) => void) {
    this.onRow = onRow;
  }

  push(piece: string): void {
    const text = this.carry + piece;
    this.carry = '';
    this.parse(text, false);
  }

  end(): void {
    const rest = this.carry;
    this.carry = '';
    this.parse(rest, true);
    if (this.quoted) throw new InputError(`a quoted cell that starts on line ${this.rowLine} is never closed: the file is cut off or not CSV`, { msg: msg('ledger.unclosed_quote', { line: this.rowLine }) });
    if (this.cell !== '' || this.cells.length > 0) this.endRow();
  }

  private endRow(): void {
    this.cells.push(this.cell);
    this.onRow(this.rowLine, this.cells);
    this.cells = [];
    this.cell = '';
  }

  /**
   * Parses the text; unless it is the last piece, a character whose meaning depends on the next one
   * (`"` inside quotes, CR) at the very end is kept for the next piece, with what follows it.
   */
  private parse(text: string, final: boolean): void {
    if (text === '') return;
    // The delimiter is guessed from the whole header line: wait for its end (or the file's).
    if (this.delimiter === null && !final && !/[\r\n]/.test(text)) {
      this.carry = text;
      return;
    }
    const delimiter = (this.delimiter ??= guessDelimiter(text));
    const d = delimiter.charCodeAt(0);
    const n = text.length;
    let i = 0;
    // Runs of ordinary characters are taken as one slice (a char-by-char `cell += ch` made a string
    // per character: millions of them for a 15 MB file).
    while (i < n) {
      if (this.quoted) {
        const q = text.indexOf('"', i);
        const end = q < 0 ? n : q;
        if (end > i) {
          const chunk = text.slice(i, end);
          this.cell += chunk;
          for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) this.line++;
          i = end;
          continue;
        }
        if (i + 1 === n && !final) {
          this.carry = text.slice(i);
          return;
        }
        if (text.charCodeAt(i + 1) === QUOTE) {
          this.cell += '"';
          i += 2;
          continue;
        }
        this.quoted = false;
        i++;
        continue;
      }
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === QUOTE || c === d || c === CR || c === LF) break;
        j++;
      }
      if (j > i) {
        this.cell += text.slice(i, j);
        i = j;
        continue;
      }
      const ch = text[i]!;
      if (ch === '"' && this.cell.trim() === '') {
        this.quoted = true;
        this.cell = '';
      } else if (ch === delimiter) {
        this.cells.push(this.cell);
        this.cell = '';
      } else if (ch === '\r' || ch === '\n') {
        if (ch === '\r' && i + 1 === n && !final) {
          this.carry = text.slice(i);
          return;
        }
        if (ch === '\r' && text[i + 1] === '\n') i++;
        this.endRow();
        this.line++;
        this.rowLine = this.line;
      } else {
        this.cell += ch;
      }
      i++;
    }
  }
}
