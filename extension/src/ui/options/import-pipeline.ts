// Importing a spreadsheet in the options page, in three passes over the chosen file, each streamed
// (the file is never one string): read the header and a few rows to guess the columns; preview —
// map every row with the rep's column choice and list every rejected row, and every row kept with a
// warning (a value read as its closest meaning), with its line, field and reason, writing nothing;
// import — map again and send the records to the background in batches, with progress, and stop
// between batches when cancelled. Mapping runs in the page, a batch at a
// time with a pause between batches, so a 100,000-row file never freezes it.
import { type ColumnMapping, guessColumns, mappedHeader, unmappedRequired } from '#shared/codecs/column-guess.ts';
import { readCsv } from '#shared/codecs/csv.ts';
import { ImportFileError, type ImportItem, readImport } from '#shared/codecs/import.ts';
import { type ImportContext, type ImportRecord, INTERCHANGE_COLUMNS, csvRowMapper } from '#shared/codecs/interchange.ts';
import { decodeText } from '#shared/codecs/text.ts';
import type { FileFormat, ImportEntity, Rejection } from '#shared/model/interchange.ts';

export { ImportFileError };

/** What the page reads a file through (a File, or a Blob in tests). */
export interface ByteSource {
  size: number;
  stream(): ReadableStream<Uint8Array>;
}

