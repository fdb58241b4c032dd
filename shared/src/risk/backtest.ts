// The backtest: how a policy would have done on the team's own history. The engine is replayed as
// of a past date (weekly, so hysteresis and alerts behave as they would have), and what it said is
// compared with what happened next: a customer counts as lost when they neither ordered nor were in
// touch in the `labelDays` after the date. Pure and deterministic: the same book, policy and
// options always give the same numbers (no clock, no randomness, ties broken by customer id).
//
// What it reports (docs/RISK.md, "Backtest"):
// * auc — how well the score ranks lost customers above kept ones (0.5 = chance, 1 = perfect);
// * per level, counting customers at that level or above: precision (share of them lost) and
//   recall (share of all lost customers they include);
// * lead_days — for customers who went quiet in the window before the date and stayed quiet, the
//   days between the first warning (level at or above the policy's alert level, weekly replay) and
//   the day they would count as lost (last activity + labelDays): median and quartiles;
// * alerts_per_rep_week — alerts the policy would have raised in the replayed weeks, per account
//   owner and week (the cost side);
// * per indicator: how often it fired, the share lost among those, and how much AUC the score loses
//   without its points (its own contribution).
import { WARNING_LEVELS, type WarningLevel, levelRank } from '../model/common.ts';
import type { Policy } from '../model/policy.ts';
import { INDICATORS, type Assessment, type Indicator } from '../model/risk.ts';
import type { RiskBook } from './book.ts';
import { CONTACT_KIND, type CustomerFacts, DAY_MS, hasHistory, sortEvents } from './facts.ts';

export const DEFAULT_LABEL_DAYS = 90;

export interface BacktestOptions {
  /** The moment replayed, an ISO instant (usually the last millisecond of a day). */
  asOf: string;
  /** Days after `asOf` without an order or contact for a customer to count as lost (default 90). */
  labelDays?: number;
  /** Weeks replayed before `asOf` for hysteresis, alerts and lead times (default labelDays / 7, rounded up). */
  replayWeeks?: number;
  /** Called after each replayed week (done, total), for progress; return false to cancel. */
  onProgress?: (done: number, total: number) => boolean | undefined;
}

export interface LevelReport {
  /** Customers at this level or above as of the date. */
  customers: number;
  /** Of them, lost. */
  lost: number;
  /** lost / customers (NaN → null when nobody is at the level). */
  precision: number | null;
  /** lost / all lost customers. */
  recall: number | null;
}

export interface IndicatorReport {
  /** Customers the indicator added points to as of the date. */
  fired: number;
  /** Share of those customers lost. */
  lost_share: number | null;
  /** Mean points it added where it fired. */
  mean_points: number | null;
  /** AUC of the score without this indicator's points. */
  auc_without: number | null;
  /** auc − auc_without: what the indicator adds to the ranking (negative: it hurts). */
  contribution: number | null;
}

export interface LeadDays {
  /** Customers who went quiet in the replayed weeks and were lost (the ones a warning could help). */
  lost_recently: number;
  /** Of them, warned at or above the alert level before they counted as lost. */
  warned: number;
  /** Days between the first warning and the loss: quartiles (null when nobody was warned). */
  q1: number | null;
  median: number | null;
  q3: number | null;
}

/** The backtest report. Field names are the JSON that `kehu risk --backtest --json` and the collector give. */
export interface BacktestReport {
  as_of: string;
  label_days: number;
  policy_version: number;
  /** Whether the data reaches asOf + labelDays (otherwise some "lost" customers may yet come back). */
  label_complete: boolean;
  /** Customers with history at or before the date. */
  customers: number;
  lost: number;
  auc: number | null;
  levels: Record<Exclude<WarningLevel, 'none'>, LevelReport>;
  lead_days: LeadDays;
  alerts: number;
  reps: number;
  weeks: number;
  alerts_per_rep_week: number;
  indicators: Record<Indicator, IndicatorReport>;
}

/** Thrown when a backtest is cancelled through onProgress. */
export class BacktestCancelled extends Error {
  constructor() {
    super('backtest cancelled');
  }
}

const WEEK_MS = 7 * DAY_MS;

/**
 * ROC AUC by the rank-sum formula: the chance that a lost customer scores above a kept one, ties
 * counting half. Null when either group is empty.
 */
export function rocAuc(scores: readonly number[], lost: readonly boolean[]): number | null {
  const idx = scores.map((_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1] as number] === scores[idx[i] as number]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (lost[idx[k] as number]) {
        rankSum += rank;
        positives++;
      }
    }
    i = j + 1;
  }
  const negatives = lost.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** The q-quantile of sorted values by the nearest-rank rule (the value a q share of the list is at or below). */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** Activity: an order or contact the customer took part in, a survey or feedback answer, a case opened. */
