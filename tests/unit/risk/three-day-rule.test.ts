// The three-day rule (超过固定周期3天): a customer with a steady rhythm who is silent past their
// cycle plus the grace days gets a warning and an automatic call-back for the owner; a key customer
// a stronger one. The practice's own example: a weekly customer silent for 10 days.
import { describe, expect, it } from 'vitest';
import { levelRank } from '#shared/model/common.ts';
import { alertsFor, callBackFor, callBackId, creditReviewDue } from '#shared/risk/index.ts';
import { NOW, POLICY, assess, customer, history, interaction } from './helpers.ts';

/** Calls every `gap` days, the last one `last` days ago. */
const calls = (count: number, gap: number, last: number) =>
  Array.from({ length: count }, (_, i) => interaction('call', last + (count - 1 - i) * gap));

let n = 0;
const ctx = { now: NOW, by: 'li@kehu.example', newId: () => `a${++n}`, policy: POLICY, locale: 'en' as const };

describe('the three-day rule', () => {
  const weekly = (silent: number, patch = {}) =>
    history({ customer: customer({ owner: 'wang@kehu.example', ...patch }), interactions: calls(20, 7, silent) });

  it('a weekly customer silent for 10 days is within cycle + 3 days: no warning yet', () => {
    const a = assess(weekly(10));
    expect(a.level).toBe('none');
    expect(alertsFor(null, a, [], ctx)).toEqual([]);
  });

  it('a weekly customer silent past 10 days: a yellow warning, an alert and a call-back for the owner', () => {
    const a = assess(weekly(10.5));
    expect(a.level).toBe('yellow');
    const silence = a.contributions.find((c) => c.indicator === 'contact_silence');
    expect(silence?.minLevel).toBe('yellow');
    expect(silence?.points).toBeGreaterThan(0);
    const [alert, ...more] = alertsFor(null, a, [], ctx);
    expect(more).toEqual([]);
    expect(alert?.indicator).toBe('contact_silence');
    expect(alert?.level).toBe('yellow');
    const callBack = callBackFor(alert!, { owner: 'wang@kehu.example' }, { now: NOW, by: ctx.by, locale: 'en' });
    expect(callBack).toMatchObject({
      id: callBackId(alert!.id),
      customerId: 'c1',
      channel: 'phone',
      alertId: alert!.id,
      assignee: 'wang@kehu.example',
      dueAt: alert!.dueAt,
      done: false,
    });
    expect(callBack?.purpose).toContain('10 days');
    expect(callBack?.purpose).toContain('every 7 days');
  });

  it('the same customer as a key customer gets a higher level, with an earlier due time', () => {
    const plain = alertsFor(null, assess(weekly(10.5)), [], ctx)[0]!;
    const key = assess(weekly(10.5, { tier: 'key' }));
    expect(key.level).toBe('orange');
    const [alert] = alertsFor(null, key, [], ctx);
    expect(alert?.level).toBe('orange');
    expect(Date.parse(alert!.dueAt!)).toBeLessThan(Date.parse(plain.dueAt!));
    // A customer under key-account watch (top share by value) is treated alike.
    expect(assess(weekly(10.5), { watched: true }).level).toBe('orange');
  });

  it('an agreed cadence is a steady rhythm even with little history', () => {
    const h = history({ customer: customer({ cadenceDays: 7 }), interactions: calls(2, 7, 11) });
    expect(assess(h).level).toBe('yellow');
  });

  it('an irregular rhythm is not steady: the rule does not fire, the scored indicator still does', () => {
    // Gaps alternating 2 and 20 days: median 2… a quarter of the gaps are ten times the median.
    const days = [0];
    for (let i = 0; i < 20; i++) days.push(days[days.length - 1]! + (i % 3 === 2 ? 30 : 2));
    const last = days[days.length - 1]!;
    const h = history({ interactions: days.map((d) => interaction('call', 8 + last - d)) });
    const a = assess(h);
    expect(a.contributions.find((c) => c.indicator === 'contact_silence')?.minLevel).toBeUndefined();
  });

  it('fires once: the next day the rule is still on and no second alert is raised', () => {
    const first = assess(weekly(10.5));
    const next = assess(weekly(11.5), { previous: first });
    expect(next.level).toBe('yellow');
    expect(alertsFor(first, next, [], ctx)).toEqual([]);
  });

  it('a customer listed as "no need" is never prompted for contact', () => {
    const a = assess(weekly(30, { tier: 'no-need' }));
    expect(a.contributions.find((c) => c.indicator === 'contact_silence')).toBeUndefined();
    const noNeed = alertsFor(null, assess(weekly(30)), [], { ...ctx, customerTier: 'no-need' });
    expect(noNeed).toEqual([]);
  });

  it('contact again ends the warning', () => {
    const silent = assess(weekly(10.5));
    const back = assess(history({ customer: customer(), interactions: [...calls(20, 7, 10.5), interaction('email_in', 0.5)] }), {
      previous: silent,
    });
    expect(back.level).toBe('none');
  });
});

describe('credit grade B: catch problems early (防微杜渐)', () => {
  it('lowers the thresholds: the same score is a higher level for a B customer', () => {
    // Eight weekly orders, the last 29 days ago: 18 points, under blue (20) but over blue for B (20 / 1.2).
    const h = (credit?: 'A' | 'B') =>
      history({
        customer: customer(credit ? { credit } : {}),
        interactions: Array.from({ length: 8 }, (_, i) => interaction('order', 29 + (7 - i) * 7, { amount: 100 })),
      });
    const plain = assess(h());
    const b = assess(h('B'));
    expect(b.score).toBe(plain.score);
    expect(levelRank(b.level)).toBeGreaterThan(levelRank(plain.level));
    expect(assess(h('A')).level).toBe(plain.level);
  });

  it('grades set how often a review is due: the worse the grade, the sooner', () => {
    const since = '2026-01-01T00:00:00.000Z';
    const days = (g: 'A' | 'B' | 'C' | 'D' | undefined) =>
      (Date.parse(creditReviewDue(g, since)) - Date.parse(since)) / 86_400_000;
    expect([days('A'), days('B'), days('C'), days('D'), days(undefined)]).toEqual([180, 60, 30, 14, 180]);
  });
});
