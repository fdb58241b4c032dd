// Contact silence and purchase recency: against the customer's own rhythm, with edge cases
// (one interaction, all on one day, future-dated rows, time zones) and properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyFacts } from '#shared/risk/index.ts';
import { addInteraction } from '#shared/risk/facts.ts';
import { makeView } from '#shared/risk/history-as-of.ts';
import { POLICY, ago, assess, customer, history, interaction, orders, pointsOf, signal } from './helpers.ts';

/** Calls every `gap` days, the last one `last` days ago. */
const calls = (count: number, gap: number, last: number) =>
  Array.from({ length: count }, (_, i) => interaction('call', last + (count - 1 - i) * gap));

describe('contact silence', () => {
  it('fires when a customer is quiet for longer than their own rhythm plus the grace days', () => {
    const s = signal(history({ interactions: calls(20, 7, 21) }), 'contact_silence');
    expect(s?.strength).toBeGreaterThan(0.5);
    expect(s?.evidence).toEqual([{ code: 'silence.rhythm', params: { days: 21, usual: 7 } }]);
  });

  it('stays quiet within the usual cycle plus the grace days (three days, as the practice says)', () => {
    expect(signal(history({ interactions: calls(20, 7, 9.9) }), 'contact_silence')).toBeUndefined();
    expect(signal(history({ interactions: calls(20, 7, 11) }), 'contact_silence')?.strength).toBeGreaterThan(0);
  });

  it('uses the median gap, so one long holiday does not change the rhythm', () => {
    const h = history({ interactions: [...calls(14, 7, 30 + 21), ...calls(1, 7, 21)] }); // one 30-day gap
    expect(signal(h, 'contact_silence')?.evidence[0]?.params).toEqual({ days: 21, usual: 7 });
  });

  it('uses the agreed cadence when one is set, even with little history', () => {
    const h = history({ customer: customer({ cadenceDays: 14 }), interactions: calls(2, 14, 40) });
    const s = signal(h, 'contact_silence');
    expect(s?.evidence).toEqual([{ code: 'silence.cadence', params: { days: 40, usual: 14 } }]);
  });

  it('needs enough gaps for a rhythm: a few contacts, one interaction, or all on one day say nothing', () => {
    expect(signal(history({ interactions: calls(5, 7, 60) }), 'contact_silence')).toBeUndefined();
    expect(signal(history({ interactions: [interaction('call', 200)] }), 'contact_silence')).toBeUndefined();
    const sameDay = Array.from({ length: 30 }, (_, i) => interaction('call', 100 + i / 100));
    expect(signal(history({ interactions: sameDay }), 'contact_silence')).toBeUndefined();
  });

  it('does not count our own outgoing mail and notes as contact', () => {
    const h = history({ interactions: [...calls(20, 7, 30), interaction('email_out', 1), interaction('note', 2)] });
    expect(signal(h, 'contact_silence')?.evidence[0]?.params?.days).toBe(30);
    const answered = history({ interactions: [...calls(20, 7, 30), interaction('email_in', 1)] });
    expect(signal(answered, 'contact_silence')).toBeUndefined();
  });

  it('ignores rows dated after the moment assessed', () => {
    const h = history({ interactions: [...calls(20, 7, 30), interaction('call', -5), interaction('meeting', -1)] });
    expect(signal(h, 'contact_silence')?.evidence[0]?.params?.days).toBe(30);
  });

  it('is stronger the longer the silence, and never outside 0–1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 400, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        (gap, quiet, more) => {
          const a = signal(history({ interactions: calls(15, gap, quiet) }), 'contact_silence')?.strength ?? 0;
          const b = signal(history({ interactions: calls(15, gap, quiet + more) }), 'contact_silence')?.strength ?? 0;
          expect(a).toBeGreaterThanOrEqual(0);
          expect(b).toBeLessThanOrEqual(1);
          expect(b).toBeGreaterThanOrEqual(a);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('purchase recency and frequency', () => {
  it('a customer who buys weekly and has been quiet three weeks is at risk; one who buys twice a year is not', () => {
    const weekly = assess(history({ interactions: orders(52, 7, 21) }));
    const twiceAYear = assess(history({ interactions: orders(3, 182, 21) }));
    expect(weekly.level).not.toBe('none');
    expect(twiceAYear.level).toBe('none');
    expect(weekly.score).toBeGreaterThan(twiceAYear.score);
    // …and the weekly buyer back to normal is not at risk either.
    expect(assess(history({ interactions: orders(52, 7, 5) })).level).toBe('none');
  });

  it('says what it saw: last order, usual gap, number of orders', () => {
    const s = signal(history({ interactions: orders(12, 9, 41) }), 'purchase_recency');
    expect(s?.evidence).toEqual([{ code: 'purchase.recency', params: { days: 41, usual: 9, orders: 12 } }]);
  });

  it('a single order: a first-time buyer, more at risk the longer they do not come back', () => {
    const fresh = signal(history({ interactions: [interaction('order', 3)] }), 'purchase_recency');
    const old = signal(history({ interactions: [interaction('order', 200)] }), 'purchase_recency');
    expect(fresh?.evidence).toEqual([{ code: 'purchase.first_order', params: { days: 3 } }]);
    expect(old?.strength).toBeGreaterThan(fresh?.strength as number);
    // A fresh first-time buyer is watched (blue at most), not alarmed.
    expect(assess(history({ interactions: [interaction('order', 3)] })).level).toMatch(/^(none|blue)$/);
  });

  it('orders all on one day count as one purchase occasion', () => {
    const sameDay = Array.from({ length: 10 }, (_, i) => interaction('order', 30 + i / 1000));
    expect(signal(history({ interactions: sameDay }), 'purchase_recency')?.evidence[0]?.code).toBe('purchase.first_order');
  });

  it('ignores future-dated orders', () => {
    const h = history({ interactions: [...orders(10, 7, 60), interaction('order', -3)] });
    expect(signal(h, 'purchase_recency')?.evidence[0]?.params?.days).toBe(60);
  });

  it('has nothing to say about a customer who never ordered', () => {
    expect(signal(history({ interactions: [interaction('call', 5)] }), 'purchase_recency')).toBeUndefined();
  });

  it('is monotone in silence and bounded', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 120 }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.double({ min: 0.5, max: 200, noNaN: true }),
        (count, gap, quiet, more) => {
          const a = signal(history({ interactions: orders(count, gap, quiet) }), 'purchase_recency')?.strength as number;
          const b = signal(history({ interactions: orders(count, gap, quiet + more) }), 'purchase_recency')?.strength as number;
          expect(a).toBeGreaterThan(0);
          expect(b).toBeLessThanOrEqual(1);
          expect(b).toBeGreaterThanOrEqual(a);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a loyal customer lapses more slowly than a new one with the same silence', () => {
    const loyal = pointsOf(assess(history({ interactions: orders(30, 20, 60) })), 'purchase_recency');
    const fresh = pointsOf(assess(history({ interactions: orders(2, 20, 60) })), 'purchase_recency');
    expect(loyal).toBeLessThan(fresh);
  });
});

describe('time zones', () => {
  // 23:30 and 00:30 in Shanghai on consecutive days are one UTC day (15:30 and 16:30 UTC).
  const evening = '2024-01-01T15:30:00.000Z';
  const night = '2024-01-01T16:30:00.000Z';

  it('counts contact days in the zone given', () => {
    const f = emptyFacts('c1');
    for (const t of [evening, night]) addInteraction(f, { kind: 'call', occurredAt: t });
    expect(makeView(f, Date.parse('2024-02-01T00:00:00Z'), 'UTC').contactDays).toHaveLength(1);
    expect(makeView(f, Date.parse('2024-02-01T00:00:00Z'), 'Asia/Shanghai').contactDays).toHaveLength(2);
  });

  it('measures silence between instants, so the same moments in any zone give the same score', () => {
    const h = history({ interactions: orders(12, 9, 41) });
    const utc = assess(h, { timeZone: 'UTC' });
    const shanghai = assess(h, { timeZone: 'Asia/Shanghai' });
    const ny = assess(h, { timeZone: 'America/New_York' });
    expect(shanghai.score).toBe(utc.score);
    expect(ny.score).toBe(utc.score);
  });

  it('an instant written with an offset is the same instant', () => {
    const a = history({ interactions: [interaction('order', 0, { occurredAt: '2024-06-01T08:00:00.000Z' })] });
    const b = history({
      interactions: [interaction('order', 0, { occurredAt: new Date('2024-06-01T16:00:00+08:00').toISOString() })],
    });
    expect(assess(b).score).toBe(assess(a).score);
    expect(ago(0)).toBe('2024-06-30T12:00:00.000Z');
    expect(POLICY.graceDays).toBe(3);
  });
});
