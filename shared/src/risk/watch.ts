// Key-account watch (居安思危): the best customers get the closest watch, because competitors
// target them first. The top share of customers by value is watched; watched customers reach each
// warning level at a lower score (score.ts, thresholdsFor).
import type { Policy } from '../model/policy.ts';
import type { CustomerHistory } from './assess.ts';
import { type CustomerFacts, DAY_MS, KIND } from './facts.ts';

/** The ids of the customers under watch: the top `policy.watch.share` by value (value > 0 only). */
export function watchedCustomerIds(values: { id: string; value: number }[], policy: Policy): Set<string> {
  const count = Math.ceil(values.length * policy.watch.share);
  const ranked = values
    .filter((v) => v.value > 0 && Number.isFinite(v.value))
    .sort((a, b) => b.value - a.value || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return new Set(ranked.slice(0, count).map((v) => v.id));
}

/** The smallest value inside the watched share: a customer worth at least this is watched. */
export function watchCutoff(values: number[], policy: Policy): number {
  const count = Math.ceil(values.length * policy.watch.share);
  // A typed array sorts numbers ascending without a comparator (a batch sorts every customer's value).
  const ranked = Float64Array.from(values.filter((v) => v > 0 && Number.isFinite(v))).sort();
  const at = ranked.length - Math.min(count, ranked.length);
  return count === 0 || ranked.length === 0 ? Number.POSITIVE_INFINITY : (ranked[at] as number);
}

/** A customer's value: `customer.value` when recorded, otherwise their orders over the 12 months before `asOf`. */
export function customerValue(history: CustomerHistory, asOf: string): number {
  if (history.customer.value !== undefined) return history.customer.value;
  const to = Date.parse(asOf);
  const from = to - 365 * DAY_MS;
  let sum = 0;
  for (const i of history.interactions) {
    if (i.kind !== 'order' || i.deletedAt || i.amount === undefined) continue;
    const t = Date.parse(i.occurredAt);
    if (t > from && t <= to) sum += i.amount;
  }
  return sum;
}

/** The same value from compact facts. */
export function factsValue(f: CustomerFacts, asOf: number): number {
  if (f.value !== undefined) return f.value;
  const from = asOf - 365 * DAY_MS;
  const e = f.events;
  let sum = 0;
  for (let i = 0; i < e.length; i += 3) {
    const t = e[i] as number;
    if (t > from && t <= asOf && e[i + 1] === KIND.order && !Number.isNaN(e[i + 2] as number)) sum += e[i + 2] as number;
  }
  return sum;
}
