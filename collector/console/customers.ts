// The console's customer worklist: filtered, sorted and paged in the store, with each customer's
// level as the collector last assessed it (kehu_levels).
import * as z from 'zod';
import { WARNING_LEVELS } from '#shared/model/common.ts';
import { CustomerTier, LifecycleStage } from '#shared/model/customer.ts';
import { type Queryable, int } from '../db/sql.ts';

const many = <T extends z.ZodType>(item: T) => z.array(item).max(20).default([]);

export const WorklistQuery = z.object({
  q: z.string().trim().max(200).default(''),
  owner: many(z.string().max(200)),
  level: many(z.enum(WARNING_LEVELS)),
  tier: many(CustomerTier),
  stage: many(LifecycleStage),
  tag: many(z.string().max(200)),
  sort: z.enum(['risk', 'name', 'value', 'owner']).default('risk'),
  dir: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  size: z.coerce.number().int().min(1).max(200).default(50),
});
export type WorklistQuery = z.infer<typeof WorklistQuery>;

export interface WorklistRow {
  id: string;
  name: string;
  owner: string | null;
  tier: string;
  stage: string | null;
  tags: string[];
  value: number | null;
  currency: string | null;
  level: (typeof WARNING_LEVELS)[number];
  score: number;
}

export interface WorklistPage {
  rows: WorklistRow[];
  total: number;
  page: number;
  size: number;
}

/** The level's rank for sorting: red first. */
const LEVEL_RANK = `CASE coalesce(l.level, 'none') ${WARNING_LEVELS.map((level, i) => `WHEN '${level}' THEN ${i}`).join(' ')} END`;

export class Customers {
  readonly #db: Queryable;
  constructor(db: Queryable) {
    this.#db = db;
  }

  /** Query parameters (`?level=red&level=orange&q=…`) checked against the worklist schema. */
  static parseQuery(params: Record<string, string[]>) {
    const one = (k: string) => params[k]?.[0];
    return WorklistQuery.safeParse({
      q: one('q'),
      owner: params.owner,
      level: params.level,
      tier: params.tier,
      stage: params.stage,
      tag: params.tag,
      sort: one('sort'),
      dir: one('dir'),
      page: one('page'),
      size: one('size'),
    });
  }

