// An in-memory replica for sync tests: what the extension's Dexie store does, in a few lines.
// Local edits get a local sequence number; remote versions are merged with decideMerge and are
// not local changes.
import type { EntityRecord, SyncEntity, SyncRecord } from '#shared/model/sync.ts';
import { decideMerge } from '#shared/sync/merge.ts';
import type { CursorStore, LocalSyncStore, SyncCursor } from '#shared/sync/ports.ts';
import { nextVersion } from '#shared/sync/version.ts';

type AnyRecord = EntityRecord<SyncEntity>;

export class MemoryReplica implements LocalSyncStore {
  readonly records = new Map<string, { entity: SyncEntity; record: AnyRecord; localSeq: number }>();
  readonly history: SyncRecord[] = [];
  #seq = 0;
  /** Fail the next applyRemote calls (to test errors of the local store). */
  failApply = 0;

  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }

  get(entity: SyncEntity, id: string): AnyRecord | undefined {
    return this.records.get(`${entity}/${id}`)?.record;
  }

  /** A local edit: a new version of the record, stamped by this replica. */
  edit<E extends SyncEntity>(
    entity: E,
    record: Omit<EntityRecord<E>, 'rev' | 'updatedAt' | 'updatedBy'>,
    now: string,
  ): EntityRecord<E> {
    const current = this.get(entity, record.id as string);
    const version = nextVersion(current ?? null, now, this.name);
    const full = { ...record, ...version } as unknown as EntityRecord<E>;
    this.records.set(`${entity}/${full.id}`, { entity, record: full, localSeq: ++this.#seq });
    return full;
  }

  async localChanges(after: number, limit: number) {
    const changed = [...this.records.values()]
      .filter((r) => r.localSeq > after)
      .sort((a, b) => a.localSeq - b.localSeq)
      .slice(0, limit);
    return {
      changes: changed.map((r) => ({ entity: r.entity, record: r.record }) as SyncRecord),
      next: changed.at(-1)?.localSeq ?? after,
    };
  }

  async applyRemote(records: SyncRecord[]) {
    if (this.failApply > 0) {
      this.failApply--;
      throw new Error('disk full');
    }
    for (const { entity, record } of records) {
      const key = `${entity}/${record.id}`;
      const have = this.records.get(key);
      const d = decideMerge<AnyRecord>(have?.record, record);
      if (d.action === 'apply') {
        if (d.overwritten) this.history.push({ entity, record: d.overwritten } as SyncRecord);
        // Remote versions keep local sequence 0 (or the old one): they are not local changes.
        this.records.set(key, { entity, record, localSeq: 0 });
      } else if (d.action === 'conflict') {
        this.history.push({ entity, record: d.loser } as SyncRecord);
      }
    }
  }

  /** The replica's records as plain values, for comparing replicas. */
  snapshot(): Record<string, AnyRecord> {
    return Object.fromEntries([...this.records.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, v.record]));
  }
}

export class MemoryCursors implements CursorStore {
  cursor: SyncCursor | null = null;
  saves = 0;
  async load() {
    return this.cursor;
  }
  async save(c: SyncCursor) {
    this.cursor = { ...c };
    this.saves++;
  }
}
