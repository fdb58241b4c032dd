// Synced records: the write path every change goes through (pushes, submissions, imports), the
// change log pulls read, and the keyset-paged scans exports read.
import type { EntityRecord, PullResponse, SyncEntity, SyncRecord } from '#shared/model/sync.ts';
import { decideMerge } from '#shared/sync/merge.ts';
import { type Queryable, int } from '../db/sql.ts';

type AnyRecord = EntityRecord<SyncEntity>;

/** The record's own time, by which exports are filtered ("interactions from March"). */
export const RECORD_TIME: { [E in SyncEntity]: { field: string; of: (r: EntityRecord<E>) => string } } = {
  customers: { field: 'createdAt', of: (r) => r.createdAt },
  contacts: { field: 'createdAt', of: (r) => r.createdAt },
  interactions: { field: 'occurredAt', of: (r) => r.occurredAt },
  responses: { field: 'submittedAt', of: (r) => r.submittedAt },
  cases: { field: 'openedAt', of: (r) => r.openedAt },
  alerts: { field: 'raisedAt', of: (r) => r.raisedAt },
  followups: { field: 'dueAt', of: (r) => r.dueAt },
  plans: { field: 'updatedAt', of: (r) => r.updatedAt },
  policies: { field: 'updatedAt', of: (r) => r.updatedAt },
};

function recordTime(item: SyncRecord): string {
  return (RECORD_TIME[item.entity].of as (r: AnyRecord) => string)(item.record);
}

export type WriteOutcome =
  | { entity: SyncEntity; id: string; action: 'apply' | 'ignore'; rev: number; seq: number; concurrent: boolean }
  | { entity: SyncEntity; id: string; action: 'conflict'; kept: AnyRecord };

const key = (entity: string, id: string) => `${entity}\u0000${id}`;

/** The stored versions of some records, by entity and id. */
export async function loadRecords(
  tx: Queryable,
  keys: readonly { entity: SyncEntity; id: string }[],
): Promise<Map<string, { seq: number; record: AnyRecord }>> {
  const out = new Map<string, { seq: number; record: AnyRecord }>();
  if (keys.length === 0) return out;
  const rows = await tx.query<{ entity: string; id: string; seq: unknown; data: AnyRecord }>(
    // LATERAL … LIMIT 1: one primary-key lookup per key. A plain join may be planned as a hash
    // join over the whole table (PGlite has no autovacuum to keep statistics fresh).
    `SELECT r.entity, r.id, r.seq, r.data
       FROM unnest($1::text[], $2::text[]) AS k(entity, id)
       CROSS JOIN LATERAL (
         SELECT x.entity, x.id, x.seq, x.data FROM kehu_records x WHERE x.entity = k.entity AND x.id = k.id LIMIT 1
       ) r`,
    [keys.map((k) => k.entity), keys.map((k) => k.id)],
  );
  for (const r of rows) out.set(key(r.entity, r.id), { seq: int(r.seq), record: r.data });
  return out;
}

/**
 * Write versions of records, in order, inside the caller's transaction. Each is merged against
 * the stored version (shared/src/sync/merge.ts): applied with a new place in the change log,
 * ignored as already there, or lost to a newer stored version. Every version that is replaced or
 * loses is kept in kehu_history.
 */
