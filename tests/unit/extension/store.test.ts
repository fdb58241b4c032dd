// The store: schema versions and upgrades, the sync-ready write path, and the indexes lookups use.
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, OUTBOX_GROUP, SCHEMA, openDb, rowIds, storedFollowUp } from '../../../extension/src/store/db.ts';
import { dueFollowUps, lastContact, openCases, timeline } from '../../../extension/src/store/history.ts';
import { contactByEmail, customerForHost, resolveAddress } from '../../../extension/src/store/people.ts';
import { changesSince, deleteRecord, saveRecord, saveRecords } from '../../../extension/src/store/records.ts';
import { createDexieSyncStore } from '../../../extension/src/sync/dexie-store.ts';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { freshDb, NOW } from './context.ts';

const ctx = { now: NOW.toISOString(), by: 'tester' };
const meta = { rev: 1, updatedAt: ctx.now, updatedBy: 'x', deletedAt: null };

const customer = (id: string, domains: string[], extra: Record<string, unknown> = {}) => ({
  id,
  name: id.toUpperCase(),
  domains,
  tier: 'general' as const,
  tags: [],
  consent: 'unknown' as const,
  createdAt: '2025-01-01T00:00:00.000Z',
  ...meta,
  ...extra,
});
const contact = (id: string, customerId: string | null, emails: string[]) => ({
  id,
  customerId,
  name: id,
  emails,
  phones: [],
  key: false,
  status: 'active' as const,
  createdAt: '2025-01-01T00:00:00.000Z',
  ...meta,
});
const interaction = (id: string, customerId: string, occurredAt: string, kind = 'order' as const) => ({
  id,
  customerId,
  kind,
  occurredAt,
  source: 'manual' as const,
  ...meta,
});

