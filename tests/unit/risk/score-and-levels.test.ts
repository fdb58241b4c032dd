// The score (contributions that add up to it exactly, capped at 100), levels with hysteresis,
// trend, and policy versioning.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Policy } from '#shared/model/policy.ts';
import { INDICATORS, type Indicator } from '#shared/model/risk.ts';
import { WARNING_LEVELS, type WarningLevel } from '#shared/model/common.ts';
import {
  POLICY_DEFAULTS,
  applyPolicyChange,
  contributionsFrom,
  defaultPolicy,
  levelFor,
  policyChangePaths,
  sumPoints,
  thresholdsFor,
  trendFor,
} from '#shared/risk/index.ts';
import { POLICY, assess, contact, history, interaction, kase, orders, response } from './helpers.ts';

const strengths = fc.array(fc.tuple(fc.constantFrom(...INDICATORS), fc.double({ min: 0, max: 1, noNaN: true })), {
  maxLength: 9,
});
const unique = (xs: [Indicator, number][]) => [...new Map(xs).entries()];

describe('score', () => {
  it('is the exact sum of its contributions (whole points), each within its weight, the total at most 100', () => {
    fc.assert(
      fc.property(strengths, (xs) => {
        const cs = contributionsFrom(
          unique(xs).map(([i, s]) => [i, { strength: s, evidence: [] }] as const),
          POLICY,
        );
        const score = sumPoints(cs);
        expect(score).toBeLessThanOrEqual(100);
        for (const c of cs) {
          expect(c.points).toBeGreaterThan(0);
          expect(c.points).toBeLessThanOrEqual(POLICY.weights[c.indicator] + 1e-9);
          expect(Number.isInteger(c.points)).toBe(true); // whole points: any sum is exact
        }
        const raw = unique(xs).reduce((a, [i, s]) => a + POLICY.weights[i] * s, 0);
        expect(cs.reduce((a, c) => a + c.points, 0)).toBe(score);
        if (raw <= 100) expect(Math.abs(score - raw)).toBeLessThanOrEqual(0.5);
        else expect(score).toBe(100);
      }),
      { numRuns: 300 },
    );
  });

  it('scales every contribution by the same factor when capped, keeping their shares', () => {
    const cs = contributionsFrom(
      [
        ['purchase_recency', { strength: 1, evidence: [] }],
        ['complaints', { strength: 1, evidence: [] }],
        ['payment_overdue', { strength: 1, evidence: [] }],
      ],
      POLICY,
    );
    expect(sumPoints(cs)).toBe(100);
    const byIndicator = Object.fromEntries(cs.map((c) => [c.indicator, c.points]));
    expect(byIndicator.purchase_recency).toBeCloseTo((70 / 150) * 100, 0);
    expect(byIndicator.complaints).toBeCloseTo((45 / 150) * 100, 0);
  });

  it('every assessment is traceable: score = sum of named contributions with evidence', () => {
    const a = assess(
      history({
        interactions: [...orders(20, 7, 30), interaction('email_in', 40, { summary: 'very disappointed' })],
        cases: [kase(20, { dueAt: '2024-06-20T00:00:00.000Z', severity: 'high' })],
        responses: [response('nps', 10, { score: 2 })],
        contacts: [contact({ key: true, status: 'left', leftAt: '2024-06-01T00:00:00.000Z' })],
      }),
    );
    expect(a.score).toBe(sumPoints(a.contributions));
    expect(a.score).toBeGreaterThan(60);
    for (const c of a.contributions) {
      expect(INDICATORS).toContain(c.indicator);
      expect(c.evidence.length).toBeGreaterThan(0);
    }
    // Strongest first.
    expect(a.contributions.map((c) => c.points)).toEqual([...a.contributions.map((c) => c.points)].sort((x, y) => y - x));
  });

  it('a customer with no history scores 0, level none', () => {
    const a = assess(history());
    expect(a).toMatchObject({ score: 0, level: 'none', contributions: [], trend: 'new', policyVersion: 1 });
  });
});

