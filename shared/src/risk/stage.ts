// The relationship's lifecycle stage (domain.md §2) suggested from the history, for the rep to
// confirm: exploration 考察期, formation 形成期, stable 稳定期, decline 衰退期. Pure: the customer's
// compact history and the moment in. A suggestion, never written by itself.
import type { LifecycleStage } from '../model/customer.ts';
import type { CustomerFacts } from './facts.ts';
import { DAY_MS } from './facts.ts';
import { makeView } from './history-as-of.ts';

export interface StageSuggestion {
  stage: LifecycleStage;
  /** Why, as a code and numbers the interface words in the rep's language. */
  reason: 'few_orders' | 'growing' | 'steady' | 'falling' | 'lapsed';
  ordersRecent: number;
  ordersBefore: number;
}

const HALF_YEAR = 182;

/**
 * * fewer than three purchase days, or a first one less than three months ago: exploring;
 * * no purchase for two usual gaps (at least 90 days), or half-year purchases down by half: declining;
 * * more purchases this half-year than the one before, or less than a year as a customer: forming;
 * * otherwise: stable.
 */
export function suggestStage(facts: CustomerFacts, asOf: string, timeZone = 'UTC'): StageSuggestion | null {
  const view = makeView(facts, Date.parse(asOf), timeZone);
  const days = view.orderDays;
  if (days.length === 0) return null;
  const today = Math.floor(view.asOf / DAY_MS);
  const first = days[0] as number;
  const last = days[days.length - 1] as number;
  const recent = days.filter((d) => d > today - HALF_YEAR).length;
  const before = days.filter((d) => d <= today - HALF_YEAR && d > today - 2 * HALF_YEAR).length;
  const base = { ordersRecent: recent, ordersBefore: before };
  if (days.length < 3 || today - first < 90) return { stage: 'exploring', reason: 'few_orders', ...base };
  const usual = (last - first) / (days.length - 1);
  if (today - last > Math.max(90, 2 * usual)) return { stage: 'declining', reason: 'lapsed', ...base };
  if (before >= 2 && recent <= before / 2) return { stage: 'declining', reason: 'falling', ...base };
  if (recent > before || today - first < 365) return { stage: 'forming', reason: 'growing', ...base };
  return { stage: 'stable', reason: 'steady', ...base };
}
