// Spend or volume decline: the customer still buys, but less than their own baseline. The recent
// window (windows.recentDays) is compared with the rate over the baseline window before it
// (windows.baselineDays, or as much of it as the customer's history covers). A customer with no
// order at all in the recent window is left to purchase recency, so one silence is not counted twice.
import { DAY_MS, KIND } from '../facts.ts';
import { type IndicatorContext, clamp01, windowTotals } from '../history-as-of.ts';
import type { Signal } from './signal.ts';

export function spendDecline({ view, policy }: IndicatorContext): Signal | null {
  if (view.orderDays.length === 0) return null;
  const { recentDays, baselineDays } = policy.windows;
  const recentFrom = view.asOf - recentDays * DAY_MS;
  const firstOrderAt = firstOrderTime(view);
  // How much of the baseline window the customer's history covers, in days.
  const covered = Math.min(baselineDays, (recentFrom - firstOrderAt) / DAY_MS);
  if (covered < recentDays) return null;
  const baseline = windowTotals(view, KIND.order, recentFrom - covered * DAY_MS - 1, recentFrom);
  if (baseline.count < policy.decline.minBaselineOrders) return null;
  const recent = windowTotals(view, KIND.order, recentFrom, view.asOf);
  if (recent.count === 0) return null;
  // Spend when the orders carry amounts, otherwise the number of orders (volume).
  const bySpend = baseline.withAmount === baseline.count && baseline.sum > 0;
  const usual = ((bySpend ? baseline.sum : baseline.count) * recentDays) / covered;
  const now = bySpend ? recent.sum : recent.count;
  const drop = 1 - now / usual;
  const strength = clamp01((drop - policy.decline.minDrop) / (1 - policy.decline.minDrop));
  if (strength <= 0) return null;
  return {
    strength,
    evidence: [
      {
        code: bySpend ? 'decline.spend' : 'decline.orders',
        params: { recent: round(now), usual: round(usual), pct: Math.round(drop * 100), window: recentDays },
      },
    ],
  };
}

function firstOrderTime(view: IndicatorContext['view']): number {
  const e = view.facts.events;
  for (let i = 0; i < view.count; i++) if (e[i * 3 + 1] === KIND.order) return e[i * 3] as number;
  return Number.NaN;
}

const round = (x: number) => (x >= 100 ? Math.round(x) : Math.round(x * 10) / 10);
