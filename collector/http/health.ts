// Health for load balancers and supervisors:
// - GET /livez   alive: the process answers requests (nothing else is checked). A supervisor
//                restarts a process that stops answering it.
// - GET /readyz  ready: the store answers, its schema is the one this code knows (migrations
//                done), and the process is not shutting down. A load balancer sends traffic only
//                to ready processes; during a drain (SIGTERM) this answers 503 first.
// - GET /healthz as before: 200 while the store answers, 503 when it does not (the extension's
//                "Test connection" and older monitors use it).
import type { Hono } from 'hono';
import { KEHU_API_VERSION } from '#shared/sync/http-transport.ts';
import { SCHEMA_VERSION } from '../db/migrations.ts';
import type { Sql } from '../db/sql.ts';
import type { AppEnv } from './context.ts';

export interface Health {
  /** From now on /readyz answers 503 (the process is draining). */
  setDraining(): void;
}

export function healthRoutes(app: Hono<AppEnv>, deps: { sql: Sql; version: string }): Health {
  const { sql, version } = deps;
  let draining = false;
  const about = () => ({ store: sql.kind, schema: SCHEMA_VERSION, api: KEHU_API_VERSION, version });

  app.get('/livez', (c) => c.json({ ok: true, pid: process.pid, ...about() }));

  app.get('/healthz', async (c) => {
    try {
      await sql.query('SELECT 1');
      return c.json({ ok: true, ...about() });
    } catch {
      return c.json({ error: 'store_unavailable', message: 'the store does not answer' }, 503);
    }
  });

  app.get('/readyz', async (c) => {
    if (draining) return c.json({ error: 'draining', message: 'this process is shutting down' }, 503);
    let schema: number;
    try {
      const [row] = await sql.query<{ v: unknown }>('SELECT max(version) AS v FROM kehu_schema_migrations');
      schema = Number(row?.v ?? 0);
    } catch {
      return c.json({ error: 'store_unavailable', message: 'the store does not answer' }, 503);
    }
    if (schema < SCHEMA_VERSION) {
      return c.json(
        { error: 'migrating', message: `the store's schema is version ${schema}; this collector needs ${SCHEMA_VERSION}` },
        503,
      );
    }
    return c.json({ ok: true, ...about() });
  });

  return {
    setDraining() {
      draining = true;
    },
  };
}
