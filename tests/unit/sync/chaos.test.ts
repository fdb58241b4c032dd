// Sync under trouble, against the real collector app: a collector that dies in the middle of a
// push and of a pull, and batches holding a record it cannot store. Whatever happens, every good
// record ends up on both sides, the bad one is set aside (the sync goes on past it, push then
// pull), and the sync status says what was set aside and why.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Customer } from '#shared/model/customer.ts';
import { type SyncStatus, createSyncClient } from '#shared/sync/client.ts';
import { SyncError } from '#shared/sync/errors.ts';
import { type FetchLike, createHttpTransport } from '#shared/sync/http-transport.ts';
import type { SyncTransport } from '#shared/sync/ports.ts';
import type { Sql } from '../../../collector/db/sql.ts';
import { BACKENDS, openMigrated, resetStore } from '../collector/backends.ts';
import { type Harness, harness } from '../collector/fixtures.ts';
import { MemoryCursors, MemoryReplica } from './memory-store.ts';

const URL_ = 'http://collector.test';
let clock = Date.parse('2026-05-01T08:00:00.000Z');
const now = () => new Date((clock += 1000)).toISOString();

function customer(id: string, name: string) {
  const c = Customer.parse({ id, name, createdAt: '2026-05-01T00:00:00.000Z', rev: 1, updatedAt: now(), updatedBy: 'x' });
  const { rev: _r, updatedAt: _u, updatedBy: _b, ...rest } = c;
  return rest;
}

/** Every customer id a replica holds. */
const ids = (r: MemoryReplica) =>
  [...r.records.values()]
    .filter((x) => x.entity === 'customers')
    .map((x) => x.record.id)
    .sort();