describe('levels with hysteresis', () => {
  const t = thresholdsFor(POLICY, false);
  const h = POLICY.hysteresis;

  it('rises as soon as the score reaches a threshold', () => {
    expect(levelFor(t.yellow - 0.1, t, null, h)).toBe('blue');
    expect(levelFor(t.yellow, t, null, h)).toBe('yellow');
    expect(levelFor(t.red, t, 'blue', h)).toBe('red');
  });

  it('drops only when the score falls below the threshold minus the hysteresis', () => {
    expect(levelFor(t.orange - 1, t, 'orange', h)).toBe('orange');
    expect(levelFor(t.orange - h, t, 'orange', h)).toBe('orange');
    expect(levelFor(t.orange - h - 0.1, t, 'orange', h)).toBe('yellow');
    expect(levelFor(0, t, 'red', h)).toBe('none');
    // Falling several levels stops where the widened band holds the score.
    expect(levelFor(t.yellow - 1, t, 'red', h)).toBe('yellow');
  });

  it('a customer on a threshold does not flap', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('blue', 'yellow', 'orange', 'red' as const),
        fc.array(fc.double({ min: -h + 0.01, max: h - 0.01, noNaN: true }), { minLength: 2, maxLength: 40 }),
        (level, noise) => {
          const threshold = t[level];
          let current: WarningLevel | null = null;
          const seen: WarningLevel[] = [];
          for (const n of noise) {
            current = levelFor(Math.max(0, threshold + n), t, current, h);
            seen.push(current);
          }
          // Once the threshold is reached, the level never leaves it while the score stays within the hysteresis.
          const first = seen.indexOf(level);
          if (first !== -1) expect(seen.slice(first).every((l) => l === level)).toBe(true);
          // Without hysteresis the same scores would flap.
          const changes = seen.filter((l, i) => i > 0 && l !== seen[i - 1]).length;
          expect(changes).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is applied through assessments: the previous level holds inside the band', () => {
    const base = history({ interactions: orders(1, 1, 45) });
    const first = assess(base);
    expect(first.level).toBe('yellow');
    expect(first.score).toBeGreaterThanOrEqual(t.orange - h); // inside orange's widened band
    const wasOrange = assess(base, { previous: { ...first, level: 'orange' } });
    expect(wasOrange.level).toBe('orange');
    expect(wasOrange.trend).toBe('flat');
    expect(wasOrange.previousLevel).toBe('orange');
    const wasRed = assess(base, { previous: { ...first, level: 'red' } });
    expect(wasRed.level).toBe('orange'); // falls out of red, holds at orange
  });

  it('watched customers have lower thresholds by the sensitivity', () => {
    const w = thresholdsFor(POLICY, true);
    expect(w.orange).toBeCloseTo(POLICY.thresholds.orange / POLICY.watch.sensitivity);
  });

  it('levels are ordered none < blue < yellow < orange < red in every policy', () => {
    expect(WARNING_LEVELS).toEqual(['none', 'blue', 'yellow', 'orange', 'red']);
  });
});

describe('trend', () => {
  it('against the previous assessment', () => {
    expect(trendFor(40, undefined, 3)).toBe('new');
    expect(trendFor(40, 30, 3)).toBe('up');
    expect(trendFor(40, 41, 3)).toBe('flat');
    expect(trendFor(20, 41, 3)).toBe('down');
  });

  it('an assessment names its previous score and level', () => {
    const first = assess(history({ interactions: orders(10, 7, 8) }));
    const later = assess(history({ interactions: orders(10, 7, 60) }), { previous: first });
    expect(later.trend).toBe('up');
    expect(later.previousScore).toBe(first.score);
  });
});

describe('policy', () => {
  it('version 1 holds the documented defaults and is valid', () => {
    const p = defaultPolicy('2024-01-01T00:00:00.000Z');
    expect(p.version).toBe(1);
    expect(Policy.parse(p)).toEqual(p);
    expect(p.weights).toEqual(POLICY_DEFAULTS.weights);
    expect(p.thresholds).toEqual(POLICY_DEFAULTS.thresholds);
    for (const i of INDICATORS) expect(p.weights[i]).toBeGreaterThan(0);
  });

  it('a policy stored before the newer settings existed still parses, with their defaults', () => {
    const { purchase, silence, decline, returns, complaints, payment, people, alertMinLevel, trendDelta, ...old } =
      defaultPolicy('2024-01-01T00:00:00.000Z');
    const parsed = Policy.parse(old);
    expect(parsed.purchase).toEqual(purchase);
    expect(parsed.silence).toEqual(silence);
    expect(parsed.alertMinLevel).toBe(alertMinLevel);
    expect(parsed.trendDelta).toBe(trendDelta);
    expect([decline, returns, complaints, payment, people].every(Boolean)).toBe(true);
  });

  it('a change makes a new version; assessments say which version produced them', () => {
    const v2 = applyPolicyChange(POLICY, { path: 'thresholds.orange', value: 45 }, { now: '2024-07-01T00:00:00.000Z', by: 'li' });
    expect(v2.version).toBe(2);
    expect(v2.thresholds.orange).toBe(45);
    expect(v2.createdBy).toBe('li');
    expect(v2.note).toBe('thresholds.orange: 42 → 45');
    expect(POLICY.thresholds.orange).toBe(42); // the old version is untouched
    const h = history({ interactions: orders(3, 30, 100) });
    expect(assess(h).policyVersion).toBe(1);
    expect(assess(h, { policy: v2 }).policyVersion).toBe(2);
  });

  it('rejects an unknown setting or a value that breaks the policy, saying why', () => {
    const ctx = { now: '2024-07-01T00:00:00.000Z', by: 'li' };
    expect(() => applyPolicyChange(POLICY, { path: 'thresholds.purple', value: 1 }, ctx)).toThrow(/not a policy setting/);
    expect(() => applyPolicyChange(POLICY, { path: 'version', value: 9 }, ctx)).toThrow(/not a policy setting/);
    expect(() => applyPolicyChange(POLICY, { path: 'thresholds.orange', value: 10 }, ctx)).toThrow(/must rise/);
    expect(() => applyPolicyChange(POLICY, { path: 'weights.complaints', value: 150 }, ctx)).toThrow(/weights/);
  });

  it('lists every numeric setting as a changeable path', () => {
    const paths = policyChangePaths(POLICY);
    expect(paths).toContain('thresholds.orange');
    expect(paths).toContain('weights.contact_silence');
    expect(paths).toContain('purchase.priorGapDays');
    expect(paths).not.toContain('version');
  });
});
