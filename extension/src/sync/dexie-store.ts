// The extension's Dexie store as the shared sync core sees it (shared/src/sync/ports.ts):
// * localChanges reads the outbox (`changes`, one row per local write, of one or more records) after
//   the push position and returns each record once, in its current version;
// * applyRemote merges versions from the collector with the same last-writer-wins rule the collector
//   uses (decideMerge), writes them without outbox rows (they are not local changes), and notes the
//   customers they touch for reassessment in the same transaction (everyone, for a new team policy);
// * the cursor lives in `meta`, beside the data it describes.
import { caseForComplaint } from '#shared/feedback/complaint-case.ts';
import { type Case, type Response, caseIdForComplaint } from '#shared/model/index.ts';
import { ENTITY_SCHEMAS, type EntityRecord, SYNC_ENTITIES, type SyncEntity, type SyncRecord } from '#shared/model/sync.ts';
import { decideMerge } from '#shared/sync/merge.ts';
import type { CursorStore, LocalSyncStore, SyncCursor } from '#shared/sync/ports.ts';
import type { Table } from 'dexie';
import { type ChangeRow, type KehuDb, rowIds } from '../store/db.ts';
import { resolveAddresses } from '../store/people.ts';
import { type AnyRecord, type WriteContext, fromStored, saveRecords, toStored } from '../store/records.ts';
import { REASSESS_ALL, SYNC_APPLIED_KEY, SYNC_CURSOR_KEY, SYNC_REASSESS_KEY } from '../store/meta-keys.ts';

export interface DexieSyncStore extends LocalSyncStore {
  /** The sync cursor, kept in `meta`. */
  cursors: CursorStore;
  /** Customers whose records a pull changed and who have not been reassessed since. */
  pendingReassess(): Promise<string[]>;
  /** Take these customers off the pending list (they have been reassessed). */
  reassessed(customerIds: readonly string[]): Promise<void>;
  /** Local changes the collector has not accepted yet (the records of the outbox rows after the push position). */
  pendingChanges(collector: string): Promise<number>;
  /** How many pulled versions this store has applied since it was created (replays and losers not counted). */
  appliedCount(): number;
  /**
   * Call before each sync run. When every synced table is empty (a first sync, or after "erase
   * all"), pulled records cannot meet a local version, so the merge's read of each one is skipped —
   * about a third of the IndexedDB work of a big first pull — until a local write shows up in the
   * outbox.
   */
  prepareRun(): Promise<void>;
}

export interface DexieSyncStoreOptions {
  /**
   * Who writes, for the one kind of local edit applying a pull can make: an answer that came
   * without a customer is matched to the contact and customer this store knows by its address.
   */
  writer: () => Promise<WriteContext>;
  /** Customers to reassess kept as a list up to this many, then as "all" (default REASSESS_LIST_MAX). */
  reassessListMax?: number;
}

const SYNC_TABLES = SYNC_ENTITIES as readonly SyncEntity[];

/** Outbox rows read per request when counting what waits to be sent. */
const PENDING_CHUNK = 10_000;

/**
 * The customers a pull touched are kept as a list in `meta`, rewritten with every page; past this
 * many (a first sync of a large team touches every customer) the list becomes REASSESS_ALL, so a
 * page's transaction does not read and write a list of a hundred thousand ids.
 */
export const REASSESS_LIST_MAX = 2000;
export { REASSESS_ALL };

/** The customer a record belongs to (a customer belongs to itself). */
function customerOf(entity: SyncEntity, record: AnyRecord | undefined): string | null {
  if (!record) return null;
  if (entity === 'customers') return record.id;
  return (record as { customerId?: string | null }).customerId ?? null;
}

function isCursor(value: unknown): value is SyncCursor {
  const c = value as SyncCursor | undefined;
  return (
    !!c &&
    typeof c.collector === 'string' &&
    Number.isSafeInteger(c.pulled) &&
    c.pulled >= 0 &&
    Number.isSafeInteger(c.pushed) &&
    c.pushed >= 0
  );
}

