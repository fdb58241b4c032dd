// Keyset ("seek") paging for the console's worklist. A page is asked for as "the rows after this
// one" (or "before this one", going back), never as "skip N rows": the store then reads only the
// page's rows from an index in the sort's order, however deep the page is, and a customer whose
// level changes while someone pages moves alone instead of shifting every later row by one.
//
// Each sort is one key whose columns all run the same way and are never NULL (kehu_worklist's
// sort_* columns, migration 13), so "after" is one row comparison the index can start from:
// (sort_risk, sort_name, id) > ($1, $2, $3). Its `dir` reverses the whole key.
//
// The cursor the page request carries is opaque to the console: the sort it belongs to, the key of
// the row it points at, and that row's place in the list (for "rows 1,001–1,050"; a hint only, as
// rows can be added or moved between two pages).
import * as z from 'zod';

export const SORTS = ['risk', 'name', 'value', 'owner'] as const;
export type Sort = (typeof SORTS)[number];
export type Dir = 'asc' | 'desc';

/** How a key column is compared and sent back to the store. */
type KeyType = 'bigint' | 'float8' | 'text' | 'boolean';

interface SortKey {
  /** The key's columns, in order; the last is always the id, so no two rows have the same key. */
  columns: readonly { name: string; type: KeyType }[];
  /** The `dir` in which the key runs upwards (the index's own order). */
  ascendingDir: Dir;
}

const ID = { name: 'id', type: 'text' } as const;
const NAME = { name: 'sort_name', type: 'text' } as const;

export const SORT_KEYS: Record<Sort, SortKey> = {
  // Red first, higher scores first, then by name: sort_risk is the negated rank and score.
  risk: { columns: [{ name: 'sort_risk', type: 'bigint' }, NAME, ID], ascendingDir: 'desc' },
  name: { columns: [NAME, ID], ascendingDir: 'asc' },
  // The biggest value first, customers without a value last: sort_value is the negated value.
  value: { columns: [{ name: 'sort_value', type: 'float8' }, ID], ascendingDir: 'desc' },
  // By owner A→Z, customers without an owner last, then by name.
  owner: {
    columns: [{ name: 'sort_no_owner', type: 'boolean' }, { name: 'sort_owner', type: 'text' }, NAME, ID],
    ascendingDir: 'asc',
  },
};

/** A key value as text, as the store prints it (`::text`) and reads it back (`$1::bigint`). */
const VALUE: Record<KeyType, z.ZodType<string>> = {
  bigint: z.string().regex(/^-?\d{1,19}$/),
  float8: z.string().regex(/^(-?(\d+(\.\d+)?(e[+-]?\d+)?|Infinity))$/i),
  text: z
    .string()
    .max(1000)
    .refine((s) => !s.includes('\u0000')),
  boolean: z.enum(['true', 'false']),
};

const Decoded = z.object({
  /** The sort and direction the cursor was made for. */
  s: z.enum(SORTS),
  d: z.enum(['asc', 'desc']),
  /** The key of the row it points at, one text per key column. */
  k: z.array(z.string()).min(1).max(4),
  /** The place in the list of the row right after the cursor (0 = the first row). */
  n: z.int().min(0).max(1_000_000_000),
});
export type Cursor = z.infer<typeof Decoded>;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/**
 * A cursor from a page request, checked: null when it is not one this worklist made for this sort
 * and direction (a cursor of another sort points at no place in this one), with the reason.
 */
export function decodeCursor(text: string, sort: Sort, dir: Dir): { cursor: Cursor } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return { error: 'not a worklist cursor (start from the first page)' };
  }
  const parsed = Decoded.safeParse(json);
  if (!parsed.success) return { error: 'not a worklist cursor (start from the first page)' };
  const cursor = parsed.data;
  if (cursor.s !== sort || cursor.d !== dir) {
    return { error: `a cursor of the ${cursor.s} ${cursor.d} order, not of ${sort} ${dir} (start from the first page)` };
  }
  const columns = SORT_KEYS[sort].columns;
  if (cursor.k.length !== columns.length || cursor.k.some((v, i) => !VALUE[columns[i]?.type ?? 'text'].safeParse(v).success)) {
    return { error: 'not a worklist cursor (start from the first page)' };
  }
  return { cursor };
}

/** The key columns as text, for the page query to select beside each row (`k0`, `k1`, …). */
export function keySelect(sort: Sort, alias: string): string {
  return SORT_KEYS[sort].columns.map((c, i) => `${alias}.${c.name}::text AS k${i}`).join(', ');
}

/** The key of a row the page query returned (its `k0`, `k1`, … columns). */
export function rowKey(sort: Sort, row: Record<string, unknown>): string[] {
  return SORT_KEYS[sort].columns.map((_, i) => String(row[`k${i}`]));
}

/**
 * The SQL pieces for reading in one direction of a sort: `forward` is the list's own order (as
 * `dir` says), backward its reverse (a previous page is read backwards from its first row).
 */
export function seek(sort: Sort, dir: Dir, forward: boolean, alias: string) {
  const key = SORT_KEYS[sort];
  const upwards = (dir === key.ascendingDir) === forward;
  const columns = key.columns.map((c) => `${alias}.${c.name}`);
  return {
    orderBy: columns.map((c) => `${c} ${upwards ? 'ASC' : 'DESC'}`).join(', '),
    /**
     * The rows past `values` in this reading direction (`inclusive`: that row too), as a row
     * comparison; `param` adds a parameter and names it ($n).
     */
    past(values: readonly string[], param: (v: unknown) => string, inclusive = false) {
      const op = (upwards ? '>' : '<') + (inclusive ? '=' : '');
      const args = key.columns.map((c, i) => `${param(values[i])}::${c.type}`);
      return `(${columns.join(', ')}) ${op} (${args.join(', ')})`;
    },
  };
}
