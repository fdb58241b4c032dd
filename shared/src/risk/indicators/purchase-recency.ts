// Purchase recency and frequency against the customer's own history: how likely it is that the
// customer has stopped buying. Read as odds:
//
//   odds = firstOrderLapseOdds / n × ((base + t) / base)^(n − 1 + priorWeight)
//   base = span of their order days + priorWeight × priorGapDays
//   t = (days since the last order, the season's share taken off − grace)
//       ÷ spend divisor^(priorWeight / (n − 1 + priorWeight))
//
// * 1 / n — loyalty: of n orders only the last can have been the last, so each order makes a lapse
//   less likely. A first-time buyer starts at the policy's odds; a customer with 50 orders at 1/50 of it.
// * ((base + t) / base)^(gaps + priorWeight) — how unusual the silence is for this customer: the
//   inverse of the chance that a customer still buying at their own pace stays this quiet. A
//   weekly buyer quiet for three weeks is surprising; a twice-a-year buyer quiet for three weeks
//   is not. With few orders the assumed rhythm (priorGapDays) fills in for the missing history.
// * the spend divisor (spend-level.ts) — customers who spend more come back after longer silences,
//   so their silence counts more slowly. It fills in for missing history like the assumed rhythm
//   does, with the same share, so it matters most for a customer with one or two orders and fades
//   for a long-standing regular whose own rhythm speaks for itself. It changes nothing on the day
//   of an order: a fresh first-time buyer starts at the same odds whatever they spent.
// * the season (season.ts) — a customer who ordered in the same weeks a year earlier is expected
//   back in season: until that order's anniversary has passed, the silence since its window opened
//   counts more slowly. Without an order in the year-earlier window it changes nothing.
//
// The strength is odds / (1 + odds): a probability-like 0–1 that ranks customers well on real order
// data (docs/RISK.md, evaluation). It is never severe on its own: silence builds up slowly.
import { type IndicatorContext, daysAgo, isoDate } from '../history-as-of.ts';
import { seasonDueAt, seasonOrderAt, seasonalSilence } from './season.ts';
import type { Signal } from './signal.ts';
import { spendLevelDivisor } from './spend-level.ts';

export function purchaseRecency({ view, policy, valueRatio }: IndicatorContext): Signal | null {
  const n = view.orderDays.length;
  if (n === 0) return null;
  const { priorGapDays, priorWeight, firstOrderLapseOdds } = policy.purchase;
  const span = (view.orderDays[n - 1] as number) - (view.orderDays[0] as number);
  const days = daysAgo(view, view.lastOrderAt);
  // The spend level slows the silence down: a customer who spends more is given more time. Like the
  // assumed rhythm, it stands in for history the customer has not shown yet, so it counts with the
  // prior's share of the evidence and fades as their own orders build up (spend-level.ts).
  const gaps = n - 1 + priorWeight;
  const spendShare = gaps > 0 ? priorWeight / gaps : 1;
  // The season: an order in the same weeks a year earlier slows the silence too (season.ts).
  const seasonOrder = seasonOrderAt(view, policy);
  const quiet = seasonalSilence(days, view.asOf, seasonOrder, policy);
  const t = Math.max(0, quiet - policy.graceDays) / spendLevelDivisor(valueRatio, policy) ** spendShare;
  const base = Math.max(1, span + priorWeight * priorGapDays);
  const odds = (firstOrderLapseOdds / n) * ((base + t) / base) ** gaps;
  const strength = Number.isFinite(odds) ? odds / (1 + odds) : 1;
  const lastDays = Math.floor(days);
  const evidence: Signal['evidence'] =
    n === 1
      ? [{ code: 'purchase.first_order', params: { days: lastDays } }]
      : [{ code: 'purchase.recency', params: { days: lastDays, usual: Math.max(1, Math.round(span / (n - 1))), orders: n } }];
  if (seasonOrder !== null) {
    evidence.push({ code: 'purchase.season', params: { date: isoDate(seasonOrder), due: isoDate(seasonDueAt(seasonOrder)) } });
  }
  return { strength, evidence };
}