export async function writeRecords(tx: Queryable, items: readonly SyncRecord[], now: string): Promise<WriteOutcome[]> {
  const stored = await loadRecords(
    tx,
    items.map((i) => ({ entity: i.entity, id: i.record.id })),
  );
  const current = new Map<string, { seq: number; record: AnyRecord; pending: boolean }>();
  for (const [k, v] of stored) current.set(k, { ...v, pending: false });

  const history: { item: SyncRecord; reason: 'overwritten' | 'lost' }[] = [];
  const outcomes: (WriteOutcome | { pendingApply: SyncRecord; concurrent: boolean })[] = [];
  for (const item of items) {
    const k = key(item.entity, item.record.id);
    const have = current.get(k);
    const decision = decideMerge<AnyRecord>(have?.record, item.record);
    if (decision.action === 'apply') {
      if (decision.overwritten)
        history.push({ item: { entity: item.entity, record: decision.overwritten } as SyncRecord, reason: 'overwritten' });
      current.set(k, { seq: 0, record: item.record, pending: true });
      outcomes.push({ pendingApply: item, concurrent: decision.concurrent });
    } else if (decision.action === 'ignore') {
      outcomes.push({
        entity: item.entity,
        id: item.record.id,
        action: 'ignore',
        rev: item.record.rev,
        seq: have?.seq ?? 0,
        concurrent: false,
      });
    } else {
      history.push({ item, reason: 'lost' });
      outcomes.push({ entity: item.entity, id: item.record.id, action: 'conflict', kept: decision.kept });
    }
  }

  // Only the last applied version of each record is written; the earlier ones of this batch
  // went to history above when they were overwritten.
  const finalByKey = new Map<string, SyncRecord>();
  for (const o of outcomes)
    if ('pendingApply' in o) finalByKey.set(key(o.pendingApply.entity, o.pendingApply.record.id), o.pendingApply);
  const seqOf = new Map<string, number>();
  if (finalByKey.size > 0) {
    // Taking the sequence row's lock last keeps the time other writers wait for it short.
    const [row] = await tx.query<{ last: unknown }>('UPDATE kehu_sequence SET last = last + $1 WHERE id = 1 RETURNING last', [
      finalByKey.size,
    ]);
    let seq = int(row?.last) - finalByKey.size;
    const rows = [];
    for (const [k, item] of finalByKey) {
      seqOf.set(k, ++seq);
      const r = item.record;
      rows.push({
        entity: item.entity,
        id: r.id,
        seq,
        rev: r.rev,
        updated_at: r.updatedAt,
        updated_by: r.updatedBy,
        deleted_at: r.deletedAt,
        at: recordTime(item),
        data: r,
      });
    }
    await tx.query(
      `INSERT INTO kehu_records (entity, id, seq, rev, updated_at, updated_by, deleted_at, at, data)
       SELECT entity, id, seq, rev, updated_at, updated_by, deleted_at, at, data
         FROM jsonb_to_recordset($1::jsonb) AS x(entity text, id text, seq bigint, rev integer, updated_at text,
                                                 updated_by text, deleted_at text, at text, data jsonb)
       ON CONFLICT (entity, id) DO UPDATE SET seq = excluded.seq, rev = excluded.rev, updated_at = excluded.updated_at,
         updated_by = excluded.updated_by, deleted_at = excluded.deleted_at, at = excluded.at, data = excluded.data`,
      [JSON.stringify(rows)],
    );
  }
  if (history.length > 0) {
    await tx.query(
      `INSERT INTO kehu_history (entity, id, rev, updated_at, updated_by, reason, recorded_at, data)
       SELECT entity, id, rev, updated_at, updated_by, reason, $2, data
         FROM jsonb_to_recordset($1::jsonb) AS x(entity text, id text, rev integer, updated_at text, updated_by text,
                                                 reason text, data jsonb)
       ON CONFLICT DO NOTHING`,
      [
        JSON.stringify(
          history.map(({ item, reason }) => ({
            entity: item.entity,
            id: item.record.id,
            rev: item.record.rev,
            updated_at: item.record.updatedAt,
            updated_by: item.record.updatedBy,
            reason,
            data: item.record,
          })),
        ),
        now,
      ],
    );
  }

  return outcomes.map((o) => {
    if (!('pendingApply' in o)) return o;
    const { entity, record } = o.pendingApply;
    const k = key(entity, record.id);
    const final = finalByKey.get(k);
    // An earlier version in the same batch that a later one replaced: accepted, at the later one's place.
    return {
      entity,
      id: record.id,
      action: 'apply',
      rev: record.rev,
      seq: seqOf.get(k) ?? 0,
      concurrent: o.concurrent && final === o.pendingApply,
    };
  });
}

/** A page of the change log after `since`. */
export async function pullChanges(db: Queryable, since: number, limit: number): Promise<PullResponse> {
  const rows = await db.query<{ seq: unknown; entity: SyncEntity; data: AnyRecord }>(
    'SELECT seq, entity, data FROM kehu_records WHERE seq > $1 ORDER BY seq LIMIT $2',
    [since, limit + 1],
  );
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const changes = page.map((r) => ({ seq: int(r.seq), entity: r.entity, record: r.data }) as PullResponse['changes'][number]);
  return { changes, next: changes.length > 0 ? (changes.at(-1)?.seq ?? since) : since, more };
}

export interface ScanOptions {
  /** From this instant of the record's own time (inclusive). */
  from?: string | undefined;
  /** Up to this instant (exclusive). */
  to?: string | undefined;
  /** Include tombstones (deleted records). Default false. */
  deleted?: boolean | undefined;
  pageSize?: number;
}

/** Every record of an entity in order of its own time, read in keyset pages (no long transaction, little memory). */
export async function* scanRecords<E extends SyncEntity>(
  db: Queryable,
  entity: E,
  options: ScanOptions = {},
): AsyncGenerator<EntityRecord<E>> {
  const pageSize = options.pageSize ?? 2000;
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const params: unknown[] = [entity];
    const where = ['entity = $1'];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (options.from) where.push(`at >= ${param(options.from)}`);
    if (options.to) where.push(`at < ${param(options.to)}`);
    if (!options.deleted) where.push('deleted_at IS NULL');
    if (after) where.push(`(at, id) > (${param(after.at)}, ${param(after.id)})`);
    const rows = await db.query<{ at: string; id: string; data: EntityRecord<E> }>(
      `SELECT at, id, data FROM kehu_records WHERE ${where.join(' AND ')} ORDER BY at, id LIMIT ${param(pageSize)}`,
      params,
    );
    for (const r of rows) yield r.data;
    if (rows.length < pageSize) return;
    const last = rows.at(-1) as { at: string; id: string };
    after = { at: last.at, id: last.id };
  }
}
