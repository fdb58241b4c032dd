// The team console at /console/: its built files (dist/console/), sign-in with a team token
// exchanged for a session cookie, and the JSON API the console reads (/console/api/…).
//
// The cookie is HttpOnly (no script reads it), SameSite=Strict (no other site sends it) and Secure
// when the console is served over https. Every request that changes something must also carry
// an Origin header naming this collector: a second guard against cross-site requests. Tokens
// travel only in the sign-in body, never in a URL, and the request log never holds bodies.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { Customers, customerDetail } from '../console/customers.ts';
import { LinkError, inboxPage, linkResponse, parseInboxQuery } from '../console/feedback.ts';
import type { Scope } from '../store/credentials.ts';
import { inboxRoutes } from './console-inbox.ts';
import { overviewRoutes } from './console-overview.ts';
import { SESSION_MS, createSession, deleteSession, findSession } from '../store/sessions.ts';
import type { AppEnv } from './context.ts';
import type { ConsoleDeps } from './console-deps.ts';
import { consoleExportRoutes } from './export.ts';
import { requireScope } from './auth.ts';
import * as declared from './routes/console.ts';
import { HttpError, fieldErrors, readJson, respondError } from './util.ts';
import { alertsRoutes } from './console-alerts.ts';
import { settingsRoutes } from './console-settings.ts';

export const SESSION_COOKIE = 'kehu_console';
const API = '/console/api';

/** Where `npm run build` writes the console. */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../dist/console/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** The console's pages: its own scripts and styles only, never framed. */
const CSP =
  "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

export type { ConsoleDeps };

/** The scheme the browser used: https directly, or (behind a proxy you run) as the proxy says. */
function scheme(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return new URL(c.req.url).protocol.replace(':', '');
}

/** This collector's origin as the browser sees it. */
function ownOrigin(c: Context, trustProxy: boolean): string {
  // The request's URL carries the Host header the browser sent (the node server builds it from it).
  const host = (trustProxy ? c.req.header('x-forwarded-host')?.split(',')[0]?.trim() : undefined) ?? new URL(c.req.url).host;
  return `${scheme(c, trustProxy)}://${host}`.toLowerCase();
}

