// A real .xlsx file (Office Open XML), streamed: rows are written as the records come and the zip
// leaves in pieces, so a large export never sits whole in memory. ExcelJS's streaming
// WorkbookWriter does the format (it writes each row to the sheet's part in the zip as it is
// committed); this file adds what Kehu's exports need:
//
// * Text stays text. Every cell is written with its type (string, number), never as a formula;
//   text that begins with = + - @ (or a tab/carriage return) also gets the Text number format
//   ('@'), so editing such a cell in Excel or LibreOffice does not turn it into a formula either.
//   The value itself is kept exactly (unlike CSV, no leading quote is needed).
// * Characters XML 1.0 cannot hold (control characters, lone surrogates) are dropped, and a cell
//   longer than Excel's 32,767 characters is cut with "…" (the NDJSON export has the full text).
// * A sheet holds at most 1,048,576 rows: more rows continue on a second sheet with the header again.
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CsvValue } from '#shared/codecs/csv.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Excel's limits. */
export const MAX_CELL_CHARS = 32_767;
export const MAX_SHEET_ROWS = 1_048_576;

const FORMULA_LIKE = /^[=+\-@\t\r]/;
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters XML 1.0 forbids.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A text cell's value as the sheet can hold it. */
export function xlsxText(text: string): string {
  const clean = text.replace(NOT_XML, '');
  return clean.length > MAX_CELL_CHARS ? `${clean.slice(0, MAX_CELL_CHARS - 1)}…` : clean;
}

export interface XlsxOptions {
  /** The sheet's name (at most 31 characters; a second sheet gets " 2"). */
  sheet: string;
  /** Rows written between checks that the reader keeps up (default 500). */
  batch?: number;
  /** Rows per sheet including the header (default Excel's 1,048,576; smaller in tests). */
  sheetRows?: number;
}

/**
 * Stream records as an .xlsx file: a header row of the column names, then one row per record.
 * The next rows are written only while the reader keeps up; cancelling the stream stops reading records.
 */
export function xlsxStream<T>(
  columns: readonly { name: string; value: (record: T) => CsvValue }[],
  records: AsyncIterable<T>,
  options: XlsxOptions,
): ReadableStream<Uint8Array> {
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const batch = options.batch ?? 500;
  const sheetRows = options.sheetRows ?? MAX_SHEET_ROWS;
  const header = columns.map((c) => xlsxText(c.name));

  let sheets = 0;
  const newSheet = () => {
    sheets++;
    const name = sheets === 1 ? options.sheet : `${options.sheet} ${sheets}`;
    const sheet = workbook.addWorksheet(name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    const row = sheet.addRow(header);
    row.font = { bold: true };
    row.commit();
    return sheet;
  };

  /** Wait while the reader has not taken what was written (or until the stream is gone). */
  const room = async () => {
    await new Promise<void>((resolve) => setImmediate(resolve)); // let the zip pass on what it has
    while (!out.destroyed && out.writableNeedDrain) await Promise.race([once(out, 'drain'), once(out, 'close')]);
  };

  const produce = async () => {
    let sheet = newSheet();
    let rowsInSheet = 1;
    let n = 0;
    for await (const record of records) {
      if (out.destroyed) return; // the reader went away: the loop's end closes the record scan
      if (rowsInSheet >= sheetRows) {
        sheet.commit();
        sheet = newSheet();
        rowsInSheet = 1;
      }
      const row = sheet.addRow(columns.map((c) => cellValue(c.value(record))));
      row.eachCell((cell) => {
        if (typeof cell.value === 'string' && FORMULA_LIKE.test(cell.value)) cell.numFmt = '@';
      });
      row.commit();
      rowsInSheet++;
      if (++n % batch === 0) await room();
    }
    sheet.commit();
    await workbook.commit();
  };
  produce().catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
  return Readable.toWeb(out) as unknown as ReadableStream<Uint8Array>;
}

function cellValue(value: CsvValue): string | number | boolean | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return xlsxText(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}
