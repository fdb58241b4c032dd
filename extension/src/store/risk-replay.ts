// The early-warning engine replayed over the store for the workspace, on request:
// a customer's score over the last 90 days (for the warning panel's small chart), and what a
// candidate policy would do to every customer's level (the policy editor's preview).
import { WARNING_LEVELS, type Assessment, type Policy, type WarningLevel } from '#shared/model/index.ts';
import { RiskBook, assessCustomer, customerValue } from '#shared/risk/index.ts';
import type { KehuDb } from './db.ts';
import { customerHistory } from './history.ts';
import { liveRecords } from './transfer.ts';

export interface TrendPoint {
  at: string;
  score: number;
  level: WarningLevel;
}

const DAY_MS = 86_400_000;

/**
 * The customer's assessment replayed at regular points over the last `days` (today included),
 * under the policy in force: only what was known at each point counts, so the line shows how the
 * risk built up. Each point is the previous one's "previous" (hysteresis and trend as they were).
 */
export async function riskTrend(
  db: KehuDb,
  customerId: string,
  options: { now: Date; policy: Policy; watched: boolean; timeZone: string; days?: number; points?: number },
): Promise<TrendPoint[]> {
  const history = await customerHistory(db, customerId);
  if (!history) return [];
  const days = options.days ?? 90;
  const points = options.points ?? 13;
  const end = options.now.getTime();
  const out: TrendPoint[] = [];
  // The spend level reads the customer's value against the watch cutoff the risk service keeps, so
  // the line ends where the badge is (risk/service.ts passes the same ratio).
  const cutoff = (await db.meta.get('watchCutoff'))?.value as { value?: unknown } | undefined;
  const watchValue = typeof cutoff?.value === 'number' ? cutoff.value : Number.POSITIVE_INFINITY;
  let previous: Assessment | null = null;
  for (let i = points - 1; i >= 0; i--) {
    const asOf = new Date(end - Math.round((i * days) / (points - 1)) * DAY_MS).toISOString();
    const value = customerValue(history, asOf);
    const a: Assessment = assessCustomer(history, {
      asOf,
      policy: options.policy,
      previous,
      watched: options.watched,
      timeZone: options.timeZone,
      valueRatio: Number.isFinite(watchValue) && watchValue > 0 ? Math.max(0, value) / watchValue : 0,
    });
    out.push({ at: asOf, score: a.score, level: a.level });
    previous = a;
  }
  return out;
}

export interface PolicyPreview {
  /** Customers assessed (those with any history). */
  assessed: number;
  /** Customers whose level would differ under the candidate. */
  changed: number;
  up: number;
  down: number;
  /** Customers per level now and under the candidate. */
  before: Record<WarningLevel, number>;
  after: Record<WarningLevel, number>;
}

const RANK = Object.fromEntries(WARNING_LEVELS.map((l, i) => [l, i])) as Record<WarningLevel, number>;
const zeroCounts = () => Object.fromEntries(WARNING_LEVELS.map((l) => [l, 0])) as Record<WarningLevel, number>;

/**
 * Assess every customer under the policy in force and under a candidate, from the same history
 * and the same previous assessments, and count the levels that would change. The store is read
 * once, in pages, into the engine's compact per-customer facts.
 */
export async function previewPolicy(
  db: KehuDb,
  candidate: Policy,
  current: Policy,
  options: { now: Date; timeZone: string },
): Promise<PolicyPreview> {
  const book = new RiskBook({ timeZone: options.timeZone });
  for await (const c of liveRecords(db, 'customers')) book.addCustomer(c);
  for await (const c of liveRecords(db, 'contacts')) book.addContact(c);
  for await (const i of liveRecords(db, 'interactions')) book.addInteraction(i);
  for await (const r of liveRecords(db, 'responses')) book.addResponse(r);
  for await (const c of liveRecords(db, 'cases')) book.addCase(c);
  const stored = new Map<string, Assessment>();
  await db.assessments.each((a) => void stored.set(a.customerId, a));
  const asOf = options.now.toISOString();
  const previous = (id: string) => stored.get(id) ?? null;
  const now = new Map<string, WarningLevel>();
  for (const a of book.assessAll(asOf, current, previous)) now.set(a.customerId, a.level);
  const preview: PolicyPreview = { assessed: now.size, changed: 0, up: 0, down: 0, before: zeroCounts(), after: zeroCounts() };
  for (const a of book.assessAll(asOf, candidate, previous)) {
    const before = now.get(a.customerId) ?? 'none';
    preview.before[before]++;
    preview.after[a.level]++;
    if (a.level !== before) {
      preview.changed++;
      if (RANK[a.level] > RANK[before]) preview.up++;
      else preview.down++;
    }
  }
  return preview;
}
