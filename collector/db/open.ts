// Open the store a command asked for: PostgreSQL when given a URL (--database-url or
// DATABASE_URL), otherwise PGlite in a data folder (--data, default ./.kehu/data). Migrations
// run before anything else touches it.
import { migrate } from './migrations.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import type { Sql } from './sql.ts';

export const DEFAULT_DATA_DIR = './.kehu/data';

export interface StoreLocation {
  data?: string | undefined;
  databaseUrl?: string | undefined;
}

export type ResolvedLocation = { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string };

export function resolveLocation(options: StoreLocation, env: NodeJS.ProcessEnv = process.env): ResolvedLocation {
  if (options.data && options.databaseUrl) throw new Error('give either --data or --database-url, not both');
  const url = options.databaseUrl ?? (options.data ? undefined : env.DATABASE_URL);
  if (url) return { kind: 'postgres', url };
  return { kind: 'pglite', dir: options.data ?? (env.KEHU_DATA || DEFAULT_DATA_DIR) };
}

export interface OpenOptions {
  /** Told before a new embedded data folder is initialised. */
  onCreate?: (dir: string) => void;
  now?: () => string;
  /** PostgreSQL: most connections this process opens (default 10). */
  poolSize?: number;
}

export async function openSql(location: ResolvedLocation, options: OpenOptions = {}): Promise<Sql> {
  const sql =
    location.kind === 'postgres'
      ? await openPostgres(location.url, options.poolSize ? { max: options.poolSize } : {})
      : await openPglite(location.dir, options.onCreate ? { onCreate: options.onCreate } : {});
  try {
    await migrate(sql, (options.now ?? (() => new Date().toISOString()))());
  } catch (e) {
    await sql.close();
    throw e;
  }
  return sql;
}
