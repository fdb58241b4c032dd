// One customer's history as of a moment: only what happened at or before it counts (rows dated
// later, in the future or after an evaluation date, are ignored), reduced to what several
// indicators share: the days with orders, the days with contact, the last of each.
import type { Policy } from '../model/policy.ts';
import { zoneOffsetAt } from '../codecs/time.ts';
import { CONTACT_KIND, type CustomerFacts, DAY_MS, KIND, sortEvents } from './facts.ts';

export interface View {
  facts: CustomerFacts;
  /** The moment assessed (ms). */
  asOf: number;
  /** The local calendar day number of `asOf` (same numbering as `orderDays`). */
  asOfDay: number;
  /** Number of packed events at or before `asOf` (events are sorted). */
  count: number;
  /** Distinct local calendar days (day numbers) with an order, ascending. */
  orderDays: number[];
  lastOrderAt: number;
  /** Distinct local calendar days with contact in which the customer took part, ascending. */
  contactDays: number[];
  lastContactAt: number;
}

/** Everything an indicator is given. */
export interface IndicatorContext {
  view: View;
  policy: Policy;
  /** Under key-account watch (top share by value, or a key customer). */
  watched: boolean;
  /** The customer's 12-month value ÷ the book's watch cutoff (see spend-level.ts); absent when unknown. */
  valueRatio?: number | undefined;
}

/** The local calendar day number of an instant in a time zone. */
export function localDay(t: number, timeZone: string): number {
  return Math.floor((t + (timeZone === 'UTC' ? 0 : zoneOffsetAt(t, timeZone))) / DAY_MS);
}

export function makeView(facts: CustomerFacts, asOf: number, timeZone = 'UTC'): View {
  sortEvents(facts);
  const e = facts.events;
  // Binary search: the first event after asOf.
  let lo = 0;
  let hi = e.length / 3;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((e[mid * 3] as number) <= asOf) lo = mid + 1;
    else hi = mid;
  }
  const count = lo;
  const orderDays: number[] = [];
  const contactDays: number[] = [];
  let lastOrderAt = Number.NaN;
  let lastContactAt = Number.NaN;
  const order = KIND.order;
  for (let i = 0; i < count; i++) {
    const t = e[i * 3] as number;
    const kind = e[i * 3 + 1] as number;
    const isOrder = kind === order;
    const isContact = CONTACT_KIND[kind] === true;
    if (!isOrder && !isContact) continue;
    const day = localDay(t, timeZone);
    if (isOrder) {
      if (orderDays[orderDays.length - 1] !== day) orderDays.push(day);
      lastOrderAt = t;
    }
    if (isContact) {
      if (contactDays[contactDays.length - 1] !== day) contactDays.push(day);
      lastContactAt = t;
    }
  }
  return { facts, asOf, asOfDay: localDay(asOf, timeZone), count, orderDays, lastOrderAt, contactDays, lastContactAt };
}

/** Sum and count of one kind's events in (from, to]. `withAmount` counts events that had an amount. */
export function windowTotals(
  v: View,
  kind: number,
  from: number,
  to: number,
): { sum: number; count: number; withAmount: number } {
  const e = v.facts.events;
  let sum = 0;
  let count = 0;
  let withAmount = 0;
  for (let i = 0; i < v.count; i++) {
    const t = e[i * 3] as number;
    if (t <= from || t > to || e[i * 3 + 1] !== kind) continue;
    count++;
    const amount = e[i * 3 + 2] as number;
    if (!Number.isNaN(amount)) {
      sum += Math.abs(amount);
      withAmount++;
    }
  }
  return { sum, count, withAmount };
}

export function median(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Gaps between consecutive day numbers, sorted ascending. */
export function sortedGaps(days: readonly number[]): number[] {
  const gaps: number[] = [];
  for (let i = 1; i < days.length; i++) gaps.push((days[i] as number) - (days[i - 1] as number));
  return gaps.sort((a, b) => a - b);
}

export const clamp01 = (x: number): number => (Number.isNaN(x) ? 0 : Math.min(1, Math.max(0, x)));

/** Days from `t` to the view's moment, fractional. */
export const daysAgo = (v: View, t: number): number => (v.asOf - t) / DAY_MS;

/** A calendar date (YYYY-MM-DD, UTC) for evidence. */
export const isoDate = (t: number): string => new Date(t).toISOString().slice(0, 10);
