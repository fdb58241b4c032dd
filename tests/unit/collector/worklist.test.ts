// The console's worklist table (kehu_worklist, migration 9) follows kehu_records and kehu_levels
// through every kind of write (new customer, edit, deletion, a level written, changed and removed,
// tables emptied), and after each one equals what the records and levels say, read straight from
// them. Its page query pages, sorts and counts over it.
import { expect, it } from 'vitest';
import { Customers } from '../../../collector/console/customers.ts';
import type { Sql } from '../../../collector/db/sql.ts';
import { writeRecords } from '../../../collector/store/records.ts';
import { describeOnBackends, resetStore } from './backends.ts';
import { T0, customer, rec } from './fixtures.ts';

/** What the worklist should hold: the customers not deleted, with their levels (none without a row). */
async function fromSources(sql: Sql) {
  return sql.query(
    `SELECT r.id, r.data ->> 'name' AS name, r.data ->> 'owner' AS owner, coalesce(r.data ->> 'tier', 'general') AS tier,
            r.data ->> 'stage' AS stage, r.data -> 'tags' AS tags, (r.data ->> 'value')::float8 AS value,
            r.data ->> 'currency' AS currency, (r.data -> 'domains')::text AS domains,
            coalesce(l.level, 'none') AS level, coalesce(l.score, 0) AS score, l.pinyin
       FROM kehu_records r LEFT JOIN kehu_levels l ON l.customer_id = r.id
      WHERE r.entity = 'customers' AND r.deleted_at IS NULL ORDER BY r.id`,
  );
}

async function worklist(sql: Sql) {
  return sql.query(
    'SELECT id, name, owner, tier, stage, tags, value, currency, domains, level, score, pinyin FROM kehu_worklist ORDER BY id',
  );
}

