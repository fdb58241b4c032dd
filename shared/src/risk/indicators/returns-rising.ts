// Returns and cancellations rising: the share of returns in what the customer ordered over the
// recent window, against their usual share over the baseline window before it. By amount when the
// rows carry amounts, otherwise by count.
import { DAY_MS, KIND } from '../facts.ts';
import { type IndicatorContext, clamp01, windowTotals } from '../history-as-of.ts';
import type { Signal } from './signal.ts';

export function returnsRising({ view, policy }: IndicatorContext): Signal | null {
  const { recentDays, baselineDays } = policy.windows;
  const recentFrom = view.asOf - recentDays * DAY_MS;
  const returns = windowTotals(view, KIND.return, recentFrom, view.asOf);
  if (returns.count === 0) return null;
  const orders = windowTotals(view, KIND.order, recentFrom, view.asOf);
  const baseFrom = recentFrom - baselineDays * DAY_MS;
  const baseReturns = windowTotals(view, KIND.return, baseFrom, recentFrom);
  const baseOrders = windowTotals(view, KIND.order, baseFrom, recentFrom);
  const byAmount =
    returns.withAmount === returns.count &&
    orders.withAmount === orders.count &&
    returns.sum > 0 &&
    (orders.sum > 0 || orders.count === 0);
  const share = (r: { sum: number; count: number }, o: { sum: number; count: number }) => {
    const ret = byAmount ? r.sum : r.count;
    const ord = byAmount ? o.sum : o.count;
    return ord > 0 ? Math.min(1, ret / ord) : ret > 0 ? 1 : 0;
  };
  const recent = share(returns, orders);
  const usual = baseOrders.count > 0 ? share(baseReturns, baseOrders) : 0;
  const { minShare, fullShare } = policy.returns;
  if (recent < minShare) return null;
  const strength = clamp01((recent - usual) / fullShare);
  if (strength <= 0.05) return null;
  return {
    strength,
    evidence: [
      {
        code: 'returns.share',
        params: { share: Math.round(recent * 100), usual: Math.round(usual * 100), window: recentDays, count: returns.count },
      },
    ],
  };
}
