// Seasonality (a lesson of the backtest on real orders): a customer who ordered in the same weeks a
// year earlier is expected back in season, so their silence now is less alarming. When the customer
// has an order in the year-earlier window [today − 365 days, today − 365 days + windowDays] (its
// anniversary lies within the coming windowDays), the days of silence since that window opened for
// it count ÷ silenceDivisor in purchase recency; after the anniversary has passed, the order leaves
// the window and the silence counts in full again.
//
// Only the silence since the window opened is slowed, not the whole silence: so each further day of
// silence still adds (1 ÷ silenceDivisor of a day), and the points never fall as a customer stays
// quiet (slowing the whole silence at once would drop a customer's points on the day an order
// entered the window). Only positive evidence counts: an order in the year-earlier window. A
// history that starts after the window (a new team, or a customer's first year) is not evidence of
// anything, and changes nothing. The discount only slows the silence, never speeds it, so the
// points stay monotone in the buying evidence too; silenceDivisor 1 turns it off.
import type { Policy } from '../../model/policy.ts';
import { DAY_MS, KIND } from '../facts.ts';
import type { View } from '../history-as-of.ts';

const YEAR_DAYS = 365;

/**
 * The time (ms) of the first order in the year-earlier window of the view's moment — between 365
 * and 365 − windowDays days old (its anniversary is when the customer is next expected) — or null
 * when there is none or the season is turned off. Ages are exact, not calendar days, so the window
 * opens for an order gradually rather than a whole day at a time.
 */
export function seasonOrderAt(view: View, policy: Pick<Policy, 'season'>): number | null {
  if (policy.season.silenceDivisor <= 1) return null;
  const oldest = view.asOf - YEAR_DAYS * DAY_MS;
  const youngest = view.asOf - (YEAR_DAYS - policy.season.windowDays) * DAY_MS;
  const e = view.facts.events;
  for (let i = 0; i < view.count; i++) {
    const t = e[i * 3] as number;
    if (t > youngest) return null;
    if (t >= oldest && e[i * 3 + 1] === KIND.order) return t;
  }
  return null;
}

/**
 * The days of silence as purchase recency counts them: `days` (since the last order), less the
 * share the season takes off the days spent inside the season order's window (none without one).
 * Each further day of silence still adds 1 ÷ silenceDivisor of a day: the count never falls.
 */
export function seasonalSilence(days: number, asOf: number, seasonOrder: number | null, policy: Pick<Policy, 'season'>): number {
  if (seasonOrder === null) return days;
  // The window opened for this order when it was 365 − windowDays days old.
  const opened = seasonOrder + (YEAR_DAYS - policy.season.windowDays) * DAY_MS;
  const inWindow = Math.min(days, Math.max(0, (asOf - opened) / DAY_MS));
  return days - inWindow * (1 - 1 / policy.season.silenceDivisor);
}

/** The anniversary of a year-earlier order: when the customer is expected back. */
export const seasonDueAt = (seasonOrder: number): number => seasonOrder + YEAR_DAYS * DAY_MS;