export function activityTimes(f: CustomerFacts): number[] {
  sortEvents(f);
  const out: number[] = [];
  const e = f.events;
  for (let i = 0; i < e.length; i += 3) if (CONTACT_KIND[e[i + 1] as number]) out.push(e[i] as number);
  for (const r of f.responses) out.push(r.at);
  for (const c of f.cases) if (Number.isFinite(c.openedAt)) out.push(c.openedAt);
  return out;
}

/** The last activity at or before `asOf` (NaN when none), and whether there was any in (asOf, asOf + label]. */
export function lossLabel(f: CustomerFacts, asOf: number, labelMs: number): { lastActivity: number; lost: boolean } {
  let lastActivity = Number.NaN;
  let active = false;
  for (const t of activityTimes(f)) {
    if (t <= asOf) {
      if (!(t <= lastActivity)) lastActivity = t;
    } else if (t <= asOf + labelMs) active = true;
  }
  return { lastActivity, lost: !active };
}

/** Whether a new assessment raises an alert under the policy (the rule of alertsFor, without open-alert bookkeeping). */
function alertsRaised(previous: Assessment | undefined, next: Assessment, policy: Policy): number {
  // One alert per indicator: the top contribution when the level rose to an alerting level, and
  // each signal newly severe (a contribution appears once per indicator, so counting is enough).
  const top = next.contributions[0];
  const rose = levelRank(next.level) > levelRank(previous?.level ?? 'none');
  const byLevel = top && rose && levelRank(next.level) >= levelRank(policy.alertMinLevel) ? top.indicator : null;
  let raised = byLevel ? 1 : 0;
  for (const c of next.contributions) {
    if (!c.severe || c.indicator === byLevel) continue;
    if (previous?.contributions.some((p) => p.indicator === c.indicator && p.severe)) continue;
    raised++;
  }
  return raised;
}

const byId = (a: { customerId: string }, b: { customerId: string }) =>
  a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0;

/**
 * Replay `policy` over the book as of `options.asOf` and compare with what happened next. The book
 * must hold the history after the date too (at least `labelDays` of it): that is where the labels
 * come from. The engine itself never sees a record dated after the moment it assesses.
 */
