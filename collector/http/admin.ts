// /v1/admin/…: site keys and team tokens over HTTP, for tokens with the admin scope (and for
// `kehu keys` while `kehu serve` holds the embedded data folder).
import type { Hono } from 'hono';
import * as z from 'zod';
import type { Sql } from '../db/sql.ts';
import { KeyError, createSiteKey, createToken, listKeys, revokeKey, setSiteOrigins } from '../store/credentials.ts';
import { requireScope } from './auth.ts';
import type { AppEnv } from './context.ts';
import * as declared from './routes/admin.ts';
import { HttpError, fieldErrors, readJson } from './util.ts';

/** A request body checked against `schema`: a 400 naming the fields otherwise. */
export async function keyBody<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(await readJson(request, declared.KEY_BODY_BYTES));
  if (!parsed.success) throw new HttpError(400, 'invalid', 'bad request body', fieldErrors(parsed.error));
  return parsed.data;
}

/** Run a change of keys: a bad name, origin or scope is a 400 with the store's own words. */
export async function keyErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof KeyError) throw new HttpError(400, 'invalid', e.message);
    if (e instanceof z.ZodError) throw new HttpError(400, 'invalid', 'bad name', fieldErrors(e));
    throw e;
  }
}

export function adminRoutes(app: Hono<AppEnv>, deps: { sql: Sql; now: () => Date; onKeysChanged: () => void }) {
  const admin = requireScope('admin');
  const body = keyBody;

  app.get('/v1/admin/keys', admin, async (c) => c.json(await listKeys(deps.sql)));

  app.post('/v1/admin/sites', admin, async (c) => {
    const input = await body(c.req.raw, declared.createSite.body.json);
    const site = await keyErrors(() => deps.sql.transaction((tx) => createSiteKey(tx, input, deps.now().toISOString())));
    return c.json(site, 201);
  });

  // New allowed origins for a site key; pages already carrying the key keep working where still allowed.
  app.put('/v1/admin/sites/:name/origins', admin, async (c) => {
    const input = await body(c.req.raw, declared.setSiteOrigins.body.json);
    const name = c.req.param('name');
    const site = await keyErrors(() => deps.sql.transaction((tx) => setSiteOrigins(tx, name, input.origins)));
    if (!site) throw new HttpError(404, 'not_found', `no live site key named "${name}"`);
    deps.onKeysChanged();
    return c.json(site);
  });

  app.post('/v1/admin/tokens', admin, async (c) => {
    const input = await body(c.req.raw, declared.createToken.body.json);
    const created = await keyErrors(() => deps.sql.transaction((tx) => createToken(tx, input, deps.now().toISOString())));
    return c.json({ token: created.token, ...created.info }, 201);
  });

  for (const kind of ['site', 'token'] as const) {
    app.delete(`/v1/admin/${kind === 'site' ? 'sites' : 'tokens'}/:name`, admin, async (c) => {
      const name = c.req.param('name');
      const done = await deps.sql.transaction((tx) => revokeKey(tx, kind, name, deps.now().toISOString()));
      if (!done) throw new HttpError(404, 'not_found', `no live ${kind === 'site' ? 'site key' : 'token'} named "${name}"`);
      deps.onKeysChanged();
      return c.json({ revoked: name });
    });
  }
}
