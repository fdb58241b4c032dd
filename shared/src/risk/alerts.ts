// Alerts (警报) and their lifecycle: open → handling → resolved → reviewed, or dismissed with a
// reason (and then, if worth it, reviewed too: an alert that fired wrongly is what retunes a policy).
// Every function is a pure transition: an alert in, the updated alert out (rev + 1), or an Error that
// says why the transition is not allowed.
import { type WarningLevel, levelRank } from '../model/common.ts';
import type { CustomerTier } from '../model/customer.ts';
import type { Plan } from '../model/plan.ts';
import type { Policy } from '../model/policy.ts';
import { Alert, type AlertStatus, type Assessment, type Contribution, type Indicator, Review, Strategy } from '../model/risk.ts';
import { LEVEL_LABELS } from '../i18n/levels.ts';
import { type Locale, format } from '../i18n/locale.ts';
import { applyPolicyChange } from './policy.ts';
import { playbookFor } from './playbooks.ts';

export interface AlertContext {
  now: string;
  by: string;
  newId: () => string;
  policy: Policy;
  locale: Locale;
  /** The customer's tier: a "no need" customer gets no alert that prompts contact. */
  customerTier?: CustomerTier | undefined;
  /** The team's plans (预案), synced; where there is none, the built-in playbook. */
  plans?: readonly Plan[] | undefined;
}

/** Indicators whose alerts prompt a rep to get in touch: none for a customer listed as "no need". */
export const CONTACT_PROMPTING: readonly Indicator[] = ['contact_silence', 'purchase_recency', 'spend_decline'];

export interface ChangeContext {
  now: string;
  by: string;
}

/** A severe signal needs action at once: its alert is at least orange (the escalation playbook, due the same day). */
const SEVERE_LEVEL: WarningLevel = 'orange';

const ACTIVE: readonly AlertStatus[] = ['open', 'handling'];

const ESCALATED: Record<Locale, string> = { en: 'Escalated: {from} → {to}', 'zh-CN': '预警升级：{from} → {to}' };

/**
 * The alerts a new assessment raises, and the open alerts it escalates:
 * * the level rose (to at least `policy.alertMinLevel`): an alert for the indicator contributing most;
 * * a signal became severe (it was not severe in the previous assessment): an alert for its indicator.
 * One open alert per customer and indicator: when one is already open or being handled, no second
 * one is made; if the new level is higher, that alert comes back escalated (same id, rev + 1, higher
 * level, fresh evidence, the escalation steps added) — store the result with put/upsert.
 */
export function alertsFor(previous: Assessment | null, next: Assessment, openAlerts: Alert[], ctx: AlertContext): Alert[] {
  const active = new Map<Indicator, Alert>();
  for (const a of openAlerts)
    if (a.customerId === next.customerId && ACTIVE.includes(a.status) && !a.deletedAt) active.set(a.indicator, a);
  const wanted = new Map<Indicator, { c: Contribution; level: WarningLevel }>();
  const previousLevel = previous?.level ?? 'none';
  const top = next.contributions[0];
  if (top && levelRank(next.level) > levelRank(previousLevel) && levelRank(next.level) >= levelRank(ctx.policy.alertMinLevel)) {
    wanted.set(top.indicator, { c: top, level: next.level });
  }
  for (const c of next.contributions) {
    if (!c.severe) continue;
    const wasSevere = previous?.contributions.some((p) => p.indicator === c.indicator && p.severe) ?? false;
    if (wasSevere) continue;
    const level = levelRank(next.level) >= levelRank(SEVERE_LEVEL) ? next.level : SEVERE_LEVEL;
    const have = wanted.get(c.indicator);
    if (!have || levelRank(level) > levelRank(have.level)) wanted.set(c.indicator, { c, level });
  }
  // A rule of the practice asks for a level (the three-day rule): an alert for its own indicator,
  // when the rule newly fires or asks for more than before.
  for (const c of next.contributions) {
    if (!c.minLevel) continue;
    const before = previous?.contributions.find((p) => p.indicator === c.indicator)?.minLevel;
    if (before && levelRank(before) >= levelRank(c.minLevel)) continue;
    const level = levelRank(next.level) > levelRank(c.minLevel) ? next.level : c.minLevel;
    const have = wanted.get(c.indicator);
    if (!have || levelRank(level) > levelRank(have.level)) wanted.set(c.indicator, { c, level });
  }
  const out: Alert[] = [];
  for (const [indicator, { c, level }] of wanted) {
    if (ctx.customerTier === 'no-need' && CONTACT_PROMPTING.includes(indicator)) continue;
    const existing = active.get(indicator);
    if (!existing) out.push(newAlert(next, c, level, ctx));
    else if (levelRank(level) > levelRank(existing.level)) out.push(escalate(existing, c, level, ctx));
  }
  return out;
}

