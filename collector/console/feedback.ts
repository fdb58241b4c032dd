// The console's feedback inbox: every survey answer and feedback form the collector holds,
// matched to a customer or not, filtered and paged in the store, each with the case it opened and
// the step that case is at; and linking an unmatched answer to a customer (and contact). A link is a new version of the answer written through the same
// path as a rep's push, so it syncs to every rep, and the customer is reassessed.
import * as z from 'zod';
import { type CaseStatus, caseIdForComplaint } from '#shared/model/case.ts';
import { RESPONSE_KINDS } from '#shared/model/submission.ts';
import { Response } from '#shared/model/response.ts';
import { nextVersion } from '#shared/sync/version.ts';
import { type Queryable, type Sql, int } from '../db/sql.ts';
import { loadRecords, writeRecords } from '../store/records.ts';

export const InboxQuery = z.object({
  kind: z.array(z.enum(RESPONSE_KINDS)).max(10).default([]),
  site: z.string().max(200).optional(),
  matched: z.enum(['yes', 'no']).optional(),
  /** Closing the loop: open (neither adopted nor told), adopted, told (something was said to the customer). */
  state: z.enum(['open', 'adopted', 'told']).optional(),
  minScore: z.coerce.number().int().min(0).max(10).optional(),
  maxScore: z.coerce.number().int().min(0).max(10).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  size: z.coerce.number().int().min(1).max(200).default(50),
});
export type InboxQuery = z.infer<typeof InboxQuery>;

export function parseInboxQuery(params: Record<string, string[]>) {
  const one = (k: string) => params[k]?.[0] || undefined;
  return InboxQuery.safeParse({
    kind: params.kind,
    site: one('site'),
    matched: one('matched'),
    state: one('state'),
    minScore: one('minScore'),
    maxScore: one('maxScore'),
    from: one('from'),
    to: one('to'),
    page: one('page'),
    size: one('size'),
  });
}

export interface InboxRow {
  response: Response;
  customerName: string | null;
  /** The customer's owner: who a case opened from this answer goes to unless someone else is chosen. */
  customerOwner: string | null;
  /** The name of the site key it came through. */
  site: string | null;
  /** The case made from this answer (automatically for a complaint, or by hand), if any. */
  case: { id: string; status: CaseStatus; owner: string | null } | null;
}

export async function inboxPage(
  db: Queryable,
  q: InboxQuery,
): Promise<{ rows: InboxRow[]; total: number; page: number; size: number }> {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where = ["r.entity = 'responses'", 'r.deleted_at IS NULL'];
  if (q.kind.length) where.push(`r.data ->> 'kind' = ANY(${p(q.kind)}::text[])`);
  if (q.site) where.push(`s.name = ${p(q.site)}`);
  if (q.matched === 'yes') where.push("r.data ? 'customerId'");
  if (q.matched === 'no') where.push("NOT (r.data ? 'customerId')");
  const told = "jsonb_array_length(COALESCE(r.data -> 'customerLog', '[]'::jsonb)) > 0";
  if (q.state === 'adopted') where.push("r.data ? 'adopted'");
  if (q.state === 'told') where.push(told);
  if (q.state === 'open') where.push(`NOT (r.data ? 'adopted') AND NOT (${told})`);
  if (q.minScore !== undefined) where.push(`(r.data ->> 'score')::int >= ${p(q.minScore)}`);
  if (q.maxScore !== undefined) where.push(`(r.data ->> 'score')::int <= ${p(q.maxScore)}`);
  if (q.from) where.push(`r.at >= ${p(q.from)}`);
  if (q.to) where.push(`r.at < ${p(new Date(Date.parse(q.to) + 86_400_000).toISOString().slice(0, 10))}`);
  const rows = await db.query<{
    data: Response;
    customer_name: string | null;
    customer_owner: string | null;
    site: string | null;
    total: unknown;
  }>(
    `SELECT r.data, c.data ->> 'name' AS customer_name, c.data ->> 'owner' AS customer_owner, s.name AS site, count(*) OVER () AS total
       FROM kehu_records r
       LEFT JOIN kehu_records c ON c.entity = 'customers' AND c.id = r.data ->> 'customerId'
       LEFT JOIN kehu_site_keys s ON s.key = r.data ->> 'siteKey'
      WHERE ${where.join(' AND ')}
      ORDER BY r.at DESC, r.id
      LIMIT ${p(q.size)} OFFSET ${p((q.page - 1) * q.size)}`,
    params,
  );
  // The cases these answers opened, by the id the shared model derives from an answer's id.
  const caseIds = rows.map((r) => caseIdForComplaint(r.data.id));
  const cases =
    caseIds.length === 0
      ? []
      : await db.query<{ id: string; status: CaseStatus; owner: string | null }>(
          `SELECT id, data ->> 'status' AS status, data ->> 'owner' AS owner FROM kehu_records
            WHERE entity = 'cases' AND deleted_at IS NULL AND id = ANY($1::text[])`,
          [caseIds],
        );
  const caseById = new Map(cases.map((c) => [c.id, c]));
  return {
    rows: rows.map((r) => ({
      response: r.data,
      customerName: r.customer_name,
      customerOwner: r.customer_owner,
      site: r.site,
      case: caseById.get(caseIdForComplaint(r.data.id)) ?? null,
    })),
    total: rows[0] ? int(rows[0].total) : 0,
    page: q.page,
    size: q.size,
  };
}

export const LinkBody = z.object({ customerId: z.string().min(1).max(200), contactId: z.string().min(1).max(200).optional() });

export class LinkError extends Error {
  override name = 'LinkError';
}

/** Link an answer to a customer (and one of its contacts). Returns the answer as now stored. */
export async function linkResponse(
  sql: Sql,
  responseId: string,
  link: z.infer<typeof LinkBody>,
  now: string,
  by: string,
): Promise<Response> {
  return sql.transaction(async (tx) => {
    const found = await loadRecords(tx, [
      { entity: 'responses', id: responseId },
      { entity: 'customers', id: link.customerId },
      ...(link.contactId ? [{ entity: 'contacts' as const, id: link.contactId }] : []),
    ]);
    const stored = found.get(`responses\u0000${responseId}`)?.record as Response | undefined;
    if (!stored || stored.deletedAt) throw new LinkError('no such answer');
    const customer = found.get(`customers\u0000${link.customerId}`)?.record;
    if (!customer || customer.deletedAt) throw new LinkError('no such customer');
    if (link.contactId) {
      const contact = found.get(`contacts\u0000${link.contactId}`)?.record as
        | { customerId?: string; deletedAt?: string | null }
        | undefined;
      if (!contact || contact.deletedAt || contact.customerId !== link.customerId)
        throw new LinkError('the contact does not belong to that customer');
    }
    const next = Response.parse({
      ...stored,
      customerId: link.customerId,
      ...(link.contactId ? { contactId: link.contactId } : {}),
      ...nextVersion(stored, now, by),
    });
    await writeRecords(tx, [{ entity: 'responses', record: next }], now);
    return next;
  });
}
