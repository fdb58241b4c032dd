// The rep's day, for the popup: follow-ups due, alerts to work on (yellow, orange, red; open or being handled), cases past the time
// promised to the customer, and how many customers sit at each warning level.
import {
  CASE_STEPS,
  type Alert,
  type Case,
  type FollowUp,
  WARNING_LEVELS,
  type WarningLevel,
  levelRank,
} from '#shared/model/index.ts';
import type { KehuDb, StoredFollowUp } from './db.ts';
import { fromStored } from './records.ts';

export interface Agenda {
  followUps: (FollowUp & { customerName: string })[];
  alerts: (Alert & { customerName: string })[];
  overdueCases: (Case & { customerName: string })[];
  levels: Record<WarningLevel, number>;
  customers: number;
}

const LIST_LIMIT = 50;

/**
 * @param endOfDay the end of the rep's day (follow-ups due up to then are on today's agenda)
 * @param now cases due before now are past due
 */
export async function agenda(db: KehuDb, now: string, endOfDay: string): Promise<Agenda> {
  const [followRows, alertRows, caseRows] = await Promise.all([
    db.followups.where('pendingDueAt').belowOrEqual(endOfDay).limit(LIST_LIMIT).toArray() as Promise<StoredFollowUp[]>,
    // Every alert still to work on: yellow too, and those being handled.
    db.alerts
      .where('status')
      .anyOf(['open', 'handling'])
      .filter((a) => !a.deletedAt && (a.level === 'yellow' || a.level === 'orange' || a.level === 'red'))
      .toArray(),
    db.cases
      .where('status')
      .anyOf([...CASE_STEPS])
      .filter((c) => !c.deletedAt && !!c.dueAt && c.dueAt < now)
      .toArray(),
  ]);
  alertRows.sort((a, b) => levelRank(b.level) - levelRank(a.level) || b.raisedAt.localeCompare(a.raisedAt));
  caseRows.sort((a, b) => (a.dueAt ?? '').localeCompare(b.dueAt ?? ''));
  const alerts = alertRows.slice(0, LIST_LIMIT);
  const overdue = caseRows.slice(0, LIST_LIMIT);
  const ids = [...new Set([...followRows, ...alerts, ...overdue].map((r) => r.customerId))];
  const names = new Map<string, string>();
  for (const c of await db.customers.bulkGet(ids)) if (c && !c.deletedAt) names.set(c.id, c.name);
  const named = <T extends { customerId: string }>(rows: T[]) =>
    rows.filter((r) => names.has(r.customerId)).map((r) => ({ ...fromStored(r), customerName: names.get(r.customerId)! }));
  return {
    followUps: named(followRows),
    alerts: named(alerts),
    overdueCases: named(overdue),
    ...(await levelCounts(db)),
  };
}

/** Customers per warning level; a customer not assessed yet counts as "none". */
export async function levelCounts(db: KehuDb): Promise<{ levels: Record<WarningLevel, number>; customers: number }> {
  const levels = Object.fromEntries(WARNING_LEVELS.map((l) => [l, 0])) as Record<WarningLevel, number>;
  const live = new Set<string>();
  await db.customers.each((c) => {
    if (!c.deletedAt) live.add(c.id);
  });
  await db.assessments.each((a) => {
    if (live.has(a.customerId) && a.level !== 'none') levels[a.level]++;
  });
  levels.none = live.size - levels.blue - levels.yellow - levels.orange - levels.red;
  return { levels, customers: live.size };
}
