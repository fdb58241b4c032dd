// The feedback inbox's actions beyond linking: open a case from an answer with an owner, mark a
// suggestion adopted, record what was told to the customer. consoleRoutes() has already checked
// the session and (for these changes) the Origin; each action needs the write scope.
import type { Hono } from 'hono';
import * as z from 'zod';
import { CaseBody, InboxActionError, ToldBody, adoptSuggestion, openCase, recordTold } from '../console/inbox.ts';
import type { AppEnv } from './context.ts';
import type { Sql } from '../db/sql.ts';
import { requireScope } from './auth.ts';
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
    const body = CaseBody.safeParse(await readJson(c.req.raw, 4096));
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
    const body = ToldBody.safeParse(await readJson(c.req.raw, 16_384));
    if (!body.success) throw new HttpError(400, 'invalid', 'bad entry', fieldErrors(body.error));
    const told = await recordTold(deps.sql, c.req.param('id'), body.data, deps.now().toISOString(), c.get('caller').name).catch(
      asHttp,
    );
    await deps.afterWrite();
    return c.json(told);
  });
}

/**
 * The OpenAPI description of these routes (openapi.ts spreads it into its paths). They take the
 * console's session cookie, not a bearer token, and a change must carry the collector's own Origin.
 */
export function inboxOpenApiPaths(): Record<string, unknown> {
  const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
  const json = (schema: unknown, description: string) => ({ description, content: { 'application/json': { schema } } });
  const error = (description: string) => json(ref('Error'), description);
  const id = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'the answer’s id' };
  const common = {
    401: error('not signed in to the console'),
    403: error('the session’s token lacks the write scope, or the Origin is not the collector’s own'),
    404: error('no such answer'),
  };
  const session = 'Console session cookie (kehu_console) whose token has the write scope; Origin must be this collector.';
  return {
    '/console/api/feedback/{id}/case': {
      post: {
        summary: 'Open a case from an answer, by hand, with an owner (the case id is fb-{id}; it syncs to reps)',
        description: session,
        parameters: [id],
        requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(CaseBody, { io: 'input' }) } } },
        responses: {
          201: json(ref('Case'), 'the case, at step 1 (listen)'),
          400: error('bad owner or title; the answer has no customer yet (customerId) or a case already (case)'),
          ...common,
        },
      },
    },
    '/console/api/feedback/{id}/adopt': {
      post: {
        summary: 'Mark a suggestion adopted (closing the loop; the answer’s new version syncs to reps)',
        description: session,
        parameters: [id],
        responses: { 200: json(ref('Response'), 'the answer with `adopted`'), 400: error('not a suggestion (kind)'), ...common },
      },
    },
    '/console/api/feedback/{id}/told': {
      post: {
        summary: 'Record what was told to the customer about an answer (appended to its customerLog; syncs to reps)',
        description: session,
        parameters: [id],
        requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(ToldBody, { io: 'input' }) } } },
        responses: {
          200: json(ref('Response'), 'the answer with the entry added'),
          400: error('empty or too long text'),
          ...common,
        },
      },
    },
  };
}