export function backtest(book: RiskBook, policy: Policy, options: BacktestOptions): BacktestReport {
  const labelDays = options.labelDays ?? DEFAULT_LABEL_DAYS;
  if (!(Number.isInteger(labelDays) && labelDays >= 1 && labelDays <= 3650))
    throw new Error(`labelDays must be a whole number of days from 1 to 3650, not ${labelDays}`);
  const asOf = Date.parse(options.asOf);
  if (!Number.isFinite(asOf)) throw new Error(`asOf "${options.asOf}" is not an ISO instant`);
  const labelMs = labelDays * DAY_MS;
  const replayWeeks = options.replayWeeks ?? Math.ceil(labelDays / 7);

  // The population and the labels.
  const population: { f: CustomerFacts; lastActivity: number; lost: boolean }[] = [];
  let dataEnd = Number.NEGATIVE_INFINITY;
  for (const f of book.customers.values()) {
    for (const t of activityTimes(f)) if (t > dataEnd) dataEnd = t;
    if (!hasHistory(f, asOf)) continue;
    population.push({ f, ...lossLabel(f, asOf, labelMs) });
  }
  const labelOf = new Map(population.map((p) => [p.f.id, p]));

  // Weekly replay: one warm-up week (its alerts are not counted: without a previous assessment every
  // warned customer would look new), then `replayWeeks` weeks ending at the date.
  const moments: number[] = [];
  for (let k = replayWeeks; k >= 0; k--) moments.push(asOf - k * WEEK_MS);
  const previous = new Map<string, Assessment>();
  /** First moment at or after the customer's last activity with a level that raises alerts. */
  const firstWarning = new Map<string, number>();
  const warns = (a: Assessment) =>
    levelRank(a.level) >= levelRank(policy.alertMinLevel === 'none' ? 'blue' : policy.alertMinLevel);
  let alerts = 0;
  // Future weeks for customers who went quiet recently and were not warned by the date (see below).
  const futureWeeks = Math.ceil(labelDays / 7);
  const total = moments.length + futureWeeks;
  let done = 0;
  const tick = () => {
    done++;
    if (options.onProgress?.(done, total) === false) throw new BacktestCancelled();
  };
  moments.forEach((t, week) => {
    const iso = new Date(t).toISOString();
    // assessAll asks for each customer's previous assessment just before assessing them: kept here
    // so the alert count below does not look it up again.
    let before: Assessment | undefined;
    for (const a of book.assessAll(iso, policy, (id) => (before = previous.get(id)))) {
      if (week > 0) alerts += alertsRaised(before, a, policy);
      previous.set(a.customerId, a);
      if (warns(a) && !firstWarning.has(a.customerId)) {
        const label = labelOf.get(a.customerId);
        if (label && t >= label.lastActivity) firstWarning.set(a.customerId, t);
      }
    }
    tick();
  });
  const final = population.map((p) => previous.get(p.f.id) as Assessment).sort(byId);

  // Lead times: customers whose last activity falls in the replayed weeks and who stayed quiet. Those
  // not warned by the date are followed week by week until the day they count as lost (the engine
  // only sees their history up to each moment, and there is none after their last activity).
  const replayFrom = asOf - replayWeeks * WEEK_MS;
  const recent = population
    .filter((p) => p.lost && p.lastActivity > replayFrom)
    .sort((a, b) => byId({ customerId: a.f.id }, { customerId: b.f.id }));
  let pending = recent.filter((p) => !firstWarning.has(p.f.id));
  for (let k = 1; k <= futureWeeks; k++) {
    const t = asOf + k * WEEK_MS;
    const iso = new Date(t).toISOString();
    const still: typeof pending = [];
    for (const p of pending) {
      if (t > p.lastActivity + labelMs) continue; // counted as lost before this week: missed
      const a = book.assess(p.f.id, iso, policy, previous.get(p.f.id));
      if (!a) continue;
      previous.set(p.f.id, a);
      if (warns(a)) firstWarning.set(p.f.id, t);
      else still.push(p);
    }
    pending = still;
    tick();
  }
  const leads: number[] = [];
  for (const p of recent) {
    const w = firstWarning.get(p.f.id);
    if (w === undefined) continue;
    const lead = (p.lastActivity + labelMs - w) / DAY_MS;
    if (lead >= 0) leads.push(Math.floor(lead));
  }
  leads.sort((a, b) => a - b);

  // Ranking and levels as of the date.
  const lost = final.map((a) => (labelOf.get(a.customerId) as { lost: boolean }).lost);
  const scores = final.map((a) => a.score);
  const lostTotal = lost.filter(Boolean).length;
  const auc = rocAuc(scores, lost);
  const levels = {} as BacktestReport['levels'];
  for (const level of WARNING_LEVELS) {
    if (level === 'none') continue;
    let customers = 0;
    let hit = 0;
    final.forEach((a, i) => {
      if (levelRank(a.level) < levelRank(level)) return;
      customers++;
      if (lost[i]) hit++;
    });
    levels[level] = {
      customers,
      lost: hit,
      precision: customers > 0 ? hit / customers : null,
      recall: lostTotal > 0 ? hit / lostTotal : null,
    };
  }

  const indicators = {} as BacktestReport['indicators'];
  for (const indicator of INDICATORS) {
    let fired = 0;
    let firedLost = 0;
    let points = 0;
    const without = final.map((a, i) => {
      const c = a.contributions.find((x) => x.indicator === indicator);
      if (!c) return a.score;
      fired++;
      points += c.points;
      if (lost[i]) firedLost++;
      return a.score - c.points;
    });
    const aucWithout = fired > 0 ? rocAuc(without, lost) : auc;
    indicators[indicator] = {
      fired,
      lost_share: fired > 0 ? firedLost / fired : null,
      mean_points: fired > 0 ? points / fired : null,
      auc_without: aucWithout,
      contribution: auc !== null && aucWithout !== null ? auc - aucWithout : null,
    };
  }

  const owners = new Set(population.map((p) => p.f.owner ?? ''));
  const reps = Math.max(1, owners.size);
  return {
    as_of: new Date(asOf).toISOString(),
    label_days: labelDays,
    policy_version: policy.version,
    label_complete: dataEnd >= asOf + labelMs - DAY_MS,
    customers: final.length,
    lost: lostTotal,
    auc,
    levels,
    lead_days: {
      lost_recently: recent.length,
      warned: leads.length,
      q1: quantile(leads, 0.25),
      median: quantile(leads, 0.5),
      q3: quantile(leads, 0.75),
    },
    alerts,
    reps,
    weeks: replayWeeks,
    alerts_per_rep_week: replayWeeks > 0 ? alerts / (reps * replayWeeks) : 0,
    indicators,
  };
}
