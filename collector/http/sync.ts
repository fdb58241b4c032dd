// GET and POST /v1/changes: the change log, pulled in pages, and pushes of records in batches.
import type { Hono } from 'hono';
import { PullQuery, PushBody, type PushResponse } from '#shared/model/sync.ts';
import type { Sql } from '../db/sql.ts';
import { pullChanges, writeRecords } from '../store/records.ts';
import { requireScope } from './auth.ts';
import type { AppEnv } from './context.ts';
import { HttpError, fieldErrors, readJson } from './util.ts';

/** A push holds at most MAX_PUSH_BATCH records; records are small, so this is generous. */
export const MAX_PUSH_BYTES = 32 * 1024 * 1024;

export function syncRoutes(app: Hono<AppEnv>, deps: { sql: Sql; now: () => Date }) {
  app.get('/v1/changes', requireScope('read'), async (c) => {
    const query = PullQuery.safeParse(c.req.query());
    if (!query.success) throw new HttpError(400, 'invalid', 'bad since or limit', fieldErrors(query.error));
    return c.json(await pullChanges(deps.sql, query.data.since, query.data.limit));
  });

  app.post('/v1/changes', requireScope('write'), async (c) => {
    const parsed = PushBody.safeParse(await readJson(c.req.raw, MAX_PUSH_BYTES));
    if (!parsed.success) throw new HttpError(400, 'invalid', 'the push does not match the schema', fieldErrors(parsed.error));
    const now = deps.now().toISOString();
    const outcomes = await deps.sql.transaction((tx) => writeRecords(tx, parsed.data.changes, now));
    const answer: PushResponse = { accepted: [], conflicts: [] };
    for (const o of outcomes) {
      if (o.action === 'conflict') answer.conflicts.push({ entity: o.entity, id: o.id, kept: o.kept });
      else answer.accepted.push({ entity: o.entity, id: o.id, rev: o.rev, seq: o.seq });
    }
    return c.json(answer);
  });
}
