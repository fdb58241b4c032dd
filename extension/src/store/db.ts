// The extension's local store: one Dexie (IndexedDB) database, opened in the background service
// worker and in extension pages only (IndexedDB opened from a content script would belong to the
// web page's origin, not to the extension).
//
// The schema is versioned. Each entry of SCHEMA adds indexes or tables and, when stored data has to
// change shape, an upgrade function. Never edit a released entry: add a new one. Tests open the
// database at every version, write data, upgrade, and check that the data is intact.
import { Dexie, type EntityTable, type Transaction } from 'dexie';
import type {
  Alert,
  Assessment,
  Case,
  Contact,
  Customer,
  FollowUp,
  Interaction,
  Plan,
  Response,
  TeamPolicy,
} from '#shared/model/index.ts';
import { ENTITY_SCHEMAS, SYNC_ENTITIES, type SyncEntity } from '#shared/model/sync.ts';
import { nextVersion } from '#shared/sync/version.ts';

/**
 * One local write, in the order it happened: what sync pushes, read from a cursor (`seq`). A write
 * of several records of one entity at once (a batch of alerts a reassessment raised) is one row of
 * up to OUTBOX_GROUP of them, in `ids`; `id` and `rev` are then the first's. Sync pushes each
 * record's current version, so the row needs only the ids. In IndexedDB each row costs about what
 * a small record costs, whatever it holds.
 */
export interface ChangeRow {
  seq?: number;
  entity: SyncEntity;
  id: string;
  rev: number;
  ids?: string[];
  at: string;
}

/** The most records one outbox row holds: a push never has to split a row (pushes carry up to 1000). */
export const OUTBOX_GROUP = 100;

/** The ids of the records an outbox row stands for. */
export const rowIds = (row: ChangeRow): string[] => row.ids ?? [row.id];

/** A stored record that no longer passed its schema after an upgrade: kept aside, never dropped. */
export interface QuarantineRow {
  seq?: number;
  entity: string;
  key: string;
  record: unknown;
  errors: string[];
  at: string;
}

/** Small key/value state of the store itself (the rep's id, the risk policy version in use…). */
export interface MetaRow {
  key: string;
  value: unknown;
}

/**
 * Follow-ups are stored with one derived field: `pendingDueAt` is the due time while the
 * follow-up is neither done nor deleted, and absent otherwise. IndexedDB cannot index booleans, and
 * records without the field are left out of the index, so "due follow-ups" is one index range.
 */
export type StoredFollowUp = FollowUp & { pendingDueAt?: string };

export type KehuDb = Dexie & {
  customers: EntityTable<Customer, 'id'>;
  contacts: EntityTable<Contact, 'id'>;
  interactions: EntityTable<Interaction, 'id'>;
  responses: EntityTable<Response, 'id'>;
  cases: EntityTable<Case, 'id'>;
  alerts: EntityTable<Alert, 'id'>;
  followups: EntityTable<StoredFollowUp, 'id'>;
  plans: EntityTable<Plan, 'id'>;
  policies: EntityTable<TeamPolicy, 'id'>;
  assessments: EntityTable<Assessment, 'customerId'>;
  changes: EntityTable<ChangeRow, 'seq'>;
  quarantine: EntityTable<QuarantineRow, 'seq'>;
  meta: EntityTable<MetaRow, 'key'>;
};

export interface SchemaVersion {
  version: number;
  /** Dexie store specs: primary key first, then indexes; `*` multi-entry, `[a+b]` compound. */
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void>;
}

export const SCHEMA: SchemaVersion[] = [
  {
    version: 1,
    stores: {
      // address → contact (multi-entry over the contact's addresses)
      contacts: 'id, customerId, *emails',
      // domain → customer (multi-entry over the customer's registrable domains)
      customers: 'id, *domains, tier',
      // customer → timeline by time
      interactions: 'id, [customerId+occurredAt], occurredAt',
      responses: 'id, [customerId+submittedAt], respondent.email, submittedAt',
      // open cases and alerts, per customer and overall
      cases: 'id, [customerId+status], [customerId+openedAt], status',
      alerts: 'id, [customerId+status], [customerId+raisedAt], status',
      // due follow-ups (see StoredFollowUp)
      followups: 'id, [customerId+dueAt], pendingDueAt',
      changes: '++seq, [entity+id]',
      quarantine: '++seq, entity',
      meta: 'key',
    },
  },
  {
    // The early-warning engine's results: one assessment per customer, findable by level.
    version: 2,
    stores: { assessments: 'customerId, level' },
    upgrade: quarantineInvalid,
  },
  {
    // The outbox is read by sequence only: its [entity+id] index cost a third of every import's writes.
    version: 3,
    stores: { changes: '++seq' },
  },
  {
    // The team's plans (预案), synced like the other records. Unknown senders are added as
    // "unclassified", no longer as "potential" (a strong prospect).
    version: 4,
    stores: { plans: 'id' },
    upgrade: async (tx) => {
      await quarantineInvalid(tx);
      await unclassifyAddedSenders(tx);
    },
  },
  {
    // The team's risk policy in force, pulled from the collector (one record, id "team").
    version: 5,
    stores: { policies: 'id' },
  },
];

