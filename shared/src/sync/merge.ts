// The merge decision for one incoming version of a record against the version a store holds.
// The collector makes it for every pushed record, an extension for every pulled one: the same
// rule on both sides is what makes replicas converge.
import { type Versioned, canonicalJson, compareVersions } from './version.ts';

export type MergeDecision<T extends Versioned> =
  /**
   * Store the incoming version. `overwritten` is the version it replaces (null for a new
   * record): keep it in the record's history. `concurrent` says the incoming version was not
   * made from the stored one (its rev is not higher): two edits raced and the incoming won.
   */
  | { action: 'apply'; overwritten: T | null; concurrent: boolean }
  /** The store already holds exactly this version: nothing to do (a replayed push or pull). */
  | { action: 'ignore' }
  /** The stored version wins: keep it, and keep the incoming `loser` in the record's history. */
  | { action: 'conflict'; kept: T; loser: T };

export function decideMerge<T extends Versioned>(stored: T | null | undefined, incoming: T): MergeDecision<T> {
  if (!stored) return { action: 'apply', overwritten: null, concurrent: false };
  let order = compareVersions(incoming, stored);
  if (order === 0) {
    // The same version stamp: normally the same edit seen twice. Should the content differ,
    // the greater content wins so that every replica picks the same one.
    const a = canonicalJson(incoming);
    const b = canonicalJson(stored);
    if (a === b) return { action: 'ignore' };
    order = a > b ? 1 : -1;
  }
  if (order > 0) return { action: 'apply', overwritten: stored, concurrent: incoming.rev <= stored.rev };
  return { action: 'conflict', kept: stored, loser: incoming };
}
