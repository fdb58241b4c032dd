// The collector as a Hono app: a standard fetch handler (so it runs on Node, and on edge
// runtimes given another Sql adapter). `kehu serve` puts it on a port; the command line and the
// tests call it directly.
import { type Context, Hono, type Next } from 'hono';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { matchedRoutes } from 'hono/route';
import { KEHU_API_HEADER, KEHU_API_VERSION } from '#shared/sync/http-transport.ts';
import { ComplaintCases } from '../console/complaints.ts';
import { Levels } from '../console/levels.ts';
import { moveCollected } from '../store/collect.ts';
import type { SiteKey, TokenInfo } from '../store/credentials.ts';
import { PolicyVersionCache } from '../store/policy-version.ts';
import { adminRoutes } from './admin.ts';
import { TtlCache, bearerAuth } from './auth.ts';
import { collectRoutes } from './collect.ts';
import { consoleRoutes } from './console.ts';
import type { AppEnv, AppOptions, CollectSettings } from './context.ts';
import { exportRoutes } from './export.ts';
import { fileRoutes } from './files.ts';
import { healthRoutes } from './health.ts';
import { openApiDocument } from './openapi.ts';
import { SharedRateLimiter, memoryLimiter } from './rate-limit.ts';
import { riskRoutes } from './risk.ts';
import { suspectRoutes } from './suspect.ts';
import { syncRoutes } from './sync.ts';
import { HttpError, errorBody } from './util.ts';

export const DEFAULT_COLLECT: CollectSettings = {
  minElapsedMs: 1000,
  rateLimit: { perMinute: 60, burst: 20 },
  maxBatch: 500,
};

/** The most an answer from a site waits before the pass that makes its case and reassesses its customer starts (AppOptions.afterCollectMs). */
export const AFTER_COLLECT_MS = 200;

