// Builders for customer histories in early-warning tests: records valid under the shared schemas,
// dated in days relative to a fixed "now".
import { Case } from '#shared/model/case.ts';
import { Contact } from '#shared/model/contact.ts';
import { Customer } from '#shared/model/customer.ts';
import { Interaction, type InteractionKind } from '#shared/model/interaction.ts';
import { Response } from '#shared/model/response.ts';
import type { Assessment } from '#shared/model/risk.ts';
import type { Policy } from '#shared/model/policy.ts';
import { type CustomerHistory, assessCustomer, defaultPolicy, signalsFor, factsFromHistory } from '#shared/risk/index.ts';

export const NOW = '2024-06-30T12:00:00.000Z';
const DAY = 86_400_000;

/** The instant `days` days before NOW (negative: after). */
export function ago(days: number, from = NOW): string {
  return new Date(Date.parse(from) - days * DAY).toISOString();
}

export const POLICY: Policy = defaultPolicy('2024-01-01T00:00:00.000Z');

const meta = { rev: 1, updatedAt: '2024-01-01T00:00:00.000Z', updatedBy: 'test', deletedAt: null };
let seq = 0;

export function customer(patch: Partial<Customer> = {}): Customer {
  return Customer.parse({ id: 'c1', name: 'Acme', createdAt: '2020-01-01T00:00:00.000Z', ...meta, ...patch });
}

export function interaction(kind: InteractionKind, daysAgo: number, patch: Partial<Interaction> = {}): Interaction {
  return Interaction.parse({ id: `i${++seq}`, customerId: 'c1', kind, occurredAt: ago(daysAgo), ...meta, ...patch });
}

/** Orders every `gap` days, the last one `last` days ago, `count` in all. */
export function orders(count: number, gap: number, last: number, amount = 100): Interaction[] {
  return Array.from({ length: count }, (_, i) => interaction('order', last + (count - 1 - i) * gap, { amount }));
}

export function response(kind: Response['kind'], daysAgo: number, patch: Partial<Response> = {}): Response {
  return Response.parse({ id: `r${++seq}`, kind, customerId: 'c1', submittedAt: ago(daysAgo), ...meta, ...patch });
}

export function kase(daysAgo: number, patch: Partial<Case> = {}): Case {
  return Case.parse({ id: `k${++seq}`, customerId: 'c1', title: 'Late delivery', openedAt: ago(daysAgo), ...meta, ...patch });
}

export function contact(patch: Partial<Contact> = {}): Contact {
  return Contact.parse({
    id: `p${++seq}`,
    customerId: 'c1',
    name: 'Li Wei',
    createdAt: '2020-01-01T00:00:00.000Z',
    ...meta,
    ...patch,
  });
}

export function history(patch: Partial<CustomerHistory> = {}): CustomerHistory {
  return { customer: customer(), contacts: [], interactions: [], responses: [], cases: [], ...patch };
}

export function assess(
  h: CustomerHistory,
  opts: { asOf?: string; policy?: Policy; watched?: boolean; previous?: Assessment | null; timeZone?: string } = {},
): Assessment {
  return assessCustomer(h, {
    asOf: opts.asOf ?? NOW,
    policy: opts.policy ?? POLICY,
    watched: opts.watched ?? false,
    previous: opts.previous ?? null,
    ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
  });
}

/** The signal of one indicator (undefined when it does not fire). */
export function signal(
  h: CustomerHistory,
  indicator: string,
  opts: { asOf?: string; policy?: Policy; watched?: boolean; timeZone?: string } = {},
) {
  const found = signalsFor(factsFromHistory(h), {
    asOf: opts.asOf ?? NOW,
    policy: opts.policy ?? POLICY,
    watched: opts.watched ?? false,
    ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
  }).find(([i]) => i === indicator);
  return found?.[1];
}

export function pointsOf(a: Assessment, indicator: string): number {
  return a.contributions.find((c) => c.indicator === indicator)?.points ?? 0;
}
