// Record versions and last-writer-wins. Every synced record carries `rev`, `updatedAt` and
// `updatedBy`; of two versions of one record the later `updatedAt` wins, then the greater
// `updatedBy` (so two reps editing in the same millisecond still resolve the same way
// everywhere), then the higher `rev`. Versions equal in all three are the same edit, unless
// their content differs (a bug or a hand-edited store): then the content decides, so that
// every replica still converges on one version.

/** What a version of a synced record is identified by. */
export interface Versioned {
  rev: number;
  updatedAt: string;
  updatedBy: string;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Negative when `a` loses to `b`, positive when it wins, 0 when both are the same edit. */
export function compareVersions(a: Versioned, b: Versioned): number {
  // Instants are UTC ISO strings of one fixed form (Instant in model/common.ts): they compare as text.
  return compareText(a.updatedAt, b.updatedAt) || compareText(a.updatedBy, b.updatedBy) || a.rev - b.rev;
}

/** Whether two versions are the same edit (same rev, time and author). */
export function sameVersion(a: Versioned, b: Versioned): boolean {
  return compareVersions(a, b) === 0;
}

/**
 * The version stamp for a local edit of `base` (or of a new record when `base` is null) at `now`
 * by `by`. The time never goes below the base's time plus one millisecond, so an edit made on
 * a machine whose clock runs behind still wins over the version it was made from.
 */
export function nextVersion(base: Versioned | null, now: string, by: string): Versioned {
  if (!base) return { rev: 1, updatedAt: now, updatedBy: by };
  const floor = Date.parse(base.updatedAt) + 1;
  const at = Date.parse(now) >= floor ? now : new Date(floor).toISOString();
  return { rev: base.rev + 1, updatedAt: at, updatedBy: by };
}

/**
 * JSON text with object keys sorted at every level: the same content gives the same text
 * whatever order a store returned the keys in (PostgreSQL's jsonb reorders them).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => compareText(a, b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
