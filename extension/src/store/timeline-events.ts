// A customer's whole history as one list for the side panel's timeline: interactions, survey
// answers, cases, alerts and follow-ups, newest first. Each event is small (what one row shows),
// so even a customer with tens of thousands of events travels in one message; the panel renders
// only the rows in view.
import type { InteractionKind, WarningLevel } from '#shared/model/index.ts';
import { Dexie } from 'dexie';
import type { KehuDb } from './db.ts';

export const TIMELINE_KINDS = [
  'email',
  'call',
  'meeting',
  'visit',
  'order',
  'payment',
  'note',
  'survey',
  'case',
  'alert',
  'followup',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEvent {
  /** Unique within the list: entity and id. */
  key: string;
  kind: TimelineKind;
  entity: 'interactions' | 'responses' | 'cases' | 'alerts' | 'followups';
  id: string;
  at: string;
  /** The record's own kind or state: an interaction kind, a response kind, a case step, an alert status. */
  type: string;
  title: string;
  amount?: number;
  currency?: string;
  score?: number;
  level?: WarningLevel;
  url?: string;
  done?: boolean;
}

const INTERACTION_GROUP: Record<InteractionKind, TimelineKind> = {
  email_in: 'email',
  email_out: 'email',
  call: 'call',
  meeting: 'meeting',
  visit: 'visit',
  order: 'order',
  return: 'order',
  payment: 'payment',
  note: 'note',
};

/** At most this many interactions (the newest) are listed; the panel says so when there are more. */
export const TIMELINE_LIMIT = 50_000;

export interface Timeline {
  events: TimelineEvent[];
  /** Interactions left out beyond TIMELINE_LIMIT. */
  truncated: number;
}

const range = (id: string) => [
  [id, Dexie.minKey],
  [id, Dexie.maxKey],
];

export async function customerTimeline(db: KehuDb, customerId: string): Promise<Timeline> {
  const [lo, hi] = range(customerId) as [unknown[], unknown[]];
  return db.transaction('r', [db.interactions, db.responses, db.cases, db.alerts, db.followups], async () => {
    const [interactions, total, responses, cases, alerts, followups] = await Promise.all([
      db.interactions.where('[customerId+occurredAt]').between(lo, hi).reverse().limit(TIMELINE_LIMIT).toArray(),
      db.interactions.where('[customerId+occurredAt]').between(lo, hi).count(),
      db.responses.where('[customerId+submittedAt]').between(lo, hi).toArray(),
      db.cases.where('[customerId+openedAt]').between(lo, hi).toArray(),
      db.alerts.where('[customerId+raisedAt]').between(lo, hi).toArray(),
      db.followups.where('[customerId+dueAt]').between(lo, hi).toArray(),
    ]);
    const events: TimelineEvent[] = [];
    for (const i of interactions) {
      if (i.deletedAt) continue;
      const e: TimelineEvent = {
        key: `i:${i.id}`,
        kind: INTERACTION_GROUP[i.kind],
        entity: 'interactions',
        id: i.id,
        at: i.occurredAt,
        type: i.kind,
        title: i.summary ?? i.email?.subject ?? '',
      };
      if (i.amount !== undefined) e.amount = i.amount;
      if (i.currency) e.currency = i.currency;
      if (i.ref?.url) e.url = i.ref.url;
      events.push(e);
    }
    for (const r of responses) {
      if (r.deletedAt) continue;
      const e: TimelineEvent = {
        key: `r:${r.id}`,
        kind: 'survey',
        entity: 'responses',
        id: r.id,
        at: r.submittedAt,
        type: r.kind,
        title: r.comment ?? '',
      };
      if (r.score !== undefined) e.score = r.score;
      events.push(e);
    }
    for (const c of cases) {
      if (c.deletedAt) continue;
      const e: TimelineEvent = {
        key: `c:${c.id}`,
        kind: 'case',
        entity: 'cases',
        id: c.id,
        at: c.openedAt,
        type: c.status,
        title: c.title,
      };
      if (c.ref?.url) e.url = c.ref.url;
      events.push(e);
    }
    for (const a of alerts) {
      if (a.deletedAt) continue;
      events.push({
        key: `a:${a.id}`,
        kind: 'alert',
        entity: 'alerts',
        id: a.id,
        at: a.raisedAt,
        type: a.status,
        title: a.indicator,
        level: a.level,
      });
    }
    for (const f of followups) {
      if (f.deletedAt) continue;
      events.push({
        key: `f:${f.id}`,
        kind: 'followup',
        entity: 'followups',
        id: f.id,
        at: f.dueAt,
        type: f.channel,
        title: f.purpose,
        done: f.done,
      });
    }
    // Newest first; equal times keep a stable order.
    events.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.key < b.key ? -1 : 1));
    return { events, truncated: Math.max(0, total - TIMELINE_LIMIT) };
  });
}
