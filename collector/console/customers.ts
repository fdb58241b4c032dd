// The console's customer worklist: filtered, sorted and paged in the store, with each customer's
// level as the collector last assessed it (kehu_worklist: the customers and their kehu_levels rows).
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
  /**
   * The matching customers, counted only up to COUNT_AHEAD rows past this page's start (a
   * `countAhead` option), with
   * `more`, there are more than `total` (a full count of 100,000 rows costs more than the page).
   */
  total: number;
  more: boolean;
  page: number;
  size: number;
}

/** How many rows past a page's start the worklist counts before it says "more than". */
export const COUNT_AHEAD = 10_000;

export class Customers {
  readonly #db: Queryable;
  readonly #countAhead: number;
  constructor(db: Queryable, options: { countAhead?: number } = {}) {
    this.#db = db;
    this.#countAhead = options.countAhead ?? COUNT_AHEAD;
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
    // kehu_worklist: one narrow row per customer, kept by triggers (migration 9); its indexes
    // give each sort's order, so a page reads about as many rows as it shows.
    const where = ['true'];
    if (query.owner.length) where.push(`w.owner = ANY(${p(query.owner)}::text[])`);
    if (query.level.length) where.push(`w.level = ANY(${p(query.level)}::text[])`);
    if (query.tier.length) where.push(`w.tier = ANY(${p(query.tier)}::text[])`);
    if (query.stage.length) where.push(`w.stage = ANY(${p(query.stage)}::text[])`);
    if (query.tag.length) where.push(`w.tags ?| ${p(query.tag)}::text[]`);
    if (query.q) {
      // Indexed by trigrams (kehu_worklist_search, migration 10): each ILIKE '%…%' reads only
      // the rows whose name, domains or pinyin hold the text's three-letter pieces.
      const like = p(`%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
      const matches = [`w.name ILIKE ${like}`, `w.domains ILIKE ${like}`];
      // Latin letters may be a Chinese name's reading: "shanghai", "sh maoyi".
      const letters = query.q.toLowerCase().replace(/[^a-z]/g, '');
      if (letters && /^[a-z ]+$/i.test(query.q)) matches.push(`w.pinyin LIKE ${p(`%${letters}%`)}`);
      where.push(`(${matches.join(' OR ')})`);
    }
    const dir = query.dir === 'asc' ? 'ASC' : 'DESC';
    const order = {
      // rank: the level's place in WARNING_LEVELS (none 0 … red 4), so red comes first.
      risk: `w.rank ${dir}, w.score ${dir}, w.name ASC`,
      name: `w.name ${dir}, w.id`,
      value: `w.value ${dir} NULLS LAST, w.id`,
      owner: `w.owner ${dir} NULLS LAST, w.name`,
    }[query.sort];
    const filters = params.length;
    const offset = (query.page - 1) * query.size;
    const [rows, count] = await Promise.all([
      this.#db.query<{
        id: string;
        name: string;
        owner: string | null;
        tier: string;
        stage: string | null;
        tags: string[] | null;
        value: number | null;
        currency: string | null;
        level: string;
        score: unknown;
      }>(
        `SELECT w.id, w.name, w.owner, w.tier, w.stage, w.tags, w.value, w.currency, w.level, w.score
           FROM kehu_worklist w
          WHERE ${where.join(' AND ')}
          ORDER BY ${order}
          LIMIT ${p(query.size)} OFFSET ${p(offset)}`,
        params,
      ),
      this.#count(where, params.slice(0, filters), offset + this.#countAhead),
    ]);
    return {
      rows: rows.map((r) => ({
        id: r.id,
        name: r.name,
        owner: r.owner,
        tier: r.tier,
        stage: r.stage,
        tags: r.tags ?? [],
        value: r.value,
        currency: r.currency,
        level: r.level as WorklistRow['level'],
        score: int(r.score),
      })),
      total: Math.min(count, offset + this.#countAhead),
      more: count > offset + this.#countAhead,
      page: query.page,
      size: query.size,
    };
  }

  /** The matching rows, counted up to `cap` + 1 (one more than the cap says "more"). */
  async #count(where: string[], params: unknown[], cap: number): Promise<number> {
    const [row] = await this.#db.query<{ n: unknown }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM kehu_worklist w WHERE ${where.join(' AND ')} LIMIT ${cap + 1}) matching`,
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
