// Export in chunks: the page asks for one chunk at a time and writes it to the file before asking
// for the next, so neither the worker nor the page ever holds the whole output. Each chunk reads
// one page of records in primary-key order (a key cursor, not an offset, so the cost per chunk
// stays the same at the end of a million rows), keeps those that pass the filter, and encodes them
// with the shared writers: CSV for Excel (byte-order mark, CRLF, formula guard) or NDJSON.
import { BOM, csvLines } from '#shared/codecs/csv.ts';
import { EXPORT_COLUMNS } from '#shared/codecs/export-columns.ts';
import type { ExportEntity, FileFormat } from '#shared/model/interchange.ts';
import { ExportFilter } from '#shared/model/extension-api.ts';
import type { WarningLevel } from '#shared/model/index.ts';
import type { EntityRecord } from '#shared/model/sync.ts';
import type { KehuDb } from './db.ts';
import { fromStored } from './records.ts';

export { ExportFilter };

/** The date a record is filtered by: when it happened, was opened, raised or is due; when a customer or contact was added. */
export const DATE_FIELD: Record<ExportEntity, string> = {
  customers: 'createdAt',
  contacts: 'createdAt',
  interactions: 'occurredAt',
  responses: 'submittedAt',
  cases: 'openedAt',
  alerts: 'raisedAt',
  followups: 'dueAt',
};

export interface ExportChunkRequest {
  entity: ExportEntity;
  format: FileFormat;
  filter: ExportFilter;
  /** The last primary key of the previous chunk; null for the first chunk (which carries the CSV header). */
  after: string | null;
  /** Records to read (not to write) in this chunk. */
  limit: number;
  /** Identifies one export run, so the customers a filter selects are worked out once per run. */
  run: string;
}

export interface ExportChunk {
  text: string;
  /** Pass as `after` for the next chunk. */
  after: string | null;
  done: boolean;
  /** Records written in this chunk. */
  rows: number;
  /** Records read in this chunk (for progress against the table's size). */
  scanned: number;
}

/** Customer ids a level or owner filter selects, per export run (a few runs at most are kept). */
const scopes = new Map<string, Set<string>>();

async function customerScope(db: KehuDb, filter: ExportFilter, run: string): Promise<Set<string> | null> {
  if (!filter.levels?.length && !filter.owner) return null;
  const cached = scopes.get(run);
  if (cached) return cached;
  const owner = filter.owner?.toLowerCase();
  const levels = filter.levels?.length ? new Set(filter.levels) : null;
  const levelOf = new Map<string, string>();
  if (levels) await db.assessments.each((a) => void levelOf.set(a.customerId, a.level));
  const ids = new Set<string>();
  await db.customers.each((c) => {
    if (c.deletedAt) return;
    if (owner !== undefined && (c.owner ?? '').toLowerCase() !== owner) return;
    if (levels && !levels.has((levelOf.get(c.id) ?? 'none') as WarningLevel)) return;
    ids.add(c.id);
  });
  scopes.set(run, ids);
  while (scopes.size > 4) scopes.delete(scopes.keys().next().value as string);
  return ids;
}

function customerIdOf(entity: ExportEntity, record: Record<string, unknown>): string | null {
  if (entity === 'customers') return record.id as string;
  return (record.customerId as string | null | undefined) ?? null;
}

type Page = Record<string, unknown>[];

function readPage(db: KehuDb, entity: ExportEntity, after: string | null, limit: number): Promise<Page> {
  const table = db.table(entity);
  return (after === null ? table.orderBy(':id') : table.where(':id').above(after)).limit(limit).toArray();
}

/**
 * The next page of each run, read while the current one is encoded, sent and written: IndexedDB
 * works on the next records while this thread encodes, so a chunk costs about the larger of the two
 * rather than their sum. One page per run is held; a few runs at most.
 */
const readAhead = new Map<string, { db: KehuDb; entity: ExportEntity; after: string; limit: number; page: Promise<Page> }>();

function takePage(db: KehuDb, req: ExportChunkRequest): Promise<Page> {
  const ahead = readAhead.get(req.run);
  readAhead.delete(req.run);
  if (ahead?.db === db && ahead.entity === req.entity && ahead.after === req.after && ahead.limit === req.limit) {
    return ahead.page;
  }
  return readPage(db, req.entity, req.after, req.limit);
}

function startReadAhead(db: KehuDb, req: ExportChunkRequest, after: string): void {
  const page = readPage(db, req.entity, after, req.limit);
  page.catch(() => {}); // a failed read-ahead is reported when its chunk is asked for, if it ever is
  readAhead.set(req.run, { db, entity: req.entity, after, limit: req.limit, page });
  while (readAhead.size > 4) readAhead.delete(readAhead.keys().next().value as string);
}

export async function exportChunk(db: KehuDb, req: ExportChunkRequest): Promise<ExportChunk> {
  const scope = await customerScope(db, req.filter, req.run);
  const page = await takePage(db, req);
  const lastId = page.length === req.limit ? (page[page.length - 1]!.id as string) : null;
  if (lastId !== null) startReadAhead(db, req, lastId);
  const dateField = DATE_FIELD[req.entity];
  const { from, to } = req.filter;
  const kept: EntityRecord<ExportEntity>[] = [];
  for (const raw of page) {
    if (raw.deletedAt) continue;
    if (scope) {
      const id = customerIdOf(req.entity, raw);
      if (!id || !scope.has(id)) continue;
    }
    const date = raw[dateField] as string | undefined;
    if ((from || to) && !date) continue;
    if (from && date! < from) continue;
    if (to && date! >= to) continue;
    kept.push(fromStored(raw) as EntityRecord<ExportEntity>);
  }
  let text = '';
  if (req.format === 'csv') {
    const columns = EXPORT_COLUMNS[req.entity] as { name: string; value: (r: EntityRecord<ExportEntity>) => unknown }[];
    if (req.after === null) text += BOM + csvLines([columns.map((c) => c.name)]);
    text += csvLines(kept.map((r) => columns.map((c) => c.value(r) as Parameters<typeof csvLines>[0][0][0])));
  } else {
    for (const r of kept) text += `${JSON.stringify(r)}\n`;
  }
  const last = page[page.length - 1];
  const done = page.length < req.limit;
  if (done) {
    scopes.delete(req.run);
    readAhead.delete(req.run);
  }
  return { text, after: last ? (last.id as string) : req.after, done, rows: kept.length, scanned: page.length };
}

/** Every stored record of an entity, deleted ones included: the denominator of the progress bar. */
export async function exportTotal(db: KehuDb, entity: ExportEntity): Promise<number> {
  return db.table(entity).count();
}

/** What the options page shows about the store: records per entity, and the customers' owners to filter by. */
export async function recordCountsAndOwners(
  db: KehuDb,
  entities: readonly ExportEntity[],
): Promise<{ counts: Record<string, number>; owners: string[] }> {
  const owners = new Set<string>();
  await db.customers.each((c) => {
    if (!c.deletedAt && c.owner) owners.add(c.owner);
  });
  const counts: Record<string, number> = {};
  for (const entity of entities) counts[entity] = await db.table(entity).count();
  return { counts, owners: [...owners].sort((a, b) => a.localeCompare(b)) };
}
