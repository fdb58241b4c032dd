// Team sync in the extension against the real collector app: two stores converge after concurrent
// edits, pulled records leave no outbox rows but are reassessed, an answer the collector could not
// match is matched here, a sync stopped half-way resumes from its cursor, every failure is named and
// leaves the outbox as it was, and the clock of another rep cannot make a newer edit lose.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sql } from '../../../../collector/db/sql.ts';
import { moveCollected } from '../../../../collector/store/collect.ts';
import { IDLE_STATUS, type StoredSyncStatus } from '../../../../extension/src/base/sync-status.ts';
import { BACKENDS, openMigrated, resetStore } from '../../collector/backends.ts';
import { type Harness, harness, submission } from '../../collector/fixtures.ts';
import { freshDb } from '../context.ts';
import { COLLECTOR, replica, testClock } from './replica.ts';

const CUSTOMERS = `id,name,domains,industry,tier,stage,owner,cadence_days,tags,notes
acme,ACME Trading,acme.example,Retail,general,stable,rep,30,,
globex,Globex,globex.example,Manufacturing,general,stable,rep,30,,`;
const CONTACTS = `id,customer_id,name,emails,phones,title,role,status,notes
c-wei,acme,Wei Wang,wei@acme.example,,Buyer,,active,`;

const day = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

