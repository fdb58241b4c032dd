// Suspect answers: submissions the SDK flagged `suspect: true` (sent faster than a person fills
// the form in). A quick real person must not lose their answer, and a bot must not move a
// customer's warning level, so these are kept apart in kehu_suspect: stored durably, listed for
// the team, but out of the change log (not synced to reps, not counted by the risk engine) until
// someone releases one. A released answer becomes an ordinary response record and syncs like
// any other.
import { identityKeys } from '#shared/identity/domain.ts';
import type { Response } from '#shared/model/response.ts';
import { type Sql, int } from '../db/sql.ts';
import { type CollectItem, type CollectResult, responseId, toResponse } from './collect.ts';
import { writeRecords } from './records.ts';

export interface SuspectAnswer {
  id: string;
  siteKey: string;
  receivedAt: string;
  /** The response record it becomes when released (without its contact and customer yet). */
  response: Response;
}

/**
 * Keep a suspect answer apart. Idempotent like collect: the id comes from the site key and
 * clientId, so a replay (or an answer already stored normally) stores nothing new.
 */
export async function storeSuspect(sql: Sql, item: CollectItem, now: string): Promise<CollectResult> {
  const id = responseId(item.site.key, item.submission.clientId);
  const response = toResponse(item, id, now);
  const rows = await sql.write<{ id: string }>(
    `INSERT INTO kehu_suspect (id, site_key, received_at, email, domain, data)
     SELECT $1, $2, $3, $4, $5, $6::jsonb
      WHERE NOT EXISTS (SELECT 1 FROM kehu_records WHERE entity = 'responses' AND id = $1)
        AND NOT EXISTS (SELECT 1 FROM kehu_collected WHERE id = $1)
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
    [
      id,
      item.site.key,
      now,
      item.email ?? null,
      item.email ? identityKeys(item.email).customerDomain : null,
      JSON.stringify(response),
    ],
  );
  return { id, replay: rows.length === 0 };
}

/** Suspect answers not yet released, oldest first, in keyset pages. */
export async function listSuspect(
  sql: Sql,
  options: { limit: number; after?: { receivedAt: string; id: string } | undefined },
): Promise<{ answers: SuspectAnswer[]; waiting: number }> {
  const params: unknown[] = [options.limit];
  let where = 'released_at IS NULL';
  if (options.after) {
    params.push(options.after.receivedAt, options.after.id);
    where += ' AND (received_at, id) > ($2, $3)';
  }
  const rows = await sql.query<{ id: string; site_key: string; received_at: string; data: Response }>(
    `SELECT id, site_key, received_at, data FROM kehu_suspect WHERE ${where} ORDER BY received_at, id LIMIT $1`,
    params,
  );
  const [count] = await sql.query<{ n: unknown }>('SELECT count(*) AS n FROM kehu_suspect WHERE released_at IS NULL');
  return {
    answers: rows.map((r) => ({ id: r.id, siteKey: r.site_key, receivedAt: r.received_at, response: r.data })),
    waiting: int(count?.n ?? 0),
  };
}

/**
 * Release a suspect answer: it becomes a response record (matched to contact and customer as
 * collect matches them, stamped with the release time so every rep pulls it) in the change log.
 * Null when there is no such suspect answer; releasing one twice answers the same record.
 */
export async function releaseSuspect(
  sql: Sql,
  id: string,
  now: string,
  by: string,
): Promise<{ response: Response; seq: number; already: boolean } | null> {
  return sql.transaction(async (tx) => {
    const [row] = await tx.query<{ email: string | null; domain: string | null; data: Response; released_at: string | null }>(
      'SELECT email, domain, data, released_at FROM kehu_suspect WHERE id = $1 FOR UPDATE',
      [id],
    );
    if (!row) return null;
    if (row.released_at !== null) {
      const [stored] = await tx.query<{ seq: unknown; data: Response }>(
        "SELECT seq, data FROM kehu_records WHERE entity = 'responses' AND id = $1",
        [id],
      );
      return stored ? { response: stored.data, seq: int(stored.seq), already: true } : null;
    }
    // The same matching as collect (store/collect.ts): a live contact with this exact address,
    // its customer, else the live customer owning the address's registrable domain.
    const [match] = await tx.query<{ contact: { id: string; customerId?: unknown } | null; by_domain: string | null }>(
      `SELECT
         (SELECT jsonb_build_object('id', c.id, 'customerId', c.data->'customerId') FROM kehu_records c
           WHERE $1::text IS NOT NULL AND c.entity = 'contacts' AND c.deleted_at IS NULL AND c.data->'emails' ? $1
           ORDER BY c.updated_at DESC, c.id LIMIT 1) AS contact,
         (SELECT cu.id FROM kehu_records cu
           WHERE $2::text IS NOT NULL AND cu.entity = 'customers' AND cu.deleted_at IS NULL AND cu.data->'domains' ? $2
           ORDER BY cu.updated_at DESC, cu.id LIMIT 1) AS by_domain`,
      [row.email, row.domain],
    );
    const contactId = match?.contact?.id;
    const customerId =
      typeof match?.contact?.customerId === 'string' ? match.contact.customerId : (match?.by_domain ?? undefined);
    const response: Response = {
      ...row.data,
      ...(contactId ? { contactId } : {}),
      ...(customerId ? { customerId } : {}),
      updatedAt: now,
      updatedBy: by.slice(0, 200),
    };
    const [outcome] = await writeRecords(tx, [{ entity: 'responses', record: response }], now);
    await tx.query('UPDATE kehu_suspect SET released_at = $2, released_by = $3 WHERE id = $1', [id, now, by]);
    const seq = outcome && outcome.action !== 'conflict' ? outcome.seq : 0;
    return { response, seq, already: false };
  });
}
