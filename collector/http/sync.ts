// GET and POST /v1/changes: the change log, pulled in pages, and pushes of records in batches.
import type { Hono } from 'hono';
import { Id } from '#shared/model/common.ts';
import { type PushRejection, type PushResponse, SyncEntity, SyncRecord } from '#shared/model/sync.ts';
import { type Sql, nulAt } from '../db/sql.ts';
import { moveCollected } from '../store/collect.ts';
import { pullChanges, writeRecords } from '../store/records.ts';
import { requireScope } from './auth.ts';
import type { AppEnv } from './context.ts';
import { pullChanges as pull, pushChanges as push } from './routes/v1.ts';
import { HttpError, fieldErrors, pathText, readJson } from './util.ts';

/** A push holds at most MAX_PUSH_BATCH records; records are small, so this is generous. */
export const MAX_PUSH_BYTES = push.body.maxBytes;

export function syncRoutes(app: Hono<AppEnv>, deps: { sql: Sql; now: () => Date }) {
  app.get('/v1/changes', requireScope('read'), async (c) => {
    const query = pull.query.safeParse(c.req.query());
    if (!query.success) throw new HttpError(400, 'invalid', 'bad since or limit', fieldErrors(query.error));
    // Answers acknowledged before this pull enter the change log first (read-your-writes).
    await moveCollected(deps.sql);
    return c.json(await pullChanges(deps.sql, query.data.since, query.data.limit));
  });

  app.post('/v1/changes', requireScope('write'), async (c) => {
    const parsed = push.body.json.safeParse(await readJson(c.req.raw, MAX_PUSH_BYTES, { nul: 'caller' }));
    if (!parsed.success) throw new HttpError(400, 'invalid', 'the push does not match the schema', fieldErrors(parsed.error));
    // Each change on its own: a bad one is rejected with its fields named, the others are stored.
    const good: SyncRecord[] = [];
    const rejected: PushRejection[] = [];
    parsed.data.changes.forEach((raw, index) => {
      const change = SyncRecord.safeParse(raw);
      if (!change.success) {
        rejected.push({ index, ...identify(raw), fields: fieldErrors(change.error, 10) });
        return;
      }
      // The team policy is put in force by an admin (console Settings); reps only pull it.
      if (change.data.entity === 'policies') {
        rejected.push({
          index,
          ...identify(raw),
          fields: [{ path: 'entity', message: 'the team policy is put in force in the team console, not pushed' }],
        });
        return;
      }
      const nul = nulAt(change.data.record);
      if (nul) {
        rejected.push({
          index,
          ...identify(raw),
          fields: [{ path: pathText(['record', ...nul]), message: 'contains a NUL character (\\u0000), which cannot be stored' }],
        });
        return;
      }
      good.push(change.data);
    });
    const now = deps.now().toISOString();
    const outcomes = good.length > 0 ? await deps.sql.transaction((tx) => writeRecords(tx, good, now)) : [];
    const answer: PushResponse = { accepted: [], conflicts: [], rejected };
    for (const o of outcomes) {
      if (o.action === 'conflict') answer.conflicts.push({ entity: o.entity, id: o.id, kept: o.kept });
      else answer.accepted.push({ entity: o.entity, id: o.id, rev: o.rev, seq: o.seq });
    }
    return c.json(answer);
  });
}

/** The entity and id of a pushed change, when they are readable (to name a rejected one). */
function identify(raw: unknown): { entity?: SyncEntity; id?: string } {
  const change = raw as { entity?: unknown; record?: { id?: unknown } } | null;
  const entity = SyncEntity.safeParse(change?.entity);
  const id = Id.safeParse(change?.record?.id);
  return { ...(entity.success ? { entity: entity.data } : {}), ...(id.success ? { id: id.data } : {}) };
}