  async page(query: WorklistQuery): Promise<WorklistPage> {
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = ["r.entity = 'customers'", 'r.deleted_at IS NULL'];
    if (query.owner.length) where.push(`r.data ->> 'owner' = ANY(${p(query.owner)}::text[])`);
    if (query.level.length) where.push(`coalesce(l.level, 'none') = ANY(${p(query.level)}::text[])`);
    if (query.tier.length) where.push(`coalesce(r.data ->> 'tier', 'general') = ANY(${p(query.tier)}::text[])`);
    if (query.stage.length) where.push(`r.data ->> 'stage' = ANY(${p(query.stage)}::text[])`);
    if (query.tag.length) where.push(`(r.data -> 'tags') ?| ${p(query.tag)}::text[]`);
    if (query.q) {
      const like = p(`%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
      where.push(
        `(r.data ->> 'name' ILIKE ${like} OR (r.data -> 'domains')::text ILIKE ${like} OR coalesce(l.pinyin, '') ILIKE ${p(
          `%${query.q.toLowerCase().replace(/[^a-z]/g, '')}%`,
        )} AND ${p(/^[a-z ]+$/i.test(query.q))})`,
      );
    }
    const dir = query.dir === 'asc' ? 'ASC' : 'DESC';
    const order = {
      risk: `${LEVEL_RANK} ${dir}, coalesce(l.score, 0) ${dir}, r.data ->> 'name' ASC`,
      name: `r.data ->> 'name' ${dir}, r.id`,
      value: `(r.data ->> 'value')::float8 ${dir} NULLS LAST, r.id`,
      owner: `r.data ->> 'owner' ${dir} NULLS LAST, r.data ->> 'name'`,
    }[query.sort];
    const rows = await this.#db.query<{
      id: string;
      data: { name: string; owner?: string; tier?: string; stage?: string; tags?: string[]; value?: number; currency?: string };
      level: string | null;
      score: unknown;
      total: unknown;
    }>(
      `SELECT r.id, r.data, l.level, l.score, count(*) OVER () AS total
         FROM kehu_records r LEFT JOIN kehu_levels l ON l.customer_id = r.id
        WHERE ${where.join(' AND ')}
        ORDER BY ${order}
        LIMIT ${p(query.size)} OFFSET ${p((query.page - 1) * query.size)}`,
      params,
    );
    return {
      rows: rows.map((r) => ({
        id: r.id,
        name: r.data.name,
        owner: r.data.owner ?? null,
        tier: r.data.tier ?? 'general',
        stage: r.data.stage ?? null,
        tags: r.data.tags ?? [],
        value: r.data.value ?? null,
        currency: r.data.currency ?? null,
        level: (r.level ?? 'none') as WorklistRow['level'],
        score: r.score == null ? 0 : int(r.score),
      })),
      total: rows[0] ? int(rows[0].total) : await this.#count(where, params.slice(0, -2)),
      page: query.page,
      size: query.size,
    };
  }

  async #count(where: string[], params: unknown[]): Promise<number> {
    const [row] = await this.#db.query<{ n: unknown }>(
      `SELECT count(*) AS n FROM kehu_records r LEFT JOIN kehu_levels l ON l.customer_id = r.id WHERE ${where.join(' AND ')}`,
      params,
    );
    return row ? int(row.n) : 0;
  }

  /** The owners and tags in use, for the worklist's filter choices. */
  async filterValues(): Promise<{ owners: string[]; tags: string[] }> {
    const owners = await this.#db.query<{ v: string }>(
      `SELECT DISTINCT data ->> 'owner' AS v FROM kehu_records
        WHERE entity = 'customers' AND deleted_at IS NULL AND data ? 'owner' ORDER BY 1 LIMIT 500`,
    );
    const tags = await this.#db.query<{ v: string }>(
      `SELECT DISTINCT jsonb_array_elements_text(data -> 'tags') AS v FROM kehu_records
        WHERE entity = 'customers' AND deleted_at IS NULL ORDER BY 1 LIMIT 500`,
    );
    return { owners: owners.map((r) => r.v), tags: tags.map((r) => r.v) };
  }
}

/** Everything the customer page shows: the record, its level and reasons, and what belongs to it. */
export interface CustomerDetail {
  customer: Record<string, unknown>;
  level: string;
  score: number;
  assessment: Record<string, unknown> | null;
  contacts: Record<string, unknown>[];
  /** The latest interactions and answers, newest first. */
  timeline: { entity: 'interactions' | 'responses'; at: string; record: Record<string, unknown> }[];
  alerts: Record<string, unknown>[];
  cases: Record<string, unknown>[];
  followups: Record<string, unknown>[];
}

const TIMELINE = 200;

export async function customerDetail(db: Queryable, id: string): Promise<CustomerDetail | null> {
  const [row] = await db.query<{
    data: Record<string, unknown>;
    level: string | null;
    score: unknown;
    assessment: Record<string, unknown> | null;
  }>(
    `SELECT r.data, l.level, l.score, l.assessment FROM kehu_records r LEFT JOIN kehu_levels l ON l.customer_id = r.id
      WHERE r.entity = 'customers' AND r.id = $1 AND r.deleted_at IS NULL`,
    [id],
  );
  if (!row) return null;
  const of = async (entity: string, order: string, limit = 1000) =>
    (
      await db.query<{ data: Record<string, unknown> }>(
        `SELECT data FROM kehu_records WHERE data ->> 'customerId' = $1 AND data ? 'customerId' AND entity = $2
            AND deleted_at IS NULL ORDER BY ${order} LIMIT ${limit}`,
        [id, entity],
      )
    ).map((r) => r.data);
  const interactions = await of('interactions', 'at DESC, id', TIMELINE);
  const responses = await of('responses', 'at DESC, id', TIMELINE);
  const timeline = [
    ...interactions.map((record) => ({ entity: 'interactions' as const, at: String(record.occurredAt), record })),
    ...responses.map((record) => ({ entity: 'responses' as const, at: String(record.submittedAt), record })),
  ]
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .slice(0, TIMELINE);
  return {
    customer: row.data,
    level: row.level ?? 'none',
    score: row.score == null ? 0 : int(row.score),
    assessment: row.assessment,
    contacts: await of('contacts', "data ->> 'name', id"),
    timeline,
    alerts: await of('alerts', 'at DESC, id', 100),
    cases: await of('cases', 'at DESC, id', 100),
    followups: await of('followups', 'at ASC, id', 100),
  };
}