function newAlert(next: Assessment, c: Contribution, level: WarningLevel, ctx: AlertContext): Alert {
  const pb = playbookFor(c.indicator, level, ctx.locale, ctx.plans);
  return Alert.parse({
    id: ctx.newId(),
    customerId: next.customerId,
    indicator: c.indicator,
    level,
    evidence: c.evidence,
    status: 'open',
    raisedAt: ctx.now,
    playbookId: pb.id,
    suggestedStrategy: pb.strategy,
    steps: pb.steps.map((text) => ({ text, done: false })),
    authority: pb.authority,
    actions: [],
    dueAt: addHours(ctx.now, pb.dueInHours),
    policyVersion: next.policyVersion,
    rev: 1,
    updatedAt: ctx.now,
    updatedBy: ctx.by,
    deletedAt: null,
  });
}

function escalate(alert: Alert, c: Contribution, level: WarningLevel, ctx: AlertContext): Alert {
  const pb = playbookFor(c.indicator, level, ctx.locale, ctx.plans);
  const have = new Set(alert.steps.map((s) => s.text));
  const due = addHours(ctx.now, pb.dueInHours);
  const labels = LEVEL_LABELS[ctx.locale];
  return bump(alert, ctx, {
    level,
    evidence: c.evidence,
    playbookId: pb.id,
    suggestedStrategy: pb.strategy,
    steps: [...alert.steps, ...pb.steps.filter((s) => !have.has(s)).map((text) => ({ text, done: false }))],
    authority: pb.authority,
    dueAt: alert.dueAt && alert.dueAt < due ? alert.dueAt : due,
    actions: [
      ...alert.actions,
      { at: ctx.now, by: ctx.by, note: format(ESCALATED[ctx.locale], { from: labels[alert.level], to: labels[level] }) },
    ],
  });
}

function addHours(iso: string, hours: number): string {
  return new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
}

function bump(alert: Alert, ctx: ChangeContext, patch: Partial<Alert>): Alert {
  return Alert.parse({ ...alert, ...patch, rev: alert.rev + 1, updatedAt: ctx.now, updatedBy: ctx.by });
}

function expectStatus(alert: Alert, allowed: readonly AlertStatus[], action: string): void {
  if (alert.deletedAt) throw new Error(`cannot ${action}: the alert was deleted`);
  if (!allowed.includes(alert.status)) {
    throw new Error(`cannot ${action} an alert that is ${alert.status} (only one that is ${allowed.join(' or ')})`);
  }
}

function text(value: string, what: string): string {
  const t = value.trim();
  if (!t) throw new Error(`${what} must not be empty`);
  return t;
}

/** open → handling, with the strategy the rep chose. The rep becomes the owner if there is none. */
export function startHandling(alert: Alert, strategy: Strategy, ctx: ChangeContext): Alert {
  expectStatus(alert, ['open'], 'start handling');
  return bump(alert, ctx, { status: 'handling', strategy: Strategy.parse(strategy), owner: alert.owner ?? ctx.by });
}

