// Reads for assessing many customers at once (a first sync, an import, the daily pass). IndexedDB
// answers a `getAll` over one key range in a single request, while a cursor answers one record per
// request, so a batch of customers is read with one `getAll` per store over the span of its ids in
// key order — when the customers in that span are (mostly) the batch itself. A batch of scattered
// customers is read with one key range per customer, as before.
import type { Alert, Assessment } from '#shared/model/index.ts';
import type { CustomerHistory } from '#shared/risk/index.ts';
import { Dexie } from 'dexie';
import type { KehuDb } from './db.ts';
import { customerHistories } from './history.ts';

const OPEN_ALERT_STATUSES = ['open', 'handling'];

/** A batch of customer ids in key order, and whether the customers between its first and last id are just these. */
export interface CustomerBatch {
  ids: string[];
  /** The stored customers from ids[0] to ids.at(-1) are (nearly) only these: read the span, not one range per customer. */
  span: boolean;
}

/**
 * Cuts customer ids into batches of `size`, in key order. `allIds` (every stored customer's id,
 * in key order) tells, for each batch, how many customers lie between its first and last id: a
 * batch whose span holds at most twice its own size is read as one span.
 */
export function customerBatches(ids: readonly string[], allIds: readonly string[], size: number): CustomerBatch[] {
  const sorted = [...new Set(ids)].sort(compareKeys);
  const out: CustomerBatch[] = [];
  for (let i = 0; i < sorted.length; i += size) {
    const batch = sorted.slice(i, i + size);
    const inSpan = indexAfter(allIds, batch[batch.length - 1]!) - indexBefore(allIds, batch[0]!);
    out.push({ ids: batch, span: inSpan <= 2 * batch.length });
  }
  return out;
}

/** IndexedDB orders string keys by UTF-16 code units, which is how JavaScript compares strings. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The position of the first key ≥ `key` in sorted `keys`. */
function indexBefore(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The position after the last key ≤ `key` in sorted `keys`. */
function indexAfter(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The histories of a batch's customers (deleted customers and deleted records left out), and their open alerts. */
export interface BatchRead {
  histories: Map<string, CustomerHistory>;
  /** Open or handled alerts (not deleted) per customer, newest first. */
  openAlerts: Map<string, Alert[]>;
  /** The stored assessments of the batch's customers. */
  previous: Map<string, Assessment>;
}

export async function readBatch(db: KehuDb, batch: CustomerBatch): Promise<BatchRead> {
  if (!batch.span) {
    const histories = await customerHistories(db, batch.ids);
    const alerts = await db.alerts
      .where('[customerId+status]')
      .anyOf(batch.ids.flatMap((id) => OPEN_ALERT_STATUSES.map((s) => [id, s])))
      .toArray();
    const previous = new Map<string, Assessment>();
    for (const a of await db.assessments.bulkGet(batch.ids)) if (a) previous.set(a.customerId, a);
    return { histories, openAlerts: groupOpenAlerts(alerts, new Set(batch.ids)), previous };
  }
  const first = batch.ids[0]!;
  const last = batch.ids[batch.ids.length - 1]!;
  const span: [[string, unknown], [string, unknown]] = [
    [first, Dexie.minKey],
    [last, Dexie.maxKey],
  ];
  const tables = [db.customers, db.contacts, db.interactions, db.responses, db.cases, db.alerts, db.assessments];
  // Plain key ranges without filters: Dexie answers each with one getAll.
  const [customers, contacts, interactions, responses, cases, alerts, assessments] = await db.transaction('r', tables, () =>
    Promise.all([
      db.customers.where(':id').between(first, last, true, true).toArray(),
      db.contacts.where('customerId').between(first, last, true, true).toArray(),
      db.interactions.where('[customerId+occurredAt]').between(span[0], span[1], true, true).toArray(),
      db.responses.where('[customerId+submittedAt]').between(span[0], span[1], true, true).toArray(),
      db.cases.where('[customerId+openedAt]').between(span[0], span[1], true, true).toArray(),
      db.alerts.where('[customerId+status]').between(span[0], span[1], true, true).toArray(),
      db.assessments.where(':id').between(first, last, true, true).toArray(),
    ]),
  );
  const wanted = new Set(batch.ids);
  const histories = new Map<string, CustomerHistory>();
  for (const customer of customers) {
    if (wanted.has(customer.id) && !customer.deletedAt)
      histories.set(customer.id, { customer, contacts: [], interactions: [], responses: [], cases: [] });
  }
  const add = <K extends 'contacts' | 'interactions' | 'responses' | 'cases'>(key: K, rows: CustomerHistory[K]) => {
    for (const r of rows) {
      const id = (r as { customerId?: string | null }).customerId;
      if (!r.deletedAt && id) (histories.get(id)?.[key] as CustomerHistory[K][number][] | undefined)?.push(r);
    }
  };
  add('contacts', contacts);
  add('interactions', interactions);
  add('responses', responses);
  add('cases', cases);
  const open = alerts.filter((a) => OPEN_ALERT_STATUSES.includes(a.status));
  const previous = new Map<string, Assessment>();
  for (const a of assessments) if (wanted.has(a.customerId)) previous.set(a.customerId, a);
  return { histories, openAlerts: groupOpenAlerts(open, wanted), previous };
}

function groupOpenAlerts(alerts: Alert[], wanted: Set<string>): Map<string, Alert[]> {
  const out = new Map<string, Alert[]>();
  for (const a of alerts) {
    if (a.deletedAt || !wanted.has(a.customerId)) continue;
    let list = out.get(a.customerId);
    if (!list) out.set(a.customerId, (list = []));
    list.push(a);
  }
  for (const list of out.values()) list.sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
  return out;
}
