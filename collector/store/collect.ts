// Submissions from the SDK become Response records, and so changes every extension pulls.
// Idempotent by site key and clientId: a replay answers with the id of the first.
//
// A whole group of submissions is stored by one SQL statement (see COLLECT_SQL): claim each
// (site key, clientId), match respondents to contacts and customers, number the new records in
// the change log, insert them. One statement is one transaction and one WAL sync, which is what
// lets PGlite, a single connection running in this process, keep up with a busy site.
import { randomUUID } from 'node:crypto';
import { identityKeys } from '#shared/identity/domain.ts';
import type { Response } from '#shared/model/response.ts';
import type { Submission } from '#shared/model/submission.ts';
import type { Sql } from '../db/sql.ts';
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
 * $1: the batch as JSON [{n, site_key, client_id, response_id, email, domain, data}], $2: now.
 * Answers one row per item, in order: the id it is known by, and whether it is new.
 */
const COLLECT_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb)
    AS x(n integer, site_key text, client_id text, response_id text, email text, domain text, data jsonb)
),
-- Claim each (site key, clientId). A claim that exists, from an earlier request or from an
-- earlier item of this batch, makes the item a replay.
claimed AS (
  INSERT INTO kehu_submissions (site_key, client_id, response_id, received_at)
  SELECT site_key, client_id, response_id, $2 FROM input ORDER BY n
  ON CONFLICT DO NOTHING
  RETURNING site_key, client_id, response_id
),
fresh AS (
  SELECT i.*, row_number() OVER (ORDER BY i.n) AS k
    FROM input i JOIN claimed c ON c.response_id = i.response_id
),
-- Numbers in the change log (this row's lock orders writers; see records.ts).
numbered AS (
  UPDATE kehu_sequence SET last = last + (SELECT count(*) FROM fresh) WHERE id = 1 RETURNING last
),
-- The respondent's contact: a live contact with this exact address, the latest edited first.
with_contact AS (
  SELECT f.*, (
    SELECT jsonb_build_object('id', c.id, 'customerId', c.data->'customerId')
      FROM kehu_records c
     WHERE f.email IS NOT NULL AND c.entity = 'contacts' AND c.deleted_at IS NULL AND c.data->'emails' ? f.email
     ORDER BY c.updated_at DESC, c.id LIMIT 1
  ) AS contact
    FROM fresh f
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
written AS (
  INSERT INTO kehu_records (entity, id, seq, rev, updated_at, updated_by, deleted_at, at, data)
  SELECT 'responses', r.response_id, (SELECT last FROM numbered) - (SELECT count(*) FROM fresh) + r.k, 1,
         r.data->>'updatedAt', r.data->>'updatedBy', NULL, r.data->>'submittedAt',
         r.data || jsonb_strip_nulls(jsonb_build_object('contactId', r.contact->>'id', 'customerId', r.customer_id))
    FROM resolved r
  RETURNING id
)
SELECT i.n, COALESCE(c.response_id, same.response_id, earlier.response_id) AS id, c.response_id IS NOT NULL AS fresh,
       (SELECT count(*) FROM written) AS written
  FROM input i
  LEFT JOIN claimed c ON c.response_id = i.response_id
  LEFT JOIN claimed same ON c.response_id IS NULL AND same.site_key = i.site_key AND same.client_id = i.client_id
  LEFT JOIN kehu_submissions earlier ON c.response_id IS NULL AND earlier.site_key = i.site_key AND earlier.client_id = i.client_id
 ORDER BY i.n`;

/** Store a batch of submissions: one statement, durable when it resolves. */
export async function collectBatch(sql: Sql, items: readonly CollectItem[], now: string): Promise<CollectResult[]> {
  const input = items.map((item, n) => {
    const id = randomUUID();
    return {
      n,
      site_key: item.site.key,
      client_id: item.submission.clientId,
      response_id: id,
      email: item.email ?? null,
      domain: item.email ? identityKeys(item.email).customerDomain : null,
      data: toResponse(item, id, now),
    };
  });
  const rows = await sql.write<{ n: unknown; id: string | null; fresh: boolean }>(COLLECT_SQL, [JSON.stringify(input), now]);
  return rows.map((row, i) => {
    if (!row.id) throw new Error(`collect: no id for item ${i + 1}`);
    return { id: row.id, replay: !row.fresh };
  });
}

/** The collect queue: every submission answered after the statement holding it committed. */
export function createCollectQueue(sql: Sql, now: () => string, maxBatch = 500) {
  return new GroupCommitter<CollectItem, CollectResult>({
    maxBatch,
    commit: (items) => collectBatch(sql, items, now()),
  });
}