describe('schema versions', () => {
  it('lists versions in rising order, the last one being LATEST_VERSION', () => {
    const versions = SCHEMA.map((v) => v.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(versions.at(-1)).toBe(LATEST_VERSION);
  });

  for (const from of SCHEMA.slice(0, -1)) {
    it(`keeps data written at version ${from.version} intact after upgrading to ${from.version + 1}`, async () => {
      const factory = new IDBFactory();
      const name = `upgrade-${from.version}`;
      const old = openDb(name, { indexedDB: factory, IDBKeyRange, upTo: from.version });
      await old.open();
      await old.table('customers').bulkPut([customer('acme', ['acme.example'])]);
      await old.table('contacts').bulkPut([contact('wei', 'acme', ['wei@acme.example'])]);
      await old.table('interactions').bulkPut([interaction('i1', 'acme', '2026-01-02T00:00:00.000Z')]);
      // Written the way the store writes follow-ups (with their derived index field).
      await old.table('followups').bulkPut([
        storedFollowUp({
          id: 'f1',
          customerId: 'acme',
          dueAt: '2026-02-01T00:00:00.000Z',
          channel: 'email',
          purpose: 'call back',
          done: false,
          ...meta,
        }),
      ]);
      // A record an older build wrote that the current schema no longer accepts.
      await old.table('customers').put({ id: 'broken', name: '', domains: ['not a domain'], ...meta });
      await old.table('changes').add({ entity: 'customers', id: 'acme', rev: 1, at: ctx.now });
      old.close();

      const db = openDb(name, { indexedDB: factory, IDBKeyRange, upTo: from.version + 1 });
      await db.open();
      expect(db.verno).toBe(from.version + 1);
      expect(await db.customers.get('acme')).toMatchObject({ name: 'ACME', domains: ['acme.example'] });
      expect((await contactByEmail(db, 'wei@acme.example'))?.id).toBe('wei');
      expect(await db.interactions.count()).toBe(1);
      expect(await db.changes.count()).toBe(1);
      expect((await dueFollowUps(db, '2026-03-01T00:00:00.000Z')).map((f) => f.id)).toEqual(['f1']);
      const next = SCHEMA.find((v) => v.version === from.version + 1)!;
      if (next.upgrade) {
        // An upgrade re-validates: the invalid record waits in quarantine with the reasons (nothing is lost).
        expect(await db.customers.get('broken')).toBeUndefined();
        const q = await db.quarantine.toArray();
        expect(q).toHaveLength(1);
        expect(q[0]).toMatchObject({ entity: 'customers', key: 'broken' });
        expect(q[0]!.errors.join(' ')).toMatch(/name|domains/);
      } else {
        // Only indexes changed: every record stays exactly as it was.
        expect(await db.customers.get('broken')).toMatchObject({ id: 'broken', name: '' });
      }
      db.close();
    });
  }
});

describe('the write path', () => {
  it('bumps rev, stamps updatedAt/updatedBy, keeps createdAt, and records each write in the outbox', async () => {
    const db = freshDb();
    const first = await saveRecord(db, 'customers', customer('acme', ['acme.example']), ctx);
    expect(first).toMatchObject({ rev: 1, updatedAt: ctx.now, updatedBy: 'tester', createdAt: '2025-01-01T00:00:00.000Z' });
    const later = { now: '2026-12-01T00:00:00.000Z', by: 'other' };
    const second = await saveRecord(db, 'customers', { ...first, name: 'ACME Ltd', createdAt: later.now }, later);
    expect(second).toMatchObject({ rev: 2, updatedAt: later.now, updatedBy: 'other', createdAt: '2025-01-01T00:00:00.000Z' });
    const changes = await changesSince(db, 0);
    expect(changes.map((c) => [c.entity, c.id, c.rev])).toEqual([
      ['customers', 'acme', 1],
      ['customers', 'acme', 2],
    ]);
    expect(await changesSince(db, changes[0]!.seq)).toHaveLength(1);
  });

  it('records a write of many records as rows of up to OUTBOX_GROUP; sync reads whole rows and counts records', async () => {
    const db = freshDb();
    const n = 2 * OUTBOX_GROUP + 50;
    const many = Array.from({ length: n }, (_, i) => customer(`c${String(i).padStart(4, '0')}`, [`c${i}.example`]));
    await saveRecords(db, 'customers', many, ctx);
    await saveRecord(db, 'customers', { ...many[0]!, name: 'Renamed' }, ctx);
    const rows = await changesSince(db, 0);
    expect(rows.map((r) => r.ids?.length ?? 1)).toEqual([OUTBOX_GROUP, OUTBOX_GROUP, 50, 1]);
    expect(rows.flatMap(rowIds)).toEqual([...many.map((c) => c.id), 'c0000']);
    expect(rows.at(-1)).toMatchObject({ id: 'c0000', rev: 2 });

    const store = createDexieSyncStore(db, { writer: async () => ctx });
    await store.cursors.save({ collector: 'https://kehu.example', pulled: 0, pushed: 0 });
    expect(await store.pendingChanges('https://kehu.example')).toBe(n + 1);
    // Up to the limit in whole rows: 150 takes one row of 100 (two would be 200).
    const first = await store.localChanges(0, 150);
    expect(first.changes).toHaveLength(OUTBOX_GROUP);
    expect(first.next).toBe(rows[0]!.seq);
    // A row larger than the limit comes whole rather than never.
    expect((await store.localChanges(0, 10)).changes).toHaveLength(OUTBOX_GROUP);
    // A record written again goes once, in its current version.
    const all = await store.localChanges(0, 1000);
    expect(all.changes).toHaveLength(n);
    expect(all.changes.find((c) => c.record.id === 'c0000')?.record).toMatchObject({ name: 'Renamed', rev: 2 });
    expect(all.next).toBe(rows.at(-1)!.seq);
    await store.cursors.save({ collector: 'https://kehu.example', pulled: 0, pushed: rows[1]!.seq });
    expect(await store.pendingChanges('https://kehu.example')).toBe(51);
  });

  it('deletes by tombstone: the record stays, marked, and the deletion is in the outbox', async () => {
    const db = freshDb();
    await saveRecord(db, 'contacts', contact('wei', null, ['wei@gmail.com']), ctx);
    const gone = await deleteRecord(db, 'contacts', 'wei', ctx);
    expect(gone).toMatchObject({ rev: 2, deletedAt: ctx.now });
    expect(await db.contacts.get('wei')).toMatchObject({ deletedAt: ctx.now });
    expect(await contactByEmail(db, 'wei@gmail.com')).toBeNull();
    expect((await changesSince(db, 0)).at(-1)).toMatchObject({ id: 'wei', rev: 2 });
  });

  it('keeps follow-ups findable while pending, and out of the due index once done', async () => {
    const db = freshDb();
    const f = {
      id: 'f1',
      customerId: 'acme',
      dueAt: '2026-11-19T00:00:00.000Z',
      channel: 'email' as const,
      purpose: 'call',
      done: false,
      ...meta,
    };
    await saveRecord(db, 'followups', f, ctx);
    expect(await dueFollowUps(db, ctx.now)).toEqual([expect.objectContaining({ id: 'f1' })]);
    expect((await dueFollowUps(db, ctx.now))[0]).not.toHaveProperty('pendingDueAt');
    await saveRecord(db, 'followups', { ...f, done: true, doneAt: ctx.now }, ctx);
    expect(await dueFollowUps(db, ctx.now)).toEqual([]);
  });
});

describe('lookups through indexes', () => {
  it('finds the contact by address and the customer by registrable domain, never by a free-mail domain', async () => {
    const db = freshDb();
    await saveRecords(db, 'customers', [customer('acme', ['acme.co.uk']), customer('gm', ['gmail.com'])], ctx);
    await saveRecords(db, 'contacts', [contact('wei', 'acme', ['wei@gmail.com']), contact('li', null, ['li@163.com'])], ctx);
    expect((await resolveAddress(db, 'anyone@mail.acme.co.uk')).customer?.id).toBe('acme');
    expect((await resolveAddress(db, 'wei@gmail.com')).customer?.id).toBe('acme'); // through the contact
    expect((await resolveAddress(db, 'other@gmail.com')).customer).toBeNull(); // free-mail: address only
    expect(await resolveAddress(db, 'li@163.com')).toMatchObject({ contact: { id: 'li' }, customer: null });
    expect((await customerForHost(db, 'shop.acme.co.uk'))?.id).toBe('acme');
    expect(await customerForHost(db, 'mail.google.com')).toBeNull();
  });

  it('reads a customer timeline by time, the last contact, and open cases', async () => {
    const db = freshDb();
    await saveRecords(
      db,
      'interactions',
      [
        interaction('i2', 'acme', '2026-03-01T00:00:00.000Z', 'call' as 'order'),
        interaction('i1', 'acme', '2026-01-01T00:00:00.000Z'),
        interaction('i3', 'acme', '2026-05-01T00:00:00.000Z'),
        interaction('x', 'other', '2026-06-01T00:00:00.000Z'),
      ],
      ctx,
    );
    expect((await timeline(db, 'acme')).map((i) => i.id)).toEqual(['i1', 'i2', 'i3']);
    expect((await timeline(db, 'acme', 2)).map((i) => i.id)).toEqual(['i3', 'i2']);
    expect((await lastContact(db, 'acme'))?.id).toBe('i2');
    await saveRecords(
      db,
      'cases',
      [
        {
          id: 'k1',
          customerId: 'acme',
          title: 'late',
          category: 'delivery',
          severity: 'high',
          status: 'analyse',
          openedAt: ctx.now,
          steps: [],
          escalations: [],
          customerLog: [],
          ...meta,
        },
        {
          id: 'k2',
          customerId: 'acme',
          title: 'done',
          category: 'other',
          severity: 'low',
          status: 'closed',
          openedAt: ctx.now,
          steps: [],
          escalations: [],
          customerLog: [],
          ...meta,
        },
      ],
      ctx,
    );
    expect((await openCases(db, 'acme')).map((c) => c.id)).toEqual(['k1']);
  });
});
