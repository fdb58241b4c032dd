// GET /v1/responses/suspect and POST /v1/responses/{id}/release: the suspect answers collect
// keeps apart (store/suspect.ts), for a token with the export (or admin) scope.
import type { Hono } from 'hono';
import type { Sql } from '../db/sql.ts';
import { listSuspect, releaseSuspect } from '../store/suspect.ts';
import { requireScope } from './auth.ts';
import type { AppEnv } from './context.ts';
import * as declared from './routes/v1.ts';
import { HttpError, fieldErrors } from './util.ts';

export function suspectRoutes(app: Hono<AppEnv>, deps: { sql: Sql; now: () => Date }) {
  const scope = requireScope('export');

  app.get('/v1/responses/suspect', scope, async (c) => {
    const query = declared.listSuspect.query.safeParse(c.req.query());
    if (!query.success) throw new HttpError(400, 'invalid', 'bad limit or after', fieldErrors(query.error));
    const { answers, waiting } = await listSuspect(deps.sql, query.data);
    const last = answers.at(-1);
    const next = last && answers.length === query.data.limit ? `${last.receivedAt}|${last.id}` : null;
    return c.json({ answers, waiting, next });
  });

  app.post('/v1/responses/:id/release', scope, async (c) => {
    const id = declared.releaseSuspect.params.shape.id.safeParse(c.req.param('id'));
    if (!id.success) throw new HttpError(404, 'not_found', 'no suspect answer with this id');
    const released = await releaseSuspect(deps.sql, id.data, deps.now().toISOString(), c.get('caller').name);
    if (!released) throw new HttpError(404, 'not_found', 'no suspect answer with this id');
    return c.json({ id: id.data, seq: released.seq, released: !released.already, response: released.response });
  });
}
