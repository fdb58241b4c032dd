// Importing interchange files into the store: every row is a local edit by the importer. A row
// for a record that exists updates it (keeping what the row leaves empty, and its creation
// time); a row identical to what is stored changes nothing. Rows are written in batches, each
// batch in one transaction, through the same path as pushes, so imports sync to every rep.
import { type ImportItem, readImport } from '#shared/codecs/import.ts';
import type { ImportContext } from '#shared/codecs/interchange.ts';
import type { FileFormat, ImportEntity, Rejection } from '#shared/model/interchange.ts';
import type { EntityRecord, SyncRecord } from '#shared/model/sync.ts';
import { canonicalJson, nextVersion } from '#shared/sync/version.ts';
import { type Sql, containsNul } from '../db/sql.ts';
import { loadRecords, writeRecords } from './records.ts';

export interface ImportSummary {
  added: number;
  updated: number;
  unchanged: number;
  /** The first rejections (at most `maxRejections`), each naming its line and field. */
  rejected: Rejection[];
  /** Rows kept with a value read as its closest meaning (at most as many as rejections are listed). */
  warnings?: Rejection[];
  /** All rejected rows, also those beyond the list. */
  rejectedRows: number;
}

const META = new Set(['rev', 'updatedAt', 'updatedBy', 'deletedAt', 'createdAt']);

function content(record: object): string {
  return canonicalJson(Object.fromEntries(Object.entries(record).filter(([k]) => !META.has(k))));
}

/** The stored record updated by an imported row: the row's values win, its empty optional fields keep the stored ones. */
function mergeRow<T extends Record<string, unknown>>(stored: T, row: T): T {
  const merged: Record<string, unknown> = { ...stored };
  for (const [k, v] of Object.entries(row)) if (v !== undefined && !META.has(k)) merged[k] = v;
  return merged as T;
}

export async function importFile(
  sql: Sql,
  entity: ImportEntity,
  format: FileFormat,
  text: AsyncIterable<string>,
  ctx: ImportContext,
  options: { batchSize?: number; maxRejections?: number; onProgress?: (s: ImportSummary) => void } = {},
): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? 1000;
  const maxRejections = options.maxRejections ?? 1000;
  const summary: ImportSummary = { added: 0, updated: 0, unchanged: 0, rejected: [], rejectedRows: 0 };
  let batch: EntityRecord<ImportEntity>[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    await sql.transaction(async (tx) => {
      const stored = await loadRecords(
        tx,
        rows.map((r) => ({ entity, id: r.id })),
      );
      const writes: SyncRecord[] = [];
      const seen = new Map<string, EntityRecord<ImportEntity>>();
      for (const row of rows) {
        const base =
          seen.get(row.id) ?? (stored.get(`${entity}\u0000${row.id}`)?.record as EntityRecord<ImportEntity> | undefined);
        if (!base) {
          summary.added++;
          seen.set(row.id, row);
          writes.push({ entity, record: row } as SyncRecord);
          continue;
        }
        const merged = mergeRow(base as Record<string, unknown>, row as Record<string, unknown>) as EntityRecord<ImportEntity>;
        if (content(merged) === content(base) && base.deletedAt === null) {
          summary.unchanged++;
          continue;
        }
        const version = nextVersion(base, ctx.now, ctx.by);
        const record = { ...merged, ...version, deletedAt: null } as EntityRecord<ImportEntity>;
        summary.updated++;
        seen.set(row.id, record);
        writes.push({ entity, record } as SyncRecord);
      }
      await writeRecords(tx, writes, ctx.now);
    });
    options.onProgress?.(summary);
  };

  // A file that cannot be read on (a row too long, a body too large, a bad byte) still keeps the
  // rows before the fault: the batch read so far is stored before the error goes on.
  const items = readImport(entity, format, text, ctx)[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<ImportItem<ImportEntity>>;
    try {
      next = await items.next();
    } catch (e) {
      await flush();
      throw e;
    }
    if (next.done) break;
    const item = next.value;
    if (item.ok && containsNul(item.record)) {
      summary.rejectedRows++;
      if (summary.rejected.length < maxRejections)
        summary.rejected.push({ line: item.line, error: 'contains a NUL character, which cannot be stored' });
    } else if (item.ok) {
      batch.push(item.record);
      for (const w of item.warnings ?? []) {
        summary.warnings ??= [];
        if (summary.warnings.length < maxRejections) summary.warnings.push(w);
      }
      if (batch.length >= batchSize) await flush();
    } else {
      summary.rejectedRows++;
      for (const r of item.rejections) if (summary.rejected.length < maxRejections) summary.rejected.push(r);
    }
  }
  await flush();
  return summary;
}
