// Step 4 of the key-customer process: a long-term plan whose contacts follow the customer's cadence
// ("water the flower neither too much nor too little"). The next `count` contact dates, one cadence
// apart, starting one cadence after the last contact (or from now, if that is already past).
import type { Customer } from '../model/customer.ts';

const DAY_MS = 86_400_000;

export function plannedContactDates(
  customer: Pick<Customer, 'cadenceDays'>,
  lastContactAt: string | null,
  now: string,
  count: number,
): string[] {
  const cadence = customer.cadenceDays;
  if (!cadence || count < 1) return [];
  const nowMs = Date.parse(now);
  let next = lastContactAt ? Date.parse(lastContactAt) + cadence * DAY_MS : nowMs;
  if (next < nowMs) next = nowMs;
  return Array.from({ length: count }, (_, i) => new Date(next + i * cadence * DAY_MS).toISOString());
}
