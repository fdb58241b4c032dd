// The early-warning engine (shared/src/risk) in the extension. Assessments are stored per customer
// and recomputed from that customer's history (read through the per-customer indexes) when their
// data changes; after an import, the touched customers are recomputed in batches with pauses, so
// the worker keeps answering badges; once a day everyone is, because levels drift with time
// (silence grows). New and escalated alerts are stored through the sync-ready write path.
//
// Key-account watch needs the value of every customer: the cutoff (the value at the edge of the
// watched share) is computed over all customers in a batch and kept in `meta`; a single
// customer's recompute compares against it.
import { stableId } from '#shared/codecs/stable-id.ts';
import { pickLocale } from '#shared/i18n/locale.ts';
import type { Locale } from '#shared/i18n/locale.ts';
import type { Policy } from '#shared/model/policy.ts';
import { type Alert, type Assessment, levelRank } from '#shared/model/index.ts';
import type { FollowUp } from '#shared/model/follow-up.ts';
import type { Plan } from '#shared/model/plan.ts';
import {
  type CustomerHistory,
  alertsFor,
  assessCustomer,
  callBackFor,
  customerValue,
  reasonsFor,
  watchCutoff,
} from '#shared/risk/index.ts';
import type { Reason, RiskService } from '../base/ports.ts';
import type { EntityTable } from 'dexie';
import type { KehuDb } from '../store/db.ts';
import { type CustomerBatch, customerBatches, readBatch } from '../store/batch-history.ts';
import { customerHistories } from '../store/history.ts';
import { REASSESS_ALL, SYNC_REASSESS_KEY } from '../store/meta-keys.ts';
import { teamPlans } from '../store/plans.ts';
import { policyInForce } from '../store/policy.ts';
import { saveRecords } from '../store/records.ts';

export const DAILY_ALARM = 'kehu.daily-risk';

/**
 * Customers assessed per turn in the queue (their records read with one getAll per store, their
 * alerts written in one transaction); a pause between batches lets messages through.
 */
export const RISK_BATCH = 1000;
/** Assessments written per transaction: a badge's read of one waits for at most this many puts. */
const ASSESSMENTS_PER_TX = 250;
/** Above this many customers, a recompute refreshes the key-account watch cutoff first (if stale). */
const CUTOFF_REFRESH = 1000;
const CUTOFF_MAX_AGE_MS = 10 * 60_000;
/** Above this many customers, batches of neighbouring ids are read as one key range per table. */
const SPAN_MIN = 50;
/** Records per read when a pass goes over a whole table. */
const CHUNK = 5000;

/** Every record of a table, in key order, read CHUNK at a time with one getAll each. */
async function inChunks<T extends { id: string }>(table: EntityTable<T, 'id'>, visit: (row: T) => void): Promise<void> {
  let rows = await table.toCollection().limit(CHUNK).toArray();
  while (rows.length > 0) {
    for (const row of rows) visit(row);
    if (rows.length < CHUNK) return;
    const last = rows[rows.length - 1]!.id;
    rows = await table.where(':id').above(last).limit(CHUNK).toArray();
  }
}

/** The same assessment (as stored: moment, result and explanation). */
function sameAssessment(a: Assessment, b: Assessment): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export interface RiskDeps {
  now: () => Date;
  newId: () => string;
  by: () => Promise<string>;
  /** IANA zone whose calendar days count as one contact day. */
  timeZone?: string;
  /** Language of new alerts' playbook steps. */
  locale?: () => Promise<Locale>;
  /**
   * Whether a sync is running (storing pulled records, or reassessing the customers they touch):
   * meanwhile a customer without an assessment gets a provisional one, without reading `meta`,
   * which every pulled page writes.
   */
  syncing?: () => boolean;
}

const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

interface WatchCutoff {
  value: number;
  asOf: string;
  policyVersion: number;
  /** With the version, tells the team's version N from the rep's own version N. */
  policyCreatedAt?: string;
}

