// The feedback inbox's actions beyond linking: open a case from an answer with an owner, mark a
// suggestion adopted, record what was told to the customer. consoleRoutes() has already checked
// the session and (for these changes) the Origin; each action needs the write scope.
import type { Hono } from 'hono';
import { InboxActionError, adoptSuggestion, openCase, recordTold } from '../console/inbox.ts';
import type { AppEnv } from './context.ts';
import type { Sql } from '../db/sql.ts';
import { requireScope } from './auth.ts';
import * as declared from './routes/console.ts';
import { HttpError, fieldErrors, readJson } from './util.ts';

const API = '/console/api/feedback/:id';

function asHttp(e: unknown): never {
  if (e instanceof InboxActionError) {
    if (e.status === 404) throw new HttpError(404, 'not_found', e.message);
    throw new HttpError(400, 'invalid', e.message, e.field ? [{ path: e.field, message: e.message }] : undefined);
  }
  throw e;
}

export function inboxRoutes(app: Hono<AppEnv>, deps: { sql: Sql; now: () => Date; afterWrite: () => Promise<void> }) {
  app.post(`${API}/case`, requireScope('write'), async (c) => {
    const body = declared.openCase.body.json.safeParse(await readJson(c.req.raw, declared.openCase.body.maxBytes));
    if (!body.success) throw new HttpError(400, 'invalid', 'bad case', fieldErrors(body.error));
    const made = await openCase(deps.sql, c.req.param('id'), body.data, deps.now().toISOString(), c.get('caller').name).catch(
      asHttp,
    );
    await deps.afterWrite();
    return c.json(made, 201);
  });

  app.post(`${API}/adopt`, requireScope('write'), async (c) => {
    const adopted = await adoptSuggestion(deps.sql, c.req.param('id'), deps.now().toISOString(), c.get('caller').name).catch(
      asHttp,
    );
    await deps.afterWrite();
    return c.json(adopted);
  });

  app.post(`${API}/told`, requireScope('write'), async (c) => {
    const body = declared.recordTold.body.json.safeParse(await readJson(c.req.raw, declared.recordTold.body.maxBytes));
    if (!body.success) throw new HttpError(400, 'invalid', 'bad entry', fieldErrors(body.error));
    const told = await recordTold(deps.sql, c.req.param('id'), body.data, deps.now().toISOString(), c.get('caller').name).catch(
      asHttp,
    );
    await deps.afterWrite();
    return c.json(told);
  });
}
