// The store on every backend: migrations, the write path (last-writer-wins, history, tombstones,
// idempotency), the change log's paging and order, and the concurrency of writers.
import { describe, expect, it } from 'vitest';
import type { SyncRecord } from '#shared/model/sync.ts';
import { MIGRATIONS, SCHEMA_VERSION, SchemaTooNewError, migrate } from '../../../collector/db/migrations.ts';
import { pullChanges, scanRecords, writeRecords } from '../../../collector/store/records.ts';
import { describeOnBackends } from './backends.ts';
import { T0, rec } from './fixtures.ts';

const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

describeOnBackends('store on $name', (sql) => {
  const write = (items: SyncRecord[]) => sql.transaction((tx) => writeRecords(tx, items, at(100)));
  const history = () =>
    sql.query<{ id: string; rev: number; updated_by: string; reason: string }>(
      'SELECT id, rev, updated_by, reason FROM kehu_history ORDER BY id, rev, updated_at, updated_by',
    );

  describe('migrations', () => {
    it('runs once, records its version, and is a no-op the second time', async () => {
      expect(await migrate(sql, T0)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
      const rows = await sql.query<{ version: number }>('SELECT version FROM kehu_schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    });

    it('applies a later migration, and refuses a database newer than the code', async () => {
      const later = SCHEMA_VERSION + 1;
      const next = [
        ...MIGRATIONS,
        { version: later, name: 'test column', sql: 'ALTER TABLE kehu_site_keys ADD COLUMN note text' },
      ];
      expect(await migrate(sql, T0, next)).toEqual({ from: SCHEMA_VERSION, to: later });
      await expect(migrate(sql, T0)).rejects.toThrow(SchemaTooNewError);
      await expect(migrate(sql, T0)).rejects.toThrow(new RegExp(`schema version ${later}.*up to ${SCHEMA_VERSION}`));
      // Roll the test migration back so later tests see the current schema.
      await sql.exec(`ALTER TABLE kehu_site_keys DROP COLUMN note; DELETE FROM kehu_schema_migrations WHERE version = ${later};`);
    });
  });

  describe('named statements', () => {
    const RANGE = {
      name: 'kehu_test_range',
      types: ['bigint'],
      text: 'SELECT id, seq FROM kehu_records WHERE seq > $1 ORDER BY seq LIMIT 3',
      genericPlan: true,
    };
    it('a statement with one plan for every call answers as any other, and leaves the plan choice as it was', async () => {
      await write(Array.from({ length: 5 }, (_, i) => rec.customer(`n${i}`)));
      for (let since = 0; since < 8; since++) {
        const rows = await sql.query<{ id: string; seq: unknown }>(RANGE, [since]);
        expect(rows.map((r) => Number(r.seq))).toEqual([since + 1, since + 2, since + 3].filter((n) => n <= 5));
      }
      // Inside a transaction too, and the statements after it there plan as usual.
      const modes = await sql.transaction(async (tx) => {
        await tx.query(RANGE, [1]);
        return tx.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode');
      });
      expect(modes[0]?.plan_cache_mode).toBe('auto');
      expect((await sql.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode'))[0]?.plan_cache_mode).toBe('auto');
      if (sql.kind === 'pglite') {
        // PGlite keeps the one plan (PostgreSQL's pool has a connection each, and decides there itself).
        const [stats] = await sql.query<{ generic_plans: unknown; custom_plans: unknown }>(
          `SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'kehu_test_range'`,
        );
        expect(Number(stats?.custom_plans)).toBe(0);
        expect(Number(stats?.generic_plans)).toBe(9);
      }
    });
  });

  describe('write path', () => {
    it('applies new records with consecutive sequence numbers and pulls them in pages', async () => {
      const out = await write(Array.from({ length: 25 }, (_, i) => rec.customer(`c${String(i).padStart(2, '0')}`)));
      expect(out.map((o) => (o.action === 'apply' ? o.seq : 0))).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      const seen: number[] = [];
      let since = 0;
      let pages = 0;
      for (;;) {
        const page = await pullChanges(sql, since, 10);
        pages++;
        seen.push(...page.changes.map((c) => c.seq));
        since = page.next;
        if (!page.more) break;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      expect(await pullChanges(sql, since, 10)).toEqual({ changes: [], next: 25, more: false });
    });

    it('ignores the same version pushed again (idempotent by id and rev), answering with its place', async () => {
      const [first] = await write([rec.customer('a')]);
      const [again] = await write([rec.customer('a')]);
      expect(first).toMatchObject({ action: 'apply', seq: 1 });
      expect(again).toMatchObject({ action: 'ignore', seq: 1, rev: 1 });
      expect((await pullChanges(sql, 0, 10)).changes).toHaveLength(1);
    });

    it('a newer version replaces the stored one, moves it to the end of the log, and keeps the old one in history', async () => {
      await write([rec.customer('a'), rec.customer('b')]);
      const [out] = await write([rec.customer('a', { name: 'Renamed', rev: 2, updatedAt: at(5) })]);
      expect(out).toMatchObject({ action: 'apply', seq: 3, concurrent: false });
      const page = await pullChanges(sql, 0, 10);
      expect(page.changes.map((c) => [c.record.id, c.seq])).toEqual([
        ['b', 2],
        ['a', 3],
      ]);
      expect(page.changes[1]?.record).toMatchObject({ name: 'Renamed', rev: 2 });
      expect(await history()).toEqual([{ id: 'a', rev: 1, updated_by: 'alice', reason: 'overwritten' }]);
    });

    it('resolves concurrent edits last-writer-wins by (updatedAt, updatedBy) and keeps the loser', async () => {
      await write([rec.customer('a')]);
      // Alice and Bob both edit rev 1. Bob's edit is later: it wins whichever arrives first.
      const alice = rec.customer('a', { name: 'Alice’s', rev: 2, updatedAt: at(5), updatedBy: 'alice' });
      const bob = rec.customer('a', { name: 'Bob’s', rev: 2, updatedAt: at(6), updatedBy: 'bob' });
      const [a] = await write([alice]);
      const [b] = await write([bob]);
      expect(a).toMatchObject({ action: 'apply' });
      expect(b).toMatchObject({ action: 'apply', concurrent: true });
      // Alice pushes her version again (a retry): it lost, she is told which version is kept.
      const [retry] = await write([alice]);
      expect(retry).toMatchObject({ action: 'conflict' });
      expect(retry?.action === 'conflict' && retry.kept).toMatchObject({ name: 'Bob’s', updatedBy: 'bob' });
      // Same time: the greater updatedBy wins.
      const carol = rec.customer('a', { name: 'Carol’s', rev: 3, updatedAt: at(6), updatedBy: 'carol' });
      expect((await write([carol]))[0]).toMatchObject({ action: 'apply' });
      const [current] = (await pullChanges(sql, 0, 10)).changes;
      expect(current?.record).toMatchObject({ name: 'Carol’s' });
      expect((await history()).map((h) => [h.rev, h.updated_by, h.reason])).toEqual([
        [1, 'alice', 'overwritten'],
        [2, 'alice', 'overwritten'],
        [2, 'bob', 'overwritten'],
      ]);
      // An older version that arrives late loses and is kept as lost.
      const stale = rec.customer('a', { name: 'Stale', rev: 2, updatedAt: at(1), updatedBy: 'dave' });
      expect((await write([stale]))[0]).toMatchObject({ action: 'conflict' });
      expect((await history()).find((h) => h.updated_by === 'dave')).toMatchObject({ reason: 'lost' });
    });

    it('keeps deletions as tombstones in the log, and leaves them out of exports', async () => {
      await write([rec.customer('a'), rec.customer('b')]);
      await write([rec.customer('a', { rev: 2, updatedAt: at(5), deletedAt: at(5) })]);
      const page = await pullChanges(sql, 0, 10);
      expect(page.changes.find((c) => c.record.id === 'a')?.record.deletedAt).toBe(at(5));
      const exported = [];
      for await (const r of scanRecords(sql, 'customers')) exported.push(r.id);
      expect(exported).toEqual(['b']);
      const all = [];
      for await (const r of scanRecords(sql, 'customers', { deleted: true })) all.push(r.id);
      expect(all.sort()).toEqual(['a', 'b']);
    });

    it('several versions of one record in one push: the last applied wins, the others go to history', async () => {
      const out = await write([
        rec.customer('a', { name: 'v1' }),
        rec.customer('a', { name: 'v2', rev: 2, updatedAt: at(1) }),
        rec.customer('a', { name: 'v3', rev: 3, updatedAt: at(2) }),
      ]);
      expect(out.map((o) => o.action)).toEqual(['apply', 'apply', 'apply']);
      const page = await pullChanges(sql, 0, 10);
      expect(page.changes).toHaveLength(1);
      expect(page.changes[0]?.record).toMatchObject({ name: 'v3' });
      expect((await history()).map((h) => h.rev)).toEqual([1, 2]);
    });

    it('scans an entity by its own time range in keyset pages', async () => {
      await write(Array.from({ length: 30 }, (_, i) => rec.customer(`c${String(i).padStart(2, '0')}`, { createdAt: at(i) })));
      const ids: string[] = [];
      for await (const r of scanRecords(sql, 'customers', { from: at(10), to: at(20), pageSize: 4 })) ids.push(r.id);
      expect(ids).toEqual(Array.from({ length: 10 }, (_, i) => `c${i + 10}`));
    });

    it('concurrent writers never let a puller skip a change (sequence order is commit order)', async () => {
      // Many small transactions at once, with a puller reading all the time.
      const seen = new Set<string>();
      let since = 0;
      let done = false;
      const puller = (async () => {
        for (;;) {
          const writersDone = done; // read before the query: a query that started earlier may miss the last commit
          const page = await pullChanges(sql, since, 50);
          for (const c of page.changes) seen.add(c.record.id);
          since = page.next;
          if (writersDone && !page.more) break;
        }
      })();
      await Promise.all(
        Array.from({ length: 40 }, (_, w) => write(Array.from({ length: 5 }, (_, i) => rec.customer(`w${w}-${i}`)))),
      );
      done = true;
      await puller;
      expect(seen.size).toBe(200);
    });
  });
});
