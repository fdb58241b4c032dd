// Spend level (a lesson of the backtest on real orders): the more a customer spends, the less
// likely a quiet spell means they have left. A customer's spend over the last 12 months is read
// against the key-account watch cutoff (the spend at which the top share of customers by value
// begins), so the rule is the same in any currency and business size:
//
//   odds of a lapse ÷ (1 + factor × spend / cutoff) ^ exponent
//
// A customer at the cutoff with factor 4 and exponent 0.5 has the odds divided by √5; one
// with no spend keeps them whole. It only lowers purchase-recency odds, never raises them, so the
// points stay monotone in the buying evidence. Factor 0 turns it off.
import type { Policy } from '../../model/policy.ts';

/** How much a customer's spend level divides the odds of a purchase lapse (1 = not at all). */
export function spendLevelDivisor(valueRatio: number | undefined, policy: Pick<Policy, 'spendLevel'>): number {
  const ratio = valueRatio !== undefined && Number.isFinite(valueRatio) && valueRatio > 0 ? valueRatio : 0;
  const { factor, exponent } = policy.spendLevel;
  return (1 + factor * ratio) ** exponent;
}
