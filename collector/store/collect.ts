// Submissions from the SDK become Response records (and so changes every extension pulls).
// Idempotent by site key and clientId: a replay answers with the id of the first.
import { randomUUID } from 'node:crypto';
import { Response } from '#shared/model/response.ts';
import type { Submission } from '#shared/model/submission.ts';
import type { SyncRecord } from '#shared/model/sync.ts';
import type { Queryable, Sql } from '../db/sql.ts';
import { GroupCommitter } from './group-commit.ts';
import { resolveAddresses } from './identity.ts';
import { writeRecords } from './records.ts';

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

export function toResponse(
  item: CollectItem,
  id: string,
  now: string,
  who: { contactId?: string; customerId?: string },
): Response {
  const s = item.submission;
  const respondent =
    s.respondent && (item.email || s.respondent.name || s.respondent.consent !== undefined)
      ? {
          ...(item.email ? { email: item.email } : {}),
          ...(s.respondent.name ? { name: s.respondent.name.slice(0, 200) } : {}),
          ...(s.respondent.consent !== undefined ? { consent: s.respondent.consent } : {}),
        }
      : {};
  const pageUrl = pageWithoutQuery(s.pageUrl);
  return Response.parse({
    id,
    kind: s.kind,
    ...(s.score !== undefined ? { score: s.score } : {}),
    ...(s.comment?.trim() ? { comment: s.comment.trim() } : {}),
    ...(s.answers && Object.keys(s.answers).length > 0 ? { answers: s.answers } : {}),
    respondent,
    ...who,
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
  });
}

/** Store a batch of submissions in the caller's transaction. */
export async function collectBatch(tx: Queryable, items: readonly CollectItem[], now: string): Promise<CollectResult[]> {
  const ids = items.map(() => randomUUID());
  // Claim each (site key, clientId); a claim that exists already, from an earlier request or an
  // earlier item of this batch, makes this item a replay.
  const claimed = await tx.query<{ site_key: string; client_id: string; response_id: string }>(
    `INSERT INTO kehu_submissions (site_key, client_id, response_id, received_at)
     SELECT site_key, client_id, response_id, $2 FROM jsonb_to_recordset($1::jsonb) AS x(site_key text, client_id text, response_id text)
     ON CONFLICT DO NOTHING
     RETURNING site_key, client_id, response_id`,
    [
      JSON.stringify(items.map((it, i) => ({ site_key: it.site.key, client_id: it.submission.clientId, response_id: ids[i] }))),
      now,
    ],
  );
  const claimedIds = new Set(claimed.map((c) => c.response_id));
  const fresh = items.map((_, i) => claimedIds.has(ids[i] as string));

  const replays = items.filter((_, i) => !fresh[i]);
  const existing = new Map<string, string>();
  if (replays.length > 0) {
    const rows = await tx.query<{ site_key: string; client_id: string; response_id: string }>(
      `SELECT s.site_key, s.client_id, s.response_id FROM kehu_submissions s
         JOIN unnest($1::text[], $2::text[]) AS k(site_key, client_id) ON s.site_key = k.site_key AND s.client_id = k.client_id`,
      [replays.map((r) => r.site.key), replays.map((r) => r.submission.clientId)],
    );
    for (const r of rows) existing.set(`${r.site_key}\u0000${r.client_id}`, r.response_id);
  }

  const emails = items.filter((it, i) => fresh[i] && it.email).map((it) => it.email as string);
  const who = await resolveAddresses(tx, emails);
  const records: SyncRecord[] = [];
  items.forEach((it, i) => {
    if (fresh[i])
      records.push({ entity: 'responses', record: toResponse(it, ids[i] as string, now, (it.email && who.get(it.email)) || {}) });
  });
  if (records.length > 0) await writeRecords(tx, records, now);

  return items.map((it, i) =>
    fresh[i]
      ? { id: ids[i] as string, replay: false }
      : { id: existing.get(`${it.site.key}\u0000${it.submission.clientId}`) as string, replay: true },
  );
}

/** The collect queue: every submission answered after the transaction holding it committed. */
export function createCollectQueue(sql: Sql, now: () => string, maxBatch = 500) {
  return new GroupCommitter<CollectItem, CollectResult>({
    maxBatch,
    commit: (items) => sql.transaction((tx) => collectBatch(tx, items, now())),
  });
}
