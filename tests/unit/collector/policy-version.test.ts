// The newest team policy version is kept in memory while changes are announced: the levels'
// catch-up after each tick of answers does not read it from the store, and a version put in force
// anywhere (here: straight on the database, as another process would) brings a pass with it.
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultPolicy } from '#shared/risk/index.ts';
import { type Sql, statementText } from '../../../collector/db/sql.ts';
import { createApp } from '../../../collector/http/app.ts';
import { startServer } from '../../../collector/server.ts';
import { createSiteKey } from '../../../collector/store/credentials.ts';
import { putTeamPolicy } from '../../../collector/store/policies.ts';
import { writeRecords } from '../../../collector/store/records.ts';
import { describeOnBackends, PG_URL } from './backends.ts';
import { ORIGIN, T0, rec, submission, until } from './fixtures.ts';
import { type TestDatabase, testDatabase } from './postgres-server.ts';

const READ_VERSION = 'SELECT max(version) AS v FROM kehu_policies';

/**
 * The store, counting how often the newest policy version is read from it (reads), and every
 * statement that reads kehu_policies at all (policyStatements: the version, the policy itself,
 * a catch-up reading the version with the changes).
 */
function counting(sql: Sql): { sql: Sql; reads: () => number; policyStatements: () => number } {
  let reads = 0;
  let policyStatements = 0;
  const count = (text: string) => {
    if (text === READ_VERSION) reads++;
    if (/FROM kehu_policies/.test(text)) policyStatements++;
  };
  const query: Sql['query'] = (statement, params) => {
    count(statementText(statement));
    return sql.query(statement, params);
  };
  const write: Sql['write'] = (statement, params) => {
    count(statementText(statement));
    return sql.write(statement, params);
  };
  return {
    sql: Object.assign(Object.create(sql) as Sql, { query, write }),
    reads: () => reads,
    policyStatements: () => policyStatements,
  };
}

const policy = (version: number) => ({ ...defaultPolicy(T0), version });

describeOnBackends('the team policy version kept in memory, on $name', (sql) => {
  beforeEach(async () => {
    await sql.exec('DELETE FROM kehu_policies');
    await sql.transaction((tx) => writeRecords(tx, [rec.customer('acme', { domains: ['acme.example'] })], T0));
  });

  it('is read once for many catch-ups, and read again when a change is announced', async () => {
    const counted = counting(sql);
    const collector = createApp({ sql: counted.sql, log: () => {}, keyCacheMs: 0 });
    collector.cachePolicy(true);
    const site = await createSiteKey(sql, { name: 'shop', origins: [ORIGIN] }, T0);
    for (let round = 0; round < 4; round++) {
      const r = await collector.app.request(`/v1/collect/${site.key}`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify(submission({ score: 2, respondent: { email: 'buyer@acme.example', consent: true } })),
      });
      expect(r.status).toBe(201);
      await collector.drain(); // the tick's pass: a full pass the first time, a catch-up after
    }
    // Read before each catch-up, that was 4 or more.
    expect(counted.reads()).toBe(1);
    // The first pass (a full one) read the version and the policy; the catch-ups read neither
    // (they read the version with their changes only while it is not kept).
    expect(counted.policyStatements()).toBe(2);

    // Another process puts version 2 in force; its announcement reaches this one.
    await putTeamPolicy(sql, policy(2), 1, T0, 'admin');
    await collector.policyChanged();
    expect(counted.reads()).toBe(2);
    const [row] = await sql.query<{ v: number }>("SELECT policy_version AS v FROM kehu_levels WHERE customer_id = 'acme'");
    expect(row?.v).toBe(2);
    expect(collector.levels.policy.version).toBe(2);
    await collector.drain();
  });
});

describe.skipIf(!PG_URL)('kehu serve on PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('follows a policy version put in force on the database by someone else, without any write to it', async () => {
    const location = { kind: 'postgres' as const, url: db.url };
    // A customer in the store (the first start migrates it), then the process under test.
    const first = await startServer({ location, host: '127.0.0.1', port: 0, log: () => {} });
    await first.sql.transaction((tx) => writeRecords(tx, [rec.customer('acme', { domains: ['acme.example'] })], T0));
    await first.close();
    const server = await startServer({ location, host: '127.0.0.1', port: 0, log: () => {} });
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      const levelVersion = async () =>
        (await other.query<{ v: number }>("SELECT policy_version AS v FROM kehu_levels WHERE customer_id = 'acme'")).rows[0]?.v;
      // The start's full pass ...
      await until('the level with Kehu’s default policy', async () => ((await levelVersion()) === 1 ? true : undefined));
      // ... then a version put in force through another connection: the process reassesses on its own.
      await other.query('INSERT INTO kehu_policies (version, policy, set_at, set_by) VALUES (2, $1::jsonb, $2, $3)', [
        JSON.stringify(policy(2)),
        T0,
        'someone',
      ]);
      await until('the level with version 2', async () => ((await levelVersion()) === 2 ? true : undefined));
    } finally {
      await other.end();
      await server.close();
    }
  });
});
