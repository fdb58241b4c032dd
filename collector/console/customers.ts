// The console's customer worklist: filtered, sorted and paged in the store, with each customer's
// level as the collector last assessed it (kehu_worklist: the customers and their kehu_levels rows).
import * as z from 'zod';
import { WARNING_LEVELS } from '#shared/model/common.ts';
import { CustomerTier, LifecycleStage } from '#shared/model/customer.ts';
import { type Queryable, int } from '../db/sql.ts';
import { SORTS, type Sort, decodeCursor, encodeCursor, keySelect, rowKey, seek } from './worklist-cursor.ts';

const many = <T extends z.ZodType>(item: T) => z.array(item).max(20).default([]);
const cursorText = z.string().max(4000).optional();

export const WorklistQuery = z
  .object({
    q: z.string().trim().max(200).default(''),
    owner: many(z.string().max(200)),
    level: many(z.enum(WARNING_LEVELS)),
    tier: many(CustomerTier),
    stage: many(LifecycleStage),
    tag: many(z.string().max(200)),
    sort: z.enum(SORTS).default('risk'),
    dir: z.enum(['asc', 'desc']).default('desc'),
    /** The page after this cursor (a page's `next`); without `after` or `before`, the first page. */
    after: cursorText,
    /** The page before this cursor (a page's `prev`). */
    before: cursorText,
    size: z.coerce.number().int().min(1).max(200).default(50),
  })
  .superRefine((q, ctx) => {
    if (q.after !== undefined && q.before !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['before'], message: 'give after or before, not both' });
    }
    for (const field of ['after', 'before'] as const) {
      const text = q[field];
      if (text === undefined) continue;
      const decoded = decodeCursor(text, q.sort, q.dir);
      if ('error' in decoded) ctx.addIssue({ code: 'custom', path: [field], message: decoded.error });
    }
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
   * The matching customers: this page's `start` plus those from this page's first row on, counted
   * only up to COUNT_AHEAD rows (a `countAhead` option); with `more`, there are more than `total`
   * (a full count of 100,000 rows costs more than the page).
   */
  total: number;
  more: boolean;
  /** The place of the page's first row in the list (0 = the first row). */
  start: number;
  size: number;
  /** The cursor of the next page (`after=`), null on the last page. */
  next: string | null;
  /** The cursor of the previous page (`before=`), null on the first page. */
  prev: string | null;
}

/** How many rows past a page's start the worklist counts before it says "more than". */
export const COUNT_AHEAD = 10_000;

interface Filters {
  where: string[];
  params: unknown[];
  p: (value: unknown) => string;
}

