// Submissions from the SDK become Response records, and so changes every extension pulls.
// Idempotent by site key and clientId: the response's id is derived from them, so a replay
// finds the first answer and gets its id.
//
// Two steps, so that answers from many connections do not wait for each other:
// 1. stageBatch: a group of submissions is stored by one INSERT into kehu_collected, and each is
//    acknowledged when that commit is durable. It takes no shared lock (no change-log number
//    yet), so on PostgreSQL the commits of many connections and processes share WAL flushes.
// 2. moveCollected: one mover at a time (an advisory lock) numbers every staged answer in the
//    change log in one batch, matches its respondent to a contact and customer, and writes it to
//    kehu_records. It runs in the pass after answers (once per tick), before every pull and
//    before the console's and exports' reads, and at start (answers acknowledged just before a
//    crash are moved then): whoever reads the change log after an answer was acknowledged sees it.
import { createHash } from 'node:crypto';
import { identityKeys } from '#shared/identity/domain.ts';
import type { Response } from '#shared/model/response.ts';
import type { Submission } from '#shared/model/submission.ts';
import { type Sql, type Statement, int } from '../db/sql.ts';
import { GroupCommitter } from './group-commit.ts';

export interface CollectItem {
  site: { key: string; name: string };
  submission: Submission;
  /** The respondent's address, normalised (the caller has checked it is one). */
  email: string | undefined;
}

export interface CollectResult {
  id: string;
  /** True when this clientId was seen before: nothing new was stored. */
  replay: boolean;
}

/** Keep where an answer was given, not what the URL carried: query and fragment can hold personal data. */
export function pageWithoutQuery(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return `${u.origin}${u.pathname}`.slice(0, 2048);
  } catch {
    return undefined;
  }
}

/**
 * The Response record for a validated submission (its contact and customer are added when it is
 * stored). Every field is within the Response schema by construction from the Submission schema;
 * tests/unit/collector/collect.test.ts checks that for generated submissions.
 */
export function toResponse(item: CollectItem, id: string, now: string): Response {
  const s = item.submission;
  const r = s.respondent;
  const pageUrl = pageWithoutQuery(s.pageUrl);
  const comment = s.comment?.trim();
  return {
    id,
    kind: s.kind,
    ...(s.score !== undefined ? { score: s.score } : {}),
    ...(comment ? { comment } : {}),
    ...(s.answers && Object.keys(s.answers).length > 0 ? { answers: s.answers } : {}),
    respondent: {
      ...(item.email ? { email: item.email } : {}),
      ...(r?.name ? { name: r.name } : {}),
      ...(r?.consent !== undefined ? { consent: r.consent } : {}),
    },
    siteKey: item.site.key,
    ...(pageUrl ? { pageUrl } : {}),
    ...(s.locale ? { locale: s.locale } : {}),
    submittedAt: new Date(s.submittedAt).toISOString(),
    receivedAt: now,
    clientId: s.clientId,
    rev: 1,
    updatedAt: now,
    updatedBy: `site:${item.site.name}`.slice(0, 200),
    deletedAt: null,
  };
}

/**
 * The id of the response to a submission: a function of the site key and the clientId, so a
 * replay finds its first answer by primary key (no table of seen clientIds to keep). UUID-shaped
 * (version 8: name-based, SHA-256).
 */