/** One JSON line on standard output. */
export function stdoutLog(entry: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(entry)}\n`);
}

export interface CollectorApp {
  app: Hono<AppEnv>;
  /** Customers' levels as the shared engine computes them over the store (the console shows them). */
  levels: Levels;
  /** Complaints become cases, then levels catch up: what follows every write (and the start). */
  afterWrite(): Promise<void>;
  /** Wait until every accepted submission is committed (before closing the store). */
  drain(): Promise<void>;
  /** From now on /readyz answers 503: the process is shutting down. */
  setDraining(): void;
  /** Forget cached site keys and tokens (one was revoked, perhaps by another process). */
  forgetKeys(): void;
  /** Cache site keys and tokens, or not (while revocations by other processes could go unnoticed). */
  cacheKeys(on: boolean): void;
  /** A team policy version may have been put in force (perhaps by another process): levels follow it now. */
  policyChanged(): Promise<void>;
  /** Keep the newest team policy version in memory (while every change is announced), or read it each time. */
  cachePolicy(on: boolean): void;
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
  const policyVersion = new PolicyVersionCache(sql);
  const levels = new Levels(sql, {
    now,
    policyVersion: () => policyVersion.kept(),
    timeZone: options.timeZone,
    onError: (e) =>
      log({ t: now().toISOString(), level: 'error', msg: 'assessment failed', error: (e as Error)?.name ?? 'Error' }),
  });

  const complaints = new ComplaintCases(sql, now);
  /** One pass after writes: complaints from known customers become cases, then the touched customers are reassessed. */
  const pass = async () => {
    try {
      // Answers acknowledged since the last pass enter the change log first (store/collect.ts).
      await moveCollected(sql);
    } catch (e) {
      log({ t: now().toISOString(), level: 'error', msg: 'moving answers failed', error: (e as Error)?.name ?? 'Error' });
    }
    try {
      await complaints.run();
    } catch (e) {
      log({ t: now().toISOString(), level: 'error', msg: 'complaint cases failed', error: (e as Error)?.name ?? 'Error' });
    }
    await levels.changed();
  };
  // Passes run one at a time. A pass reads every change since the one before, so the writes that
  // come while one runs all share the next one: a busy collect path costs one pass running and
  // one waiting, not one pass per answer (which piled up faster than they ran).
  let afterWrites: Promise<void> = Promise.resolve();
  let nextPass: Promise<void> | null = null;
  /** After a write: resolves when a pass that started after it has finished. */
  const nextPassAfter = () => {
    nextPass ??= afterWrites.then(() => {
      nextPass = null;
      return pass();
    });
    afterWrites = nextPass;
    return nextPass;
  };
  /**
   * After a write that may have put a team policy in force (the console, a push, an import): the
   * pass reads the newest version from the store, not the one kept in memory, whose change
   * notification may not have arrived yet. Answers from sites never change the policy.
   */
  const afterWrite = () => {
    policyVersion.forget();
    return nextPassAfter();
  };

  // Answers from sites come many a second: one pass a tick covers all of them, started after
  // the answers are acknowledged (never on their path). Drain runs the waiting one at once.
  let tick: NodeJS.Timeout | null = null;
  const afterCollect = () => {
    tick ??= setTimeout(() => {
      tick = null;
      void nextPassAfter();
    }, options.afterCollectMs ?? AFTER_COLLECT_MS);
  };
  const flushTick = () => {
    if (!tick) return;
    clearTimeout(tick);
    tick = null;
    void nextPassAfter();
  };

  // Whatever a collect, push or import wrote: complaints become cases, touched customers are reassessed.
  app.use(async (c, next) => {
    await next();
    if (c.req.method !== 'POST' || c.res.status >= 300) return;
    if (c.req.path.startsWith('/v1/collect/')) afterCollect();
    else if (/^\/v1\/(changes$|import\/)/.test(c.req.path)) void afterWrite();
  });

  // One log line per request: what was asked (the route's pattern, never its values), the
  // answer and how long it took. No tokens, addresses, bodies or query strings.
  // Hono's request-id middleware: a new id per request (or a proxy's X-Request-Id, when it is a short
  // plain token), kept as c.get('requestId') and answered in X-Request-Id. It sets the header before
  // the handler makes its answer: touching c.res.headers afterwards would turn the node server's
  // lightweight response into a full Response object on every request.
  app.use(requestId({ limitLength: 64 }));
  app.use(async (c, next) => {
    const started = performance.now();
    const id = c.get('requestId');
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

  const health = healthRoutes(app, { sql, version });

  let openapi: Record<string, unknown> | null = null;
  app.get('/openapi.json', (c) => c.json((openapi ??= openApiDocument(version))));

  // On PostgreSQL every process on the database shares the buckets; PGlite has one process.
  const limiter = sql.kind === 'postgres' ? new SharedRateLimiter(sql, settings.rateLimit) : memoryLimiter(settings.rateLimit);
  const proxyHops = options.trustProxy === true ? 1 : options.trustProxy || 0;
  const collect = collectRoutes(app, { sql, now, settings, sites, proxyHops, limiter });

  // Every other /v1 route: a bearer token (or the local command line). Tokens are not ambient
  // credentials like cookies, so any origin may call with one: CORS is open here (Hono's cors
  // middleware). Collect has its own, per site key's allowed origins (collect.ts).
  const openCors = cors({
    origin: '*',
    allowMethods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowHeaders: ['authorization', 'content-type'],
    exposeHeaders: ['kehu-api', 'retry-after', 'content-disposition', 'x-request-id', 'x-kehu-time-field'],
    maxAge: 600,
  });
  app.use('/v1/*', (c, next) => (c.req.path.startsWith('/v1/collect/') ? next() : openCors(c, next)));
  const auth = bearerAuth(sql, tokens, options.local);
  for (const path of ['/v1/changes', '/v1/export/*', '/v1/import/*', '/v1/admin/*', '/v1/risk/*', '/v1/responses/*'])
    app.use(path, auth);
  // Reads see every answer acknowledged before them: staged answers are moved into the change
  // log first (cheap when none wait). A pull does the same in sync.ts.
  const moveBeforeRead = async (c: Context, next: Next) => {
    if (c.req.method === 'GET') await moveCollected(sql);
    await next();
  };
  for (const path of ['/v1/export/*', '/v1/risk/*', '/console/api/*']) app.use(path, moveBeforeRead);

  consoleRoutes(app, {
    sql,
    now,
    levels,
    afterWrite,
    trustProxy: Boolean(options.trustProxy),
    dir: options.consoleDir,
    ...(options.worklistCountAhead ? { worklistCountAhead: options.worklistCountAhead } : {}),
    onKeysChanged: () => {
      sites.clear();
      tokens.clear();
    },
  });
  syncRoutes(app, { sql, now });
  exportRoutes(app, { sql, now });
  fileRoutes(app, { sql, now, ...(options.maxImportBytes ? { maxImportBytes: options.maxImportBytes } : {}) });
  suspectRoutes(app, { sql, now });
  riskRoutes(app, { sql, now });
  adminRoutes(app, {
    sql,
    now,
    onKeysChanged: () => {
      sites.clear();
      tokens.clear();
    },
  });

  return {
    app,
    levels,
    afterWrite,
    drain: async () => {
      await collect.flush();
      flushTick();
      await afterWrites;
      await levels.stop();
    },
    setDraining: () => health.setDraining(),
    forgetKeys() {
      sites.clear();
      tokens.clear();
    },
    cacheKeys(on) {
      sites.enable(on);
      tokens.enable(on);
    },
    policyChanged: afterWrite,
    cachePolicy: (on) => policyVersion.enable(on),
  };
}
