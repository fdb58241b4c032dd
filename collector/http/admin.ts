// /v1/admin/…: site keys and team tokens over HTTP, for tokens with the admin scope (and for
// `kehu keys` while `kehu serve` holds the embedded data folder).
import type { Hono } from 'hono';
import * as z from 'zod';
import type { Sql } from '../db/sql.ts';
import { KeyError, createSiteKey, createToken, listKeys, revokeKey } from '../store/credentials.ts';
import { requireScope } from './auth.ts';
import type { AppEnv } from './context.ts';
import { HttpError, fieldErrors, readJson } from './util.ts';

const NewSite = z.object({ name: z.string(), origins: z.array(z.string()).min(1).max(100) });
const NewToken = z.object({ name: z.string(), scopes: z.array(z.string()).min(1).max(10) });

export function adminRoutes(app: Hono<AppEnv>, deps: { sql: Sql; now: () => Date; onKeysChanged: () => void }) {
  const admin = requireScope('admin');
  const body = async <T>(request: Request, schema: z.ZodType<T>): Promise<T> => {
    const parsed = schema.safeParse(await readJson(request, 64 * 1024));
    if (!parsed.success) throw new HttpError(400, 'invalid', 'bad request body', fieldErrors(parsed.error));
    return parsed.data;
  };
  const keyErrors = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (e) {
      if (e instanceof KeyError) throw new HttpError(400, 'invalid', e.message);
      if (e instanceof z.ZodError) throw new HttpError(400, 'invalid', 'bad name', fieldErrors(e));
      throw e;
    }
  };

  app.get('/v1/admin/keys', admin, async (c) => c.json(await listKeys(deps.sql)));

  app.post('/v1/admin/sites', admin, async (c) => {
    const input = await body(c.req.raw, NewSite);
    const site = await keyErrors(() => deps.sql.transaction((tx) => createSiteKey(tx, input, deps.now().toISOString())));
    return c.json(site, 201);
  });

  app.post('/v1/admin/tokens', admin, async (c) => {
    const input = await body(c.req.raw, NewToken);
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
