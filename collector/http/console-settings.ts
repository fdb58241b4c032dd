// /console/api/settings: the team console's Settings, for sessions whose token has the admin
// scope. Site keys with their allowed origins (list, create, change origins, revoke), team tokens
// (create, shown once; list; revoke) and the risk policy version the levels are computed with.
// The same store functions and body checks as the admin HTTP API (admin.ts); changes also need
// this collector's own Origin (checked in console.ts).
import type { Hono } from 'hono';
import { PolicyVersionError, putTeamPolicy, teamPolicy } from '../store/policies.ts';
import { SCOPES, createSiteKey, createToken, listKeys, revokeKey, setSiteOrigins } from '../store/credentials.ts';
import { keyBody, keyErrors } from './admin.ts';
import { requireScope } from './auth.ts';
import type { ConsoleDeps } from './console-deps.ts';
import type { AppEnv } from './context.ts';
import * as declared from './routes/console.ts';
import { HttpError, fieldErrors, readJson } from './util.ts';

const API = '/console/api/settings';

export function settingsRoutes(app: Hono<AppEnv>, deps: ConsoleDeps) {
  const admin = requireScope('admin');
  const keysChanged = () => deps.onKeysChanged?.();

  app.get(API, admin, async (c) => {
    const keys = await listKeys(deps.sql);
    // The version the levels use from now on (the levels themselves follow within a pass).
    const policy = (await teamPolicy(deps.sql)) ?? deps.levels.policy;
    return c.json({
      sites: keys.sites.filter((s) => !s.revokedAt),
      tokens: keys.tokens.filter((t) => !t.revokedAt),
      scopes: SCOPES,
      policy: { version: policy.version, createdAt: policy.createdAt, createdBy: policy.createdBy, note: policy.note ?? null },
    });
  });

  app.post(`${API}/sites`, admin, async (c) => {
    const input = await keyBody(c.req.raw, declared.settingsCreateSite.body.json);
    const site = await keyErrors(() => deps.sql.transaction((tx) => createSiteKey(tx, input, deps.now().toISOString())));
    return c.json(site, 201);
  });

  app.put(`${API}/sites/:name/origins`, admin, async (c) => {
    const input = await keyBody(c.req.raw, declared.settingsSiteOrigins.body.json);
    const name = c.req.param('name');
    const site = await keyErrors(() => deps.sql.transaction((tx) => setSiteOrigins(tx, name, input.origins)));
    if (!site) throw new HttpError(404, 'not_found', `no live site key named "${name}"`);
    keysChanged();
    return c.json(site);
  });

  app.post(`${API}/tokens`, admin, async (c) => {
    const input = await keyBody(c.req.raw, declared.settingsCreateToken.body.json);
    const created = await keyErrors(() => deps.sql.transaction((tx) => createToken(tx, input, deps.now().toISOString())));
    // The token itself is in this answer only; the store keeps its hash.
    return c.json({ token: created.token, ...created.info }, 201);
  });

  // A new team policy version (the JSON the extension's policy editor and kehu risk --calibrate
  // write): the collector's levels are then computed with it, everyone reassessed.
  app.put(`${API}/policy`, admin, async (c) => {
    const policy = declared.settingsPolicy.body;
    const parsed = policy.json.safeParse(await readJson(c.req.raw, policy.maxBytes));
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error);
      const first = fields[0];
      throw new HttpError(400, 'invalid', first ? `bad policy: ${first.path}: ${first.message}` : 'bad policy', fields);
    }
    try {
      await deps.sql.transaction((tx) =>
        putTeamPolicy(tx, parsed.data, deps.levels.policy.version, deps.now().toISOString(), c.get('caller').name),
      );
    } catch (e) {
      if (e instanceof PolicyVersionError) throw new HttpError(409, 'conflict', e.message);
      throw e;
    }
    await deps.afterWrite();
    return c.json({ version: parsed.data.version, inForce: deps.levels.policy.version });
  });

  for (const kind of ['site', 'token'] as const) {
    app.delete(`${API}/${kind === 'site' ? 'sites' : 'tokens'}/:name`, admin, async (c) => {
      const name = c.req.param('name');
      const done = await deps.sql.transaction((tx) => revokeKey(tx, kind, name, deps.now().toISOString()));
      if (!done) throw new HttpError(404, 'not_found', `no live ${kind === 'site' ? 'site key' : 'token'} named "${name}"`);
      keysChanged();
      return c.json({ revoked: name });
    });
  }
}
