// CSV both ways, streaming. Reading uses Papa Parse's incremental parser (papaparse: well kept,
// dependency-free, runs unchanged in browsers, service workers and Node) fed chunk by chunk, so
// no whole file is ever one string. Writing produces what Excel opens correctly: UTF-8 with a
// byte-order mark, RFC 4180 quoting, CRLF, and formula-injection guards.
import Papa from 'papaparse';
import { MAX_ROW_CHARS, RowTooLargeError } from './limits.ts';

export interface CsvRow {
  /** The file's line (1-based) where this row starts; a quoted field may span lines. */
  line: number;
  cells: string[];
}

export interface ReadCsvOptions {
  /** Field separator; guessed from the first line (comma, semicolon or tab) when absent. */
  delimiter?: string;
  /** Undo the formula guard that Kehu's own exports add (see GUARD). Default true. */
  unguard?: boolean;
  /** Longest row in characters (default MAX_ROW_CHARS); a longer one throws RowTooLargeError. */
  maxRowChars?: number;
}

/** Cells that begin with these would run as formulas in a spreadsheet; a leading quote defuses them. */
const GUARD = /^[=+\-@\t\r']/;
const GUARDED = /^'[=+\-@\t\r']/;

export async function* readCsv(
  chunks: AsyncIterable<string> | Iterable<string>,
  options: ReadCsvOptions = {},
): AsyncGenerator<CsvRow> {
  const unguard = options.unguard ?? true;
  const maxRow = options.maxRowChars ?? MAX_ROW_CHARS;
  let parser: Papa.Parser | null = null;
  let partial = '';
  let line = 1;
  let newline: '\n' | '\r\n' | '\r' = '\n';
  let delimiter = options.delimiter ?? ',';
  let started = false;
  let rows: { cells: string[]; end: number }[] = [];

  const run = (text: string, final: boolean): CsvRow[] => {
    rows = [];
    parser ??= new Papa.Parser({
      delimiter,
      newline,
      // The low-level parser hands one row per step, as a one-row array.
      step: (r: { data: string[][]; meta: { cursor: number } }) => {
        rows.push({ cells: r.data[0] ?? [], end: r.meta.cursor });
      },
    });
    const result = parser.parse(text, 0, !final) as { meta: { cursor: number } };
    const out: CsvRow[] = [];
    let start = 0;
    for (const row of rows) {
      const rowLine = line;
      line += countNewlines(text, start, row.end, newline);
      start = row.end;
      if (row.cells.length === 1 && row.cells[0] === '') continue; // blank line
      out.push({ line: rowLine, cells: unguard ? row.cells.map(unguardCell) : row.cells });
    }
    partial = final ? '' : text.slice(result.meta.cursor);
    return out;
  };

  let head = '';
  const begin = (text: string) => {
    const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    newline = guessNewline(t);
    if (!options.delimiter) delimiter = guessDelimiter(t, newline);
    started = true;
    return t;
  };
  for await (const chunk of chunks) {
    if (!started) {
      // Wait for the first line end (and the character after a CR) before guessing the format.
      head += chunk;
      if (!/\n|\r[\s\S]/.test(head)) {
        if (head.length > maxRow) throw new RowTooLargeError(line, maxRow);
        continue;
      }
      yield* run(begin(head), false);
      continue;
    }
    yield* run(partial + chunk, false);
    // The unfinished row is parsed again with every chunk: bound it.
    if (partial.length > maxRow) throw new RowTooLargeError(line, maxRow);
  }
  if (!started && head.length > 0) partial = begin(head);
  if (partial.length > 0) yield* run(partial, true);
}

function unguardCell(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell;
}

function countNewlines(text: string, from: number, to: number, newline: string): number {
  const ch = newline === '\r' ? '\r' : '\n';
  let n = 0;
  let i = text.indexOf(ch, from);
  while (i !== -1 && i < to) {
    n++;
    i = text.indexOf(ch, i + 1);
  }
  return n;
}

function guessNewline(text: string): '\n' | '\r\n' | '\r' {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (cr !== -1 && (lf === -1 || cr < lf)) return text[cr + 1] === '\n' ? '\r\n' : '\r';
  return '\n';
}

function guessDelimiter(text: string, newline: string): string {
  const end = text.indexOf(newline);
  const first = end === -1 ? text : text.slice(0, end);
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t']) {
    const count = first.split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/** A CSV cell value: text, a number, or empty. */
export type CsvValue = string | number | boolean | null | undefined;

/** The byte-order mark Excel needs to read a CSV file as UTF-8. */
export const BOM = '\uFEFF';

/** CSV text for some rows: RFC 4180 quoting, CRLF line ends, formula-like text guarded. */
export function csvLines(rows: CsvValue[][]): string {
  if (rows.length === 0) return '';
  const text = Papa.unparse(
    rows.map((r) => r.map((v) => (v === null || v === undefined ? '' : typeof v === 'boolean' ? String(v) : v))),
    { newline: '\r\n', escapeFormulae: GUARD, quotes: false, header: false },
  );
  return `${text}\r\n`;
}

/**
 * Stream records to CSV text chunks: the byte-order mark and header first, then rows in batches.
 * Numbers are written as numbers (a negative amount is not a formula, so it is not guarded).
 */
export async function* writeCsv<T>(
  columns: readonly { name: string; value: (record: T) => CsvValue }[],
  records: AsyncIterable<T> | Iterable<T>,
  batchSize = 2000,
): AsyncGenerator<string> {
  yield BOM + csvLines([columns.map((c) => c.name)]);
  let batch: CsvValue[][] = [];
  for await (const record of records) {
    batch.push(columns.map((c) => c.value(record)));
    if (batch.length >= batchSize) {
      yield csvLines(batch);
      batch = [];
    }
  }
  if (batch.length > 0) yield csvLines(batch);
}
