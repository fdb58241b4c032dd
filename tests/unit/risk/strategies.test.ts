// The four strategies as the practice means them: 隔离 confines, 中止 is the company stopping the
// harmful thing itself, 消除 removes the negative effect, 利用 is honest conduct in a real crisis.
import { describe, expect, it } from 'vitest';
import { INDICATORS } from '#shared/model/risk.ts';
import { STRATEGY_HINTS } from '#shared/i18n/evidence.ts';
import { playbookFor } from '#shared/risk/index.ts';

const LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;

describe('suggested strategies', () => {
  it('利用 (exploit) is never routine outreach: only for a red complaint or a red fall in satisfaction', () => {
    const exploit = INDICATORS.flatMap((i) => LEVELS.map((l) => playbookFor(i, l, 'en'))).filter((p) => p.strategy === 'exploit');
    expect(exploit.map((p) => p.id).sort()).toEqual(['complaints.red', 'satisfaction.red']);
  });

  it('a first response is never exploit: silence, a lapse in buying, people changes are about removing a cause', () => {
    for (const i of ['contact_silence', 'purchase_recency', 'spend_decline', 'people_change'] as const)
      for (const l of ['blue', 'yellow'] as const) expect(playbookFor(i, l, 'en').strategy).toBe('eliminate');
  });

  it('an overdue payment is never 中止 (suspend): suspend is the company stopping its own harm, not a creditor control', () => {
    for (const l of LEVELS) expect(playbookFor('payment_overdue', l, 'en').strategy).not.toBe('suspend');
    const steps = playbookFor('payment_overdue', 'red', 'en').steps.join(' ');
    expect(steps).not.toMatch(/prepayment|stop (new )?orders/i);
  });

  it('returns rising: the company stops shipping and, at orange, stops selling and recalls, even at a loss', () => {
    expect(playbookFor('returns_rising', 'yellow', 'en').strategy).toBe('suspend');
    const red = playbookFor('returns_rising', 'red', 'en');
    expect(red.strategy).toBe('suspend');
    expect(red.steps.join(' ')).toMatch(/recall/);
    expect(red.steps.join(' ')).toMatch(/even at a loss/);
    expect(playbookFor('returns_rising', 'red', 'zh-CN').steps.join('')).toContain('召回');
  });

  it('complaints are first kept to the smallest circle (隔离), and the first step says so', () => {
    const pb = playbookFor('complaints', 'yellow', 'en');
    expect(pb.strategy).toBe('isolate');
    expect(pb.steps[0]).toMatch(/smallest circle/);
  });

  it('every plan states the limit of a rep’s own authority, in both languages', () => {
    for (const i of INDICATORS)
      for (const l of LEVELS) {
        expect(playbookFor(i, l, 'en').authority).toMatch(/decision owner/);
        expect(playbookFor(i, l, 'zh-CN').authority).toMatch(/决策负责人/);
      }
  });

  it('the hints say what the practice means', () => {
    expect(STRATEGY_HINTS.en.isolate).toMatch(/smallest range/);
    expect(STRATEGY_HINTS.en.suspend).toMatch(/even at a loss/);
    expect(STRATEGY_HINTS['zh-CN'].exploit).toContain('诚实');
  });
});
