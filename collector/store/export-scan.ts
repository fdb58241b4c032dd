// The records an export reads, filtered in the store and read in keyset pages (no long
// transaction, little memory), in order of each record's own time (RECORD_TIME).
//
// The filters, the same for every entity:
// * from / to: the record's own time (createdAt, occurredAt, submittedAt, openedAt, raisedAt,
//   dueAt), from inclusive, to exclusive.
// * level: the customer's current level as the collector computes it (kehu_levels; 'none' when
//   the customer has none); for customers their own, for every other record its customer's.
// * owner: the customer's owner; for customers their own, for every other record its customer's.
// * site: the site (by its key's name) an answer came through; answers and feedback only.
// Customers come with their level and score.
import type { WarningLevel } from '#shared/model/common.ts';
import type { EntityRecord } from '#shared/model/sync.ts';
import type { ExportEntity } from '#shared/model/interchange.ts';
import { type Queryable, int } from '../db/sql.ts';

export interface ExportFilter {
  from?: string | undefined;
  to?: string | undefined;
  levels?: readonly WarningLevel[] | undefined;
  owner?: string | undefined;
  site?: string | undefined;
  /** Include deleted records (tombstones). */
  deleted?: boolean | undefined;
}

/** A customer with its current level and score. */
export type LeveledCustomer = EntityRecord<'customers'> & { level: WarningLevel; score: number };

export type ExportRecord<E extends ExportEntity> = E extends 'customers' ? LeveledCustomer : EntityRecord<E>;

/** Every record of `entity` that passes the filter. */
export async function* scanExport<E extends ExportEntity>(
  db: Queryable,
  entity: E,
  filter: ExportFilter = {},
  pageSize = 2000,
): AsyncGenerator<ExportRecord<E>> {
  const customers = entity === 'customers';
  // The customer a record belongs to: the record itself, or its customerId.
  const customerId = customers ? 'r.id' : "(r.data ->> 'customerId')";
  const levels = filter.levels && filter.levels.length > 0 ? filter.levels : undefined;
  const joinLevels = customers || levels !== undefined;
  const joinCustomer = !customers && filter.owner !== undefined;
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const params: unknown[] = [entity];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = ['r.entity = $1'];
    if (filter.from) where.push(`r.at >= ${param(filter.from)}`);
    if (filter.to) where.push(`r.at < ${param(filter.to)}`);
    if (!filter.deleted) where.push('r.deleted_at IS NULL');
    if (levels) where.push(`COALESCE(l.level, 'none') = ANY(${param(levels)}::text[])`);
    if (filter.owner !== undefined) where.push(`${customers ? 'r' : 'c'}.data ->> 'owner' = ${param(filter.owner)}`);
    if (filter.site !== undefined)
      where.push(`r.data ->> 'siteKey' IN (SELECT s.key FROM kehu_site_keys s WHERE s.name = ${param(filter.site)})`);
    if (after) where.push(`(r.at, r.id) > (${param(after.at)}, ${param(after.id)})`);
    const rows = await db.query<{ at: string; id: string; data: EntityRecord<E>; level?: string | null; score?: unknown }>(
      `SELECT r.at, r.id, r.data${joinLevels ? ', l.level, l.score' : ''}
         FROM kehu_records r
         ${joinCustomer ? `LEFT JOIN kehu_records c ON c.entity = 'customers' AND c.id = ${customerId}` : ''}
         ${joinLevels ? `LEFT JOIN kehu_levels l ON l.customer_id = ${customerId}` : ''}
        WHERE ${where.join(' AND ')}
        ORDER BY r.at, r.id LIMIT ${param(pageSize)}`,
      params,
    );
    for (const r of rows) {
      yield (
        customers ? { ...r.data, level: (r.level ?? 'none') as WarningLevel, score: r.score == null ? 0 : int(r.score) } : r.data
      ) as ExportRecord<E>;
    }
    if (rows.length < pageSize) return;
    const last = rows.at(-1) as { at: string; id: string };
    after = { at: last.at, id: last.id };
  }
}
