// The console's overview: the figures a team lead reads every morning, computed from the store.
//
// Two kinds of figures, so that one request stays fast at 100,000 customers and 1,000,000
// interactions:
// * Figures over every customer's whole history (customers per level at each month end, the loss
//   rate per month, who the top 20% by revenue are) come from the RiskBook the levels' full pass has
//   just built in memory (levels.ts: on start, daily, after a large import). `overviewHistory()`
//   computes them there and `writeOverviewHistory()` keeps them in kehu_overview_months,
//   kehu_overview_top and kehu_overview_state (migration 8). A month's counts are the shared engine
//   run as of the month's last millisecond over the records dated up to it, so `kehu risk --as-of`
//   on the same records gives the same levels.
// * Figures that change with every write are tallies the writes keep in their own transaction
//   (triggers, migration 14), so a request reads a few hundred rows: customers per level now and
//   the top 20% per level now (kehu_overview_levels, from kehu_levels and kehu_overview_top), survey
//   and exit answers per calendar month of the collector's zone (kehu_overview_answers, from the
//   answers in kehu_records). Open alerts per owner are read live (their overdue count moves with
//   the clock), from the partial index of open alerts.
import { WARNING_LEVELS, type WarningLevel, levelRank } from '#shared/model/common.ts';
import type { Policy } from '#shared/model/policy.ts';
import { type LossResult, lossByPeriod, lossRate } from '#shared/metrics/loss.ts';
import { type Month, closedMonths, currentMonth } from '#shared/metrics/months.ts';
import { type CesResult, type CsatResult, type NpsResult, ces, csat, nps } from '#shared/metrics/survey.ts';
import { activityTimes } from '#shared/risk/backtest.ts';
import { hasHistory } from '#shared/risk/facts.ts';
import type { RiskBook } from '#shared/risk/index.ts';
import { factsValue } from '#shared/risk/watch.ts';
import type { Queryable } from '../db/sql.ts';

/** How many month ends the history keeps (and the overview shows at most). */
export const HISTORY_MONTHS = 12;
/** The share of customers (by revenue) the 80/20 watch looks at. */
export const TOP_SHARE = 0.2;

export type LevelCounts = Record<WarningLevel, number>;

function noCounts(): LevelCounts {
  return { none: 0, blue: 0, yellow: 0, orange: 0, red: 0 };
}

export interface HistoryMonth {
  month: string;
  /** The month's last millisecond, ISO: the levels are as of this moment. */
  end: string;
  /** Customers with history by the month's end, by their level then. */
  levels: LevelCounts;
  /** Customers active at the month's start, and of them lost by its end. */
  activeAtStart: number;
  lost: number;
}

export interface OverviewHistory {
  asOf: string;
  timeZone: string;
  policyVersion: number;
  months: HistoryMonth[];
  /** The top 20% of customers with revenue in the 12 months to `asOf`, by revenue, highest first. */
  top: { id: string; value: number }[];
  /** Customers with revenue in the 12 months, and the revenue of all of them and of the top. */
  withRevenue: number;
  revenue: number;
  topRevenue: number;
}

