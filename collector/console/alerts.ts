// The console's alerts and reviews: open alerts (open or in handling) by owner and level with their
// reasons, the roles on them (assign, reassign, escalate to a decision owner), and the corrective
// items of every review with their owner and state.
//
// A change is a new version of the alert, made with the shared roles model (shared/src/roles) and
// written through the same path as a rep's push (writeRecords): it gets a change seq and reaches
// every rep at their next sync, where the extension of the person escalated to announces it.
import * as z from 'zod';
import { type Alert, Alert as AlertSchema } from '#shared/model/risk.ts';
import { WarningLevel } from '#shared/model/common.ts';
import { changeRoles } from '#shared/roles/index.ts';
import { nextVersion } from '#shared/sync/version.ts';
import { type Queryable, type Sql, int } from '../db/sql.ts';
import { loadRecords, writeRecords } from '../store/records.ts';

/** Alerts someone still has to act on. */
const ACTIVE = ['open', 'handling'] as const;

export const AlertsQuery = z.object({
  /** The customer's owner on the alert; "" for alerts without one. */
  owner: z.string().max(200).optional(),
  assignee: z.string().max(200).optional(),
  level: WarningLevel.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  size: z.coerce.number().int().min(1).max(200).default(50),
});
export type AlertsQuery = z.infer<typeof AlertsQuery>;

export function parseAlertsQuery(params: Record<string, string[]>) {
  const one = (k: string) => params[k]?.[0];
  return AlertsQuery.safeParse({
    owner: one('owner'),
    assignee: one('assignee') || undefined,
    level: one('level') || undefined,
    page: one('page') || undefined,
    size: one('size') || undefined,
  });
}

export interface AlertRow {
  alert: Alert;
  customerName: string | null;
}

export interface AlertGroup {
  owner: string;
  level: string;
  count: number;
  overdue: number;
}

const LEVEL_RANK = `CASE a.data->>'level' WHEN 'red' THEN 4 WHEN 'orange' THEN 3 WHEN 'yellow' THEN 2 WHEN 'blue' THEN 1 ELSE 0 END`;

/** One page of active alerts, most severe first, then oldest first; with the counts by owner and level. */
export async function alertsPage(
  db: Queryable,
  query: AlertsQuery,
  now: string,
): Promise<{ rows: AlertRow[]; total: number; page: number; size: number; groups: AlertGroup[]; people: string[] }> {
  const where = [`a.entity = 'alerts'`, 'a.deleted_at IS NULL', `a.data->>'status' = ANY($1::text[])`];
  const params: unknown[] = [[...ACTIVE]];
  if (query.owner !== undefined) {
    params.push(query.owner);
    where.push(`coalesce(a.data->>'owner', '') = $${params.length}`);
  }
  if (query.assignee !== undefined) {
    params.push(query.assignee);
    where.push(`coalesce(a.data->>'assignee', '') = $${params.length}`);
  }
  if (query.level !== undefined) {
    params.push(query.level);
    where.push(`a.data->>'level' = $${params.length}`);
  }
  const filter = where.join(' AND ');
  const [count] = await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM kehu_records a WHERE ${filter}`, params);
  const rows = await db.query<{ data: Alert; customer_name: string | null }>(
    `SELECT a.data, c.data->>'name' AS customer_name
       FROM kehu_records a
       LEFT JOIN kehu_records c ON c.entity = 'customers' AND c.id = a.data->>'customerId'
      WHERE ${filter}
      ORDER BY ${LEVEL_RANK} DESC, a.data->>'raisedAt', a.id
      LIMIT ${query.size} OFFSET ${(query.page - 1) * query.size}`,
    params,
  );
  // The summary covers every active alert, whatever the filters, so a lead sees the whole team.
  const groups = await db.query<{ owner: string; level: string; n: unknown; overdue: unknown }>(
    `SELECT coalesce(a.data->>'owner', '') AS owner, a.data->>'level' AS level, count(*) AS n,
            count(*) FILTER (WHERE a.data->>'dueAt' < $2) AS overdue
       FROM kehu_records a
      WHERE a.entity = 'alerts' AND a.deleted_at IS NULL AND a.data->>'status' = ANY($1::text[])
      GROUP BY 1, 2
      ORDER BY 1, 2`,
    [[...ACTIVE], now],
  );
  return {
    rows: rows.map((r) => ({ alert: r.data, customerName: r.customer_name })),
    total: count ? int(count.n) : 0,
    page: query.page,
    size: query.size,
    groups: groups.map((g) => ({ owner: g.owner, level: g.level, count: int(g.n), overdue: int(g.overdue) })),
    people: await knownPeople(db),
  };
}

/** Everyone named as an owner, assignee or decision owner on an alert or a customer: the choices offered. */
async function knownPeople(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ who: string }>(
    `SELECT DISTINCT who FROM (
       SELECT data->>'owner' AS who FROM kehu_records WHERE entity IN ('alerts', 'customers')
       UNION SELECT data->>'assignee' FROM kehu_records WHERE entity = 'alerts'
       UNION SELECT data->>'decisionOwner' FROM kehu_records WHERE entity = 'alerts'
     ) p WHERE who IS NOT NULL AND who <> '' ORDER BY who LIMIT 500`,
  );
  return rows.map((r) => r.who);
}

export interface ReviewRow {
  alert: Alert;
  customerName: string | null;
}

export const ReviewsQuery = z.object({
  /** Only reviews with corrective items still to do. */
  open: z.enum(['yes', 'no']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  size: z.coerce.number().int().min(1).max(200).default(50),
});
export type ReviewsQuery = z.infer<typeof ReviewsQuery>;

export function parseReviewsQuery(params: Record<string, string[]>) {
  const one = (k: string) => params[k]?.[0] || undefined;
  return ReviewsQuery.safeParse({ open: one('open'), page: one('page'), size: one('size') });
}

/** Alerts whose review has corrective items, most recently reviewed first. */
export async function reviewsPage(
  db: Queryable,
  query: ReviewsQuery,
): Promise<{ rows: ReviewRow[]; total: number; page: number; size: number }> {
  const where = [
    `a.entity = 'alerts'`,
    'a.deleted_at IS NULL',
    `jsonb_array_length(coalesce(a.data->'review'->'corrections', '[]'::jsonb)) > 0`,
  ];
  if (query.open === 'yes')
    where.push(`EXISTS (SELECT 1 FROM jsonb_array_elements(a.data->'review'->'corrections') i WHERE i->>'done' <> 'true')`);
  const filter = where.join(' AND ');
  const [count] = await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM kehu_records a WHERE ${filter}`);
  const rows = await db.query<{ data: Alert; customer_name: string | null }>(
    `SELECT a.data, c.data->>'name' AS customer_name
       FROM kehu_records a
       LEFT JOIN kehu_records c ON c.entity = 'customers' AND c.id = a.data->>'customerId'
      WHERE ${filter}
      ORDER BY coalesce(a.data->'review'->>'reviewedAt', a.updated_at) DESC, a.id
      LIMIT ${query.size} OFFSET ${(query.page - 1) * query.size}`,
  );
  return {
    rows: rows.map((r) => ({ alert: r.data, customerName: r.customer_name })),
    total: count ? int(count.n) : 0,
    page: query.page,
    size: query.size,
  };
}

