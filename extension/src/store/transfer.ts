// Spreadsheet import and export through the shared codecs. Imports upsert by record id (importing
// the same file twice updates instead of duplicating), write in batches with a pause between them
// so the worker keeps answering badges during a big import, and report every rejected line.
import { EXPORT_COLUMNS } from '#shared/codecs/export-columns.ts';
import { readImport } from '#shared/codecs/import.ts';
import type { ImportRecord } from '#shared/codecs/interchange.ts';
import { writeCsv } from '#shared/codecs/csv.ts';
import { writeNdjson } from '#shared/codecs/ndjson.ts';
import { textChunks } from '#shared/codecs/text.ts';
import type { ExportEntity, FileFormat, ImportEntity, ImportResult, Rejection } from '#shared/model/interchange.ts';
import type { EntityRecord } from '#shared/model/sync.ts';
import type { KehuDb } from './db.ts';
import { resolveAddress } from './people.ts';
import { type WriteContext, fromStored, saveRecords } from './records.ts';

export const IMPORT_BATCH = 1000;

export interface ImportOptions extends WriteContext {
  /** IANA zone for dates written without one. */
  timeZone: string;
  /** Called after each written batch: rows read so far. */
  onProgress?: (rowsRead: number) => void;
  /** Stops the import between batches when aborted; rows already written stay. */
  signal?: AbortSignal;
}

export interface ImportOutcome {
  result: ImportResult & { unchanged: number };
  /** Customers whose data changed: their assessments need recomputing. */
  customerIds: Set<string>;
}

const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function importText(
  db: KehuDb,
  request: { entity: ImportEntity; format: FileFormat; text: string },
  options: ImportOptions,
): Promise<ImportOutcome> {
  const { entity } = request;
  const result: { added: number; updated: number; unchanged: number; rejected: Rejection[]; warnings?: Rejection[] } = {
    added: 0,
    updated: 0,
    unchanged: 0,
    rejected: [],
  };
  const customerIds = new Set<string>();
  let batch: ImportRecord[typeof entity][] = [];
  let rows = 0;
  const flush = async () => {
    const counts = await upsertBatch(db, entity, batch, options, customerIds);
    result.added += counts.added;
    result.updated += counts.updated;
    result.unchanged += counts.unchanged;
    batch = [];
    options.onProgress?.(rows);
    await pause();
  };
  const items = readImport(entity, request.format, textChunks(request.text), {
    now: options.now,
    by: options.by,
    timeZone: options.timeZone,
  });
  for await (const item of items) {
    rows++;
    if (item.ok) {
      batch.push(item.record);
      // Rows kept with a value read differently: listed only when there are some.
      if (item.warnings) (result.warnings ??= []).push(...item.warnings);
    } else result.rejected.push(...item.rejections);
    if (batch.length >= IMPORT_BATCH) {
      await flush();
      if (options.signal?.aborted) break;
    }
  }
  if (batch.length > 0) await flush();
  return { result, customerIds };
}

/** Fields that change on every write and say nothing about content. */
const META = new Set(['rev', 'updatedAt', 'updatedBy', 'createdAt']);
const content = (r: object) => JSON.stringify(r, (k, v) => (META.has(k) ? undefined : v));

/** Upsert one batch of validated records (importText, and the options page's batched import). */
export async function upsertBatch<E extends ImportEntity>(
  db: KehuDb,
  entity: E,
  records: EntityRecord<E>[],
  ctx: WriteContext,
  customerIds: Set<string>,
): Promise<{ added: number; updated: number; unchanged: number }> {
  if (entity === 'responses') await attachRespondents(db, records as EntityRecord<'responses'>[]);
  const table = db.table(entity);
  return db.transaction('rw', [table, db.changes], async () => {
    const existing = (await table.bulkGet(records.map((r) => r.id))) as (EntityRecord<E> | undefined)[];
    const changed: EntityRecord<E>[] = [];
    const changedCurrent: (EntityRecord<E> | undefined)[] = [];
    let added = 0;
    let updated = 0;
    let unchanged = 0;
    records.forEach((record, i) => {
      const current = existing[i] ? fromStored(existing[i]) : undefined;
      if (!current) {
        added++;
        changed.push(record);
        changedCurrent.push(undefined);
        return;
      }
      // The file is the source of truth for the fields it has; fields it leaves out keep their value.
      const merged = { ...current } as Record<string, unknown>;
      for (const [k, v] of Object.entries(record)) if (v !== undefined) merged[k] = v;
      if (content(merged) === content(current)) {
        unchanged++;
        return;
      }
      updated++;
      changed.push(merged as EntityRecord<E>);
      changedCurrent.push(current);
    });
    await saveRecords(db, entity, changed, ctx, changedCurrent);
    for (const r of changed) {
      const id = entity === 'customers' ? r.id : (r as { customerId?: string | null }).customerId;
      if (id) customerIds.add(id);
    }
    return { added, updated, unchanged };
  });
}

/** A survey answer that names only the respondent's address gets the contact and customer behind it. */
async function attachRespondents(db: KehuDb, responses: EntityRecord<'responses'>[]): Promise<void> {
  for (const r of responses) {
    const email = r.respondent.email;
    if (!email || (r.customerId && r.contactId)) continue;
    const person = await resolveAddress(db, email);
    if (!r.customerId && person.customer) r.customerId = person.customer.id;
    if (!r.contactId && person.contact && (!r.customerId || person.contact.customerId === r.customerId)) {
      r.contactId = person.contact.id;
    }
  }
}

/** Every live record of an entity in primary-key order, read in pages so memory stays flat. */
export async function* liveRecords<E extends ExportEntity>(db: KehuDb, entity: E, page = 5000): AsyncGenerator<EntityRecord<E>> {
  const table = db.table(entity);
  let after: string | null = null;
  for (;;) {
    const rows = (await (after === null ? table.orderBy(':id') : table.where(':id').above(after))
      .limit(page)
      .toArray()) as EntityRecord<E>[];
    for (const r of rows) if (!r.deletedAt) yield fromStored(r);
    if (rows.length < page) return;
    after = rows[rows.length - 1]!.id;
  }
}

/** An entity as one interchange file: CSV (UTF-8 with BOM, guarded) or NDJSON. */
export async function exportText(db: KehuDb, request: { entity: ExportEntity; format: FileFormat }): Promise<string> {
  const records = liveRecords(db, request.entity);
  const chunks =
    request.format === 'csv'
      ? writeCsv(EXPORT_COLUMNS[request.entity] as Parameters<typeof writeCsv<EntityRecord<typeof request.entity>>>[0], records)
      : writeNdjson(records);
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}
