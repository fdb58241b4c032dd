// The customers export with each customer's current level and score as the collector computes
// them (kehu_levels): GET /v1/export/customers.csv|.ndjson, and so `kehu export --entity customers`.
// The interchange columns come first, unchanged, so the file still imports; `level` and `score`
// follow (an import ignores them).
import { EXPORT_COLUMNS } from '#shared/codecs/export-columns.ts';
import type { CsvValue } from '#shared/codecs/csv.ts';
import type { Customer } from '#shared/model/customer.ts';
import { type Queryable, int } from '../db/sql.ts';

export type LeveledCustomer = Customer & { level: string; score: number };

export const CUSTOMER_EXPORT_COLUMNS: { name: string; value: (r: LeveledCustomer) => CsvValue }[] = [
  ...(EXPORT_COLUMNS.customers as { name: string; value: (r: LeveledCustomer) => CsvValue }[]),
  { name: 'level', value: (r) => r.level },
  { name: 'score', value: (r) => r.score },
];

export interface CustomerScan {
  from?: string | undefined;
  to?: string | undefined;
  deleted?: boolean;
  pageSize?: number;
}

/** Customers in (createdAt, id) order, as scanRecords gives them, each with its level and score. */
export async function* scanLeveledCustomers(db: Queryable, options: CustomerScan = {}): AsyncGenerator<LeveledCustomer> {
  const pageSize = options.pageSize ?? 2000;
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = ["r.entity = 'customers'"];
    if (options.from) where.push(`r.at >= ${param(options.from)}`);
    if (options.to) where.push(`r.at < ${param(options.to)}`);
    if (!options.deleted) where.push('r.deleted_at IS NULL');
    if (after) where.push(`(r.at, r.id) > (${param(after.at)}, ${param(after.id)})`);
    const rows = await db.query<{ at: string; id: string; data: Customer; level: string | null; score: unknown }>(
      `SELECT r.at, r.id, r.data, l.level, l.score
         FROM kehu_records r LEFT JOIN kehu_levels l ON l.customer_id = r.id
        WHERE ${where.join(' AND ')} ORDER BY r.at, r.id LIMIT ${param(pageSize)}`,
      params,
    );
    for (const r of rows) yield { ...r.data, level: r.level ?? 'none', score: r.score == null ? 0 : int(r.score) };
    if (rows.length < pageSize) return;
    const last = rows.at(-1) as { at: string; id: string };
    after = { at: last.at, id: last.id };
  }
}