function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    'Path=/console',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxAgeSeconds}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function consoleRoutes(app: Hono<AppEnv>, deps: ConsoleDeps) {
  const dir = deps.dir ?? DEFAULT_CONSOLE_DIR;
  const customers = new Customers(deps.sql, deps.worklistCountAhead ? { countAhead: deps.worklistCountAhead } : {});

  app.get('/console', (c) => c.redirect('/console/', 308));

  // Every API request: no caching, and a change only from this collector's own pages.
  app.use(`${API}/*`, async (c, next) => {
    c.header('cache-control', 'no-store');
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const origin = c.req.header('origin')?.toLowerCase();
      if (!origin || origin !== ownOrigin(c, deps.trustProxy)) {
        return respondError(c, new HttpError(403, 'bad_origin', 'changes are accepted only from the console’s own pages'));
      }
    }
    return next();
  });

  app.post(`${API}/session`, async (c) => {
    const parsed = declared.signIn.body.json.safeParse(await readJson(c.req.raw, declared.signIn.body.maxBytes));
    if (!parsed.success) throw new HttpError(400, 'invalid', 'bad sign-in', fieldErrors(parsed.error));
    const created = await createSession(deps.sql, parsed.data.token.trim(), deps.now());
    if (!created) throw new HttpError(401, 'unauthorized', 'the token is not valid (wrong, or revoked)');
    c.header('set-cookie', sessionCookie(created.id, SESSION_MS / 1000, scheme(c, deps.trustProxy) === 'https'));
    return c.json(created.session, 201);
  });

  app.delete(`${API}/session`, async (c) => {
    const id = getCookie(c, SESSION_COOKIE);
    if (id) await deleteSession(deps.sql, id);
    c.header('set-cookie', sessionCookie('', 0, scheme(c, deps.trustProxy) === 'https'));
    return c.body(null, 204);
  });

  // Everything else under the API needs a live session.
  const session: MiddlewareHandler<AppEnv> = async (c, next) => {
    const id = getCookie(c, SESSION_COOKIE);
    const found = id ? await findSession(deps.sql, id, deps.now()) : null;
    if (!found) return respondError(c, new HttpError(401, 'unauthorized', 'sign in with a team token'));
    c.set('caller', { name: found.name, scopes: found.scopes });
    return next();
  };
  app.use(`${API}/*`, async (c, next) => (c.req.path === `${API}/session` && c.req.method !== 'GET' ? next() : session(c, next)));

  app.get(`${API}/session`, async (c) => c.json(await findSession(deps.sql, getCookie(c, SESSION_COOKIE) ?? '', deps.now())));

  app.get(`${API}/customers`, async (c) => {
    const query = Customers.parseQuery(c.req.queries());
    if (!query.success) throw new HttpError(400, 'invalid', 'bad filter', fieldErrors(query.error));
    return c.json(await customers.page(query.data));
  });

  overviewRoutes(app, deps);

  app.get(`${API}/customers/filters`, async (c) => c.json(await customers.filterValues()));

  app.get(`${API}/customers/:id`, async (c) => {
    const detail = await customerDetail(deps.sql, c.req.param('id'));
    if (!detail) throw new HttpError(404, 'not_found', 'no such customer (it may have been deleted)');
    return c.json({ ...detail, canWrite: hasScope(c.get('caller').scopes, 'write') });
  });

  app.get(`${API}/feedback`, async (c) => {
    const query = parseInboxQuery(c.req.queries());
    if (!query.success) throw new HttpError(400, 'invalid', 'bad filter', fieldErrors(query.error));
    const sites = await deps.sql.query<{ name: string }>('SELECT DISTINCT name FROM kehu_site_keys ORDER BY name');
    return c.json({ ...(await inboxPage(deps.sql, query.data)), sites: sites.map((s) => s.name) });
  });

  // Link an answer to a customer: it then counts in that customer's level, here and (after a sync) for every rep.
  app.post(`${API}/feedback/:id/link`, requireScope('write'), async (c) => {
    const body = declared.linkAnswer.body.json.safeParse(await readJson(c.req.raw, declared.linkAnswer.body.maxBytes));
    if (!body.success) throw new HttpError(400, 'invalid', 'bad link', fieldErrors(body.error));
    try {
      const linked = await linkResponse(deps.sql, c.req.param('id'), body.data, deps.now().toISOString(), c.get('caller').name);
      await deps.afterWrite();
      return c.json(linked);
    } catch (e) {
      if (e instanceof LinkError) throw new HttpError(404, 'not_found', e.message);
      throw e;
    }
  });

  // Exports in every format, with filters (export scope): export.ts.
  consoleExportRoutes(app, deps, API);
  inboxRoutes(app, deps);
  alertsRoutes(app, deps);
  settingsRoutes(app, deps);

  // The console's files; any other path under /console/ is one of its views: the page itself.
  app.get('/console/*', async (c) => {
    const rel = normalize(decodeURIComponent(c.req.path.slice('/console/'.length)));
    const file = rel === '.' || rel === '' || !extname(rel) ? 'index.html' : rel;
    if (file.startsWith('..') || file.includes(`..${sep}`)) return c.notFound();
    let body: Buffer;
    try {
      body = await readFile(join(dir, file));
    } catch {
      if (file === 'index.html') {
        return c.text('The console is not built: run npm run build', 503);
      }
      return c.notFound();
    }
    const headers: Record<string, string> = {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': file === 'index.html' ? 'no-cache' : 'public, max-age=300',
    };
    for (const [k, v] of Object.entries(headers)) c.header(k, v);
    return c.body(new Uint8Array(body));
  });
}

/** Whether the caller's scopes include `scope` (admin includes every other). */
export function hasScope(scopes: readonly Scope[], scope: Scope): boolean {
  return scopes.includes(scope) || scopes.includes('admin');
}