/** Log what was done (an open or handled alert). */
export function recordAction(alert: Alert, note: string, ctx: ChangeContext): Alert {
  expectStatus(alert, ACTIVE, 'record an action on');
  return bump(alert, ctx, { actions: [...alert.actions, { at: ctx.now, by: ctx.by, note: text(note, 'the note') }] });
}

/** Tick a playbook step done or not done. */
export function setStepDone(alert: Alert, index: number, done: boolean, ctx: ChangeContext): Alert {
  expectStatus(alert, ACTIVE, 'change a step of');
  if (!alert.steps[index]) throw new Error(`the alert has no step ${index + 1}`);
  return bump(alert, ctx, { steps: alert.steps.map((s, i) => (i === index ? { ...s, done } : s)) });
}

/** handling → resolved. */
export function resolveAlert(alert: Alert, ctx: ChangeContext): Alert {
  expectStatus(alert, ['handling'], 'resolve');
  return bump(alert, ctx, { status: 'resolved', resolvedAt: ctx.now });
}

/** open or handling → dismissed, with the reason (a false alarm, a duplicate, a known situation…). */
export function dismissAlert(alert: Alert, reason: string, ctx: ChangeContext): Alert {
  expectStatus(alert, ACTIVE, 'dismiss');
  return bump(alert, ctx, { status: 'dismissed', dismissedReason: text(reason, 'the reason for dismissing') });
}

/**
 * resolved (or dismissed) → reviewed, with the four-part review: investigation, evaluation,
 * corrective items (each with an owner), outlook.
 */
export function reviewAlert(alert: Alert, review: Review, ctx: ChangeContext): Alert {
  expectStatus(alert, ['resolved', 'dismissed'], 'review');
  const r = Review.parse(review);
  text(r.investigation, 'the investigation (调查分析)');
  text(r.evaluation, 'the evaluation (评价)');
  text(r.outlook, 'the outlook (前瞻)');
  r.corrections.forEach((c, i) => {
    if (!c.owner?.trim()) throw new Error(`corrective item ${i + 1} ("${c.text}") needs an owner`);
  });
  return bump(alert, ctx, { status: 'reviewed', review: { ...r, reviewedAt: ctx.now, reviewedBy: ctx.by } });
}

/** Mark one corrective item of a review done or not done (done item by item, 逐项落实). */
export function setCorrectionDone(alert: Alert, itemId: string, done: boolean, ctx: ChangeContext): Alert {
  expectStatus(alert, ['reviewed'], 'change a corrective item of');
  const review = alert.review as Review;
  if (!review.corrections.some((c) => c.id === itemId)) throw new Error(`the review has no corrective item "${itemId}"`);
  return bump(alert, ctx, {
    review: { ...review, corrections: review.corrections.map((c) => (c.id === itemId ? { ...c, done } : c)) },
  });
}

/**
 * Apply a corrective item's policy change: a new policy version, and the item marked done with the
 * version that applied it. Throws when the item has no change, was already applied, or the change
 * would make the policy invalid.
 */
export function applyCorrection(
  alert: Alert,
  itemId: string,
  policy: Policy,
  ctx: ChangeContext & { note?: string },
): { alert: Alert; policy: Policy } {
  expectStatus(alert, ['reviewed'], 'apply a corrective item of');
  const review = alert.review as Review;
  const item = review.corrections.find((c) => c.id === itemId);
  if (!item) throw new Error(`the review has no corrective item "${itemId}"`);
  if (!item.policyChange) throw new Error(`corrective item "${item.text}" proposes no policy change`);
  if (item.appliedPolicyVersion)
    throw new Error(`corrective item "${item.text}" was applied as policy version ${item.appliedPolicyVersion}`);
  const next = applyPolicyChange(policy, item.policyChange, { now: ctx.now, by: ctx.by, note: ctx.note ?? item.text });
  const updated = bump(alert, ctx, {
    review: {
      ...review,
      corrections: review.corrections.map((c) =>
        c.id === itemId ? { ...c, done: true, appliedPolicyVersion: next.version } : c,
      ),
    },
  });
  return { alert: updated, policy: next };
}
