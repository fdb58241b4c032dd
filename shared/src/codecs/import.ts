// One entry for reading an interchange file of any entity and format: text chunks in, validated
// records and rejections out, row by row.
import type { FileFormat, ImportEntity, Rejection } from '../model/interchange.ts';
import { readCsv } from './csv.ts';
import { RowTooLargeError } from './limits.ts';
import { type ImportContext, type ImportRecord, INTERCHANGE_COLUMNS, csvRowMapper, jsonRecordMapper } from './interchange.ts';
import { readNdjson } from './ndjson.ts';

export type ImportItem<E extends ImportEntity> =
  | { ok: true; line: number; record: ImportRecord[E]; warnings?: Rejection[] }
  | { ok: false; line: number; rejections: Rejection[] };

/** A whole file that cannot be imported (a missing column, an empty file): no row is taken. */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
  readonly line: number;
  constructor(message: string, line: number) {
    super(message);
    this.line = line;
  }
}

/** A row longer than the file format allows (limits.ts): nothing after it is read. */
export class ImportRowTooLargeError extends ImportFileError {
  override name = 'ImportRowTooLargeError';
}

export async function* readImport<E extends ImportEntity>(
  entity: E,
  format: FileFormat,
  text: AsyncIterable<string> | Iterable<string>,
  ctx: ImportContext,
): AsyncGenerator<ImportItem<E>> {
  try {
    yield* readRows(entity, format, text, ctx);
  } catch (e) {
    if (e instanceof RowTooLargeError) throw new ImportRowTooLargeError(e.message, e.line);
    throw e;
  }
}

async function* readRows<E extends ImportEntity>(
  entity: E,
  format: FileFormat,
  text: AsyncIterable<string> | Iterable<string>,
  ctx: ImportContext,
): AsyncGenerator<ImportItem<E>> {
  if (format === 'ndjson') {
    const map = jsonRecordMapper(entity, ctx);
    for await (const item of readNdjson(text)) {
      if ('error' in item) {
        yield {
          ok: false,
          line: item.line,
          rejections: [{ line: item.line, error: item.error, code: item.code, params: item.params }],
        };
        continue;
      }
      const r = map(item.value, item.line);
      yield r.ok ? { ok: true, line: item.line, record: r.record } : { ok: false, line: item.line, rejections: r.rejections };
    }
    return;
  }
  let mapper: ReturnType<typeof csvRowMapper<E>> | null = null;
  for await (const row of readCsv(text)) {
    if (!mapper) {
      mapper = csvRowMapper(entity, row.cells, ctx);
      if (mapper.missing.length > 0) {
        const expected = INTERCHANGE_COLUMNS[entity].required.join(', ');
        throw new ImportFileError(
          `line ${row.line}: the header lacks the column${mapper.missing.length > 1 ? 's' : ''} ${mapper.missing.join(', ')} (a ${entity} file needs ${expected})`,
          row.line,
        );
      }
      continue;
    }
    const r = mapper.map(row.cells, row.line);
    yield r.ok
      ? { ok: true, line: row.line, record: r.record, ...(r.warnings ? { warnings: r.warnings } : {}) }
      : { ok: false, line: row.line, rejections: r.rejections };
  }
  if (!mapper) throw new ImportFileError('the file is empty: it needs a header line and rows', 1);
}