describeOnBackends('the worklist table on $name', { resetBetweenTests: false }, (sql) => {
  it('follows every write to customers and levels', async () => {
    await resetStore(sql);
    await sql.exec('TRUNCATE kehu_levels');
    const level = (id: string, lvl: string, score: number, pinyin: string | null = null) =>
      sql.query(
        `INSERT INTO kehu_levels (customer_id, level, score, pinyin, as_of, policy_version) VALUES ($1, $2, $3, $4, $5, 1)
         ON CONFLICT (customer_id) DO UPDATE SET level = excluded.level, score = excluded.score, pinyin = excluded.pinyin`,
        [id, lvl, score, pinyin, T0],
      );
    const same = async () => expect(await worklist(sql)).toEqual(await fromSources(sql));

    // A level that comes before its customer (kehu risk assesses ids with history only).
    await level('b', 'orange', 61);
    await sql.transaction((tx) =>
      writeRecords(
        tx,
        [
          rec.customer('a', { name: 'Acme', owner: 'alice', tier: 'key', tags: ['east'], value: 500, currency: 'EUR' }),
          rec.customer('b', { name: '北京贸易', domains: ['beta.example'] }),
          rec.customer('c', { name: 'Gamma', stage: 'stable' }),
        ],
        T0,
      ),
    );
    await same();
    expect((await worklist(sql)).find((r) => r.id === 'b')).toMatchObject({ level: 'orange', score: 61 });

    await level('a', 'red', 90, null);
    await level('c', 'blue', 12, null);
    await level('b', 'yellow', 30, 'beijingmaoyi bjmy');
    await same();

    // An edit, then a deletion.
    const later = '2026-03-02T09:00:00.000Z';
    await sql.transaction((tx) =>
      writeRecords(
        tx,
        [{ entity: 'customers', record: customer('a', { name: 'Acme Ltd', owner: 'bob', rev: 2, updatedAt: later }) }],
        later,
      ),
    );
    await sql.transaction((tx) =>
      writeRecords(tx, [{ entity: 'customers', record: customer('c', { rev: 2, updatedAt: later, deletedAt: later }) }], later),
    );
    await same();
    expect((await worklist(sql)).map((r) => r.id)).toEqual(['a', 'b']);
    expect((await worklist(sql))[0]).toMatchObject({ name: 'Acme Ltd', owner: 'bob', level: 'red' });

    // A level removed, a row of a record removed outright, the levels emptied, everything emptied.
    await sql.query("DELETE FROM kehu_levels WHERE customer_id = 'a'");
    await same();
    await sql.query("DELETE FROM kehu_records WHERE entity = 'customers' AND id = 'b'");
    await same();
    await sql.exec('TRUNCATE kehu_levels');
    await same();
    await resetStore(sql);
    expect(await worklist(sql)).toEqual([]);
  });

  it('pages, sorts and counts from it', async () => {
    await resetStore(sql);
    await sql.exec('TRUNCATE kehu_levels');
    const items = Array.from({ length: 120 }, (_, i) =>
      rec.customer(`k${String(i).padStart(3, '0')}`, { name: `Customer ${String(119 - i).padStart(3, '0')}`, value: i }),
    );
    await sql.transaction((tx) => writeRecords(tx, items, T0));
    await sql.query(
      `INSERT INTO kehu_levels (customer_id, level, score, as_of, policy_version)
       SELECT 'k' || lpad(n::text, 3, '0'), CASE WHEN n % 2 = 0 THEN 'red' ELSE 'yellow' END, n, $1, 1 FROM generate_series(0, 9) n`,
      [T0],
    );
    const customers = new Customers(sql);
    const page = async (q: Record<string, string[]>) => {
      const parsed = Customers.parseQuery(q);
      if (!parsed.success) throw parsed.error;
      return customers.page(parsed.data);
    };
    const first = await page({});
    expect(first.total).toBe(120);
    expect(first.rows.slice(0, 6).map((r) => [r.id, r.level, r.score])).toEqual([
      ['k008', 'red', 8],
      ['k006', 'red', 6],
      ['k004', 'red', 4],
      ['k002', 'red', 2],
      ['k000', 'red', 0],
      ['k009', 'yellow', 9],
    ]);
    // The customers without a warning follow, by name.
    expect(first.rows[10]).toMatchObject({ id: 'k119', name: 'Customer 000', level: 'none', score: 0 });
    // The n-th page, reached as the console does: each page's `next` cursor asks for the one after.
    const nth = async (n: number, q: Record<string, string[]>, get = page) => {
      let at = await get(q);
      for (let i = 1; i < n; i++) at = await get({ ...q, after: [at.next ?? 'none'] });
      return at;
    };
    const third = await nth(3, { size: ['50'] });
    expect(third).toMatchObject({ start: 100, total: 120, more: false, next: null });
    expect(third.rows.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => `k${String(29 - i).padStart(3, '0')}`));
    expect((await page({ sort: ['value'], size: ['3'] })).rows.map((r) => r.value)).toEqual([119, 118, 117]);
    expect((await page({ level: ['yellow'], sort: ['name'], dir: ['asc'] })).rows.map((r) => r.id)).toEqual([
      'k009',
      'k007',
      'k005',
      'k003',
      'k001',
    ]);
    expect((await page({ q: ['customer 11'] })).total).toBe(10);
    expect(first.more).toBe(false);

    // Counted only up to a cap past the page's start: "more than" the cap, exact once it is near.
    const capped = new Customers(sql, { countAhead: 50 });
    const query = (q: Record<string, string[]>) => {
      const parsed = Customers.parseQuery(q);
      if (!parsed.success) throw parsed.error;
      return capped.page(parsed.data);
    };
    expect(await query({ size: ['20'] })).toMatchObject({ total: 50, more: true });
    expect(await nth(3, { size: ['20'] }, query)).toMatchObject({ start: 40, total: 90, more: true });
    const last = await nth(5, { size: ['20'] }, query);
    expect(last).toMatchObject({ total: 120, more: false });
    expect(last.rows.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => `k${String(49 - i).padStart(3, '0')}`));
    expect(await query({ q: ['customer 11'] })).toMatchObject({ total: 10, more: false });
    // The free-text search has its trigram index (migration 10) on both stores. In this store's own
    // schema: other suites' schemas on the same PostgreSQL database have one too.
    expect(
      await sql.query("SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'kehu_worklist_search'"),
    ).toHaveLength(1);
  });
});