export function responseId(siteKey: string, clientId: string): string {
  const h = createHash('sha256').update(`kehu-response\u0000${siteKey}\u0000${clientId}`).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x80;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * $1: the batch as JSON [{n, id, email, domain, data}].
 * Answers one row per item, in order: whether it is new (else a replay of a stored answer: staged
 * or moved, or stored before answers were staged, or an earlier item of this batch).
 */
const STAGE_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(n integer, id text, email text, domain text, data jsonb)
),
-- The first of each id in this batch; the later ones are replays of it.
firsts AS (
  SELECT DISTINCT ON (i.id) i.* FROM input i ORDER BY i.id, i.n
),
-- ON CONFLICT: kehu_collected keeps the id of every answer it ever held, so a replay (also one
-- arriving while its answer is being moved, or from another process at the same time) stores
-- nothing. The scalar subquery (one primary-key lookup) finds answers stored before staging
-- existed, and released suspect answers.
staged AS (
  INSERT INTO kehu_collected (id, email, domain, data)
  SELECT f.id, f.email, f.domain, f.data FROM firsts f
   WHERE (SELECT true FROM kehu_records r WHERE r.entity = 'responses' AND r.id = f.id LIMIT 1) IS NULL
   ORDER BY f.n
  ON CONFLICT (id) DO NOTHING
  RETURNING id
)
SELECT i.n, i.n IN (SELECT f.n FROM firsts f JOIN staged s ON s.id = f.id) AS fresh
  FROM input i
 ORDER BY i.n`;

const STAGE: Statement = { name: 'kehu_collect_stage', types: ['jsonb'], text: STAGE_SQL };

/** Store a batch of submissions: one statement, durable when it resolves. */
export async function stageBatch(sql: Sql, items: readonly CollectItem[], now: string): Promise<CollectResult[]> {
  const ids = items.map((item) => responseId(item.site.key, item.submission.clientId));
  const input = items.map((item, n) => {
    const id = ids[n] as string;
    return {
      n,
      id,
      email: item.email ?? null,
      domain: item.email ? identityKeys(item.email).customerDomain : null,
      data: toResponse(item, id, now),
    };
  });
  const rows = await sql.write<{ n: unknown; fresh: boolean }>(STAGE, [JSON.stringify(input)]);
  if (rows.length !== items.length) throw new Error(`collect: ${rows.length} answers for ${items.length} items`);
  return rows.map((row, i) => ({ id: ids[i] as string, replay: !row.fresh }));
}

/** The advisory lock that lets one mover run at a time, across every process on the database. */
const MOVER_LOCK = 7274915;

/**
 * $1: the most answers to move. Moves the oldest staged answers into kehu_records, numbered in
 * the change log in arrival order, and keeps their rows without data. Answers how many it moved.
 */
const MOVE_SQL = `
WITH waiting AS (
  SELECT w.*, row_number() OVER (ORDER BY w.n) AS k FROM (
    SELECT c.n, c.id, c.email, c.domain, c.data FROM kehu_collected c WHERE c.data IS NOT NULL ORDER BY c.n LIMIT $1
  ) w
),
-- Numbers in the change log (this row's lock orders writers; see records.ts).
numbered AS (
  UPDATE kehu_sequence SET last = last + (SELECT count(*) FROM waiting)
   WHERE id = 1 AND EXISTS (SELECT 1 FROM waiting) RETURNING last
),
-- The respondent's contact: a live contact with this exact address, the latest edited first.
with_contact AS (
  SELECT w.*, (
    SELECT jsonb_build_object('id', c.id, 'customerId', c.data->'customerId')
      FROM kehu_records c
     WHERE w.email IS NOT NULL AND c.entity = 'contacts' AND c.deleted_at IS NULL AND c.data->'emails' ? w.email
     ORDER BY c.updated_at DESC, c.id LIMIT 1
  ) AS contact
    FROM waiting w
),
-- The customer: the contact's, else the live customer owning the address's registrable domain.
resolved AS (
  SELECT w.*, COALESCE(
    CASE WHEN jsonb_typeof(w.contact->'customerId') = 'string' THEN w.contact->>'customerId' END,
    (SELECT cu.id FROM kehu_records cu
      WHERE w.domain IS NOT NULL AND cu.entity = 'customers' AND cu.deleted_at IS NULL AND cu.data->'domains' ? w.domain
      ORDER BY cu.updated_at DESC, cu.id LIMIT 1)
  ) AS customer_id
    FROM with_contact w
),
-- ON CONFLICT: a released suspect answer with the same id may have been stored meanwhile; it
-- stays, and this answer's change-log number stays unused (pulls do not mind gaps).
written AS (
  INSERT INTO kehu_records (entity, id, seq, rev, updated_at, updated_by, deleted_at, at, data)
  SELECT 'responses', r.id, (SELECT last FROM numbered) - (SELECT count(*) FROM waiting) + r.k, 1,
         r.data->>'updatedAt', r.data->>'updatedBy', NULL, r.data->>'submittedAt',
         r.data || jsonb_strip_nulls(jsonb_build_object('contactId', r.contact->>'id', 'customerId', r.customer_id))
    FROM resolved r
  ON CONFLICT (entity, id) DO NOTHING
),
moved AS (
  UPDATE kehu_collected c SET email = NULL, domain = NULL, data = NULL
    FROM waiting w WHERE c.id = w.id
  RETURNING c.id
)
SELECT count(*) AS moved FROM moved`;

/**
 * Move every staged answer into the change log, in batches of `batch`. One mover at a time;
 * a caller that finds another one moving waits for it, then moves what is left, so when this
 * resolves every answer acknowledged before it was called is in kehu_records. Cheap when
 * nothing is staged: one lookup in a small index. Answers how many it moved.
 */
export async function moveCollected(sql: Sql, batch = 2000): Promise<number> {
  let total = 0;
  for (;;) {
    const [waiting] = await sql.query('SELECT 1 FROM kehu_collected WHERE data IS NOT NULL LIMIT 1');
    if (!waiting) return total;
    const moved = await sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MOVER_LOCK]);
      const [row] = await tx.query<{ moved: unknown }>(MOVE_SQL, [batch]);
      return int(row?.moved);
    });
    total += moved;
    if (moved < batch) return total;
  }
}

/** The collect queue: every submission answered after the statement staging it committed. */
export function createCollectQueue(sql: Sql, now: () => string, maxBatch = 500) {
  return new GroupCommitter<CollectItem, CollectResult>({
    maxBatch,
    // One batch runs while the one before waits for its WAL sync: batches stay large.
    maxInFlight: 2,
    commit: (items) => stageBatch(sql, items, now()),
  });
}
