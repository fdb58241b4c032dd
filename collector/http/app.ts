// The collector as a Hono app: a standard fetch handler (so it runs on Node, and on edge
// runtimes given another Sql adapter). `kehu serve` puts it on a port; the command line and the
// tests call it directly.
import { Hono } from 'hono';
import { matchedRoutes } from 'hono/route';
import { KEHU_API_HEADER, KEHU_API_VERSION } from '#shared/sync/http-transport.ts';
import { SCHEMA_VERSION } from '../db/migrations.ts';
import type { SiteKey, TokenInfo } from '../store/keys.ts';
import { adminRoutes } from './admin.ts';
import { TtlCache, bearerAuth } from './auth.ts';
import { collectRoutes } from './collect.ts';
import type { AppEnv, AppOptions, CollectSettings } from './context.ts';
import { fileRoutes } from './files.ts';
import { openApiDocument } from './openapi.ts';
import { suspectRoutes } from './suspect.ts';
import { syncRoutes } from './sync.ts';
import { HttpError, errorBody } from './util.ts';

export const DEFAULT_COLLECT: CollectSettings = {
  minElapsedMs: 1000,
  rateLimit: { perMinute: 60, burst: 20 },
  maxBatch: 500,
};

/** One JSON line on standard output. */
export function stdoutLog(entry: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(entry)}\n`);
}

export interface CollectorApp {
  app: Hono<AppEnv>;
  /** Wait until every accepted submission is committed (before closing the store). */
  drain(): Promise<void>;
}

export function createApp(options: AppOptions): CollectorApp {
  const { sql } = options;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? stdoutLog;
  const version = options.version ?? '0.0.0';
  const settings: CollectSettings = { ...DEFAULT_COLLECT, ...options.collect };
  const keyCacheMs = options.keyCacheMs ?? 30_000;
  const sites = new TtlCache<SiteKey | null>(keyCacheMs);
  const tokens = new TtlCache<TokenInfo | null>(keyCacheMs);

  const app = new Hono<AppEnv>();

  // One log line per request: what was asked (the route's pattern, never its values), the
  // answer and how long it took. No tokens, addresses, bodies or query strings.
  app.use(async (c, next) => {
    const started = performance.now();
    const id = crypto.randomUUID();
    c.set('requestId', id);
    // Set before the handler makes its answer: touching c.res.headers afterwards would turn the
    // node server's lightweight response into a full Response object on every request.
    c.header('x-request-id', id);
    c.header(KEHU_API_HEADER, KEHU_API_VERSION);
    await next(); // (a handler that builds its own Response sets these two itself: see files.ts)
    // The handler's pattern (middleware is registered for every method, handlers for one).
    const route = matchedRoutes(c).findLast((r) => r.method !== 'ALL')?.path ?? null;
    log({
      t: now().toISOString(),
      level: c.res.status >= 500 ? 'error' : 'info',
      req: id,
      method: c.req.method,
      route,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 100) / 100,
    });
  });

  app.onError((err, c) => {
    if (err instanceof HttpError) return c.json(errorBody(err), err.status);
    // Only the kind of failure is logged: error messages can quote the data that caused them.
    log({
      t: now().toISOString(),
      level: 'error',
      req: c.get('requestId'),
      error: err?.name ?? 'Error',
      code: (err as { code?: unknown })?.code ?? null,
    });
    return c.json({ error: 'internal', message: `the collector failed; its log has request ${c.get('requestId')}` }, 500);
  });

  app.notFound((c) => c.json({ error: 'not_found', message: 'no such route; see /openapi.json' }, 404));

  app.get('/healthz', async (c) => {
    try {
      await sql.query('SELECT 1');
      return c.json({ ok: true, store: sql.kind, schema: SCHEMA_VERSION, api: KEHU_API_VERSION, version });
    } catch {
      return c.json({ error: 'store_unavailable', message: 'the store does not answer' }, 503);
    }
  });

  let openapi: Record<string, unknown> | null = null;
  app.get('/openapi.json', (c) => c.json((openapi ??= openApiDocument(version))));

  const collect = collectRoutes(app, { sql, now, settings, sites, trustProxy: options.trustProxy ?? false });

  // Every other /v1 route: a bearer token (or the local command line). Tokens are not ambient
  // credentials like cookies, so any origin may call with one: CORS is open here.
  app.use('/v1/*', async (c, next) => {
    if (c.req.path.startsWith('/v1/collect/')) return next();
    c.header('access-control-allow-origin', '*');
    c.header('access-control-expose-headers', 'kehu-api, retry-after, content-disposition, x-request-id, x-kehu-time-field');
    if (c.req.method === 'OPTIONS') {
      c.header('access-control-allow-methods', 'GET, POST, DELETE');
      c.header('access-control-allow-headers', 'authorization, content-type');
      c.header('access-control-max-age', '600');
      return c.body(null, 204);
    }
    return next();
  });
  const auth = bearerAuth(sql, tokens, options.local);
  for (const path of ['/v1/changes', '/v1/export/*', '/v1/import/*', '/v1/admin/*', '/v1/responses/*']) app.use(path, auth);

  syncRoutes(app, { sql, now });
  fileRoutes(app, { sql, now, ...(options.maxImportBytes ? { maxImportBytes: options.maxImportBytes } : {}) });
  suspectRoutes(app, { sql, now });
  adminRoutes(app, {
    sql,
    now,
    onKeysChanged: () => {
      sites.clear();
      tokens.clear();
    },
  });

  return { app, drain: () => collect.flush() };
}
