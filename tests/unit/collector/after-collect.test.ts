// What follows answers from sites (complaints become cases, customers are reassessed) runs after
// they are acknowledged, once a tick for all of them: a burst of answers costs a pass or two, not
// one pass per answer piling up behind each other.
import { beforeEach, expect, it } from 'vitest';
import { type Sql, statementText } from '../../../collector/db/sql.ts';
import { writeRecords } from '../../../collector/store/records.ts';
import { describeOnBackends } from './backends.ts';
import { T0, harness, rec, submission, until } from './fixtures.ts';

/** The store, counting the passes made on it (each pass first looks for complaints that are not cases yet). */
function counting(sql: Sql): { sql: Sql; passes: () => number } {
  let passes = 0;
  const query: Sql['query'] = (statement, params) => {
    if (statementText(statement).includes("r.data ->> 'kind' = 'complaint'")) passes++;
    return sql.query(statement, params);
  };
  return { sql: Object.assign(Object.create(sql) as Sql, { query }), passes: () => passes };
}

describeOnBackends('after answers are collected, on $name', (sql) => {
  beforeEach(async () => {
    await sql.transaction((tx) =>
      writeRecords(
        tx,
        [
          rec.customer('acme', { domains: ['acme.example'], owner: 'alice' }),
          rec.contact('p1', { customerId: 'acme', emails: ['buyer@acme.example'] }),
        ],
        T0,
      ),
    );
  });

  it('runs one pass for a burst of answers, and still makes the case of the complaint among them', async () => {
    const counted = counting(sql);
    // A tick longer than the burst can take on a busy machine: every answer lands in one tick.
    const h = await harness(counted.sql, { afterCollectMs: 600_000 });
    const answers = Array.from({ length: 60 }, (_, n) =>
      n === 30
        ? submission({
            kind: 'complaint',
            score: undefined,
            comment: 'The parcel arrived broken.',
            respondent: { email: 'buyer@acme.example', consent: true },
          })
        : submission({ score: n % 11 }),
    );
    const statuses = await Promise.all(answers.map(async (a) => (await h.collect(a)).status));
    expect(statuses.every((s) => s === 201)).toBe(true);
    await h.drain();
    // One pass per answer made 60 (they queued behind each other); the tick's one pass covers them all.
    expect(counted.passes()).toBe(1);
    const cases = await sql.query<{ customer: string }>(
      "SELECT data ->> 'customerId' AS customer FROM kehu_records WHERE entity = 'cases' AND deleted_at IS NULL",
    );
    expect(cases.map((c) => c.customer)).toEqual(['acme']);
  });

  it('makes the case and the level on its own shortly after the answer, without waiting for another write', async () => {
    const h = await harness(sql);
    const r = await h.collect(
      submission({
        kind: 'complaint',
        score: undefined,
        comment: 'Nobody called back.',
        respondent: { email: 'buyer@acme.example', consent: true },
      }),
    );
    expect(r.status).toBe(201);
    await until('the case and the level', async () => {
      const [row] = await sql.query<{ cases: unknown; levels: unknown }>(
        `SELECT (SELECT count(*) FROM kehu_records WHERE entity = 'cases') AS cases,
                (SELECT count(*) FROM kehu_levels WHERE customer_id = 'acme') AS levels`,
      );
      return Number(row?.cases) === 1 && Number(row?.levels) === 1 ? true : undefined;
    });
    await h.drain();
  });
});