describe.each(BACKENDS)('sync chaos on $name', (backend) => {
  let sql: Sql;
  let h: Harness;
  const fetchFn: FetchLike = async (url, init) => h.app.request(url, init as RequestInit);
  const http = () => createHttpTransport({ baseUrl: URL_, token: h.tokens.rw, fetchFn });
  const sync = (replica: MemoryReplica, cursors: MemoryCursors, transport: SyncTransport = http(), batchSize = 4) =>
    createSyncClient({ collector: URL_, transport, local: replica, cursors, now, batchSize, pageSize: 5 }).sync();
  const stored = async () =>
    (await sql.query<{ id: string }>("SELECT id FROM kehu_records WHERE entity = 'customers' ORDER BY id")).map((r) => r.id);

  beforeAll(async () => {
    sql = await openMigrated(backend);
  });
  afterAll(async () => {
    await sql.close();
  });
  beforeEach(async () => {
    await resetStore(sql);
    h = await harness(sql);
  });

  it('sets aside the one record the collector refuses, and the push and the pull go on', async () => {
    const alice = new MemoryReplica('alice');
    for (let i = 0; i < 10; i++) alice.edit('customers', customer(`a${i}`, `Alice's ${i}`), now());
    // A record that passed no schema on the way in (an older extension, a corrupted store).
    alice.edit('customers', { ...customer('bad', 'x'), name: 'half a character \ud800' }, now());
    for (let i = 10; i < 14; i++) alice.edit('customers', customer(`a${i}`, `Alice's ${i}`), now());
    const bob = new MemoryReplica('bob');
    for (let i = 0; i < 6; i++) bob.edit('customers', customer(`b${i}`, `Bob's ${i}`), now());
    await sync(bob, new MemoryCursors());

    const cursors = new MemoryCursors();
    const status = await sync(alice, cursors);
    expect(status.state).toBe('idle');
    expect(status.error).toBeNull();
    expect(status.setAside).toEqual([
      { direction: 'push', entity: 'customers', id: 'bad', reason: expect.stringMatching(/^record\.name: .*surrogate/) },
    ]);
    expect(status.progress.pushed).toBe(14);
    // The push went on past the bad record, and the pull after it ran: Bob's records arrived.
    expect(ids(alice)).toEqual(
      [...Array.from({ length: 14 }, (_, i) => `a${i}`), 'b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'bad'].sort(),
    );
    expect(await stored()).not.toContain('bad');
    expect(await stored()).toHaveLength(20);
    // The next sync does not send it again (the cursor moved past it) and finishes clean.
    const again = await sync(alice, cursors);
    expect(again.setAside).toEqual([]);
    expect(again.progress.pushed).toBe(0);
    await sync(bob, new MemoryCursors());
    expect(ids(bob)).toEqual(ids(alice).filter((id) => id !== 'bad'));
  });

  it('a collector that dies during a push and during a pull: every good record ends up on both sides', async () => {
    const alice = new MemoryReplica('alice');
    const bob = new MemoryReplica('bob');
    for (let i = 0; i < 12; i++) alice.edit('customers', customer(`a${String(i).padStart(2, '0')}`, `A${i}`), now());
    alice.edit('customers', { ...customer('bad', 'x'), name: '\udc00' }, now());
    for (let i = 0; i < 12; i++) bob.edit('customers', customer(`b${String(i).padStart(2, '0')}`, `B${i}`), now());
    const aliceCursors = new MemoryCursors();
    const bobCursors = new MemoryCursors();

    // The collector stores Alice's second batch and dies before answering; then it is down.
    let pushes = 0;
    const diesDuringPush: SyncTransport = {
      push: async (changes, signal) => {
        pushes++;
        if (pushes === 2) {
          await http().push(changes, signal);
          throw new SyncError('unreachable', 'connection reset');
        }
        return http().push(changes, signal);
      },
      pull: (since, limit, signal) => http().pull(since, limit, signal),
    };
    const first = await sync(alice, aliceCursors, diesDuringPush);
    expect(first.state).toBe('error');
    expect(first.error?.kind).toBe('unreachable');

    // Bob's sync: his push goes through, the collector fails (500) on his second pull page.
    let pulls = 0;
    const diesDuringPull: SyncTransport = {
      push: (changes, signal) => http().push(changes, signal),
      pull: async (since, limit, signal) => {
        if (++pulls === 2) throw new SyncError('server', 'the collector failed (HTTP 500)', { status: 500 });
        return http().pull(since, limit, signal);
      },
    };
    const bobFirst = await sync(bob, bobCursors, diesDuringPull);
    expect(bobFirst.state).toBe('error');
    expect(bobFirst.error?.kind).toBe('server');

    // The collector is back: both sync until nothing moves.
    const statuses: SyncStatus[] = [];
    for (let round = 0; round < 2; round++) {
      statuses.push(await sync(alice, aliceCursors));
      statuses.push(await sync(bob, bobCursors));
    }
    for (const s of statuses) expect(s.state).toBe('idle');
    const good = [
      ...Array.from({ length: 12 }, (_, i) => `a${String(i).padStart(2, '0')}`),
      ...Array.from({ length: 12 }, (_, i) => `b${String(i).padStart(2, '0')}`),
    ];
    expect(await stored()).toEqual(good);
    expect(ids(bob)).toEqual(good);
    expect(ids(alice)).toEqual([...good, 'bad'].sort());
    // The bad record was set aside once, and said so, in the sync that pushed it.
    const setAside = [first, ...statuses].flatMap((s) => s.setAside);
    expect(setAside).toEqual([{ direction: 'push', entity: 'customers', id: 'bad', reason: expect.stringMatching(/surrogate/) }]);
  });

  it('a pulled change this replica cannot read is set aside and the pull goes on', async () => {
    const writer = new MemoryReplica('writer');
    for (let i = 0; i < 8; i++) writer.edit('customers', customer(`c${i}`, `C${i}`), now());
    await sync(writer, new MemoryCursors());
    // The collector (another version, another schema) serves one change this replica cannot read.
    const odd: SyncTransport = {
      push: (changes, signal) => http().push(changes, signal),
      pull: async (since, limit, signal) => {
        const page = await http().pull(since, limit, signal);
        const raw = page.changes.map((c) => (c.record.id === 'c3' ? { ...c, record: { ...c.record, rev: 'one' } } : c));
        const reread = await createHttpTransport({
          baseUrl: URL_,
          token: 't',
          fetchFn: async () =>
            new Response(JSON.stringify({ ...page, changes: raw }), { status: 200, headers: { 'kehu-api': '1' } }),
        }).pull(since, limit, signal);
        return reread;
      },
    };
    const reader = new MemoryReplica('reader');
    const status = await sync(reader, new MemoryCursors(), odd);
    expect(status.state).toBe('idle');
    expect(status.setAside).toEqual([{ direction: 'pull', entity: 'customers', id: 'c3', reason: expect.stringMatching(/rev/) }]);
    expect(ids(reader)).toEqual(['c0', 'c1', 'c2', 'c4', 'c5', 'c6', 'c7']);
  });
});
