// The lifecycle stage suggested from the history (考察期, 形成期, 稳定期, 衰退期), for the rep to confirm.
import { describe, expect, it } from 'vitest';
import { factsFromHistory, suggestStage } from '#shared/risk/index.ts';
import { NOW, history, interaction, orders } from './helpers.ts';

const stage = (interactions: ReturnType<typeof orders>) => suggestStage(factsFromHistory(history({ interactions })), NOW)?.stage;

describe('suggested lifecycle stage', () => {
  it('no order: no suggestion; a first order or two: exploring (考察期)', () => {
    expect(stage([interaction('call', 3)])).toBeUndefined();
    expect(stage(orders(2, 30, 5))).toBe('exploring');
  });

  it('orders picking up within the first year: forming (形成期)', () => {
    expect(stage(orders(8, 20, 3))).toBe('forming');
  });

  it('regular orders for years: stable (稳定期)', () => {
    expect(stage(orders(40, 30, 10))).toBe('stable');
  });

  it('orders halved, or stopped for twice the usual gap: declining (衰退期)', () => {
    const halved = [...orders(12, 15, 200), ...orders(2, 60, 20)];
    expect(suggestStage(factsFromHistory(history({ interactions: halved })), NOW)).toMatchObject({
      stage: 'declining',
      reason: 'falling',
    });
    expect(suggestStage(factsFromHistory(history({ interactions: orders(40, 14, 120) })), NOW)).toMatchObject({
      stage: 'declining',
      reason: 'lapsed',
    });
  });
});
