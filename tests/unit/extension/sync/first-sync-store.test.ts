// The sync store during a large first sync: the customers to reassess become "all" once a list
// would be too long (so a page does not rewrite a list of every customer), and a page's transaction
// holds only the tables it writes, so that a badge's read of a contact is not queued behind it.
import { describe, expect, it } from 'vitest';
import { SYNC_REASSESS_KEY } from '../../../../extension/src/store/meta-keys.ts';
import { createDexieSyncStore } from '../../../../extension/src/sync/dexie-store.ts';
import type { SyncRecord } from '../../../../shared/src/model/sync.ts';
import { NOW, freshDb } from '../context.ts';

const at = NOW.toISOString();
const meta = { rev: 1, updatedAt: at, updatedBy: 'alice', deletedAt: null };
const customer = (id: string): SyncRecord =>
  ({
    entity: 'customers',
    record: { id, name: id, domains: [`${id}.example`], tier: 'general', tags: [], consent: 'unknown', createdAt: at, ...meta },
  }) as SyncRecord;
const contact = (id: string, customerId: string): SyncRecord =>
  ({
    entity: 'contacts',
    record: {
      id,
      customerId,
      name: id,
      emails: [`${id}@${customerId}.example`],
      phones: [],
      key: false,
      status: 'active',
      createdAt: at,
      ...meta,
    },
  }) as SyncRecord;
const interaction = (id: string, customerId: string): SyncRecord =>
  ({
    entity: 'interactions',
    record: { id, customerId, kind: 'call', occurredAt: at, source: 'manual', ...meta },
  }) as SyncRecord;

const writer = async () => ({ now: at, by: 'bob' });

describe('the sync store in a large first sync', () => {
  it('keeps the customers to reassess as a list up to its limit, then as "all", and clears it once they are reassessed', async () => {
    const db = freshDb();
    const store = createDexieSyncStore(db, { writer, reassessListMax: 3 });
    await store.prepareRun();
    await store.applyRemote([customer('a'), customer('b')]);
    expect((await db.meta.get(SYNC_REASSESS_KEY))?.value).toEqual(['a', 'b']);
    await store.applyRemote([customer('c'), customer('d')]);
    expect((await db.meta.get(SYNC_REASSESS_KEY))?.value).toBe('all');
    // Later pages leave "all" as it is, and it means every customer stored.
    await store.applyRemote([customer('e'), interaction('i1', 'a')]);
    expect((await db.meta.get(SYNC_REASSESS_KEY))?.value).toBe('all');
    expect((await store.pendingReassess()).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    await store.reassessed(await store.pendingReassess());
    expect(await db.meta.get(SYNC_REASSESS_KEY)).toBeUndefined();
    expect(await store.pendingReassess()).toEqual([]);
    // A small pull after that is a list again.
    await store.applyRemote([interaction('i2', 'b')]);
    expect(await store.pendingReassess()).toEqual(['b']);
  });

  it('lets a read of contacts and customers through while a page of interactions is being written', async () => {
    const db = freshDb();
    const store = createDexieSyncStore(db, { writer });
    await store.prepareRun();
    await store.applyRemote([customer('a'), contact('p', 'a')]);
    const page = Array.from({ length: 2000 }, (_, k) => interaction(`i${k}`, 'a'));
    let pageDone = false;
    // Wait until the page's transaction has been opened, then read.
    const opened = new Promise<void>((resolve) => {
      const open = db.transaction.bind(db) as (...a: unknown[]) => unknown;
      (db as unknown as { transaction: (...a: unknown[]) => unknown }).transaction = (...a: unknown[]) => {
        (db as unknown as { transaction: unknown }).transaction = open;
        const tx = open(...a);
        resolve();
        return tx;
      };
    });
    const writing = store.applyRemote(page).then(() => {
      pageDone = true;
    });
    await opened;
    // Started after the page's transaction: with a scope of every table it would wait for the page.
    const read = await db.transaction('r', [db.contacts, db.customers], async () => ({
      contact: await db.contacts.get('p'),
      customer: await db.customers.get('a'),
    }));
    expect(read.contact?.customerId).toBe('a');
    expect(read.customer?.id).toBe('a');
    expect(pageDone).toBe(false);
    await writing;
    expect(await db.interactions.count()).toBe(2000);
  });
});
