// The sync client against the real collector app (over Hono's app.request, through the HTTP
// transport): replicas converge after concurrent edits, pushes go in batches, pulls in pages,
// a sync stopped half-way resumes from its cursor, and every failure is named.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Customer } from '#shared/model/customer.ts';
import { createSyncClient, type SyncClientOptions } from '#shared/sync/client.ts';
import { SyncError, retryDelayMs } from '#shared/sync/errors.ts';
import { type FetchLike, createHttpTransport } from '#shared/sync/http-transport.ts';
import type { SyncTransport } from '#shared/sync/ports.ts';
import type { Sql } from '../../../collector/db/sql.ts';
import { openMigrated, BACKENDS, resetStore } from '../collector/backends.ts';
import { type Harness, harness } from '../collector/fixtures.ts';
import { MemoryCursors, MemoryReplica } from './memory-store.ts';

const URL_ = 'http://collector.test';
let clock = Date.parse('2026-04-01T08:00:00.000Z');
const now = () => new Date((clock += 1000)).toISOString();

function customer(id: string, name: string) {
  const c = Customer.parse({
    id,
    name,
    createdAt: '2026-04-01T00:00:00.000Z',
    rev: 1,
    updatedAt: '2026-04-01T00:00:00.000Z',
    updatedBy: 'x',
  });
  const { rev: _r, updatedAt: _u, updatedBy: _b, ...rest } = c;
  return rest;
}

