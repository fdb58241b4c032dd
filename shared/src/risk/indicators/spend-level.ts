// Spend level (a lesson of the backtest on real orders): the more a customer spends, the less
// likely a quiet spell means they have left. A customer's spend over the last 12 months is read
// against the key-account watch cutoff (the spend at which the top share of customers by value
// begins), so the rule is the same in any currency and business size:
//
//   divisor = (1 + factor × spend / cutoff) ^ exponent
//
// Purchase recency divides the days of silence by it (raised to the share of the evidence that
// the assumed rhythm has, purchase-recency.ts): with factor 8 and exponent 1, a first-time buyer
// spending at the cutoff is given nine times as long before the same odds; one with no spend keeps
// the plain count. It only slows the silence, never speeds it, so the points stay monotone in the
// buying evidence, and on the day of an order it changes nothing. Factor 0 turns it off.
import type { Policy } from '../../model/policy.ts';

/** How much a customer's spend level slows their silence in purchase recency (1 = not at all). */
export function spendLevelDivisor(valueRatio: number | undefined, policy: Pick<Policy, 'spendLevel'>): number {
  const ratio = valueRatio !== undefined && Number.isFinite(valueRatio) && valueRatio > 0 ? valueRatio : 0;
  const { factor, exponent } = policy.spendLevel;
  return (1 + factor * ratio) ** exponent;
}
