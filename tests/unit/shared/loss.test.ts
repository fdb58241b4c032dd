// The customer loss rate (shared/src/metrics/loss.ts) and calendar months in a zone
// (shared/src/metrics/months.ts), against values worked out by hand.
import { describe, expect, it } from 'vitest';
import { LOSS_WINDOW_DAYS, isActiveAt, lossByPeriod, lossRate } from '#shared/metrics/loss.ts';
import { closedMonths, currentMonth, monthOf } from '#shared/metrics/months.ts';
import { DEFAULT_LABEL_DAYS } from '#shared/risk/backtest.ts';

const at = (iso: string) => Date.parse(iso);

describe('customer loss rate', () => {
  it('counts "lost" as the risk backtest does: 90 days without activity', () => {
    expect(LOSS_WINDOW_DAYS).toBe(DEFAULT_LABEL_DAYS);
  });

  it('is active when the last activity at or before t is less than the window before it', () => {
    const times = [at('2026-01-01T00:00:00.000Z'), at('2026-02-01T00:00:00.000Z')];
    expect(isActiveAt(times, at('2025-12-31T23:59:59.999Z'))).toBe(false); // before any activity
    expect(isActiveAt(times, at('2026-01-01T00:00:00.000Z'))).toBe(true);
    expect(isActiveAt(times, at('2026-05-01T23:59:59.999Z'))).toBe(true); // Feb 1 + 89 days and a bit
    expect(isActiveAt(times, at('2026-05-02T00:00:00.000Z'))).toBe(false); // Feb 1 + 90 days: the window has passed
    expect(isActiveAt([], at('2026-01-01T00:00:00.000Z'))).toBe(false);
  });

  it('lost ÷ active at the start × 100, and no data (null) when nobody was active', () => {
    expect(lossRate(3, 1)).toEqual({ atStart: 3, lost: 1, rate: (1 / 3) * 100 });
    expect(lossRate(0, 0)).toEqual({ atStart: 0, lost: 0, rate: null });
  });

  it('per period: active at the start, and of them no longer active at the end', () => {
    const bounds = [at('2025-12-31T23:59:59.999Z'), at('2026-01-31T23:59:59.999Z'), at('2026-02-28T23:59:59.999Z')];
    const customers = [
      [at('2025-10-10T00:00:00.000Z'), at('2026-01-20T00:00:00.000Z')], // active throughout
      [at('2025-11-05T00:00:00.000Z')], // active at the end of January (Nov 2 < Nov 5), lost in February
      [at('2025-09-01T00:00:00.000Z')], // lost in December (not in these periods), never counted
      [at('2026-02-10T00:00:00.000Z')], // new in February: not at the start of any period
    ];
    expect(lossByPeriod(customers, bounds)).toEqual([
      { atStart: 2, lost: 0, rate: 0 },
      { atStart: 2, lost: 1, rate: 50 },
    ]);
  });
});

describe('calendar months in a zone', () => {
  it('gives the months that ended before the moment, oldest first, with their first and last millisecond', () => {
    const months = closedMonths(at('2026-03-15T12:00:00.000Z'), 3, 'UTC');
    expect(months.map((m) => m.month)).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(new Date(months[0]?.start as number).toISOString()).toBe('2025-12-01T00:00:00.000Z');
    expect(new Date(months[2]?.end as number).toISOString()).toBe('2026-02-28T23:59:59.999Z');
    expect(currentMonth(at('2026-03-15T12:00:00.000Z'), 'UTC').month).toBe('2026-03');
  });

  it('follows the zone: in Shanghai (UTC+8) March begins at 16:00 UTC on the last of February', () => {
    const t = at('2026-02-28T17:00:00.000Z'); // already 1 March in Shanghai
    expect(monthOf(t, 'Asia/Shanghai')).toBe('2026-03');
    const [feb] = closedMonths(t, 1, 'Asia/Shanghai');
    expect(feb?.month).toBe('2026-02');
    expect(new Date(feb?.start as number).toISOString()).toBe('2026-01-31T16:00:00.000Z');
    expect(new Date(feb?.end as number).toISOString()).toBe('2026-02-28T15:59:59.999Z');
  });

  it('crosses a daylight-saving change (New York, March and November)', () => {
    const months = closedMonths(at('2026-12-15T12:00:00.000Z'), 10, 'America/New_York');
    const march = months.find((m) => m.month === '2026-03');
    expect(new Date(march?.start as number).toISOString()).toBe('2026-03-01T05:00:00.000Z'); // EST
    expect(new Date(march?.end as number).toISOString()).toBe('2026-04-01T03:59:59.999Z'); // EDT
    const november = months.find((m) => m.month === '2026-11');
    expect(new Date(november?.start as number).toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(new Date(november?.end as number).toISOString()).toBe('2026-12-01T04:59:59.999Z');
    expect(months.map((m) => m.month)[0]).toBe('2026-02');
  });
});
