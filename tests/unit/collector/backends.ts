// The stores every collector suite runs against: PGlite (in memory) always, and a real
// PostgreSQL when KEHU_TEST_DATABASE_URL is set (.ci/run sets it; without it, vitest's global
// setup starts a throwaway cluster and sets it when the machine has PostgreSQL installed). Each PostgreSQL store gets a
// schema of its own, dropped when it is closed, so runs never see each other's data. A suite
// declares itself with describeOnBackends, which opens, migrates, empties and closes its store.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { migrate } from '../../../collector/db/migrations.ts';
import { openPgliteMemory } from '../../../collector/db/pglite.ts';
import { openPostgres } from '../../../collector/db/postgres.ts';
import type { Queryable, Row, Sql, Statement } from '../../../collector/db/sql.ts';

export interface Backend {
  name: string;
  /** A fresh, empty store (not yet migrated). */
  open(): Promise<Sql>;
}

export const PG_URL = process.env.KEHU_TEST_DATABASE_URL;

async function freshPostgres(url: string): Promise<Sql> {
  const schema = `kehu_test_${randomBytes(6).toString('hex')}`;
  const sql = await openPostgres(url, { schema, max: 4 });
  const close = sql.close;
  return Object.assign(sql, {
    async close() {
      await close();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await admin.end();
      }
    },
  });
}

export const BACKENDS: Backend[] = [
  { name: 'PGlite', open: () => openPgliteMemory() },
  ...(PG_URL ? [{ name: 'PostgreSQL', open: () => freshPostgres(PG_URL) }] : []),
];

/** A fresh store with the schema in place. */
export async function openMigrated(backend: Backend): Promise<Sql> {
  const sql = await backend.open();
  await migrate(sql, '2026-01-01T00:00:00.000Z');
  return sql;
}

/** Empty every table but the schema's own record (suites share one store and reset it between tests). */
export async function resetStore(sql: Sql): Promise<void> {
  await sql.exec(
    'TRUNCATE kehu_records, kehu_history, kehu_site_keys, kehu_tokens, kehu_suspect, kehu_collected; UPDATE kehu_sequence SET last = 0 WHERE id = 1;',
  );
}

/** Why a suite's PostgreSQL half is skipped: said in the skipped suite's name. */
export const NO_POSTGRES =
  'skipped: no PostgreSQL on this machine; install the postgresql package or set KEHU_TEST_DATABASE_URL to run it';

export interface SuiteOptions {
  /** Empty the store before each test (resetStore). Default true; suites that build their data once say false. */
  resetBetweenTests?: boolean;
  /** Run on this backend alone (a PostgreSQL-only suite is skipped, saying why, when there is no server). */
  only?: 'PGlite' | 'PostgreSQL';
}

type SuiteBody = (sql: Sql, backend: Backend) => void;

/**
 * `describe` once per store backend, with the store set up for the suite: opened and migrated
 * before its first test, emptied before each test (unless `resetBetweenTests: false`), closed
 * after its last test. `name` may say `$name` for the backend's name, as with describe.each.
 *
 * The body gets `sql`, which stands for the suite's store: the store itself is opened only when
 * the tests run, so `sql` passes each call on to it. Use it inside tests and hooks (using it
 * while the suite is being declared is an error that says so). The suite's own hooks run after
 * the opening and the emptying, and its afterAll hooks before the closing.
 *
 * On a machine without PostgreSQL (no KEHU_TEST_DATABASE_URL, no binaries for the global setup to
 * start), the PostgreSQL suite is declared skipped, its name saying why.
 */
export function describeOnBackends(name: string, body: SuiteBody): void;
export function describeOnBackends(name: string, options: SuiteOptions, body: SuiteBody): void;
export function describeOnBackends(name: string, a: SuiteOptions | SuiteBody, b?: SuiteBody): void {
  const options = typeof a === 'function' ? {} : a;
  const body = typeof a === 'function' ? a : (b as SuiteBody);
  const names = options.only ? [options.only] : ['PGlite', 'PostgreSQL'];
  const backends = BACKENDS.filter((backend) => names.includes(backend.name));
  describe.each(backends)(name, (backend) => {
    let store: Sql | undefined;
    const sql = passOn(() => store, name.replaceAll('$name', backend.name));
    beforeAll(async () => {
      store = await openMigrated(backend);
    }, 300_000);
    afterAll(async () => {
      await store?.close();
      store = undefined;
    });
    if (options.resetBetweenTests !== false) {
      beforeEach(async () => {
        await resetStore(sql);
      });
    }
    body(sql, backend);
  });
  if (names.includes('PostgreSQL') && !PG_URL) {
    const absent: Backend = { name: 'PostgreSQL', open: () => Promise.reject(new Error(NO_POSTGRES)) };
    describe.skip(`${name.replaceAll('$name', 'PostgreSQL')} (${NO_POSTGRES})`, () => {
      body(
        passOn(() => undefined, name.replaceAll('$name', 'PostgreSQL')),
        absent,
      );
    });
  }
}

/** An Sql that passes every call on to the store `current()` gives, or says that none is open. */
function passOn(current: () => Sql | undefined, suite: string): Sql {
  const open = (): Sql => {
    const sql = current();
    if (!sql) throw new Error(`${suite}: the store is open only while the suite's tests and hooks run`);
    return sql;
  };
  return {
    get kind() {
      return open().kind;
    },
    get where() {
      return open().where;
    },
    get listen() {
      const sql = open();
      return sql.listen?.bind(sql);
    },
    query: <T extends Row = Row>(statement: string | Statement, params?: readonly unknown[]) =>
      open().query<T>(statement, params),
    exec: (script: string) => open().exec(script),
    write: <T extends Row = Row>(statement: string | Statement, params?: readonly unknown[]) =>
      open().write<T>(statement, params),
    transaction: <T>(work: (tx: Queryable) => Promise<T>) => open().transaction(work),
    close: () => open().close(),
  };
}
