// Spend or volume decline against the customer's own baseline; returns and cancellations rising.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { history, interaction, orders, signal } from './helpers.ts';

/** Monthly orders of `amount` for a year before the recent window, then `recent` orders of `recentAmount` in it. */
function buyer(amount: number, recent: number[], patch: { noAmounts?: boolean } = {}) {
  const base = Array.from({ length: 12 }, (_, i) => interaction('order', 100 + i * 30, patch.noAmounts ? {} : { amount }));
  const now = recent.map((a, i) => interaction('order', 10 + i * 25, patch.noAmounts ? {} : { amount: a }));
  return history({ interactions: [...base, ...now] });
}

describe('spend decline', () => {
  it('fires when a customer still buys but well below their own baseline', () => {
    const s = signal(buyer(1000, [300, 300]), 'spend_decline');
    expect(s?.strength).toBeGreaterThan(0.5);
    expect(s?.evidence[0]?.code).toBe('decline.spend');
    expect(s?.evidence[0]?.params).toMatchObject({ recent: 600, window: 90 });
    expect(s?.evidence[0]?.params?.pct).toBeGreaterThan(75);
  });

  it('stays quiet for ordinary variation', () => {
    expect(signal(buyer(1000, [1000, 900, 1100]), 'spend_decline')).toBeUndefined();
    expect(signal(buyer(1000, [1200, 1200]), 'spend_decline')).toBeUndefined(); // about −25%: not yet
    expect(signal(buyer(1000, [800, 1000]), 'spend_decline')?.strength).toBeLessThan(0.25); // −40%: weak
  });

  it('leaves a customer with no recent order to purchase recency (one silence is not counted twice)', () => {
    expect(signal(buyer(1000, []), 'spend_decline')).toBeUndefined();
  });

  it('needs a baseline: a new customer or a single interaction says nothing', () => {
    expect(signal(history({ interactions: orders(3, 20, 5, 1000) }), 'spend_decline')).toBeUndefined();
    expect(signal(history({ interactions: [interaction('order', 10, { amount: 5 })] }), 'spend_decline')).toBeUndefined();
  });

  it('uses the number of orders when the rows carry no amounts (volume)', () => {
    const s = signal(buyer(0, [1], { noAmounts: true }), 'spend_decline');
    expect(s?.evidence[0]?.code).toBe('decline.orders');
  });

  it('ignores future-dated orders (they would hide the decline)', () => {
    const h = buyer(1000, [200]);
    h.interactions.push(interaction('order', -2, { amount: 5000 }));
    expect(signal(h, 'spend_decline')?.strength).toBeGreaterThan(0.5);
  });

  it('is monotone: the less spent recently, the stronger', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 3000 }), (a, b) => {
        const low = Math.min(a, b);
        const high = Math.max(a, b);
        const sLow = signal(buyer(1000, [low]), 'spend_decline')?.strength ?? 0;
        const sHigh = signal(buyer(1000, [high]), 'spend_decline')?.strength ?? 0;
        expect(sLow).toBeGreaterThanOrEqual(sHigh);
        expect(sLow).toBeLessThanOrEqual(1);
      }),
      { numRuns: 100 },
    );
  });
});

describe('returns rising', () => {
  const base = () => Array.from({ length: 12 }, (_, i) => interaction('order', 100 + i * 30, { amount: 1000 }));

  it('fires when returns take a larger share of orders than usual', () => {
    const h = history({
      interactions: [...base(), interaction('order', 40, { amount: 1000 }), interaction('return', 20, { amount: 400 })],
    });
    const s = signal(h, 'returns_rising');
    expect(s?.evidence).toEqual([{ code: 'returns.share', params: { share: 40, usual: 0, window: 90, count: 1 } }]);
  });

  it('stays quiet when the share is what this customer always returns', () => {
    const usual = [...base(), ...Array.from({ length: 12 }, (_, i) => interaction('return', 101 + i * 30, { amount: 300 }))];
    const h = history({
      interactions: [...usual, interaction('order', 40, { amount: 1000 }), interaction('return', 20, { amount: 300 })],
    });
    expect(signal(h, 'returns_rising')).toBeUndefined();
  });

  it('stays quiet below the minimum share, and without returns', () => {
    const small = history({
      interactions: [...base(), interaction('order', 40, { amount: 1000 }), interaction('return', 20, { amount: 50 })],
    });
    expect(signal(small, 'returns_rising')).toBeUndefined();
    expect(signal(history({ interactions: base() }), 'returns_rising')).toBeUndefined();
  });

  it('counts returns when amounts are missing', () => {
    const h = history({
      interactions: [interaction('order', 40), interaction('order', 30), interaction('return', 20), interaction('return', 10)],
    });
    expect(signal(h, 'returns_rising')?.evidence[0]?.params).toMatchObject({ share: 100, count: 2 });
  });
});