describe('sync client with the collector', () => {
  let sql: Sql;
  let h: Harness;
  let calls: { method: string; path: string }[];
  const fetchFn: FetchLike = async (url, init) => {
    calls.push({ method: init.method, path: url.slice(URL_.length) });
    return h.app.request(url, init as RequestInit);
  };
  const transport = (token = h.tokens.rw) => createHttpTransport({ baseUrl: `${URL_}/`, token, fetchFn });
  const client = (replica: MemoryReplica, cursors = new MemoryCursors(), extra: Partial<SyncClientOptions> = {}) =>
    createSyncClient({ collector: URL_, transport: transport(), local: replica, cursors, now, ...extra });

  beforeAll(async () => {
    sql = await openMigrated(BACKENDS[0] as (typeof BACKENDS)[number]);
  });
  afterAll(async () => {
    await sql.close();
  });
  beforeEach(async () => {
    await resetStore(sql);
    h = await harness(sql);
    calls = [];
  });

  it('two replicas converge after concurrent edits of one record, and the loser is kept in history', async () => {
    const alice = new MemoryReplica('alice');
    const bob = new MemoryReplica('bob');
    const a = client(alice);
    const b = client(bob);
    alice.edit('customers', customer('acme', 'ACME'), now());
    alice.edit('customers', customer('globex', 'Globex'), now());
    expect((await a.sync()).state).toBe('idle');
    expect((await b.sync()).progress.pulled).toBe(2);
    expect(bob.snapshot()).toEqual(alice.snapshot());

    // Both edit ACME while apart; Bob's edit is the later one. Bob also deletes Globex.
    alice.edit('customers', { ...customer('acme', 'ACME (Alice)') }, now());
    bob.edit('customers', { ...customer('acme', 'ACME (Bob)') }, now());
    bob.edit('customers', { ...customer('globex', 'Globex'), deletedAt: new Date(clock).toISOString() }, now());
    const bobFirst = await b.sync();
    expect(bobFirst.state).toBe('idle');
    const aliceAfter = await a.sync();
    expect(aliceAfter.progress.conflicts).toBe(1); // her push lost to Bob's later edit
    await b.sync();
    expect(alice.snapshot()).toEqual(bob.snapshot());
    expect(alice.get('customers', 'acme')).toMatchObject({ name: 'ACME (Bob)', updatedBy: 'bob' });
    expect(alice.get('customers', 'globex')?.deletedAt).not.toBeNull();
    const lost = await sql.query<{ updated_by: string; reason: string }>(
      "SELECT updated_by, reason FROM kehu_history WHERE id = 'acme' AND reason = 'lost'",
    );
    expect(lost).toEqual([{ updated_by: 'alice', reason: 'lost' }]);
  });

  it('pushes in batches and pulls in pages, saving the cursor after each', async () => {
    const alice = new MemoryReplica('alice');
    for (let i = 0; i < 10; i++) alice.edit('customers', customer(`c${i}`, `C${i}`), now());
    const cursors = new MemoryCursors();
    const status = await client(alice, cursors, { batchSize: 3, pageSize: 4 }).sync();
    expect(status.state).toBe('idle');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(4); // 3 + 3 + 3 + 1
    expect(calls.filter((c) => c.method === 'GET').map((c) => c.path)).toEqual([
      '/v1/changes?since=0&limit=4',
      '/v1/changes?since=4&limit=4',
      '/v1/changes?since=8&limit=4',
    ]);
    expect(cursors.cursor).toEqual({ collector: URL_, pulled: 10, pushed: 10 });
    expect(status.progress).toEqual({ pushed: 10, pulled: 10, conflicts: 0 });
    expect(status.lastSyncedAt).not.toBeNull();
  });

  it('resumes from its cursor after being stopped in the middle of a pull', async () => {
    const writer = new MemoryReplica('writer');
    for (let i = 0; i < 25; i++) writer.edit('customers', customer(`c${i}`, `C${i}`), now());
    await client(writer).sync();

    const reader = new MemoryReplica('reader');
    const cursors = new MemoryCursors();
    // The service worker is stopped after two pages: the third request never comes back.
    let pulls = 0;
    const dying: SyncTransport = {
      push: (c, s) => transport().push(c, s),
      pull: async (since, limit, s) => {
        if (++pulls > 2) throw new SyncError('unreachable', 'worker stopped');
        return transport().pull(since, limit, s);
      },
    };
    const first = await createSyncClient({ collector: URL_, transport: dying, local: reader, cursors, now, pageSize: 10 }).sync();
    expect(first.state).toBe('error');
    expect(first.error?.kind).toBe('unreachable');
    expect(cursors.cursor?.pulled).toBe(20);
    expect(reader.records.size).toBe(20);

    // A new worker, a new client, the same stored cursor: only the rest is pulled.
    calls = [];
    const second = await client(reader, cursors, { pageSize: 10 }).sync();
    expect(second.state).toBe('idle');
    expect(second.progress.pulled).toBe(5);
    expect(calls.filter((c) => c.method === 'GET').map((c) => c.path)).toEqual(['/v1/changes?since=20&limit=10']);
    expect(reader.snapshot()).toEqual(writer.snapshot());
  });

  it('a push interrupted before its answer is pushed again and accepted as already there', async () => {
    const alice = new MemoryReplica('alice');
    alice.edit('customers', customer('a', 'A'), now());
    const cursors = new MemoryCursors();
    const lossy: SyncTransport = {
      push: async (c, s) => {
        await transport().push(c, s); // stored, but the answer is lost
        throw new SyncError('unreachable', 'connection reset');
      },
      pull: (since, limit, s) => transport().pull(since, limit, s),
    };
    expect((await createSyncClient({ collector: URL_, transport: lossy, local: alice, cursors, now }).sync()).state).toBe(
      'error',
    );
    expect(cursors.cursor?.pushed ?? 0).toBe(0); // not moved past the unanswered push
    const again = await client(alice, cursors).sync();
    expect(again.state).toBe('idle');
    expect(again.progress).toMatchObject({ pushed: 1, conflicts: 0 });
    const rows = await sql.query('SELECT id FROM kehu_records');
    expect(rows).toHaveLength(1);
  });

  it('starts over with a cursor that belongs to another collector', async () => {
    const alice = new MemoryReplica('alice');
    alice.edit('customers', customer('a', 'A'), now());
    const cursors = new MemoryCursors();
    cursors.cursor = { collector: 'http://old.example', pulled: 500, pushed: 99 };
    const status = await client(alice, cursors).sync();
    expect(status.progress).toMatchObject({ pushed: 1, pulled: 1 });
    expect(cursors.cursor).toEqual({ collector: URL_, pulled: 1, pushed: 1 });
  });

  it('names each failure: bad token, missing scope, unreachable, not a collector, server error, rate limit, local store, cancelled', async () => {
    const replica = new MemoryReplica('r');
    replica.edit('customers', customer('a', 'A'), now());
    const run = (opts: Partial<SyncClientOptions>, signal?: { aborted: boolean }) =>
      createSyncClient({
        collector: URL_,
        transport: transport(),
        local: replica,
        cursors: new MemoryCursors(),
        now,
        ...opts,
      }).sync(signal ? { signal } : {});
    const kind = async (opts: Partial<SyncClientOptions>, signal?: { aborted: boolean }) => (await run(opts, signal)).error?.kind;

    expect(await kind({ transport: transport('kt_wrong') })).toBe('unauthorized');
    expect(await kind({ transport: transport(h.tokens.read) })).toBe('forbidden');
    const answer = (status: number, headers: Record<string, string> = {}, body = '{}') =>
      createHttpTransport({
        baseUrl: URL_,
        token: 't',
        fetchFn: async () => new Response(body, { status, headers }),
      });
    expect(
      await kind({
        transport: createHttpTransport({
          baseUrl: URL_,
          token: 't',
          fetchFn: () => Promise.reject(new TypeError('fetch failed')),
        }),
      }),
    ).toBe('unreachable');
    expect(await kind({ transport: answer(200, {}, '<html>') })).toBe('incompatible');
    expect(await kind({ transport: answer(200, { 'kehu-api': '2' }) })).toBe('incompatible');
    expect(await kind({ transport: answer(200, { 'kehu-api': '1' }, '{"accepted": "nope"}') })).toBe('incompatible');
    expect(await kind({ transport: answer(503) })).toBe('server');
    const limited = await run({ transport: answer(429, { 'retry-after': '120' }) });
    expect(limited.error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 120_000 });
    replica.failApply = 1;
    const other = new MemoryReplica('other');
    other.edit('customers', customer('b', 'B'), now());
    await client(other).sync();
    expect(await kind({})).toBe('local');
    expect(await kind({}, { aborted: true })).toBe('aborted');
  });

  it('counts failures in a row for back-off, and reports the state while it works', async () => {
    const replica = new MemoryReplica('r');
    const states: string[] = [];
    const failing = createSyncClient({
      collector: URL_,
      transport: createHttpTransport({ baseUrl: URL_, token: 't', fetchFn: () => Promise.reject(new TypeError('offline')) }),
      local: replica,
      cursors: new MemoryCursors(),
      now,
      onStatus: (s) => states.push(s.state),
    });
    await failing.sync();
    const second = await failing.sync();
    expect(second.failures).toBe(2);
    expect(retryDelayMs(second.failures)).toBe(60_000);
    expect(retryDelayMs(20)).toBe(30 * 60_000);
    expect(retryDelayMs(1, 300_000)).toBe(300_000);
    expect(states).toContain('pushing');
    expect(states.at(-1)).toBe('error');
    // Back online: the failure count resets.
    const ok = createSyncClient({ collector: URL_, transport: transport(), local: replica, cursors: new MemoryCursors(), now });
    expect((await ok.sync()).failures).toBe(0);
  });

  it('a second sync() while one runs returns the same run', async () => {
    const c = client(new MemoryReplica('r'));
    const [x, y] = [c.sync(), c.sync()];
    expect(x).toBe(y);
    await x;
  });

  it('receives survey answers collected from sites as responses', async () => {
    const s = {
      clientId: 'answer-0001',
      kind: 'nps',
      score: 2,
      comment: 'late',
      elapsedMs: 3000,
      submittedAt: '2026-04-01T09:00:00.000Z',
    };
    expect((await h.collect(s)).status).toBe(201);
    const rep = new MemoryReplica('rep');
    await client(rep).sync();
    const [response] = [...rep.records.values()];
    expect(response).toMatchObject({ entity: 'responses', record: { kind: 'nps', score: 2, comment: 'late' } });
  });
});
