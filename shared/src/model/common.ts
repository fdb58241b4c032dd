import * as z from 'zod';
import { ILL_FORMED_MESSAGE, findString, isWellFormed, nestsDeeperThan } from './well-formed.ts';

/** Text that is well-formed Unicode (no lone UTF-16 surrogate, see well-formed.ts): the base of every text field. */
export const WellFormed = () => z.string().refine(isWellFormed, ILL_FORMED_MESSAGE);

/** How deep free-form JSON (an answer's extra answers) may nest: plenty for data, safe for every parser. */
export const MAX_JSON_DEPTH = 32;

/** A free-form JSON value that can be stored anywhere: well-formed strings and keys, nested at most MAX_JSON_DEPTH. */
export function storableJson<T extends z.ZodType>(schema: T) {
  return schema.superRefine((value, ctx) => {
    if (nestsDeeperThan(value, MAX_JSON_DEPTH)) {
      ctx.addIssue({ code: 'custom', message: `nests deeper than ${MAX_JSON_DEPTH} levels` });
      return;
    }
    const path = findString(value, (t) => !isWellFormed(t));
    if (path) ctx.addIssue({ code: 'custom', path, message: ILL_FORMED_MESSAGE });
  });
}

/** Record ids: opaque strings. UUIDs for records made in Kehu, the source system's id for imported ones. */
export const Id = WellFormed().trim().min(1, 'must not be empty').max(128, 'at most 128 characters');

/**
 * Every instant is stored as a UTC ISO 8601 string with milliseconds (`Date#toISOString()`):
 * it serialises as-is, and sorts correctly as text in IndexedDB and SQL indexes.
 */
export const Instant = z.iso.datetime({ precision: 3, message: 'must be a UTC time like 2026-01-31T09:30:00.000Z' });
export type Instant = z.infer<typeof Instant>;

/** A normalised email address (see identity/email.ts). */
export const EmailAddress = WellFormed()
  .max(254)
  .regex(/^[^\s@<>()",;]+@[a-z0-9.-]+\.[a-z0-9-]{2,}$/, 'must be a normalised email address');

/** A domain name, lower-case and punycode. */
export const DomainName = z
  .string()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/, 'must be a domain like acme.com');

export const Currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like EUR');

export const Text = (max: number) => WellFormed().max(max, `at most ${max} characters`);
export const ShortText = Text(200);
export const LongText = Text(10_000);

/**
 * Sync metadata on every mutable record. `rev` grows by one on each local write; the collector
 * resolves concurrent edits last-writer-wins by (updatedAt, updatedBy). `deletedAt` marks a
 * tombstone: deleted records stay so that the deletion itself can sync.
 */
export const SyncMeta = {
  rev: z.int().min(1),
  updatedAt: Instant,
  updatedBy: ShortText,
  deletedAt: Instant.nullable().default(null),
};

export const WARNING_LEVELS = ['none', 'blue', 'yellow', 'orange', 'red'] as const;
/** Warning levels in rising severity: blue IV, yellow III, orange II, red I (docs/DOMAIN.md §1). */
export const WarningLevel = z.enum(WARNING_LEVELS);
export type WarningLevel = z.infer<typeof WarningLevel>;

export function levelRank(level: WarningLevel): number {
  return WARNING_LEVELS.indexOf(level);
}
