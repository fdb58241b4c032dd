// The stores every collector suite runs against: PGlite (in memory) always, and a real
// PostgreSQL when KEHU_TEST_DATABASE_URL is set (.ci/run sets it). Each PostgreSQL store gets a
// schema of its own, dropped when it is closed, so runs never see each other's data.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../../collector/db/migrations.ts';
import { openPgliteMemory } from '../../../collector/db/pglite.ts';
import { openPostgres } from '../../../collector/db/postgres.ts';
import type { Sql } from '../../../collector/db/sql.ts';

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