export function createDexieSyncStore(db: KehuDb, options: DexieSyncStoreOptions): DexieSyncStore {
  let appliedTotal = 0;
  const listMax = options.reassessListMax ?? REASSESS_LIST_MAX;
  /**
   * Set by prepareRun for an empty store: the outbox position at which no local record existed, and
   * the records this sync has written itself since (matched answers), which are read before a merge.
   */
  let emptyStore: { outboxAt: number; written: Set<string> } | null = null;
  const outboxEnd = async () => (await db.changes.orderBy('seq').last())?.seq ?? 0;
  const cursors: CursorStore = {
    async load() {
      const value = (await db.meta.get(SYNC_CURSOR_KEY))?.value;
      return isCursor(value) ? { collector: value.collector, pulled: value.pulled, pushed: value.pushed } : null;
    },
    async save(cursor) {
      await db.meta.put({ key: SYNC_CURSOR_KEY, value: { ...cursor } });
    },
  };

  async function localChanges(after: number, limit: number): Promise<{ changes: SyncRecord[]; next: number }> {
    return db.transaction('r', [db.changes, ...SYNC_TABLES.map((e) => db.table(e))], async () => {
      const read = (await db.changes.where('seq').above(after).limit(limit).toArray()) as (ChangeRow & { seq: number })[];
      if (read.length === 0) return { changes: [], next: after };
      // Whole rows, up to `limit` records (a row of several is never split: the first is taken whatever its size).
      const rows: (ChangeRow & { seq: number })[] = [];
      let records = 0;
      for (const r of read) {
        const size = rowIds(r).length;
        if (rows.length > 0 && records + size > limit) break;
        rows.push(r);
        records += size;
      }
      // A record written several times since the last push goes once, in its current version.
      const ids = new Map<SyncEntity, Set<string>>();
      for (const r of rows) {
        let set = ids.get(r.entity);
        if (!set) ids.set(r.entity, (set = new Set()));
        for (const id of rowIds(r)) set.add(id);
      }
      const changes: SyncRecord[] = [];
      for (const entity of SYNC_TABLES) {
        const wanted = ids.get(entity);
        if (!wanted) continue;
        const stored = await db.table(entity).bulkGet([...wanted]);
        for (const s of stored) {
          if (!s) continue; // erased since (erase is local): nothing to send
          // Stored records passed their schema when written; one that no longer does would make the
          // collector refuse the whole batch, every time. It stays here (upgrades quarantine it).
          const parsed = ENTITY_SCHEMAS[entity].safeParse(fromStored(s));
          if (parsed.success) changes.push({ entity, record: parsed.data } as SyncRecord);
        }
      }
      return { changes, next: rows[rows.length - 1]!.seq };
    });
  }

  /** The stored versions of these records (none read for an empty store, but those this sync wrote). */
  async function storedVersions(table: Table, entity: SyncEntity, ids: string[]): Promise<(AnyRecord | undefined)[]> {
    const written = emptyStore?.written;
    if (!written) return table.bulkGet(ids);
    const mine = ids.filter((id) => written.has(`${entity}/${id}`));
    if (mine.length === 0) return [];
    const rows = await table.bulkGet(mine);
    const found = new Map(mine.map((id, i) => [id, rows[i] as AnyRecord | undefined]));
    return ids.map((id) => found.get(id));
  }

  async function applyRemote(records: SyncRecord[]): Promise<void> {
    if (records.length === 0) return;
    const writer = await options.writer(); // read before the transaction: it may not await other I/O
    const byEntity = new Map<SyncEntity, AnyRecord[]>();
    for (const { entity, record } of records) {
      let list = byEntity.get(entity);
      if (!list) byEntity.set(entity, (list = []));
      list.push(record);
    }
    const count = await db.transaction('rw', scopeOf(byEntity.keys()), async () => {
      let count = 0;
      const touched = new Set<string>();
      // A new team policy version changes how everyone is assessed: every customer is reassessed.
      let everyone = false;
      const unmatched: Response[] = [];
      const complaints: Response[] = [];
      // A local write since the store was found empty: from here on, merge against what is stored.
      if (emptyStore && (await outboxEnd()) !== emptyStore.outboxAt) emptyStore = null;
      // Customers before contacts before answers (SYNC_ENTITIES order): an answer pulled in the same
      // page as its contact is matched to it.
      for (const entity of SYNC_TABLES) {
        const incoming = byEntity.get(entity);
        if (!incoming) continue;
        const table = db.table(entity);
        const ids = [...new Set(incoming.map((r) => r.id))];
        const stored = await storedVersions(table, entity, ids);
        const current = new Map<string, AnyRecord>();
        ids.forEach((id, i) => {
          if (stored[i]) current.set(id, fromStored(stored[i]) as AnyRecord);
        });
        const applied = new Map<string, AnyRecord>();
        for (const record of incoming) {
          const have = current.get(record.id);
          const decision = decideMerge<AnyRecord>(have, record);
          if (decision.action !== 'apply') continue; // the same version, or ours is newer: keep ours
          current.set(record.id, record);
          applied.set(record.id, record);
          const now = customerOf(entity, record);
          const before = customerOf(entity, have);
          if (now) touched.add(now);
          if (before && before !== now) touched.add(before);
        }
        if (applied.size === 0) continue;
        count += applied.size;
        if (entity === 'policies') everyone = true;
        await table.bulkPut([...applied.values()].map((r) => toStored(entity, r as EntityRecord<typeof entity>)));
        if (entity === 'responses') {
          for (const r of applied.values() as Iterable<Response>) {
            if (!r.customerId && r.respondent?.email && !r.deletedAt) unmatched.push(r);
            if (r.kind === 'complaint') complaints.push(r);
          }
        }
      }
      for (const id of await matchAnswers(unmatched, writer)) touched.add(id);
      const opened = await openComplaintCases(complaints, writer);
      for (const c of opened) touched.add(c.customerId);
      // Cases opened here are this sync's own writes too.
      if (emptyStore && opened.length > 0) {
        for (const c of opened) emptyStore.written.add(`cases/${c.id}`);
        emptyStore.outboxAt = await outboxEnd();
      }
      // Answers matched here are this sync's own writes, not the rep's: the store stays "empty" for them.
      if (emptyStore && unmatched.length > 0) {
        for (const r of unmatched) emptyStore.written.add(`responses/${r.id}`);
        emptyStore.outboxAt = await outboxEnd();
      }
      if (everyone) await db.meta.put({ key: SYNC_REASSESS_KEY, value: REASSESS_ALL });
      else if (touched.size > 0) {
        const before = (await db.meta.get(SYNC_REASSESS_KEY))?.value;
        if (before !== REASSESS_ALL) {
          const pending = new Set(Array.isArray(before) ? (before as string[]) : []);
          for (const id of touched) pending.add(id);
          const value = pending.size > listMax ? REASSESS_ALL : [...pending];
          await db.meta.put({ key: SYNC_REASSESS_KEY, value });
        }
      }
      if (count > 0) {
        const applied = (await db.meta.get(SYNC_APPLIED_KEY))?.value;
        await db.meta.put({ key: SYNC_APPLIED_KEY, value: (typeof applied === 'number' ? applied : 0) + 1 });
      }
      return count;
    });
    appliedTotal += count;
  }

  /**
   * Answers that reached the collector before it knew the respondent arrive without a customer.
   * Matched here by address, they are stored as a local edit (so the match syncs to the team too).
   * Returns the customers they now belong to.
   */
  async function matchAnswers(answers: Response[], writer: WriteContext): Promise<string[]> {
    if (answers.length === 0) return [];
    const people = await resolveAddresses(
      db,
      answers.map((a) => a.respondent.email!),
    );
    const matched: Response[] = [];
    const before: Response[] = [];
    answers.forEach((a, i) => {
      const person = people[i];
      if (!person?.customer) return;
      const contactId =
        a.contactId ?? (person.contact && person.contact.customerId === person.customer.id ? person.contact.id : null);
      matched.push({ ...a, customerId: person.customer.id, ...(contactId ? { contactId } : {}) });
      before.push(a);
    });
    if (matched.length === 0) return [];
    await saveRecords(db, 'responses', matched, writer, before);
    return matched.map((a) => a.customerId!);
  }

  /**
   * Complaints through the feedback form open a case at step 1 for the customer's owner (once: the
   * case id comes from the answer's id, so a case already pulled or opened elsewhere is left alone).
   * Reads the answers again, so that those just matched by address count too.
   */
  async function openComplaintCases(answers: Response[], writer: WriteContext): Promise<Case[]> {
    if (answers.length === 0) return [];
    const current = (await db.responses.bulkGet(answers.map((a) => a.id))).filter((r): r is Response => !!r?.customerId);
    if (current.length === 0) return [];
    const existing = await db.cases.bulkGet(current.map((r) => caseIdForComplaint(r.id)));
    const customers = await db.customers.bulkGet(current.map((r) => r.customerId!));
    const cases = current
      .map((r, i) => (existing[i] ? null : caseForComplaint(r, customers[i] ?? undefined, writer)))
      .filter((c): c is Case => c !== null);
    if (cases.length === 0) return [];
    return saveRecords(db, 'cases', cases, writer);
  }

  async function readPending(): Promise<string[]> {
    const value = (await db.meta.get(SYNC_REASSESS_KEY))?.value;
    if (value === REASSESS_ALL) return (await db.customers.toCollection().primaryKeys()) as string[];
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  }

  /**
   * The tables one applied page needs: those of its records, the outbox and `meta`; for answers
   * also those matching them to a contact and opening complaint cases read and write. Nothing
   * more, so that the badges' reads of other tables (a contact, a customer, an assessment) are not
   * queued behind the page's writes.
   */
  function scopeOf(entities: Iterable<SyncEntity>): Table[] {
    const names = new Set<string>([...entities, 'changes', 'meta']);
    if (names.has('responses')) for (const name of ['contacts', 'customers', 'cases']) names.add(name);
    return [...names].map((name) => db.table(name));
  }

  return {
    cursors,
    localChanges,
    applyRemote,
    pendingReassess: readPending,
    async prepareRun() {
      emptyStore = null;
      for (const entity of SYNC_TABLES) if ((await db.table(entity).limit(1).primaryKeys()).length > 0) return;
      emptyStore = { outboxAt: await outboxEnd(), written: new Set() };
    },
    appliedCount: () => appliedTotal,
    async reassessed(customerIds) {
      if (customerIds.length === 0) return;
      const done = new Set(customerIds);
      await db.transaction('rw', db.meta, async () => {
        // "Everyone" was read as every customer there was, and no pull ran since: all done.
        if ((await db.meta.get(SYNC_REASSESS_KEY))?.value === REASSESS_ALL) return db.meta.delete(SYNC_REASSESS_KEY);
        const left = (await readPending()).filter((id) => !done.has(id));
        if (left.length > 0) await db.meta.put({ key: SYNC_REASSESS_KEY, value: left });
        else await db.meta.delete(SYNC_REASSESS_KEY);
      });
    },
    async pendingChanges(collector) {
      const cursor = await cursors.load();
      const pushed = cursor && cursor.collector === collector ? cursor.pushed : 0;
      // Records, not rows: a row may stand for several. Read in chunks with one getAll each.
      let count = 0;
      let from = pushed;
      for (;;) {
        const rows = await db.changes.where('seq').above(from).limit(PENDING_CHUNK).toArray();
        for (const r of rows) count += rowIds(r).length;
        if (rows.length < PENDING_CHUNK) return count;
        from = rows[rows.length - 1]!.seq!;
      }
    },
  };
}
