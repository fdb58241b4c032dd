// The backtest on a tiny history small enough to check by hand: four customers, two lost.
import { describe, expect, it } from 'vitest';
import type { Policy } from '#shared/model/policy.ts';
import { backtest, lossLabel, quantile, rocAuc } from '#shared/risk/backtest.ts';
import { RiskBook } from '#shared/risk/index.ts';
import { POLICY, customer, interaction } from './helpers.ts';

const DAY = 86_400_000;
const AS_OF = '2024-06-30T23:59:59.999Z';
const at = (days: number) => new Date(Date.parse(AS_OF) - days * DAY).toISOString();

/**
 * * steady — orders every week for 20 weeks and goes on after the date: kept;
 * * lapsed — orders every week for 20 weeks, the last 21 days before the date, then nothing: lost;
 * * gone — one order 500 days before the date (not in the same weeks a year earlier, so no season), nothing since: lost;
 * * back — one order 200 days before the date, another 10 days after it: kept.
 */
function tinyBook(): RiskBook {
  const book = new RiskBook();
  book.addCustomer(customer({ id: 'steady', owner: 'Zhao' }));
  book.addCustomer(customer({ id: 'lapsed', owner: 'Zhao' }));
  book.addCustomer(customer({ id: 'gone', owner: 'Qian' }));
  book.addCustomer(customer({ id: 'back', owner: 'Qian' }));
  const order = (customerId: string, daysBefore: number) =>
    book.addInteraction({ ...interaction('order', 0, { occurredAt: at(daysBefore), amount: 100 }), customerId });
  for (let w = -4; w < 20; w++) order('steady', 1 + w * 7);
  for (let w = 0; w < 20; w++) order('lapsed', 21 + w * 7);
  order('gone', 500);
  order('back', 200);
  order('back', -10);
  return book;
}

describe('backtest', () => {
  it('counts AUC, precision and recall per level, lead time and alerts exactly on a tiny history', () => {
    const book = tinyBook();
    const scores = Object.fromEntries(['steady', 'lapsed', 'gone', 'back'].map((id) => [id, book.assess(id, AS_OF, POLICY)]));
    // The engine's own view of the four as of the date (what the numbers below follow from).
    expect(Object.fromEntries(Object.entries(scores).map(([id, a]) => [id, [a?.score, a?.level]]))).toEqual({
      steady: [2, 'none'],
      // A weekly buyer silent 21 days, past its cycle + 3 days: the three-day rule. Watched (top 20%
      // by spend, ties by id), so the rule lifts it to orange whatever its score.
      lapsed: [27, 'orange'],
      gone: [67, 'red'],
      back: [56, 'orange'],
    });
    const r = backtest(book, POLICY, { asOf: AS_OF, labelDays: 28, replayWeeks: 4 });
    expect(r.customers).toBe(4);
    expect(r.lost).toBe(2);
    expect(r.label_complete).toBe(true);
    // Pairs (lost, kept): lapsed > steady, lapsed < back, gone > steady, gone > back: 3 of 4.
    expect(r.auc).toBe(0.75);
    expect(r.levels.blue).toEqual({ customers: 3, lost: 2, precision: 2 / 3, recall: 1 });
    expect(r.levels.yellow).toEqual({ customers: 3, lost: 2, precision: 2 / 3, recall: 1 });
    expect(r.levels.orange).toEqual({ customers: 3, lost: 2, precision: 2 / 3, recall: 1 });
    expect(r.levels.red).toEqual({ customers: 1, lost: 1, precision: 1, recall: 0.5 });
    // lapsed: last order 21 days before the date; a week before the date it was 14 days silent,
    // past its cycle + 3 days, and the three-day rule warned; lost 28 days after the last order
    // (7 days after the date): warned 14 days ahead.
    expect(r.lead_days).toEqual({ lost_recently: 1, warned: 1, q1: 14, median: 14, q3: 14 });
    expect(r.reps).toBe(2);
    expect(r.weeks).toBe(4);
    // gone (red) and back (orange) were there already in the warm-up week; only lapsed rises (to orange, by the three-day rule).
    expect(r.alerts).toBe(1);
    expect(r.alerts_per_rep_week).toBe(1 / 8);
    expect(r.indicators.purchase_recency.fired).toBe(4);
    expect(r.indicators.contact_silence.fired).toBe(1);
    expect(r.indicators.complaints).toEqual({
      fired: 0,
      lost_share: null,
      mean_points: null,
      auc_without: 0.75,
      contribution: 0,
    });
  });

  it('gives the same numbers every time (same data, same policy)', () => {
    const a = backtest(tinyBook(), POLICY, { asOf: AS_OF, labelDays: 28 });
    const b = backtest(tinyBook(), POLICY, { asOf: AS_OF, labelDays: 28 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('scores with the policy it is given', () => {
    const quiet: Policy = { ...POLICY, version: 2, weights: { ...POLICY.weights, purchase_recency: 0 } };
    const r = backtest(tinyBook(), quiet, { asOf: AS_OF, labelDays: 28 });
    expect(r.policy_version).toBe(2);
    expect(r.indicators.purchase_recency.fired).toBe(0);
    // Without purchase recency only the three-day rule lifts anyone to orange: lapsed, the watched
    // weekly buyer past its cycle + 3 days (gone, one order long ago, has no rhythm to break).
    expect(r.levels.orange).toEqual({ customers: 1, lost: 1, precision: 1, recall: 0.5 });
  });

  it('says when the data does not reach the end of the label window', () => {
    const r = backtest(tinyBook(), POLICY, { asOf: at(-30), labelDays: 90 });
    expect(r.label_complete).toBe(false);
  });

  it('labels a customer lost only when nothing happened in the window after the date', () => {
    const book = tinyBook();
    const t = Date.parse(AS_OF);
    expect(lossLabel(book.facts('back'), t, 28 * DAY)).toEqual({ lastActivity: Date.parse(at(200)), lost: false });
    expect(lossLabel(book.facts('back'), t, 5 * DAY).lost).toBe(true);
  });

  it('has an AUC with ties counted half, and nearest-rank quartiles', () => {
    expect(rocAuc([1, 1, 2, 0], [true, false, true, false])).toBe(0.875);
    expect(rocAuc([1, 2], [true, true])).toBeNull();
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.75)).toBe(3);
    expect(quantile([], 0.5)).toBeNull();
  });

  it('rejects a label window that is not a whole number of days', () => {
    expect(() => backtest(tinyBook(), POLICY, { asOf: AS_OF, labelDays: 0 })).toThrow(/labelDays/);
  });
});