/**
 * An upgrade step that checks every stored record against the current shared schema. A record
 * that no longer passes is moved to `quarantine` with the reasons (nothing is lost, and the rest
 * of the extension only ever sees valid records); a record that passes is stored in its parsed
 * form, so defaults added to a schema since it was written are filled in.
 */
export async function quarantineInvalid(tx: Transaction): Promise<void> {
  const at = new Date().toISOString();
  for (const entity of SYNC_ENTITIES) {
    // An entity added in a later version has no table yet when an earlier upgrade runs (the
    // upgrade transaction may already name it, so ask IndexedDB which stores exist).
    if (!tx.storeNames.includes(entity) || !tx.idbtrans.objectStoreNames.contains(entity)) continue;
    const table = tx.table(entity);
    const schema = ENTITY_SCHEMAS[entity];
    const bad: QuarantineRow[] = [];
    await table.toCollection().modify((record: Record<string, unknown>, ref: { value: unknown }) => {
      const parsed = schema.safeParse(record);
      if (parsed.success) {
        const derived = entity === 'followups' ? storedFollowUp(parsed.data as FollowUp) : parsed.data;
        for (const k of Object.keys(record)) delete record[k];
        Object.assign(record, derived);
      } else {
        bad.push({
          entity,
          key: String(record.id),
          record,
          errors: parsed.error.issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`),
          at,
        });
        delete (ref as { value?: unknown }).value; // Dexie: deleting ref.value deletes the record
      }
    });
    if (bad.length > 0) await tx.table('quarantine').bulkAdd(bad);
  }
}

/**
 * Customers that earlier versions made from an unknown sender's mail domain and marked "potential":
 * never edited since (rev 1), named after their one domain, not imported. They become
 * "unclassified" as a new version with an outbox row, so the change reaches the team at the next sync.
 */
export async function unclassifyAddedSenders(tx: Transaction): Promise<void> {
  const at = new Date().toISOString();
  const changed: ChangeRow[] = [];
  await tx
    .table('customers')
    .where('tier')
    .equals('potential')
    .modify((c: Customer) => {
      if (!isAddedSender(c)) return;
      const version = nextVersion(c, at, c.updatedBy);
      Object.assign(c, { tier: 'unclassified' }, version);
      changed.push({ entity: 'customers', id: c.id, rev: version.rev, at });
    });
  if (changed.length > 0) await tx.table('changes').bulkAdd(changed);
}

/** A customer exactly as "+ Add" on an unknown sender made it, untouched since. */
export function isAddedSender(c: Customer): boolean {
  return (
    c.tier === 'potential' &&
    c.rev === 1 &&
    !c.deletedAt &&
    c.updatedBy !== 'import' &&
    c.domains.length === 1 &&
    c.name === c.domains[0]
  );
}

export const LATEST_VERSION = SCHEMA[SCHEMA.length - 1]!.version;

export interface OpenOptions {
  /** Open at an older version (tests of upgrades). Default: the latest. */
  upTo?: number;
  /** An IndexedDB implementation (fake-indexeddb in unit tests). Default: the global one. */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

export const DB_NAME = 'kehu';

export function openDb(name = DB_NAME, options: OpenOptions = {}): KehuDb {
  const db = new Dexie(name, {
    ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
    ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
  }) as KehuDb;
  const upTo = options.upTo ?? LATEST_VERSION;
  for (const v of SCHEMA) {
    if (v.version > upTo) break;
    const version = db.version(v.version).stores(v.stores);
    if (v.upgrade) version.upgrade(v.upgrade);
  }
  return db;
}

/** The stored form of a follow-up: the record plus its derived index field. */
export function storedFollowUp(f: FollowUp): StoredFollowUp {
  const stored: StoredFollowUp = { ...f };
  if (!f.done && !f.deletedAt) stored.pendingDueAt = f.dueAt;
  else delete stored.pendingDueAt;
  return stored;
}
