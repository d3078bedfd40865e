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
  const delimiter = guessDelimiter(text);
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const endRow = () => {
    cells.push(cell);
    onRow(rowLine, cells);
    cells = [];
    cell = '';
  };
  // Runs of ordinary characters are taken as one slice (a char-by-char `cell += ch` made a string
  // per character: millions of them for a 15 MB file).
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  while (i < n) {
    if (quoted) {
      const q = text.indexOf('"', i);
      const end = q < 0 ? n : q;
      if (end > i) {
        const chunk = text.slice(i, end);
        cell += chunk;
        for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) line++;
        i = end;
        continue;
      }
      if (text.charCodeAt(i + 1) === QUOTE) {
        cell += '"';
        i += 2;
        continue;
      }
      quoted = false;
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
      cell += text.slice(i, j);
      i = j;
      continue;
    }
    const ch = text[i]!;
    if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      cell += ch;
    }
    i++;
  }
  if (quoted) throw new InputError(`a quoted cell that starts on line ${rowLine} is never closed: the file is cut off or not CSV`, { msg: msg('ledger.unclosed_quote', { line: rowLine }) });
  if (cell !== '' || cells.length > 0) endRow();
}
