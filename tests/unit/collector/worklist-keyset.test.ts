// The worklist's keyset paging (collector/console/worklist-cursor.ts): walking every page with the
// `next` cursors, and back with the `prev` cursors, under every sort and direction, shows every
// customer exactly once and in the same order as one page holding them all; and while a customer's
// level changes between two pages, every other customer is still shown exactly once (with OFFSET
// paging, the rows after a moved customer shift by one: one is skipped or shown twice).
import { beforeAll, expect, it } from 'vitest';
import { Customers, type WorklistPage } from '../../../collector/console/customers.ts';
import { writeRecords } from '../../../collector/store/records.ts';
import { describeOnBackends, resetStore } from './backends.ts';
import { T0, rec } from './fixtures.ts';

const LEVELS = ['red', 'orange', 'yellow', 'blue', 'none'] as const;
// Lower-case names with repeats (ties broken by the id), the same order in every collation.
const NAMES = ['amber', 'birch', 'cedar', 'delta', 'ember'];
const COUNT = 37;
const id = (i: number) => `c${String(i).padStart(2, '0')}`;

describeOnBackends('worklist keyset paging on $name', { resetBetweenTests: false }, (sql) => {
  const customers = () => new Customers(sql);
  const page = async (q: Record<string, string[]>, list = customers()): Promise<WorklistPage> => {
    const parsed = Customers.parseQuery(q);
    if (!parsed.success) throw parsed.error;
    return list.page(parsed.data);
  };
  const setLevel = (customer: string, level: string, score: number) =>
    sql.query(
      `INSERT INTO kehu_levels (customer_id, level, score, as_of, policy_version) VALUES ($1, $2, $3, $4, 1)
       ON CONFLICT (customer_id) DO UPDATE SET level = excluded.level, score = excluded.score`,
      [customer, level, score, T0],
    );

  beforeAll(async () => {
    await resetStore(sql);
    await sql.exec('TRUNCATE kehu_levels');
    // Repeated names, scores, values and owners, some without an owner or a value: every sort has ties.
    const items = Array.from({ length: COUNT }, (_, i) =>
      rec.customer(id(i), {
        name: NAMES[i % NAMES.length] as string,
        ...(i % 4 === 0 ? {} : { owner: ['alice', 'bob', 'chen'][i % 3] as string }),
        ...(i % 6 === 0 ? {} : { value: (i % 5) * 100, currency: 'EUR' }),
      }),
    );
    await sql.transaction((tx) => writeRecords(tx, items, T0));
    for (let i = 0; i < COUNT; i++) {
      const level = LEVELS[i % LEVELS.length] as string;
      if (level !== 'none') await setLevel(id(i), level, (i * 7) % 20);
    }
  }, 300_000);

  /** Every page from the first, by `next`; then every page back from the last, by `prev`. */
  async function walk(q: Record<string, string[]>) {
    const forward: WorklistPage[] = [await page(q)];
    for (let at = forward[0]; at?.next; ) {
      at = await page({ ...q, after: [at.next] });
      forward.push(at);
    }
    const backward: WorklistPage[] = [forward.at(-1) as WorklistPage];
    for (let at = backward[0]; at?.prev; ) {
      at = await page({ ...q, before: [at.prev] });
      backward.push(at);
    }
    return { forward, backward };
  }
  const ids = (pages: WorklistPage[]) => pages.flatMap((p) => p.rows.map((r) => r.id));

  const orders = [
    ['risk', 'desc'],
    ['risk', 'asc'],
    ['name', 'asc'],
    ['name', 'desc'],
    ['value', 'desc'],
    ['value', 'asc'],
    ['owner', 'asc'],
    ['owner', 'desc'],
  ] as const;

  it.each(orders)('walks every page of %s %s forward and back: each customer once, in order', async (sort, dir) => {
    const all = (await page({ sort: [sort], dir: [dir], size: ['200'] })).rows.map((r) => r.id);
    expect(new Set(all).size).toBe(COUNT);
    const walked = await walk({ sort: [sort], dir: [dir], size: ['5'] });
    expect(ids(walked.forward)).toEqual(all);
    expect(walked.forward.map((p) => [p.start, p.rows.length, p.total, p.more])).toEqual(
      Array.from({ length: 8 }, (_, i) => [i * 5, i === 7 ? 2 : 5, COUNT, false]),
    );
    expect(walked.forward[0]?.prev).toBeNull();
    // Back from the last page: the same pages, the first one last (with no `prev`).
    expect(ids([...walked.backward].reverse())).toEqual(all);
    expect(walked.backward.map((p) => p.start)).toEqual([35, 30, 25, 20, 15, 10, 5, 0]);
    expect(walked.backward.at(-1)?.prev).toBeNull();
    // The sort's own order, checked on the rows: the first and last of the list.
    const rows = (await page({ sort: [sort], dir: [dir], size: ['200'] })).rows;
    if (sort === 'risk' && dir === 'desc') expect(rows.slice(0, 8).every((r) => r.level === 'red')).toBe(true);
    if (sort === 'value' && dir === 'desc') expect(rows.at(-1)?.value).toBeNull();
    if (sort === 'owner' && dir === 'asc') expect([rows[0]?.owner, rows.at(-1)?.owner]).toEqual(['alice', null]);
  });

  it('pages filtered lists and searches the same way', async () => {
    const lists: Record<string, string[]>[] = [
      { level: ['red', 'blue'] },
      { q: ['birch'] },
      { owner: ['bob'], sort: ['name'], dir: ['asc'] },
    ];
    for (const q of lists) {
      const all = (await page({ ...q, size: ['200'] })).rows.map((r) => r.id);
      const walked = await walk({ ...q, size: ['3'] });
      expect(ids(walked.forward)).toEqual(all);
      expect(ids([...walked.backward].reverse())).toEqual(all);
      expect(walked.forward[0]?.total).toBe(all.length);
    }
  });

  it('while a level changes between two pages, every other customer is still shown exactly once', async () => {
    const q = { size: ['5'] };
    const before = (await page({ size: ['200'] })).rows;
    const p1 = await page(q);
    const p2 = await page({ ...q, after: [p1.next as string] });
    // A customer the lead has already seen (page 1) drops to no warning, so it moves to the end;
    // one not yet reached (the last row of the list) turns red with the top score, so it moves to
    // the top, above the pages already read.
    const dropped = p1.rows[1]?.id as string;
    const risen = before.at(-1)?.id as string;
    await sql.query('DELETE FROM kehu_levels WHERE customer_id = $1', [dropped]);
    await setLevel(risen, 'red', 99);
    const rest: WorklistPage[] = [];
    for (let at = p2; at.next; ) {
      at = await page({ ...q, after: [at.next] });
      rest.push(at);
    }
    const seen = ids([p1, p2, ...rest]);
    // Every customer whose place did not change: exactly once, in the list's order.
    const others = before.map((r) => r.id).filter((x) => x !== dropped && x !== risen);
    expect(seen.filter((x) => x !== dropped && x !== risen)).toEqual(others);
    // What the lead sees of the two that moved: the dropped one where it was (red or orange, on
    // page 1) and again at the end with its new level; the risen one is not in the rest of this
    // walk: it is now on the first page, which going back (or reloading the first page) shows.
    expect(seen.filter((x) => x === dropped)).toHaveLength(2);
    expect(rest.flatMap((p) => p.rows).find((r) => r.id === dropped)).toMatchObject({ level: 'none' });
    expect(seen).not.toContain(risen);
    const back: WorklistPage[] = [rest.at(-1) as WorklistPage];
    for (let at = back[0]; at?.prev; ) {
      at = await page({ ...q, before: [at.prev] });
      back.push(at);
    }
    expect(back.at(-1)?.rows[0]).toMatchObject({ id: risen, level: 'red', score: 99 });
    // Walked afresh, the list is the new order, each customer once.
    const now = (await page({ size: ['200'] })).rows.map((r) => r.id);
    expect(ids((await walk(q)).forward)).toEqual(now);
    expect(new Set(now).size).toBe(COUNT);
  });

  it('refuses a cursor it did not make, naming the field', () => {
    const bad = (q: Record<string, string[]>) => {
      const parsed = Customers.parseQuery(q);
      return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
    };
    const made = (k: string[]) => Buffer.from(JSON.stringify({ s: 'risk', d: 'desc', k, n: 5 })).toString('base64url');
    expect(bad({ after: ['%%%'] })).toEqual(['after']);
    expect(bad({ after: [made(['-17179869199', 'amber', 'c00'])] })).toEqual([]);
    // A key that is not a number where the sort's key has one, or a NUL the store cannot compare.
    expect(bad({ after: [made(['1; DROP TABLE x', 'amber', 'c00'])] })).toEqual(['after']);
    expect(bad({ before: [made(['1', 'am\u0000ber', 'c00'])] })).toEqual(['before']);
    expect(bad({ sort: ['name'], dir: ['asc'], after: [made(['1', 'amber', 'c00'])] })).toEqual(['after']);
  });
});