/** A row as the page query returns it, with its sort key as text (k0, k1, …). */
type Found = {
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
  [key: string]: unknown;
};

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
      after: one('after'),
      before: one('before'),
      size: one('size'),
    });
  }

  async page(query: WorklistQuery): Promise<WorklistPage> {
    const { sort, dir, size } = query;
    const cursorOf = (text: string | undefined) => {
      if (text === undefined) return null;
      const decoded = decodeCursor(text, sort, dir);
      if ('error' in decoded) throw new Error(`worklist: ${decoded.error}`); // parseQuery has refused it
      return decoded.cursor;
    };
    const after = cursorOf(query.after);
    const before = cursorOf(query.before);
    const filters = this.#filters(query);

    // Going back: the rows before the cursor, read backwards. Short of a page, the list's start
    // is reached (rows were removed or moved up since): then the first page is shown instead.
    if (before) {
      const back = seek(sort, dir, false, 'w');
      const { where, params, p } = filters();
      const found = await this.#rows(sort, [...where, back.past(before.k, p)], back.orderBy, size + 1, params, p);
      if (found.length === size + 1) {
        const rows = found.slice(0, size).reverse();
        return this.#answer(query, rows, Math.max(1, before.n - size), true, true);
      }
      return this.#first(query, filters);
    }
    if (after) {
      const ahead = seek(sort, dir, true, 'w');
      const { where, params, p } = filters();
      const found = await this.#rows(sort, [...where, ahead.past(after.k, p)], ahead.orderBy, size + 1, params, p);
      return this.#answer(query, found.slice(0, size), after.n, true, found.length > size);
    }
    return this.#first(query, filters);
  }

  /** The first page: no cursor, nothing before it. */
  async #first(query: WorklistQuery, filters: () => Filters): Promise<WorklistPage> {
    const { where, params, p } = filters();
    const found = await this.#rows(query.sort, where, seek(query.sort, query.dir, true, 'w').orderBy, query.size + 1, params, p);
    return this.#answer(query, found.slice(0, query.size), 0, false, found.length > query.size);
  }

  /** The page as the console gets it: its rows, the cursors either side, the capped count. */
  async #answer(query: WorklistQuery, found: Found[], start: number, hasPrev: boolean, hasNext: boolean): Promise<WorklistPage> {
    const { sort, dir } = query;
    const first = found[0];
    const last = found.at(-1);
    // Counted from the page's first row on (itself included), up to the cap.
    let counted = 0;
    if (first) {
      const { where, params, p } = this.#filters(query)();
      counted = await this.#count(
        [...where, seek(sort, dir, true, 'w').past(rowKey(sort, first), p, true)],
        params,
        this.#countAhead,
      );
    }
    return {
      rows: found.map((r) => ({
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
      total: start + Math.min(counted, this.#countAhead),
      more: counted > this.#countAhead,
      start,
      size: query.size,
      next: hasNext && last ? encodeCursor({ s: sort, d: dir, k: rowKey(sort, last), n: start + found.length }) : null,
      prev: hasPrev && first ? encodeCursor({ s: sort, d: dir, k: rowKey(sort, first), n: start }) : null,
    };
  }

  /** The filters' conditions, with a fresh parameter list each call (a statement's own $1, $2 …). */
  #filters(query: WorklistQuery): () => Filters {
    return () => {
      const params: unknown[] = [];
      const p = (value: unknown) => {
        params.push(value);
        return `$${params.length}`;
      };
      // kehu_worklist: one narrow row per customer, kept by triggers (migration 9); its sort
      // indexes (migration 13) give each sort's order, so a page reads about as many rows as it shows.
      const where: string[] = [];
      if (query.owner.length) where.push(`w.owner = ANY(${p(query.owner)}::text[])`);
      if (query.level.length) where.push(`w.level = ANY(${p(query.level)}::text[])`);
      if (query.tier.length) where.push(`w.tier = ANY(${p(query.tier)}::text[])`);
      if (query.stage.length) where.push(`w.stage = ANY(${p(query.stage)}::text[])`);
      if (query.tag.length) where.push(`w.tags ?| ${p(query.tag)}::text[]`);
      if (query.q) {
        // Indexed by trigrams (kehu_worklist_search, migrations 10 and 13): each LIKE '%…%' reads
        // only the rows whose name and domains (lower-cased in w.search) or pinyin hold the text's
        // three-letter pieces. lower() on both sides is what ILIKE does, done once per row written.
        const like = p(`%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
        const matches = [`w.search LIKE lower(${like})`];
        // Latin letters may be a Chinese name's reading: "shanghai", "sh maoyi".
        const letters = query.q.toLowerCase().replace(/[^a-z]/g, '');
        if (letters && /^[a-z ]+$/i.test(query.q)) matches.push(`w.pinyin LIKE ${p(`%${letters}%`)}`);
        where.push(`(${matches.join(' OR ')})`);
      }
      return { where, params, p };
    };
  }

  /** Up to `limit` matching rows in `orderBy`'s order, each with its sort key (k0, k1, …). */
  #rows(sort: Sort, where: string[], orderBy: string, limit: number, params: unknown[], p: (v: unknown) => string) {
    return this.#db.query<Found>(
      `SELECT w.id, w.name, w.owner, w.tier, w.stage, w.tags, w.value, w.currency, w.level, w.score, ${keySelect(sort, 'w')}
         FROM kehu_worklist w
        WHERE ${where.length ? where.join(' AND ') : 'true'}
        ORDER BY ${orderBy}
        LIMIT ${p(limit)}`,
      params,
    );
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
