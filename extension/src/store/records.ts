// The one write path for synced records. Every local write bumps `rev`, stamps `updatedAt` and
// `updatedBy`, and appends a row to the `changes` outbox in the same transaction (one row per write
// call, up to OUTBOX_GROUP records each), so a future sync can push everything written since its
// cursor. Deletions are tombstones (`deletedAt`), never
// removals, so that the deletion itself can sync.
import type { EntityRecord, SyncEntity } from '#shared/model/sync.ts';
import { nextVersion } from '#shared/sync/version.ts';
import { type ChangeRow, type KehuDb, OUTBOX_GROUP, storedFollowUp } from './db.ts';

/** Who writes and when: passed in so that writes are reproducible in tests. */
export interface WriteContext {
  now: string;
  by: string;
}

export type AnyRecord = EntityRecord<SyncEntity>;

/** The form a record is stored in (follow-ups carry a derived index field). */
export function toStored<E extends SyncEntity>(entity: E, record: EntityRecord<E>): EntityRecord<E> {
  return (entity === 'followups' ? storedFollowUp(record as EntityRecord<'followups'>) : record) as EntityRecord<E>;
}

/** Strip fields that exist only for indexes. */
export function fromStored<T>(record: T): T {
  if (record && typeof record === 'object' && 'pendingDueAt' in record) {
    const { pendingDueAt: _, ...rest } = record as T & { pendingDueAt?: string };
    return rest as T;
  }
  return record;
}

/**
 * Store records as local edits. `records` are the new versions; the stored `rev` is one more
 * than the current one (or 1 for a new record), and `createdAt` of an existing record is kept.
 * Must run inside a transaction that includes the entity's table and `changes`, or opens one.
 */
export async function saveRecords<E extends SyncEntity>(
  db: KehuDb,
  entity: E,
  records: readonly EntityRecord<E>[],
  ctx: WriteContext,
  /** The stored versions, when the caller has just read them (same order as `records`). */
  current?: readonly (EntityRecord<E> | undefined)[],
): Promise<EntityRecord<E>[]> {
  if (records.length === 0) return [];
  const table = db.table(entity);
  return db.transaction('rw', [table, db.changes], async () => {
    const existing = current ?? ((await table.bulkGet(records.map((r) => r.id))) as (EntityRecord<E> | undefined)[]);
    const saved = records.map((r, i) => stamp(r, existing[i], ctx));
    await table.bulkPut(saved.map((r) => toStored(entity, r)));
    await db.changes.bulkAdd(outboxRows(entity, saved, ctx.now));
    return saved;
  });
}

/** The outbox rows for records written together: one row per OUTBOX_GROUP of them. */
function outboxRows(entity: SyncEntity, saved: readonly AnyRecord[], at: string): ChangeRow[] {
  const rows: ChangeRow[] = [];
  for (let i = 0; i < saved.length; i += OUTBOX_GROUP) {
    const group = saved.slice(i, i + OUTBOX_GROUP);
    const first = group[0]!;
    rows.push(
      group.length === 1
        ? { entity, id: first.id, rev: first.rev, at }
        : { entity, id: first.id, rev: first.rev, ids: group.map((r) => r.id), at },
    );
  }
  return rows;
}

export async function saveRecord<E extends SyncEntity>(
  db: KehuDb,
  entity: E,
  record: EntityRecord<E>,
  ctx: WriteContext,
): Promise<EntityRecord<E>> {
  const [saved] = await saveRecords(db, entity, [record], ctx);
  return saved!;
}

/** Mark a record deleted (a tombstone that syncs). Returns the tombstone, or null if there is no such record. */
export async function deleteRecord<E extends SyncEntity>(
  db: KehuDb,
  entity: E,
  id: string,
  ctx: WriteContext,
): Promise<EntityRecord<E> | null> {
  return db.transaction('rw', [db.table(entity), db.changes], async () => {
    const current = (await db.table(entity).get(id)) as EntityRecord<E> | undefined;
    if (!current) return null;
    if (current.deletedAt) return fromStored(current);
    return saveRecord(db, entity, { ...fromStored(current), deletedAt: ctx.now }, ctx);
  });
}

function stamp<E extends SyncEntity>(
  record: EntityRecord<E>,
  current: EntityRecord<E> | undefined,
  ctx: WriteContext,
): EntityRecord<E> {
  // Never stamped below the version it replaces: that version may come from a rep whose clock runs
  // ahead, and last-writer-wins would otherwise let it beat this newer edit.
  const next = { ...record, ...nextVersion(current ?? null, ctx.now, ctx.by) } as EntityRecord<E> & {
    createdAt?: string;
  };
  if (current && 'createdAt' in current && current.createdAt) next.createdAt = current.createdAt as string;
  return fromStored(next);
}

/** Changes recorded after `cursor` (exclusive), oldest first: what sync reads. */
export async function changesSince(db: KehuDb, cursor: number, limit = 1000): Promise<Required<ChangeRow>[]> {
  return (await db.changes.where('seq').above(cursor).limit(limit).toArray()) as Required<ChangeRow>[];
}

/** One record by entity and id, as stored minus index-only fields; null when missing or deleted. */
export async function liveRecord(db: KehuDb, entity: SyncEntity, id: string): Promise<AnyRecord | null> {
  const r = (await db.table(entity).get(id)) as AnyRecord | undefined;
  return r && !r.deletedAt ? fromStored(r) : null;
}
