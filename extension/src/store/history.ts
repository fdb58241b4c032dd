// A customer's records, read through the per-customer indexes: the history the early-warning
// engine assesses, the timeline, open cases and alerts, the latest survey answer, due follow-ups.
import { CASE_STEPS, type Alert, type Case, type Contact, type Interaction, type Response } from '#shared/model/index.ts';
import type { CustomerHistory } from '#shared/risk/index.ts';
import { Dexie } from 'dexie';
import type { KehuDb, StoredFollowUp } from './db.ts';
import { fromStored } from './records.ts';

const live = <T extends { deletedAt?: string | null }>(r: T) => !r.deletedAt;

export type { CustomerHistory };

export async function customerHistory(db: KehuDb, customerId: string): Promise<CustomerHistory | null> {
  return db.transaction('r', [db.customers, db.contacts, db.interactions, db.responses, db.cases], async () => {
    const customer = await db.customers.get(customerId);
    if (!customer || customer.deletedAt) return null;
    const [contacts, interactions, responses, cases] = await Promise.all([
      contactsOf(db, customerId),
      timeline(db, customerId),
      db.responses
        .where('[customerId+submittedAt]')
        .between([customerId, Dexie.minKey], [customerId, Dexie.maxKey])
        .filter(live)
        .toArray(),
      db.cases
        .where('[customerId+openedAt]')
        .between([customerId, Dexie.minKey], [customerId, Dexie.maxKey])
        .filter(live)
        .toArray(),
    ]);
    return { customer, contacts, interactions, responses, cases };
  });
}

/**
 * The histories of many customers at once, for batch assessment: one bulk read and four index
 * queries (contacts by customer; interactions, answers and cases over one key range per customer),
 * however many customers.
 */
export async function customerHistories(db: KehuDb, customerIds: readonly string[]): Promise<Map<string, CustomerHistory>> {
  const out = new Map<string, CustomerHistory>();
  if (customerIds.length === 0) return out;
  const ranges = customerIds.map((id) => [
    [id, Dexie.minKey],
    [id, Dexie.maxKey],
  ]) as [[string, unknown], [string, unknown]][];
  return db.transaction('r', [db.customers, db.contacts, db.interactions, db.responses, db.cases], async () => {
    const [customers, contacts, interactions, responses, cases] = await Promise.all([
      db.customers.bulkGet([...customerIds]),
      db.contacts
        .where('customerId')
        .anyOf([...customerIds])
        .toArray(),
      db.interactions.where('[customerId+occurredAt]').inAnyRange(ranges).toArray(),
      db.responses.where('[customerId+submittedAt]').inAnyRange(ranges).toArray(),
      db.cases.where('[customerId+openedAt]').inAnyRange(ranges).toArray(),
    ]);
    for (const customer of customers) {
      if (customer && !customer.deletedAt)
        out.set(customer.id, { customer, contacts: [], interactions: [], responses: [], cases: [] });
    }
    const add = <K extends 'contacts' | 'interactions' | 'responses' | 'cases'>(key: K, rows: CustomerHistory[K]) => {
      for (const r of rows) {
        const id = (r as { customerId?: string | null }).customerId;
        if (!r.deletedAt && id) (out.get(id)?.[key] as CustomerHistory[K][number][] | undefined)?.push(r);
      }
    };
    add('contacts', contacts);
    add('interactions', interactions);
    add('responses', responses);
    add('cases', cases);
    return out;
  });
}

/** A customer's contacts that are not deleted. */
export async function contactsOf(db: KehuDb, customerId: string): Promise<Contact[]> {
  return db.contacts.where('customerId').equals(customerId).filter(live).toArray();
}

/** The last `limit` mail threads with a customer, newest first: one row per thread (its newest message). */
export async function recentMailThreads(
  db: KehuDb,
  customerId: string,
  limit: number,
): Promise<{ id: string; subject: string; url: string | null; at: string }[]> {
  const threads: { id: string; subject: string; url: string | null; at: string }[] = [];
  const seen = new Set<string>();
  await db.interactions
    .where('[customerId+occurredAt]')
    .between([customerId, Dexie.minKey], [customerId, Dexie.maxKey])
    .reverse()
    .until(() => threads.length >= limit)
    .each((i) => {
      if (i.deletedAt || (i.kind !== 'email_in' && i.kind !== 'email_out')) return;
      const key = i.email?.threadId ?? i.ref?.id ?? i.id;
      if (seen.has(key)) return;
      seen.add(key);
      threads.push({ id: i.id, subject: i.email?.subject || i.summary || '', url: i.ref?.url ?? null, at: i.occurredAt });
    });
  return threads;
}

/** The customer's interactions, oldest first (or the newest `limit`, newest first). */
export async function timeline(db: KehuDb, customerId: string, limit?: number): Promise<Interaction[]> {
  const range = db.interactions.where('[customerId+occurredAt]').between([customerId, Dexie.minKey], [customerId, Dexie.maxKey]);
  if (limit === undefined) return range.filter(live).toArray();
  return range.reverse().filter(live).limit(limit).toArray();
}

const CONTACT_KINDS = new Set(['email_in', 'email_out', 'call', 'meeting', 'visit']);

/** The newest interaction in which someone spoke with the customer (mail, call, meeting, visit). */
export async function lastContact(db: KehuDb, customerId: string): Promise<Interaction | null> {
  const found = await db.interactions
    .where('[customerId+occurredAt]')
    .between([customerId, Dexie.minKey], [customerId, Dexie.maxKey])
    .reverse()
    .filter((i) => live(i) && CONTACT_KINDS.has(i.kind))
    .first();
  return found ?? null;
}

const OPEN_CASE_STATUSES: readonly string[] = CASE_STEPS;
const OPEN_ALERT_STATUSES = ['open', 'handling'] as const;

export async function openCases(db: KehuDb, customerId: string): Promise<Case[]> {
  const cases = await db.cases
    .where('[customerId+status]')
    .anyOf(OPEN_CASE_STATUSES.map((s) => [customerId, s]))
    .filter(live)
    .toArray();
  return cases.sort((a, b) => b.openedAt.localeCompare(a.openedAt));
}

export async function openAlerts(db: KehuDb, customerId?: string): Promise<Alert[]> {
  const q =
    customerId === undefined
      ? db.alerts.where('status').anyOf(OPEN_ALERT_STATUSES as unknown as string[])
      : db.alerts.where('[customerId+status]').anyOf(OPEN_ALERT_STATUSES.map((s) => [customerId, s]));
  return (await q.filter(live).toArray()).sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
}

export async function latestResponse(db: KehuDb, customerId: string): Promise<Response | null> {
  const r = await db.responses
    .where('[customerId+submittedAt]')
    .between([customerId, Dexie.minKey], [customerId, Dexie.maxKey])
    .reverse()
    .filter(live)
    .first();
  return r ?? null;
}

/** Follow-ups not done whose due time is at or before `asOf`, soonest first. */
export async function dueFollowUps(db: KehuDb, asOf: string) {
  const rows: StoredFollowUp[] = await db.followups.where('pendingDueAt').belowOrEqual(asOf).toArray();
  return rows.map(fromStored);
}

/** Where a logged mail came from (system, id, link), when it is this customer's: a complaint opened from it refers to it. */
export async function mailRef(db: KehuDb, interactionId: string, customerId: string): Promise<Case['ref']> {
  const mail = await db.interactions.get(interactionId);
  if (!mail || mail.customerId !== customerId) return undefined;
  return { system: mail.ref?.system ?? mail.source, id: mail.ref?.id, url: mail.ref?.url };
}
