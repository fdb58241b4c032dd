// Seasonality (a lesson of the backtest on real orders): a customer who ordered in the same weeks a
// year earlier is expected back in season, so their silence now is less alarming. When the customer
// has an order in the year-earlier window [today − 365 days, today − 365 days + windowDays], the
// days of silence count ÷ silenceDivisor in purchase recency until that order's anniversary has
// passed; after it, the order leaves the window and the silence counts in full again.
//
// Only positive evidence counts: an order in the year-earlier window. A history that starts after
// the window (a new team, or a customer's first year) is not evidence of anything, and changes
// nothing. The divisor only slows the silence, never speeds it, so the points stay monotone in the
// buying evidence; silenceDivisor 1 turns it off.
import type { Policy } from '../../model/policy.ts';
import type { View } from '../history-as-of.ts';

const YEAR_DAYS = 365;

/**
 * The first local day number with an order in the year-earlier window of the view's moment (its
 * anniversary is the day the customer is next expected), or null when there is none or the
 * season is turned off.
 */
export function seasonOrderDay(view: View, policy: Pick<Policy, 'season'>): number | null {
  if (policy.season.silenceDivisor <= 1) return null;
  const from = view.asOfDay - YEAR_DAYS;
  const to = from + policy.season.windowDays;
  for (const day of view.orderDays) {
    if (day > to) return null;
    if (day >= from) return day;
  }
  return null;
}

/** How much the season slows the customer's silence in purchase recency (1 = not at all). */
export function seasonDivisor(seasonDay: number | null, policy: Pick<Policy, 'season'>): number {
  return seasonDay === null ? 1 : policy.season.silenceDivisor;
}

/** The anniversary of a year-earlier order day: the local day the customer is expected back. */
export const seasonDueDay = (seasonDay: number): number => seasonDay + YEAR_DAYS;