export function createRiskService(db: KehuDb, deps: RiskDeps): RiskService {
  const timeZone = deps.timeZone ?? 'UTC';
  // One batch of assessments at a time: a second caller waits for the batch running, so two never write the same assessment.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => {});
    return run;
  };

  // The team's version once synced, else the rep's own (store/policy.ts says why).
  const policy = (): Promise<Policy> => policyInForce(db, deps.now().toISOString());

  async function cutoff(p: Policy, asOf: string, refresh: 'always' | 'if-stale' | 'never'): Promise<number> {
    const row = (await db.meta.get('watchCutoff'))?.value as WatchCutoff | undefined;
    const valid = row && row.policyVersion === p.version && row.policyCreatedAt === p.createdAt && typeof row.value === 'number';
    // A big import recomputes in many calls: the full pass over every customer's value runs at most every ten minutes.
    const stale = !valid || Date.parse(asOf) - Date.parse(row.asOf) > CUTOFF_MAX_AGE_MS;
    if (valid && (refresh === 'never' || (refresh === 'if-stale' && !stale))) return row.value;
    const value = await computeCutoff(p, asOf);
    await db.meta.put({
      key: 'watchCutoff',
      value: { value, asOf, policyVersion: p.version, policyCreatedAt: p.createdAt } satisfies WatchCutoff,
    });
    return value;
  }

  /**
   * The value of every customer with history at `asOf` (a live customer's recorded value, else
   * orders in the last 12 months), read in one pass over each table in chunks of CHUNK records (one
   * getAll each, not one request per record). It counts whom RiskBook counts for the collector and
   * kehu risk: every customer id with an interaction, answer or case by then (records whose customer
   * is deleted or not yet synced included), and no customer without any. So the cutoff, and each
   * spend level read against it, agree.
   */
  async function computeCutoff(p: Policy, asOf: string): Promise<number> {
    const to = new Date(Date.parse(asOf)).toISOString();
    const from = new Date(Date.parse(asOf) - 365 * 86_400_000).toISOString();
    const recorded = new Map<string, number>();
    const values = new Map<string, number>();
    await inChunks(db.customers, (c) => {
      if (!c.deletedAt && c.value !== undefined) recorded.set(c.id, c.value);
    });
    await inChunks(db.interactions, (i) => {
      if (i.deletedAt || i.occurredAt > to) return;
      const sum = values.get(i.customerId) ?? 0;
      const counts = i.occurredAt > from && i.kind === 'order' && i.amount !== undefined;
      values.set(i.customerId, counts ? sum + (i.amount ?? 0) : sum);
    });
    await inChunks(db.responses, (r) => {
      if (r.customerId && !r.deletedAt && r.submittedAt <= to && !values.has(r.customerId)) values.set(r.customerId, 0);
    });
    await inChunks(db.cases, (c) => {
      if (!c.deletedAt && c.openedAt <= to && !values.has(c.customerId)) values.set(c.customerId, 0);
    });
    for (const [id, value] of recorded) if (values.has(id)) values.set(id, value);
    return watchCutoff([...values.values()], p);
  }

  function assessOne(history: CustomerHistory, p: Policy, watchValue: number, asOf: string, prev: Assessment | null) {
    const value = customerValue(history, asOf);
    const watched = history.customer.tier === 'key' || value >= watchValue;
    // The spend level (on in a calibrated policy that fits it) reads the value against the same
    // cutoff, as RiskBook does for the collector and kehu risk.
    const valueRatio = Number.isFinite(watchValue) && watchValue > 0 ? Math.max(0, value) / watchValue : 0;
    // Hysteresis holds a level only under the policy that made it: after a policy change (the
    // team put a new version in force) the level is computed afresh, as the collector computes it.
    const samePolicy = prev && prev.policyVersion === p.version ? prev : null;
    return assessCustomer(history, { asOf, policy: p, previous: samePolicy, watched, timeZone, valueRatio });
  }

  /** What every batch of one recompute shares: the moment, the policy, the watch cutoff, who writes, the language. */
  interface RunContext {
    asOf: string;
    p: Policy;
    watchValue: number;
    by: string;
    locale: Locale;
  }

  async function assessBatch(batch: CustomerBatch, run: RunContext): Promise<void> {
    const { asOf, p, watchValue, by, locale } = run;
    const { histories, openAlerts, previous } = await readBatch(db, batch);
    const ids = batch.ids;
    const next: Assessment[] = [];
    const alerts: Alert[] = [];
    const known = new Set<string>();
    const owners = new Map<string, string | undefined>();
    // The team's plans, read once per batch and only when an alert may be raised.
    let plans: Plan[] | undefined;
    for (let k = 0; k < ids.length; k++) {
      const history = histories.get(ids[k]!);
      if (!history) continue;
      const prev = previous.get(ids[k]!) ?? null;
      const assessment = assessOne(history, p, watchValue, asOf, prev);
      // An assessment equal to the stored one (same moment, same result) is not written again.
      if (!prev || !sameAssessment(prev, assessment)) next.push(assessment);
      // Only a rise in level or a newly severe signal can raise or escalate an alert (alertsFor).
      const rose = levelRank(assessment.level) > levelRank(prev?.level ?? 'none');
      const newlySevere = assessment.contributions.some(
        (c) => c.severe && !prev?.contributions.some((p) => p.indicator === c.indicator && p.severe),
      );
      if (rose || newlySevere) {
        const open = openAlerts.get(assessment.customerId) ?? [];
        for (const a of open) known.add(a.id);
        owners.set(assessment.customerId, history.customer.owner);
        plans ??= await teamPlans(db);
        const ctx = { now: asOf, by, newId: deps.newId, policy: p, locale, customerTier: history.customer.tier, plans };
        alerts.push(...alertsFor(prev, assessment, open, ctx));
      }
    }
    // Assessments in short transactions of their own: badges read them, and must not wait for the
    // batch's alerts to be written.
    for (let i = 0; i < next.length; i += ASSESSMENTS_PER_TX) await db.assessments.bulkPut(next.slice(i, i + ASSESSMENTS_PER_TX));
    if (alerts.length === 0) return;
    // The batch's alerts, their outbox rows and call-backs in one transaction.
    await db.transaction('rw', [db.alerts, db.followups, db.changes], async () => {
      const saved = await withTeamIds(alerts, known, asOf);
      // New alerts go to the customer's owner; the three-day rule's alert comes with a call-back for them.
      const assigned = saved.map((a) => (known.has(a.id) || a.assignee ? a : { ...a, assignee: owners.get(a.customerId) ?? by }));
      // The stored versions, read in this transaction: only escalated alerts have one (withTeamIds
      // found every new alert's id unused), so the write path need not look up the others again.
      const escalated = await db.alerts.bulkGet(assigned.filter((a) => known.has(a.id)).map((a) => a.id));
      const stored = new Map(escalated.filter((a) => a !== undefined).map((a) => [a.id, a]));
      await saveRecords(
        db,
        'alerts',
        assigned,
        { now: asOf, by },
        assigned.map((a) => stored.get(a.id)),
      );
      const candidates: FollowUp[] = [];
      for (const a of assigned) {
        if (known.has(a.id)) continue;
        const f = callBackFor(a, { owner: owners.get(a.customerId) }, { now: asOf, by, locale });
        if (f) candidates.push(f);
      }
      if (candidates.length === 0) return;
      const existing = await db.followups.bulkGet(candidates.map((f) => f.id));
      const callBacks = candidates.filter((_, i) => !existing[i]);
      // None of them is stored (just looked up in this transaction).
      if (callBacks.length > 0)
        await saveRecords(
          db,
          'followups',
          callBacks,
          { now: asOf, by },
          callBacks.map(() => undefined),
        );
    });
  }

  /**
   * New alerts get an id every extension derives alike, from the customer, the indicator and the
   * day: two reps whose extensions raise the same alert from the same synced data end up, after
   * sync, with one alert (last writer wins) rather than one each. An id already used that day (an
   * alert closed earlier) takes the next number. Escalated alerts keep theirs.
   */
  async function withTeamIds(alerts: Alert[], known: Set<string>, asOf: string): Promise<Alert[]> {
    const day = asOf.slice(0, 10);
    const idOf = (alert: Alert, n: number) =>
      stableId('alert', [alert.customerId, alert.indicator, day, n === 0 ? undefined : n]);
    // The first id of every new alert, looked up at once; an id already used that day is rare.
    const fresh = alerts.filter((a) => !known.has(a.id));
    const stored = await db.alerts.bulkGet(fresh.map((a) => idOf(a, 0)));
    const usedFirst = new Set(fresh.filter((_, i) => stored[i]).map((a) => idOf(a, 0)));
    const taken = new Set<string>();
    const out: Alert[] = [];
    for (const alert of alerts) {
      if (known.has(alert.id)) {
        out.push(alert);
        continue;
      }
      for (let n = 0; ; n++) {
        const id = idOf(alert, n);
        if (taken.has(id) || (n === 0 ? usedFirst.has(id) : await db.alerts.get(id))) continue;
        taken.add(id);
        out.push({ ...alert, id });
        break;
      }
    }
    return out;
  }

  /**
   * Each batch takes its own turn in the queue, so a badge that needs one customer's level (an
   * assessment not computed yet, e.g. during a first sync's reassessment of every customer) waits
   * for one batch, not for all of them.
   */
  async function recomputeIds(ids: string[], refreshCutoff: 'always' | 'if-stale' | 'never'): Promise<void> {
    if (ids.length === 0) return;
    const asOf = deps.now().toISOString();
    const { run, batches } = await serial(async () => {
      const p = await policy();
      const watchValue = await cutoff(p, asOf, refreshCutoff);
      const by = await deps.by();
      const locale = deps.locale ? await deps.locale() : 'en';
      // Many customers: every customer's id tells which batches are runs of neighbours (read as one span each).
      const allIds = ids.length > SPAN_MIN ? ((await db.customers.toCollection().primaryKeys()) as string[]) : [];
      return { run: { asOf, p, watchValue, by, locale }, batches: customerBatches(ids, allIds, RISK_BATCH) };
    });
    for (let i = 0; i < batches.length; i++) {
      await serial(() => assessBatch(batches[i]!, run));
      if (i + 1 < batches.length) await pause();
    }
  }

  /**
   * Customers whose records a sync's pull stored and who wait for the reassessment it queued (a
   * first sync stores every customer before any level is computed); while a sync runs, every one.
   */
  async function awaitingSync(ids: readonly string[]): Promise<Set<string>> {
    if (deps.syncing?.()) return new Set(ids);
    const value = (await db.meta.get(SYNC_REASSESS_KEY))?.value;
    if (value === REASSESS_ALL) return new Set(ids);
    const listed = new Set(Array.isArray(value) ? value : []);
    return new Set(ids.filter((id) => listed.has(id)));
  }

  /**
   * A badge's level for customers waiting for a sync's reassessment, computed now from what is
   * stored and not kept: no queue to wait in behind the batches of a large reassessment, and
   * nothing written that the reassessment would then read as the customer's previous assessment
   * (which would change the level it computes) or as a watch cutoff over half the customers.
   * Alerts are raised by the reassessment itself.
   */
  async function provisional(ids: string[]): Promise<Map<string, Assessment>> {
    const asOf = deps.now().toISOString();
    const p = await policy();
    const row = (await db.meta.get('watchCutoff'))?.value as WatchCutoff | undefined;
    const watchValue = row && row.policyVersion === p.version ? row.value : Number.POSITIVE_INFINITY;
    const out = new Map<string, Assessment>();
    const histories = await customerHistories(db, ids);
    for (const [id, history] of histories) out.set(id, assessOne(history, p, watchValue, asOf, null));
    return out;
  }

  /** Missing assessments: computed and kept through the queue, or provisional while a sync's reassessment is due. */
  async function fillMissing(missing: string[], out: Map<string, Assessment>): Promise<void> {
    const waiting = await awaitingSync(missing);
    if (waiting.size > 0) for (const [id, a] of await provisional([...waiting])) out.set(id, a);
    const rest = missing.filter((id) => !waiting.has(id));
    if (rest.length === 0) return;
    await service.recompute(rest);
    for (const a of await db.assessments.bulkGet(rest)) if (a) out.set(a.customerId, a);
  }

  const service: RiskService = {
    async assessment(customerId) {
      const stored = await db.assessments.get(customerId);
      if (stored) return stored;
      if (!(await db.customers.get(customerId))) return null;
      const out = new Map<string, Assessment>();
      await fillMissing([customerId], out);
      return out.get(customerId) ?? null;
    },
    async assessments(customerIds) {
      const out = new Map<string, Assessment>();
      const stored = await db.assessments.bulkGet([...customerIds]);
      const missing: string[] = [];
      customerIds.forEach((id, k) => {
        const a = stored[k];
        if (a) out.set(id, a);
        else missing.push(id);
      });
      if (missing.length > 0) await fillMissing(missing, out);
      return out;
    },
    recompute(customerIds) {
      const ids = [...new Set(customerIds)];
      return recomputeIds(ids, ids.length > CUTOFF_REFRESH ? 'if-stale' : 'never');
    },
    async recomputeAll() {
      const ids = (await db.customers.toCollection().primaryKeys()) as string[];
      await recomputeIds(ids, 'always');
    },
    reasons(assessment, locale, limit = 3): Reason[] {
      return reasonsFor(assessment, pickLocale(locale), limit);
    },
  };
  return service;
}
