// What the indicators need of one customer's history, kept compact: a batch over a million
// interactions holds three numbers per interaction, not the records. Free text is reduced to the
// negative words found in it when it arrives; email bodies are never seen here at all.
import type { Case, Severity } from '../model/case.ts';
import type { Contact } from '../model/contact.ts';
import type { Customer, CustomerTier } from '../model/customer.ts';
import { INTERACTION_KINDS, type Interaction, type InteractionKind } from '../model/interaction.ts';
import type { Response, ResponseKind } from '../model/response.ts';
import { findNegativeWords } from './lexicon.ts';

export const DAY_MS = 86_400_000;

/** Interaction kinds as small numbers (their index in INTERACTION_KINDS). */
export const KIND: Record<InteractionKind, number> = Object.fromEntries(INTERACTION_KINDS.map((k, i) => [k, i])) as Record<
  InteractionKind,
  number
>;

/** Kinds in which the customer took part: everything but our own outgoing mail and notes. */
export const CONTACT_KIND = INTERACTION_KINDS.map((k) => k !== 'email_out' && k !== 'note');

/** Kinds whose summary is the customer's own words (or a rep's record of them). */
const CUSTOMER_TEXT_KIND = new Set<InteractionKind>(['email_in', 'call', 'meeting', 'visit', 'return', 'note']);

export interface DueFact {
  /** When the invoice or payment request was recorded. */
  at: number;
  dueAt: number;
  /** NaN while unpaid. */
  paidAt: number;
  /** NaN when unknown. */
  amount: number;
}

export interface TextFact {
  at: number;
  words: string[];
}

export interface ResponseFact {
  at: number;
  kind: ResponseKind;
  /** NaN for the free-text kinds. */
  score: number;
  words: string[];
}

export interface CaseFact {
  id: string;
  title: string;
  severity: Severity;
  closed: boolean;
  openedAt: number;
  /** NaN when no time was promised. */
  dueAt: number;
  /** NaN while open (or when the close time is unknown). */
  closedAt: number;
  /** NaN when not asked. */
  satisfaction: number;
}

export interface ContactFact {
  id: string;
  name: string;
  key: boolean;
  left: boolean;
  /** NaN when unknown. */
  leftAt: number;
}

export interface CustomerFacts {
  id: string;
  tier?: CustomerTier | undefined;
  cadenceDays?: number | undefined;
  value?: number | undefined;
  credit?: Customer['credit'];
  owner?: string | undefined;
  previousOwner?: string | undefined;
  /** NaN when unknown. */
  ownerSince: number;
  /** Interactions as packed triples: time (ms), kind (KIND), amount (NaN when none). */
  events: number[];
  /** Whether `events` is in time order (appending in order keeps it so). */
  sorted: boolean;
  dues: DueFact[];
  texts: TextFact[];
  responses: ResponseFact[];
  cases: CaseFact[];
  contacts: ContactFact[];
}

export function emptyFacts(id: string): CustomerFacts {
  return {
    id,
    ownerSince: Number.NaN,
    events: [],
    sorted: true,
    dues: [],
    texts: [],
    responses: [],
    cases: [],
    contacts: [],
  };
}

const time = (iso: string | undefined | null): number => (iso ? Date.parse(iso) : Number.NaN);

export function setCustomer(f: CustomerFacts, c: Customer): void {
  if (c.deletedAt) return;
  f.tier = c.tier;
  f.cadenceDays = c.cadenceDays;
  f.value = c.value;
  f.credit = c.credit;
  f.owner = c.owner;
  f.previousOwner = c.previousOwner;
  f.ownerSince = time(c.ownerSince);
}

/** The fields of an interaction the engine reads; a full Interaction record fits. */
export type InteractionInput = Pick<Interaction, 'kind' | 'occurredAt'> &
  Partial<Pick<Interaction, 'amount' | 'summary' | 'email' | 'dueAt' | 'paidAt' | 'deletedAt'>>;

export function addInteraction(f: CustomerFacts, i: InteractionInput): void {
  if (i.deletedAt) return;
  const at = Date.parse(i.occurredAt);
  if (!Number.isFinite(at)) return;
  const n = f.events.length;
  if (n > 0 && (f.events[n - 3] as number) > at) f.sorted = false;
  f.events.push(at, KIND[i.kind], i.amount ?? Number.NaN);
  if (i.dueAt) f.dues.push({ at, dueAt: time(i.dueAt), paidAt: time(i.paidAt), amount: i.amount ?? Number.NaN });
  if (CUSTOMER_TEXT_KIND.has(i.kind)) {
    const words = findNegativeWords([i.summary, i.kind === 'email_in' ? i.email?.subject : undefined].filter(Boolean).join(' '));
    if (words.length > 0) f.texts.push({ at, words });
  }
}

export function addResponse(
  f: CustomerFacts,
  r: Pick<Response, 'kind' | 'submittedAt' | 'score' | 'comment' | 'deletedAt'>,
): void {
  if (r.deletedAt) return;
  const at = Date.parse(r.submittedAt);
  if (!Number.isFinite(at)) return;
  f.responses.push({ at, kind: r.kind, score: r.score ?? Number.NaN, words: findNegativeWords(r.comment) });
}

/** Add or replace (by id) a case. */
export function addCase(f: CustomerFacts, c: Case): void {
  const i = f.cases.findIndex((x) => x.id === c.id);
  if (c.deletedAt) {
    if (i !== -1) f.cases.splice(i, 1);
    return;
  }
  const fact: CaseFact = {
    id: c.id,
    title: c.title,
    severity: c.severity,
    closed: c.status === 'closed',
    openedAt: time(c.openedAt),
    dueAt: time(c.dueAt),
    closedAt: time(c.closedAt),
    satisfaction: c.satisfaction ?? Number.NaN,
  };
  if (i === -1) f.cases.push(fact);
  else f.cases[i] = fact;
}

/** Add or replace (by id) a contact. */
export function addContact(f: CustomerFacts, c: Contact): void {
  const i = f.contacts.findIndex((x) => x.id === c.id);
  if (c.deletedAt) {
    if (i !== -1) f.contacts.splice(i, 1);
    return;
  }
  const fact: ContactFact = {
    id: c.id,
    name: c.name || c.emails[0] || c.id,
    key: c.key,
    left: c.status === 'left',
    leftAt: time(c.leftAt),
  };
  if (i === -1) f.contacts.push(fact);
  else f.contacts[i] = fact;
}

/** Put the packed events in time order (stable for equal times). */
export function sortEvents(f: CustomerFacts): void {
  if (f.sorted) return;
  const e = f.events;
  const count = e.length / 3;
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort((a, b) => (e[a * 3] as number) - (e[b * 3] as number) || a - b);
  const out = new Array<number>(e.length);
  order.forEach((from, to) => {
    out[to * 3] = e[from * 3] as number;
    out[to * 3 + 1] = e[from * 3 + 1] as number;
    out[to * 3 + 2] = e[from * 3 + 2] as number;
  });
  f.events = out;
  f.sorted = true;
}

/** Whether the customer has any dated history at or before `asOf`. */
export function hasHistory(f: CustomerFacts, asOf: number): boolean {
  sortEvents(f);
  if (f.events.length > 0 && (f.events[0] as number) <= asOf) return true;
  return f.responses.some((r) => r.at <= asOf) || f.cases.some((c) => c.openedAt <= asOf);
}