/** The file's bytes in chunks; `onBytes` is told the total read so far (for progress). */
export async function* byteChunks(
  source: ByteSource,
  onBytes?: (read: number) => void,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  const reader = source.stream().getReader();
  let read = 0;
  try {
    for (;;) {
      if (signal?.aborted) return;
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
      onBytes?.(read);
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/** CSV or NDJSON, from the file name; CSV when it says nothing. */
export function formatOf(fileName: string): FileFormat {
  return /\.(nd)?jsonl?$|\.ndjson$/i.test(fileName) ? 'ndjson' : 'csv';
}

export interface FileHead {
  header: string[];
  /** The first few rows, as cells in header order. */
  sample: string[][];
}

/** The header row and the first `rows` rows of a CSV file. */
export async function readHead(source: ByteSource, rows = 5): Promise<FileHead> {
  const abort = new AbortController();
  let header: string[] | null = null;
  const sample: string[][] = [];
  try {
    for await (const row of readCsv(decodeText(byteChunks(source, undefined, abort.signal)))) {
      if (!header) header = row.cells.map((c) => c.trim());
      else sample.push(row.cells);
      if (sample.length >= rows) break;
    }
  } finally {
    abort.abort();
  }
  if (!header) throw new ImportFileError('the file is empty: it needs a header line and rows', 1);
  return { header, sample };
}

/** The columns Kehu reads for an entity, required first. */
export function importColumns(entity: ImportEntity): { column: string; required: boolean }[] {
  const c = INTERCHANGE_COLUMNS[entity];
  return [
    ...c.required.map((column) => ({ column, required: true })),
    ...c.optional.map((column) => ({ column, required: false })),
  ];
}

export { guessColumns, unmappedRequired };

/** Required columns that neither a file column nor a constant provides. */
export function missingColumns(entity: ImportEntity, mapping: ColumnMapping, constants: Record<string, string> = {}): string[] {
  return unmappedRequired(entity, mapping).filter((c) => !constants[c]);
}
export type { ColumnMapping };

export interface MapOptions {
  entity: ImportEntity;
  format: FileFormat;
  /** For CSV: interchange column → index of the file's column that holds it. */
  mapping?: ColumnMapping;
  /** For CSV: interchange column → one value for every row (an orders sheet has no "kind" column: every row is an order). */
  constants?: Record<string, string>;
  ctx: ImportContext;
  onBytes?: (read: number) => void;
  signal?: AbortSignal;
}

/** Every row of the file, mapped and checked by the shared interchange mapper. */
export async function* mapFile(source: ByteSource, options: MapOptions): AsyncGenerator<ImportItem<ImportEntity>> {
  const text = decodeText(byteChunks(source, options.onBytes, options.signal));
  if (options.format === 'ndjson') {
    yield* readImport(options.entity, 'ndjson', text, options.ctx);
    return;
  }
  const mapping = options.mapping;
  if (!mapping) throw new Error('a CSV import needs a column mapping');
  const constants = Object.entries(options.constants ?? {}).filter(
    ([column, value]) => value !== '' && mapping[column] === undefined,
  );
  const missing = missingColumns(options.entity, mapping, options.constants);
  if (missing.length > 0) throw new ImportFileError(`choose a column for ${missing.join(', ')}`, 1);
  let mapper: ReturnType<typeof csvRowMapper> | null = null;
  let width = 0;
  for await (const row of readCsv(text)) {
    if (!mapper) {
      const names = mappedHeader(row.cells, mapping);
      width = names.length;
      // A constant is one more column, the same in every row.
      mapper = csvRowMapper(options.entity, [...names, ...constants.map(([column]) => column)], options.ctx);
      continue;
    }
    let cells = row.cells;
    if (constants.length > 0) {
      cells = cells.slice(0, width);
      while (cells.length < width) cells.push('');
      for (const [, value] of constants) cells.push(value);
    }
    const r = mapper.map(cells, row.line);
    yield r.ok
      ? { ok: true, line: row.line, record: r.record, ...(r.warnings ? { warnings: r.warnings } : {}) }
      : { ok: false, line: row.line, rejections: r.rejections };
  }
  if (!mapper) throw new ImportFileError('the file is empty: it needs a header line and rows', 1);
}

/** Let the page paint and handle input between batches. */
export const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Rows mapped between two pauses: a few tens of milliseconds of work, so the page never freezes. */
export const BREATHE_EVERY = 500;

/** Rejections (and, apart, warnings) kept for display; beyond this only their number is counted. */
export const MAX_SHOWN_REJECTIONS = 2000;

export interface Preview {
  rows: number;
  valid: number;
  rejectedRows: number;
  rejections: Rejection[];
  /** Rows that will be imported with a value read differently from how it was written (a warning line each). */
  warnedRows: number;
  warnings: Rejection[];
  /** The same id on several rows: the later row will overwrite the earlier one. */
  duplicateIds: number;
}

export async function previewFile(source: ByteSource, options: MapOptions, every = BREATHE_EVERY): Promise<Preview> {
  const preview: Preview = { rows: 0, valid: 0, rejectedRows: 0, rejections: [], warnedRows: 0, warnings: [], duplicateIds: 0 };
  const ids = new Set<string>();
  for await (const item of mapFile(source, options)) {
    preview.rows++;
    if (item.ok) {
      preview.valid++;
      if (ids.has(item.record.id)) preview.duplicateIds++;
      else ids.add(item.record.id);
      if (item.warnings?.length) {
        preview.warnedRows++;
        for (const w of item.warnings) if (preview.warnings.length < MAX_SHOWN_REJECTIONS) preview.warnings.push(w);
      }
    } else {
      preview.rejectedRows++;
      for (const r of item.rejections) if (preview.rejections.length < MAX_SHOWN_REJECTIONS) preview.rejections.push(r);
    }
    if (preview.rows % every === 0) {
      await breathe();
      if (options.signal?.aborted) break;
    }
  }
  return preview;
}

export interface BatchResult {
  added: number;
  updated: number;
  unchanged: number;
  customerIds: string[];
  /** Records whose customer was named rather than given by id (resolved by the background). */
  byName?: number;
  /** Records naming a customer Kehu does not know. */
  unknown?: number;
  unknownExamples?: string[];
}

export interface ImportTotals {
  rows: number;
  added: number;
  updated: number;
  unchanged: number;
  rejectedRows: number;
  cancelled: boolean;
  /** Customers whose records changed: to be reassessed once at the end. */
  customerIds: Set<string>;
  byName: number;
  unknownCustomer: number;
  unknownExamples: string[];
}

/**
 * Map the file again and send its valid records in batches. One batch is in flight while the next
 * is mapped; when cancelled, the batch in flight completes and nothing more is sent.
 */
export async function importFile(
  source: ByteSource,
  options: MapOptions & { batchSize?: number },
  send: (entity: ImportEntity, records: ImportRecord[ImportEntity][]) => Promise<BatchResult>,
): Promise<ImportTotals> {
  const size = options.batchSize ?? 1000;
  const totals: ImportTotals = {
    rows: 0,
    added: 0,
    updated: 0,
    unchanged: 0,
    rejectedRows: 0,
    cancelled: false,
    customerIds: new Set(),
    byName: 0,
    unknownCustomer: 0,
    unknownExamples: [],
  };
  let inflight: Promise<void> | null = null;
  let batch: ImportRecord[ImportEntity][] = [];
  const flush = async () => {
    const records = batch;
    batch = [];
    if (inflight) await inflight;
    // Sending copies the batch into a message: a task of its own, apart from the mapping before it.
    await breathe();
    inflight = send(options.entity, records).then((r) => {
      totals.added += r.added;
      totals.updated += r.updated;
      totals.unchanged += r.unchanged;
      for (const id of r.customerIds) totals.customerIds.add(id);
      totals.byName += r.byName ?? 0;
      totals.unknownCustomer += r.unknown ?? 0;
      for (const x of r.unknownExamples ?? [])
        if (totals.unknownExamples.length < 5 && !totals.unknownExamples.includes(x)) totals.unknownExamples.push(x);
    });
    await breathe();
  };
  for await (const item of mapFile(source, { ...options, signal: undefined })) {
    if (options.signal?.aborted) {
      totals.cancelled = true;
      break;
    }
    totals.rows++;
    if (item.ok) batch.push(item.record);
    else totals.rejectedRows++;
    if (batch.length >= size) await flush();
    else if (totals.rows % BREATHE_EVERY === 0) await breathe();
  }
  if (!totals.cancelled && batch.length > 0) await flush();
  if (inflight) await inflight;
  return totals;
}