describe('extension sync with the collector', () => {
  let sql: Sql;
  let h: Harness;
  let clock: ReturnType<typeof testClock>;

  beforeAll(async () => {
    sql = await openMigrated(BACKENDS[0] as (typeof BACKENDS)[number]);
  });
  afterAll(async () => {
    await sql.close();
  });
  beforeEach(async () => {
    await resetStore(sql);
    h = await harness(sql);
    clock = testClock();
  });

  const importCsv = async (
    r: Awaited<ReturnType<typeof replica>>,
    entity: 'customers' | 'contacts' | 'interactions',
    text: string,
  ) => {
    const result = await r.api.importText({ entity, format: 'csv', text });
    expect(result.rejected).toEqual([]);
    return result;
  };

  it('two stores converge on the last writer after concurrent edits; the other version is kept in history', async () => {
    const alice = await replica('alice', h, clock);
    const bob = await replica('bob', h, clock);
    await importCsv(alice, 'customers', CUSTOMERS);
    await importCsv(alice, 'contacts', CONTACTS);
    expect((await alice.api.syncNow()).state).toBe('idle');
    const first = await bob.api.syncNow();
    expect(first).toMatchObject({ state: 'idle', pending: 0, error: null, progress: { pulled: 3 } });
    // Pulled records are not local changes: nothing for Bob to push.
    expect(await bob.db.changes.count()).toBe(0);
    expect(await bob.snapshot()).toEqual(await alice.snapshot());

    // Both rename ACME while apart; Bob's edit is later.
    await importCsv(alice, 'customers', CUSTOMERS.replace('ACME Trading', 'ACME Trading (Alice)'));
    await importCsv(bob, 'customers', CUSTOMERS.replace('ACME Trading', 'ACME Trading (Bob)'));
    expect((await alice.api.syncStatus()).pending).toBe(1);
    await alice.api.syncNow();
    await bob.api.syncNow();
    await alice.api.syncNow();
    await bob.api.syncNow();
    expect(await alice.db.customers.get('acme')).toMatchObject({ name: 'ACME Trading (Bob)', updatedBy: 'bob', rev: 2 });
    expect(await bob.snapshot()).toEqual(await alice.snapshot());
    const [stored] = await sql.query<{ data: { name: string } }>("SELECT data FROM kehu_records WHERE id = 'acme'");
    expect(stored?.data.name).toBe('ACME Trading (Bob)');
    const history = await sql.query<{ updated_by: string }>("SELECT updated_by FROM kehu_history WHERE id = 'acme'");
    expect(history.map((r) => r.updated_by)).toContain('alice');
    // Caught up: another sync moves nothing.
    const again = await alice.api.syncNow();
    expect(again).toMatchObject({ state: 'idle', pending: 0 });
    expect(again.progress.pushed).toBe(0);
  });

  it('pulled records are reassessed: badges change level and every tab is told', async () => {
    const rep = await replica('rep', h, clock);
    await importCsv(rep, 'customers', CUSTOMERS);
    await importCsv(rep, 'contacts', CONTACTS);
    const regular = ['customer_id,occurred_at,kind,amount,currency,summary,ref'];
    for (let w = 20; w >= 0; w--) regular.push(`acme,${isoDay(clock.peek().getTime() - w * 7 * day)},order,100,EUR,order,`);
    await importCsv(rep, 'interactions', regular.join('\n'));
    await rep.api.syncNow();
    const before = await rep.api.lookup('wei@acme.example');
    expect(before?.assessment?.contributions.some((c) => c.indicator === 'satisfaction')).toBe(false);

    // A detractor answer reaches the collector from a survey on the customer's site.
    const answer = await h.collect(
      submission({
        kind: 'nps',
        score: 2,
        comment: 'Slow delivery',
        respondent: { email: 'wei@acme.example', consent: true },
        submittedAt: clock.peek().toISOString(),
      }),
    );
    expect(answer.status).toBe(201);
    rep.changes.length = 0;
    const status = await rep.api.syncNow();
    expect(status).toMatchObject({ state: 'idle', error: null });
    const after = await rep.api.lookup('wei@acme.example');
    expect(after?.assessment?.contributions.map((c) => c.indicator)).toContain('satisfaction');
    expect(rep.changes).toContainEqual({ customerIds: ['acme'] });
    expect(await rep.sync.store.pendingReassess()).toEqual([]);
  });

  it('two reps who reassess the same pulled answer raise one alert between them, not one each', async () => {
    const alice = await replica('alice', h, clock);
    const bob = await replica('bob', h, clock);
    await importCsv(alice, 'customers', CUSTOMERS.replace('Retail,general', 'Retail,key'));
    await importCsv(alice, 'contacts', CONTACTS);
    await alice.api.syncNow();
    await bob.api.syncNow();
    const answer = await h.collect(
      submission({
        kind: 'nps',
        score: 1,
        comment: 'Cancelling, the delivery was slow',
        respondent: { email: 'wei@acme.example', consent: true },
        submittedAt: clock.peek().toISOString(),
      }),
    );
    expect(answer.status).toBe(201);
    // Both pull the answer and raise alerts before either has seen the other's.
    await alice.api.syncNow();
    await bob.api.syncNow();
    for (let round = 0; round < 2; round++) {
      await alice.api.syncNow();
      await bob.api.syncNow();
    }
    const open = async (r: typeof alice) =>
      (await r.db.alerts.toArray()).filter((a) => a.customerId === 'acme' && !a.deletedAt && a.status === 'open');
    const atAlice = await open(alice);
    expect(atAlice.length).toBeGreaterThan(0);
    const indicators = atAlice.map((a) => a.indicator);
    expect(new Set(indicators).size).toBe(indicators.length); // one open alert per indicator
    expect((await open(bob)).map((a) => a.id).sort()).toEqual(atAlice.map((a) => a.id).sort());
  });

  it('an answer that reached the collector before its respondent was known is matched here, and the match syncs', async () => {
    const rep = await replica('rep', h, clock);
    // The answer arrives first: the collector knows no contact yet.
    await h.collect(submission({ kind: 'nps', score: 3, respondent: { email: 'wei@acme.example', consent: true } }));
    // …and is in its change log (the pass after answers moves it there within a tick; a later move
    // would find the contact the rep pushes below and match the answer on the collector instead).
    await moveCollected(sql);
    await importCsv(rep, 'customers', CUSTOMERS);
    await importCsv(rep, 'contacts', CONTACTS);
    await rep.api.syncNow();
    const [local] = await rep.db.responses.toArray();
    expect(local).toMatchObject({ customerId: 'acme', contactId: 'c-wei', updatedBy: 'rep', rev: 2 });
    expect((await rep.api.syncStatus()).pending).toBe(1);
    await rep.api.syncNow();
    const [remote] = await sql.query<{ data: { customerId?: string } }>(
      "SELECT data FROM kehu_records WHERE entity = 'responses'",
    );
    expect(remote?.data.customerId).toBe('acme');
    expect((await rep.api.syncStatus()).pending).toBe(0);
  });

  it('an edit made after pulling a version from a clock that runs ahead still wins', async () => {
    const ahead = await replica('ahead', h, { now: () => new Date(clock.now().getTime() + 3_600_000) });
    const behind = await replica('behind', h, clock);
    await importCsv(ahead, 'customers', CUSTOMERS);
    await ahead.api.syncNow();
    await behind.api.syncNow();
    await importCsv(behind, 'customers', CUSTOMERS.replace('Globex', 'Globex Ltd'));
    const edited = await behind.db.customers.get('globex');
    expect(edited?.rev).toBe(2);
    await behind.api.syncNow();
    await ahead.api.syncNow();
    expect(await ahead.db.customers.get('globex')).toMatchObject({ name: 'Globex Ltd', updatedBy: 'behind' });
  });

  it('a sync stopped in the middle of a pull resumes from its cursor, without losing or repeating records', async () => {
    const writer = await replica('writer', h, clock);
    const rows = ['id,name,domains,industry,tier,stage,owner,cadence_days,tags,notes'];
    for (let i = 0; i < 45; i++) rows.push(`c${i},Customer ${i},c${i}.example,,general,,,,,`);
    await importCsv(writer, 'customers', rows.join('\n'));
    await writer.api.syncNow();

    const db = freshDb();
    const status = { value: null as StoredSyncStatus | null };
    const reader = await replica('reader', h, clock, { db, pageSize: 10, status });
    reader.net.failPullsAfter = 2; // the worker is stopped during the third page
    const stopped = await reader.api.syncNow();
    expect(stopped.state).toBe('error');
    expect(await db.customers.count()).toBe(20);
    // Records and the customers to reassess were stored together, page by page.
    expect((await db.meta.get('sync.cursor'))?.value).toMatchObject({ collector: COLLECTOR, pulled: 20 });

    // A new worker: a new service over the same store and status; it starts, sees the unfinished sync, goes on.
    status.value = { ...(status.value as StoredSyncStatus), state: 'pulling' };
    const restarted = await replica('reader', h, clock, { db, pageSize: 10, status });
    await restarted.sync.trigger('startup');
    const done = await restarted.api.syncStatus();
    expect(done).toMatchObject({ state: 'idle', error: null, failures: 0 });
    expect(done.progress.pulled).toBe(25);
    expect(restarted.requests.filter((r) => r.method === 'GET').map((r) => r.path)[0]).toBe('/v1/changes?since=20&limit=10');
    expect(await db.customers.count()).toBe(45);
    expect(await db.changes.count()).toBe(0);
    expect(await db.assessments.count()).toBe(45);
  });

  it('a first pull into an empty store still merges once the rep writes during it', async () => {
    const writer = await replica('writer', h, clock);
    const rows = ['id,name,domains,industry,tier,stage,owner,cadence_days,tags,notes'];
    for (let i = 10; i < 40; i++) rows.push(`c${i},Customer ${i},c${i}.example,,general,,,,,`);
    await importCsv(writer, 'customers', rows.join('\n'));
    await writer.api.syncNow();

    const reader = await replica('reader', h, clock, { pageSize: 10 });
    // While the first pages come in, the rep adds a customer that the collector also has, later in its log.
    reader.net.beforePull = async (pull) => {
      if (pull === 2) await importCsv(reader, 'customers', `${rows[0]}\nc35,Customer 35 (mine),c35.example,,key,,,,,`);
    };
    await reader.api.syncNow();
    expect(await reader.db.customers.count()).toBe(30);
    expect(await reader.db.customers.get('c35')).toMatchObject({ name: 'Customer 35 (mine)', updatedBy: 'reader' });
    expect(await reader.db.customers.get('c36')).toMatchObject({ name: 'Customer 36', updatedBy: 'writer' });
  });

  it('asks for the next page while the current one is being stored', async () => {
    const writer = await replica('writer', h, clock);
    const rows = ['id,name,domains,industry,tier,stage,owner,cadence_days,tags,notes'];
    for (let i = 0; i < 30; i++) rows.push(`c${i},Customer ${i},c${i}.example,,general,,,,,`);
    await importCsv(writer, 'customers', rows.join('\n'));
    await writer.api.syncNow();
    const reader = await replica('reader', h, clock, { pageSize: 10 });
    const storedWhenAsked: number[] = [];
    reader.net.beforePull = async () => void storedWhenAsked.push(await reader.db.customers.count());
    await reader.api.syncNow();
    expect(await reader.db.customers.count()).toBe(30);
    // Page 2 was asked for before page 1 was stored, page 3 before page 2 (the last: nothing after it).
    expect(storedWhenAsked).toEqual([0, 0, 10]);
  });

  it('offline, the outbox stays and the alarm waits; back online, it catches up', async () => {
    const rep = await replica('rep', h, clock);
    await importCsv(rep, 'customers', CUSTOMERS);
    rep.net.offline = true;
    const failed = await rep.api.syncNow();
    expect(failed).toMatchObject({ state: 'error', error: { kind: 'unreachable' }, failures: 1, pending: 2 });
    expect(Date.parse(failed.retryAt ?? '')).toBeGreaterThan(Date.parse(failed.lastAttemptAt ?? ''));
    rep.net.offline = false;
    // The alarm respects the back-off…
    await rep.sync.trigger('alarm');
    expect(rep.requests).toHaveLength(0);
    // …coming back online does not wait.
    await rep.sync.trigger('online');
    expect(await rep.api.syncStatus()).toMatchObject({ state: 'idle', error: null, failures: 0, pending: 0, retryAt: null });
    expect(await sql.query("SELECT id FROM kehu_records WHERE entity = 'customers'")).toHaveLength(2);
  });

  it('names a bad token and a server that is not a Kehu collector; nothing is lost', async () => {
    const bad = await replica('rep', h, clock, { token: 'kt_not-a-token' });
    await importCsv(bad, 'customers', CUSTOMERS);
    expect(await bad.api.syncNow()).toMatchObject({ state: 'error', error: { kind: 'unauthorized', status: 401 }, pending: 2 });
    const readOnly = await replica('rep', h, clock, { token: h.tokens.read, db: bad.db });
    expect(await readOnly.api.syncNow()).toMatchObject({ state: 'error', error: { kind: 'forbidden' } });
    // An address under which no Kehu API answers.
    const odd = await replica('rep', h, clock, { db: bad.db });
    await odd.settings.set({ collectorUrl: `${COLLECTOR}/not-kehu` });
    expect(await odd.api.syncNow()).toMatchObject({ state: 'error', error: { kind: 'incompatible' } });
    expect(await bad.db.customers.count()).toBe(2);
  });

  it('changing another setting keeps the collector’s address and token', async () => {
    const rep = await replica('rep', h, clock);
    await rep.api.setSettings({ logEmails: false });
    await rep.api.setSettings({ locale: 'zh-CN' });
    expect(await rep.api.getSettings()).toMatchObject({
      collectorUrl: COLLECTOR,
      collectorToken: h.tokens.rw,
      repName: 'rep',
      logEmails: false,
      locale: 'zh-CN',
    });
    expect((await rep.api.syncNow()).state).toBe('idle');
  });

  it('a sync started right after the collector is set is not stopped when the save is reported later', async () => {
    const writer = await replica('writer', h, clock);
    await importCsv(writer, 'customers', CUSTOMERS);
    await writer.api.syncNow();
    const rep = await replica('rep', h, clock);
    // The order the browser may deliver: the settings are saved, "sync now" starts, and only then is
    // the save reported (the demo's first sync came back with nothing pulled this way).
    await rep.settings.set({ collectorUrl: COLLECTOR, collectorToken: h.tokens.rw });
    const first = rep.api.syncNow();
    await rep.sync.settingsChanged();
    expect(await first).toMatchObject({ state: 'idle', error: null, progress: { pulled: 2 } });
    expect(rep.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/changes'))).toHaveLength(1);
    // A real change of collector still stops the running sync and starts over with the new token.
    let changed: Promise<void> | null = null;
    rep.net.beforePull = async (pull) => {
      if (pull !== 2) return;
      await rep.settings.set({ collectorToken: 'kt_not-a-token' });
      changed = rep.sync.settingsChanged();
    };
    expect((await rep.api.syncNow()).error).toBeNull(); // stopped on purpose: not a failure
    await changed;
    expect(await rep.api.syncStatus()).toMatchObject({ state: 'error', error: { kind: 'unauthorized' } });
  });

  it('without a collector nothing leaves the browser and the status says sync is off', async () => {
    const rep = await replica('rep', h, clock);
    await rep.settings.set({ collectorUrl: '' });
    await importCsv(rep, 'customers', CUSTOMERS);
    expect(await rep.api.syncNow()).toMatchObject({ ...IDLE_STATUS, configured: false, state: 'off' });
    await rep.sync.trigger('alarm');
    expect(rep.requests).toEqual([]);
  });

  it('after erasing everything, the next sync fills the store with the team’s records again', async () => {
    const rep = await replica('rep', h, clock);
    await importCsv(rep, 'customers', CUSTOMERS);
    await rep.api.syncNow();
    await rep.api.eraseEverything({ confirm: 'ERASE' });
    expect(await rep.db.customers.count()).toBe(0);
    expect((await rep.api.syncNow()).progress.pulled).toBe(2);
    expect(await rep.db.customers.count()).toBe(2);
  });

  it('search finds a customer renamed by a pull at once', async () => {
    const alice = await replica('alice', h, clock);
    const bob = await replica('bob', h, clock);
    await importCsv(alice, 'customers', CUSTOMERS);
    await alice.api.syncNow();
    await bob.api.syncNow();
    expect((await bob.api.search({ query: 'globex' })).map((x) => x.customerName)).toEqual(['Globex']);
    await importCsv(alice, 'customers', CUSTOMERS.replace('Globex', 'Initech'));
    await alice.api.syncNow();
    await bob.api.syncNow();
    expect((await bob.api.search({ query: 'initech' })).map((x) => x.customerName)).toEqual(['Initech']);
  });
});
