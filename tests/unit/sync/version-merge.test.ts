// The pure rules both sides of sync use: version order, the next version of a local edit, and
// the merge decision.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideMerge } from '#shared/sync/merge.ts';
import { type Versioned, canonicalJson, compareVersions, nextVersion, sameVersion } from '#shared/sync/version.ts';

const v = (rev: number, updatedAt: string, updatedBy: string, extra: Record<string, unknown> = {}) => ({
  rev,
  updatedAt,
  updatedBy,
  ...extra,
});

describe('compareVersions', () => {
  it('orders by updatedAt, then updatedBy, then rev', () => {
    expect(compareVersions(v(1, '2026-01-02T00:00:00.000Z', 'a'), v(9, '2026-01-01T00:00:00.000Z', 'z'))).toBeGreaterThan(0);
    expect(compareVersions(v(1, '2026-01-01T00:00:00.000Z', 'bob'), v(5, '2026-01-01T00:00:00.000Z', 'alice'))).toBeGreaterThan(
      0,
    );
    expect(compareVersions(v(2, '2026-01-01T00:00:00.000Z', 'a'), v(1, '2026-01-01T00:00:00.000Z', 'a'))).toBeGreaterThan(0);
    expect(sameVersion(v(2, '2026-01-01T00:00:00.000Z', 'a'), v(2, '2026-01-01T00:00:00.000Z', 'a'))).toBe(true);
  });

  const version = fc.record({
    rev: fc.integer({ min: 1, max: 5 }),
    updatedAt: fc.constantFrom('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.001Z', '2026-02-01T00:00:00.000Z'),
    updatedBy: fc.constantFrom('alice', 'bob', 'carol'),
  });
  it('is a total order: antisymmetric and transitive', () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        expect(Math.sign(compareVersions(a, b)) + Math.sign(compareVersions(b, a))).toBe(0);
        if (compareVersions(a, b) <= 0 && compareVersions(b, c) <= 0) expect(compareVersions(a, c)).toBeLessThanOrEqual(0);
      }),
    );
  });
});

describe('nextVersion', () => {
  it('starts at rev 1, then counts up and stamps time and author', () => {
    expect(nextVersion(null, '2026-01-01T00:00:00.000Z', 'alice')).toEqual(v(1, '2026-01-01T00:00:00.000Z', 'alice'));
    expect(nextVersion(v(3, '2026-01-01T00:00:00.000Z', 'bob'), '2026-01-05T00:00:00.000Z', 'alice')).toEqual(
      v(4, '2026-01-05T00:00:00.000Z', 'alice'),
    );
  });
  it('never goes back in time: an edit on a slow clock still wins over its base', () => {
    const base = v(3, '2026-01-05T00:00:00.000Z', 'zed');
    const next = nextVersion(base, '2026-01-01T00:00:00.000Z', 'alice');
    expect(next).toEqual(v(4, '2026-01-05T00:00:00.001Z', 'alice'));
    expect(compareVersions(next, base)).toBeGreaterThan(0);
  });
});

describe('canonicalJson', () => {
  it('gives the same text whatever the key order, leaving out undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(
      canonicalJson({ a: { d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
  });
});

describe('decideMerge', () => {
  const base = v(1, '2026-01-01T00:00:00.000Z', 'alice', { id: 'a', name: 'one' });
  it('applies a new record, and a newer version (keeping the overwritten one)', () => {
    expect(decideMerge(undefined, base)).toEqual({ action: 'apply', overwritten: null, concurrent: false });
    const edit = v(2, '2026-01-02T00:00:00.000Z', 'bob', { id: 'a', name: 'two' });
    expect(decideMerge(base, edit)).toEqual({ action: 'apply', overwritten: base, concurrent: false });
  });
  it('ignores the same version seen again, whatever the key order', () => {
    expect(
      decideMerge<Versioned>(base, {
        name: 'one',
        id: 'a',
        updatedBy: 'alice',
        updatedAt: '2026-01-01T00:00:00.000Z',
        rev: 1,
      } as Versioned),
    ).toEqual({
      action: 'ignore',
    });
  });
  it('reports a conflict when the stored version wins, with the loser to keep', () => {
    const newer = v(2, '2026-01-03T00:00:00.000Z', 'carol', { id: 'a', name: 'three' });
    const older = v(2, '2026-01-02T00:00:00.000Z', 'bob', { id: 'a', name: 'two' });
    expect(decideMerge(newer, older)).toEqual({ action: 'conflict', kept: newer, loser: older });
    expect(decideMerge(older, newer)).toEqual({ action: 'apply', overwritten: older, concurrent: true });
  });
  it('converges: any replicas that see the same versions in any order keep the same one', () => {
    const edit = fc.record({
      rev: fc.integer({ min: 1, max: 3 }),
      updatedAt: fc.constantFrom('2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z'),
      updatedBy: fc.constantFrom('alice', 'bob'),
      name: fc.constantFrom('x', 'y'),
    });
    fc.assert(
      fc.property(
        fc
          .array(edit, { minLength: 1, maxLength: 6 })
          .chain((edits) => fc.tuple(fc.constant(edits), fc.shuffledSubarray(edits, { minLength: edits.length }))),
        ([edits, shuffled]) => {
          const apply = (order: typeof edits) => {
            let stored: (typeof edits)[number] | undefined;
            for (const e of order) if (decideMerge<Versioned & { name: string }>(stored, e).action === 'apply') stored = e;
            return stored;
          };
          expect(apply(shuffled)).toEqual(apply(edits));
        },
      ),
    );
  });
});
