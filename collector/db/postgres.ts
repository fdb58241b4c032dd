// PostgreSQL through node-postgres: for teams that outgrow one machine. The collector holds no
// state of its own, so several instances can share one database behind a load balancer.
import pg from 'pg';
import type { Listening, Queryable, Row, Sql, Statement } from './sql.ts';

export interface PostgresOptions {
  /** Use this schema (created if missing) instead of the connection's default search_path. */
  schema?: string;
  /** Most connections this process opens (default 10). */
  max?: number;
}

/** host:port/database of a connection URL, without user or password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `PostgreSQL at ${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Sql> {
  if (options.schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) throw new Error(`bad schema name ${options.schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle connection that breaks (a server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const run = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T extends Row>(statement: string | Statement, params?: readonly unknown[]) {
      const result = await client.query<T>(queryConfig(statement, params));
      return result.rows;
    },
    async exec(script: string) {
      await client.query(script); // no parameters: the simple protocol, which runs several statements
    },
  });
  try {
    if (options.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
    else await pool.query('SELECT 1');
  } catch (e) {
    await pool.end();
    throw new Error(`cannot connect to ${describeUrl(url)}: ${(e as Error).message}`);
  }
  return {
    kind: 'postgres',
    where: describeUrl(url),
    ...run(pool),
    async transaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(run(client));
        // synchronous_commit is on by default: COMMIT returns once the WAL is flushed to disk.
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError; // the connection is unusable: drop it from the pool
        });
        throw e;
      } finally {
        client.release(broken);
      }
    },
    async write<T extends Row>(statement: string | Statement, params: readonly unknown[] = []) {
      // Autocommit: the statement is its own transaction, flushed to disk when it returns.
      // A named statement is prepared once per connection by node-postgres.
      return (await pool.query<T>(queryConfig(statement, params))).rows;
    },
    listen: (channel, onEvent) => listen(url, options.schema, channel, onEvent),
    close: () => pool.end(),
  };
}

/** node-postgres's query for a statement: a named one is prepared once per connection by node-postgres. */
function queryConfig(statement: string | Statement, params: readonly unknown[] | undefined): pg.QueryConfig {
  return typeof statement === 'string'
    ? { text: statement, values: params as unknown[] | undefined }
    : { name: statement.name, text: statement.text, values: params as unknown[] | undefined };
}

/** How long to wait before connecting a lost listener again. */
const RELISTEN_MS = 500;

/**
 * LISTEN on a connection of its own (a pooled one would be handed to queries). A lost connection
 * is reported (onEvent(null)) and made again every RELISTEN_MS until closed.
 */
async function listen(
  url: string,
  schema: string | undefined,
  channel: string,
  onEvent: (payload: string | null) => void,
): Promise<Listening> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`bad channel name ${channel}`);
  let client: pg.Client | null = null;
  let up = false;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;

  const connect = async () => {
    timer = null;
    if (closed) return;
    const c = new pg.Client({ connectionString: url, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
    const lost = () => {
      if (client !== c) return;
      client = null;
      up = false;
      c.removeAllListeners('notification');
      c.end().catch(() => {});
      onEvent(null);
      if (!closed) timer = setTimeout(connect, RELISTEN_MS);
    };
    c.on('error', lost);
    c.on('end', lost);
    c.on('notification', (n) => {
      if (n.channel === channel) onEvent(n.payload ?? '');
    });
    client = c;
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
      if (closed || client !== c) return;
      up = true;
      onEvent(null); // anything may have changed while no one listened
    } catch {
      lost();
    }
  };
  await connect();
  return {
    listening: () => up,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      up = false;
      await c?.end().catch(() => {});
    },
  };
}