/** Let the server answer requests between slices of a long computation. */
const yieldToServer = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The month-end levels, the loss per month and the 80/20 watch, from a book holding every record
 * dated up to `asOf` (the levels' full pass). No clock, no I/O: `pause` is awaited every 1,000
 * assessments so that twelve passes over 100,000 customers never hold up the server's requests.
 */
export async function overviewHistory(
  book: RiskBook,
  asOf: string,
  timeZone: string,
  policy: Policy,
  pause: () => Promise<void> = yieldToServer,
): Promise<OverviewHistory> {
  const t = Date.parse(asOf);
  const months = closedMonths(t, HISTORY_MONTHS, timeZone);
  const levels: LevelCounts[] = [];
  let done = 0;
  for (const m of months) {
    const counts = noCounts();
    for (const a of book.assessAll(new Date(m.end).toISOString(), policy)) {
      counts[a.level]++;
      if (++done % 1000 === 0) await pause();
    }
    levels.push(counts);
  }
  const first = months[0] as Month;
  const bounds = [first.start - 1, ...months.map((m) => m.end)];
  const loss = lossByPeriod(
    (function* () {
      for (const f of book.customers.values()) yield activityTimes(f).sort((a, b) => a - b);
    })(),
    bounds,
  );

  const values: { id: string; value: number }[] = [];
  for (const f of book.customers.values()) {
    if (!hasHistory(f, t)) continue;
    const value = factsValue(f, t);
    if (value > 0 && Number.isFinite(value)) values.push({ id: f.id, value });
  }
  values.sort((a, b) => b.value - a.value || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const top = values.slice(0, Math.ceil(values.length * TOP_SHARE));
  const sum = (list: { value: number }[]) => list.reduce((s, v) => s + v.value, 0);
  return {
    asOf,
    timeZone,
    policyVersion: policy.version,
    months: months.map((m, i) => ({
      month: m.month,
      end: new Date(m.end).toISOString(),
      levels: levels[i] as LevelCounts,
      activeAtStart: (loss[i] as LossResult).atStart,
      lost: (loss[i] as LossResult).lost,
    })),
    top,
    withRevenue: values.length,
    revenue: sum(values),
    topRevenue: sum(top),
  };
}

/** Keep a history: the months and the top customers replace the ones kept, the state row last. */
export async function writeOverviewHistory(db: Queryable, h: OverviewHistory): Promise<void> {
  await db.query(
    `INSERT INTO kehu_overview_months (month, month_end, levels, active_at_start, lost, as_of, policy_version)
     SELECT m, e, l, a, n, $6, $7 FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::int[], $5::int[]) AS x(m, e, l, a, n)
     ON CONFLICT (month) DO UPDATE SET month_end = excluded.month_end, levels = excluded.levels,
       active_at_start = excluded.active_at_start, lost = excluded.lost, as_of = excluded.as_of,
       policy_version = excluded.policy_version`,
    [
      h.months.map((m) => m.month),
      h.months.map((m) => m.end),
      h.months.map((m) => JSON.stringify(m.levels)),
      h.months.map((m) => m.activeAtStart),
      h.months.map((m) => m.lost),
      h.asOf,
      h.policyVersion,
    ],
  );
  await db.query('DELETE FROM kehu_overview_months WHERE as_of <> $1', [h.asOf]);
  for (let i = 0; i < h.top.length; i += 5000) {
    const part = h.top.slice(i, i + 5000);
    await db.query(
      `INSERT INTO kehu_overview_top (customer_id, value, as_of)
       SELECT c, v, $3 FROM unnest($1::text[], $2::float8[]) AS x(c, v)
       ON CONFLICT (customer_id) DO UPDATE SET value = excluded.value, as_of = excluded.as_of`,
      [part.map((c) => c.id), part.map((c) => c.value), h.asOf],
    );
  }
  await db.query('DELETE FROM kehu_overview_top WHERE as_of <> $1', [h.asOf]);
  await db.query(
    `INSERT INTO kehu_overview_state (id, as_of, time_zone, with_revenue, revenue, top_revenue)
     VALUES (1, $1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET as_of = excluded.as_of, time_zone = excluded.time_zone,
       with_revenue = excluded.with_revenue, revenue = excluded.revenue, top_revenue = excluded.top_revenue`,
    [h.asOf, h.timeZone, h.withRevenue, h.revenue, h.topRevenue],
  );
}

export interface SurveyMonth {
  month: string;
  nps: NpsResult;
  csat: CsatResult;
  ces: CesResult;
}

export interface Overview {
  /** The moment the live figures are read at. */
  now: string;
  /** When the month-end history and the 80/20 watch were computed (the levels' last full pass); null before the first. */
  historyAsOf: string | null;
  /** The zone whose calendar months are counted. */
  timeZone: string;
  /** Every customer by their level now; `none` includes customers without history yet. */
  today: LevelCounts;
  /** Oldest first. */
  months: (Omit<HistoryMonth, 'activeAtStart' | 'lost'> & { loss: LossResult })[];
  /** The months above and the current month so far (the last), oldest first. */
  surveys: SurveyMonth[];
  top: {
    /** Customers with revenue in the 12 months, how many are the top 20%, and their share of the revenue (%). */
    withRevenue: number;
    count: number;
    revenue: number;
    topRevenue: number;
    share: number | null;
    /** The top customers by their level now. */
    levels: LevelCounts;
    /** Of them, at yellow, orange or red. */
    atWarning: number;
  };
  /** Open alerts (open or in handling) by the person handling them, with how many are past due. */
  alerts: { owner: string | null; open: number; overdue: number }[];
  /** Exit answers in the months shown, and their reasons (a null reason: none chosen). */
  exits: { answers: number; reasons: { reason: string | null; count: number }[] };
}

/** Level counts from rows of (level, n); unknown levels are left out. */
function counts(rows: { level: string; n: unknown }[]): LevelCounts {
  const out = noCounts();
  for (const r of rows) if ((WARNING_LEVELS as readonly string[]).includes(r.level)) out[r.level as WarningLevel] += Number(r.n);
  return out;
}

/** Scores repeated by their counts, for the shared survey metrics. */
function* expand(rows: { score: unknown; n: unknown }[]): Generator<number> {
  for (const r of rows) for (let i = 0; i < Number(r.n); i++) yield Number(r.score);
}

/**
 * Count the stored answers in `timeZone`'s months unless they are counted in it already (the
 * tallies of migration 14 follow one zone: the collector's; another collector's zone on the same
 * store counts them again). Writers wait while it recounts, so the tallies stay exact.
 */
export async function countAnswersIn(db: Queryable, timeZone: string): Promise<void> {
  const [kept] = await db.query<{ time_zone: string }>('SELECT time_zone FROM kehu_overview_zone WHERE id = 1');
  if (kept?.time_zone === timeZone) return;
  await db.query('SELECT kehu_overview_answers_recount($1)', [timeZone]);
}

/** The answers' tallies from `first` (YYYY-MM) on, in `timeZone`'s months, summed over the writers' slots. */
async function answerTallies(
  db: Queryable,
  timeZone: string,
  first: string,
): Promise<{ month: string; kind: string; item: string; n: number }[]> {
  await countAnswersIn(db, timeZone);
  const rows = await db.query<{ month: string; kind: string; item: string; n: unknown }>(
    `SELECT month, kind, item, sum(n) AS n FROM kehu_overview_answers WHERE month >= $1
      GROUP BY 1, 2, 3 HAVING sum(n) <> 0`,
    [first],
  );
  return rows.map((r) => ({ month: r.month, kind: r.kind, item: r.item, n: Number(r.n) }));
}

/** The overview as of `now`: the kept history (the last `months` months of it) and the live figures. */
export async function overview(db: Queryable, options: { now: Date; months: number; timeZone: string }): Promise<Overview> {
  const now = options.now.toISOString();
  const [state] = await db.query<{
    as_of: string;
    time_zone: string;
    with_revenue: unknown;
    revenue: unknown;
    top_revenue: unknown;
  }>('SELECT as_of, time_zone, with_revenue, revenue, top_revenue FROM kehu_overview_state WHERE id = 1');
  const timeZone = state?.time_zone ?? options.timeZone;

  const kept = await db.query<{ month: string; month_end: string; levels: LevelCounts; active_at_start: number; lost: number }>(
    `SELECT month, month_end, levels, active_at_start, lost FROM kehu_overview_months ORDER BY month DESC LIMIT $1`,
    [options.months],
  );
  const months = kept.reverse().map((m) => ({
    month: m.month,
    end: m.month_end,
    levels: { ...noCounts(), ...m.levels },
    loss: lossRate(Number(m.active_at_start), Number(m.lost)),
  }));

  // Survey answers per calendar month: the months shown and the current one so far.
  const t = options.now.getTime();
  const surveyMonths = [...closedMonths(t, options.months, timeZone), currentMonth(t, timeZone)];
  const tallies = await answerTallies(db, timeZone, (surveyMonths[0] as Month).month);
  const surveys = surveyMonths.map((m) => {
    const of = (kind: string) =>
      tallies.filter((a) => a.month === m.month && a.kind === kind).map((a) => ({ score: a.item, n: a.n }));
    return { month: m.month, nps: nps(expand(of('nps'))), csat: csat(expand(of('csat'))), ces: ces(expand(of('ces'))) };
  });

  // Customers per level now, and the top 20% by revenue (as of the last full pass) per level now:
  // tallies kept by triggers on kehu_levels and kehu_overview_top (migration 14).
  const levelRows = await db.query<{ scope: string; level: string; n: unknown }>(
    'SELECT scope, level, n FROM kehu_overview_levels WHERE n <> 0',
  );
  const today = counts(levelRows.filter((r) => r.scope === 'all'));
  const topLevels = counts(levelRows.filter((r) => r.scope === 'top'));
  const topCount = Object.values(topLevels).reduce((a, b) => a + b, 0);
  const revenue = Number(state?.revenue ?? 0);
  const topRevenue = Number(state?.top_revenue ?? 0);

  // Who handles an alert: its assignee, else its owner, else the customer's owner. Alerts are
  // counted per (person, customer without a person) first, so a customer's owner is looked up
  // once per customer, and only for alerts nobody has taken yet.
  const alerts = await db.query<{ owner: string | null; open: unknown; overdue: unknown }>(
    `SELECT coalesce(a.who, (SELECT c.data ->> 'owner' FROM kehu_records c
                              WHERE c.entity = 'customers' AND c.id = a.customer AND c.deleted_at IS NULL)) AS owner,
            sum(a.n) AS open, sum(a.overdue) AS overdue
       FROM (SELECT coalesce(nullif(data ->> 'assignee', ''), nullif(data ->> 'owner', '')) AS who,
                    CASE WHEN coalesce(nullif(data ->> 'assignee', ''), nullif(data ->> 'owner', '')) IS NULL
                         THEN data ->> 'customerId' END AS customer,
                    count(*) AS n, count(*) FILTER (WHERE data ->> 'dueAt' < $1) AS overdue
               FROM kehu_records
              WHERE entity = 'alerts' AND deleted_at IS NULL AND data ->> 'status' IN ('open', 'handling')
              GROUP BY 1, 2) a
      GROUP BY 1 ORDER BY 3 DESC, 2 DESC, 1`,
    [now],
  );

  // Exit answers from the first month shown on, and their reasons, most chosen first.
  const exits = tallies.filter((a) => a.month >= (surveyMonths[0] as Month).month);
  const reasons = new Map<string | null, number>();
  for (const a of exits) {
    if (a.kind === 'exit_reason') reasons.set(a.item, (reasons.get(a.item) ?? 0) + a.n);
    if (a.kind === 'exit_no_reason') reasons.set(null, (reasons.get(null) ?? 0) + a.n);
  }
  const byCount = [...reasons].sort(
    ([ra, a], [rb, b]) => b - a || (ra === rb ? 0 : ra === null ? 1 : rb === null ? -1 : ra < rb ? -1 : 1),
  );

  return {
    now,
    historyAsOf: state?.as_of ?? null,
    timeZone,
    today,
    months,
    surveys,
    top: {
      withRevenue: Number(state?.with_revenue ?? 0),
      count: topCount,
      revenue,
      topRevenue,
      share: revenue > 0 ? (topRevenue / revenue) * 100 : null,
      levels: topLevels,
      atWarning: WARNING_LEVELS.filter((l) => levelRank(l) >= levelRank('yellow')).reduce((s, l) => s + topLevels[l], 0),
    },
    alerts: alerts.map((a) => ({ owner: a.owner, open: Number(a.open), overdue: Number(a.overdue) })),
    exits: {
      answers: exits.filter((a) => a.kind === 'exit').reduce((sum, a) => sum + a.n, 0),
      reasons: byCount.slice(0, 50).map(([reason, count]) => ({ reason, count })),
    },
  };
}
