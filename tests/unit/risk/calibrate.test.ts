// Calibration on a synthetic history whose rule is known: it must recover the rule's ordering of the
// indicators, keep every weight ≥ 0 with rising thresholds, and give a policy that round-trips as a version.
import { describe, expect, it } from 'vitest';
import { Policy } from '#shared/model/policy.ts';
import { calibrate, fitNonNegativeLogit } from '#shared/risk/calibrate.ts';
import { RiskBook, applyPolicyChange } from '#shared/risk/index.ts';
import { POLICY, interaction, kase } from './helpers.ts';

const DAY = 86_400_000;
const FIT = '2024-03-31T23:59:59.999Z';
const CHECK = '2024-06-30T23:59:59.999Z';
const at = (days: number) => new Date(Date.parse(FIT) - days * DAY).toISOString();

/** mulberry32: seeded, so the history is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 600 weekly buyers. Before the fitting cut some have an unpaid invoice 40 days overdue, some an
 * open complaint, some a complaint in words in their mail. The known rule (unlike the defaults, which
 * weigh an overdue payment most): complaining words in mail make a loss very likely, an open
 * complaint somewhat likely, an overdue payment changes nothing. Lost customers
 * stop all contact at the cut; the others go on buying every week.
 */
function syntheticBook(): RiskBook {
  const rnd = random(7);
  const book = new RiskBook();
  for (let c = 0; c < 600; c++) {
    const id = `c${c}`;
    const overdue = rnd() < 0.3;
    const complaint = rnd() < 0.3;
    const words = rnd() < 0.3;
    const lost = rnd() < 0.1 + (words ? 0.7 : 0) + (complaint ? 0.3 : 0);
    const add = (kind: Parameters<typeof interaction>[0], daysBefore: number, patch = {}) =>
      book.addInteraction({ ...interaction(kind, 0, { occurredAt: at(daysBefore), ...patch }), customerId: id });
    for (let w = lost ? 0 : -30; w < 30; w++) add('order', 1 + w * 7 + (c % 5), { amount: 100 });
    if (overdue) add('order', 70, { amount: 500, dueAt: at(40) });
    if (complaint) book.addCase({ ...kase(20), id: `k${c}`, customerId: id, openedAt: at(20), severity: 'medium' });
    if (words) add('email_in', 10, { summary: 'delivery was slow again, very disappointed' });
  }
  return book;
}

describe('calibrate', () => {
  const book = syntheticBook();
  const result = calibrate(book, POLICY, { fitAsOf: FIT, checkAsOf: CHECK, labelDays: 90, now: CHECK, by: 'test' });

  it("recovers the known rule's ordering: words in mail > open complaint > overdue payment", () => {
    // The points each piece of evidence adds under the calibrated policy, on the fitting cut.
    const points = (id: string) => {
      const a = book.assess(id, FIT, result.policy);
      return Object.fromEntries((a?.contributions ?? []).map((c) => [c.indicator, c.points]));
    };
    const sums = { payment_overdue: [] as number[], complaints: [] as number[], negative_feedback: [] as number[] };
    for (let c = 0; c < 600; c++) {
      const p = points(`c${c}`);
      for (const k of Object.keys(sums) as (keyof typeof sums)[]) if (p[k] !== undefined) sums[k].push(p[k] as number);
    }
    const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / Math.max(1, xs.length);
    expect(mean(sums.negative_feedback)).toBeGreaterThan(mean(sums.complaints));
    expect(mean(sums.complaints)).toBeGreaterThan(mean(sums.payment_overdue));
    expect(result.policy.weights.payment_overdue).toBeLessThanOrEqual(5);
    // It ranks the customers better than the untrained defaults do.
    expect(result.fit.calibrated as number).toBeGreaterThan(result.fit.current as number);
    expect(result.fit.calibrated as number).toBeGreaterThan(0.8);
  });

  it('keeps the score explainable: weights ≥ 0, thresholds rising, a reason for every change', () => {
    for (const v of Object.values(result.policy.weights)) expect(v).toBeGreaterThanOrEqual(0);
    const t = result.policy.thresholds;
    expect(t.blue < t.yellow && t.yellow < t.orange && t.orange < t.red).toBe(true);
    expect(result.changes.length).toBeGreaterThan(0);
    for (const c of result.changes) {
      expect(['fitted', 'kept', 'level', 'rhythm']).toContain(c.reason.code);
      expect(c.path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], result.policy)).toBe(c.to);
    }
    // Indicators with no history to learn from keep their weight.
    expect(result.policy.weights.people_change).toBe(POLICY.weights.people_change);
  });

  it('gives a policy that round-trips as the next version', () => {
    const p = result.policy;
    expect(p.version).toBe(POLICY.version + 1);
    expect(p.createdBy).toBe('test');
    const again = Policy.parse(JSON.parse(JSON.stringify(p)));
    expect(again).toEqual(p);
    // It is a version like any other: a further change makes the one after it.
    expect(applyPolicyChange(again, { path: 'thresholds.red', value: 90 }, { now: CHECK, by: 'test' }).version).toBe(
      p.version + 1,
    );
  });

  it('is reproducible', () => {
    const again = calibrate(syntheticBook(), POLICY, { fitAsOf: FIT, checkAsOf: CHECK, labelDays: 90, now: CHECK, by: 'test' });
    expect(again.policy).toEqual(result.policy);
    expect(again.check).toEqual(result.check);
  });

  it('checks on the later cut only', () => {
    expect(result.check.calibrated.as_of).toBe(CHECK);
    expect(() => calibrate(book, POLICY, { fitAsOf: CHECK, checkAsOf: FIT, now: CHECK, by: 'test' })).toThrow(/after/);
  });
});

describe('fitNonNegativeLogit', () => {
  it('never gives a negative coefficient, even to a feature that lowers the chance', () => {
    const x = [
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ];
    const fit = fitNonNegativeLogit(x, [true, true, false, false], [false, false]);
    expect(fit.w[0]).toBeGreaterThan(1);
    expect(fit.w[1]).toBe(0);
  });
});