const Person = z.string().trim().max(200, 'at most 200 characters');

/** A change of roles from the console: assign (assignee and decision owner) or escalate. */
export const RolesBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assign'), assignee: Person.optional(), decisionOwner: Person.optional() }),
  z.object({
    action: z.literal('escalate'),
    to: Person.min(1, 'say who to escalate to'),
    note: z.string().trim().max(2000, 'at most 2000 characters').optional(),
  }),
]);

/** A corrective item's owner and state. */
export const CorrectionBody = z
  .object({ owner: Person.optional(), done: z.boolean().optional() })
  .refine((b) => b.owner !== undefined || b.done !== undefined, { message: 'change the owner or the state' });

/** The record is missing (404) or the change does not apply to it (409). */
export class AlertChangeError extends Error {
  override name = 'AlertChangeError';
  readonly status: 404 | 409;
  constructor(status: 404 | 409, message: string) {
    super(message);
    this.status = status;
  }
}

async function rewriteAlert(sql: Sql, id: string, now: string, by: string, change: (stored: Alert) => Alert): Promise<Alert> {
  return sql.transaction(async (tx) => {
    const found = await loadRecords(tx, [{ entity: 'alerts', id }]);
    const stored = found.get(`alerts\u0000${id}`)?.record as Alert | undefined;
    if (!stored || stored.deletedAt) throw new AlertChangeError(404, 'no such alert (it may have been deleted)');
    let changed: Alert;
    try {
      changed = change(stored);
    } catch (e) {
      throw new AlertChangeError(409, (e as Error).message);
    }
    // The version a replica accepts: above the stored one even when this clock runs behind a rep's.
    const next = AlertSchema.parse({ ...changed, ...nextVersion(stored, now, by) });
    await writeRecords(tx, [{ entity: 'alerts', record: next }], now);
    return next;
  });
}

/** Assign, reassign or escalate an alert, with the shared roles model. */
export function changeAlertRoles(sql: Sql, id: string, body: z.infer<typeof RolesBody>, now: string, by: string) {
  return rewriteAlert(sql, id, now, by, (stored) => {
    if (body.action === 'escalate') return changeRoles(stored, { action: 'escalate', to: body.to, note: body.note }, { now, by });
    const change: { action: 'assign'; assignee?: string; decisionOwner?: string } = { action: 'assign' };
    if (body.assignee !== undefined) change.assignee = body.assignee;
    if (body.decisionOwner !== undefined) change.decisionOwner = body.decisionOwner;
    return changeRoles(stored, change, { now, by });
  });
}

/** Change one corrective item of an alert's review: its owner, or whether it is done. */
export function changeCorrection(
  sql: Sql,
  id: string,
  itemId: string,
  body: z.infer<typeof CorrectionBody>,
  now: string,
  by: string,
) {
  return rewriteAlert(sql, id, now, by, (stored) => {
    const items = stored.review?.corrections ?? [];
    if (!stored.review || !items.some((i) => i.id === itemId)) throw new Error('the review has no such corrective item');
    const corrections = items.map((i) => {
      if (i.id !== itemId) return i;
      const next = { ...i };
      if (body.owner !== undefined) {
        if (body.owner) next.owner = body.owner;
        else delete next.owner;
      }
      if (body.done !== undefined) next.done = body.done;
      return next;
    });
    return { ...stored, review: { ...stored.review, corrections } };
  });
}
