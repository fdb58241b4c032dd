// The incremental pass's shortcut (collector/console/levels.ts, Levels.#appendOnly): a change that
// only adds a fact (a new answer, order or case, later than the customer's facts of its kind) goes
// into the book as it is, without reading the customer's records again; anything else rebuilds the
// customer from the store. Either way a pass must end where a full pass from scratch ends.
import { expect, it } from 'vitest';
import { Levels } from '../../../collector/console/levels.ts';
import type { Sql, Statement } from '../../../collector/db/sql.ts';
import { describeOnBackends } from './backends.ts';
import { harness, submission } from './fixtures.ts';

const DAY = 86_400_000;

/** The store, noting the names of the prepared statements run through it. */
function noting(sql: Sql, names: string[]): Sql {
  const note = (statement: string | Statement) => {
    if (typeof statement !== 'string') names.push(statement.name);
  };
  return Object.assign(Object.create(sql) as Sql, {
    query: (statement: string | Statement, params?: readonly unknown[]) => {
      note(statement);
      return sql.query(statement, params);
    },
    write: (statement: string | Statement, params?: readonly unknown[]) => {
      note(statement);
      return sql.write(statement, params);
    },
  });
}

/** Every level row, its assessment without the moment it was made. */
async function levelRows(sql: Sql) {
  const rows = await sql.query<{ customer_id: string; level: string; score: number; assessment: unknown; pinyin: string | null }>(
    `SELECT customer_id, level, score, assessment - 'asOf' AS assessment, pinyin FROM kehu_levels ORDER BY customer_id`,
  );
  return rows.map((r) => ({ ...r, score: Number(r.score) }));
}

describeOnBackends('levels: new facts added without reading the customer again on $name', (sql) => {
  it('an answer, an order and a case go into the book as they are; an earlier-dated one or an edit rebuilds; both end where a full pass ends', async () => {
    let clock = new Date('2026-03-10T12:00:00.000Z');
    const names: string[] = [];
    const h = await harness(noting(sql, names), { now: () => clock, timeZone: 'UTC' });
    const day = (n: number) => new Date(clock.getTime() - n * DAY).toISOString();
    const csv = (lines: string[]) => `${lines.join('\n')}\n`;
    const post = async (path: string, body: string, type = 'text/csv') => {
      const res = await h.call(path, { method: 'POST', token: h.tokens.admin, body, headers: { 'content-type': type } });
      expect(res.status, await res.clone().text()).toBe(200);
    };
    await post(
      '/v1/import/customers.csv',
      csv(['id,name,domains,owner', 'a,Alpha,alpha.example,Alice', 'b,北京贸易,beta.example,Bob']),
    );
    await post('/v1/import/contacts.csv', csv(['id,customer_id,name,emails,key', 'pa,a,Ann,ann@alpha.example,true']));
    const orders = ['id,customer_id,occurred_at,kind,amount,currency'];
    for (let i = 1; i <= 10; i++)
      orders.push(`oa${i},a,${day(i * 7 + 20)},order,1000,EUR`, `ob${i},b,${day(i * 7)},order,1000,EUR`);
    await post('/v1/import/interactions.csv', csv(orders));
    await h.drain();
    // A full pass with the orders in: the key-account watch's value cutoff, which incremental passes
    // reuse for a day (RiskBook.isWatched), is then the one a full pass computes.
    await h.levels.fullPass();

    /** A pass after `write`: whether it read a customer's records, and that it ends where a full pass ends. */
    const step = async (write: () => Promise<void>) => {
      clock = new Date(clock.getTime() + 60_000);
      await write();
      names.length = 0;
      await h.drain();
      const readRecords = names.includes('kehu_levels_records_of');
      const incremental = await levelRows(sql);
      await new Levels(sql, { now: () => clock, timeZone: 'UTC' }).fullPass();
      expect(await levelRows(sql)).toEqual(incremental);
      return { readRecords, incremental };
    };
    const level = (rows: { customer_id: string; score: number }[], id: string) => rows.find((r) => r.customer_id === id);

    // A detractor from Ann's address (no customer id): Alpha's score rises, its records are not read.
    const before = await levelRows(sql);
    let r = await step(async () => {
      const res = await h.collect(
        submission({
          kind: 'nps',
          score: 0,
          comment: 'very disappointed',
          respondent: { email: 'ann@alpha.example', consent: true },
          submittedAt: clock.toISOString(),
        }),
      );
      expect(res.status).toBe(201);
    });
    expect(r.readRecords).toBe(false);
    expect(level(r.incremental, 'a')?.score).toBeGreaterThan(level(before, 'a')?.score ?? 0);

    // (The interactions below carry no amount: an order's amount would move the key-account watch's
    // value cutoff, which a full pass computes anew for everyone and an incremental pass keeps for a
    // day, so untouched customers could differ for that reason alone.)
    // A call with Beijing, later than its other interactions: added as it is.
    r = await step(() =>
      post(
        '/v1/import/interactions.csv',
        csv(['id,customer_id,occurred_at,kind,summary', `cb1,b,${clock.toISOString()},call,很不满意`]),
      ),
    );
    expect(r.readRecords).toBe(false);

    // A complaint from Beijing's domain becomes a case: the answer and the case, both added as they are.
    r = await step(async () => {
      const res = await h.collect(
        submission({
          kind: 'complaint',
          score: undefined,
          comment: '货物损坏',
          respondent: { email: 'buyer@beta.example', consent: true },
          submittedAt: clock.toISOString(),
        }),
      );
      expect(res.status).toBe(201);
    });
    expect(r.readRecords).toBe(false);
    const [cases] = await sql.query<{ n: unknown }>("SELECT count(*) AS n FROM kehu_records WHERE entity = 'cases'");
    expect(Number(cases?.n)).toBe(1);

    // A meeting booked for later (dated after the pass's moment): left out of the book, the customer rebuilt.
    r = await step(() =>
      post(
        '/v1/import/interactions.csv',
        csv([
          'id,customer_id,occurred_at,kind,summary',
          `mb1,b,${new Date(clock.getTime() + 90_000).toISOString()},meeting,review`,
        ]),
      ),
    );
    expect(r.readRecords).toBe(true);
    // A full pass still before that moment finds it too (the pass starts its list of such customers anew).
    await h.levels.fullPass();
    // Once that moment has passed, a new call is not simply appended: the meeting must come in too.
    r = await step(() =>
      post(
        '/v1/import/interactions.csv',
        csv(['id,customer_id,occurred_at,kind,summary', `cb2,b,${clock.toISOString()},call,ok`]),
      ),
    );
    expect(r.readRecords).toBe(true);

    // A call dated before Alpha's last interaction: the customer is rebuilt from the store.
    r = await step(() =>
      post('/v1/import/interactions.csv', csv(['id,customer_id,occurred_at,kind,summary', `ca1,a,${day(40)},call,all fine`])),
    );
    expect(r.readRecords).toBe(true);

    // An edit (the same call again, now a complaint): rebuilt too, and the level follows the edit.
    r = await step(() =>
      post(
        '/v1/import/interactions.csv',
        csv(['id,customer_id,occurred_at,kind,summary', `ca1,a,${day(40)},call,very disappointed`]),
      ),
    );
    expect(r.readRecords).toBe(true);
  });
});
