// Alerts: raised on a level rise or a severe signal, one open per customer and indicator,
// escalated in place; the lifecycle open → handling → resolved → reviewed (or dismissed); the
// review's four parts; corrective items that change the policy as a new version.
import { describe, expect, it } from 'vitest';
import type { Alert, Assessment, Review } from '#shared/model/risk.ts';
import {
  alertsFor,
  applyCorrection,
  dismissAlert,
  recordAction,
  resolveAlert,
  reviewAlert,
  setCorrectionDone,
  setStepDone,
  startHandling,
} from '#shared/risk/index.ts';
import { NOW, POLICY, assess, history, kase, orders, ago } from './helpers.ts';

let n = 0;
const ctx = { now: NOW, by: 'li', newId: () => `a${++n}`, policy: POLICY, locale: 'en' as const };
const change = { now: '2024-07-01T09:00:00.000Z', by: 'li' };

/** An assessment at a level, its top contribution from `indicator`. */
function assessment(
  level: Assessment['level'],
  score: number,
  indicator: Assessment['contributions'][number]['indicator'] = 'purchase_recency',
  severe = false,
): Assessment {
  return {
    customerId: 'c1',
    asOf: NOW,
    score,
    level,
    contributions: [{ indicator, points: score, evidence: [{ code: 'purchase.first_order', params: { days: 90 } }], severe }],
    trend: 'up',
    policyVersion: 1,
    watched: false,
  };
}

function raised(): Alert {
  const [alert] = alertsFor(assessment('blue', 25), assessment('yellow', 35), [], ctx);
  return alert as Alert;
}

describe('raising alerts', () => {
  it('a level rise raises an alert for the top indicator, with its playbook, evidence and due time', () => {
    const alerts = alertsFor(assessment('blue', 25), assessment('yellow', 35), [], ctx);
    expect(alerts).toHaveLength(1);
    const a = alerts[0] as Alert;
    expect(a).toMatchObject({
      customerId: 'c1',
      indicator: 'purchase_recency',
      level: 'yellow',
      status: 'open',
      raisedAt: NOW,
      playbookId: 'purchase_recency.yellow',
      suggestedStrategy: 'eliminate',
      dueAt: '2024-07-03T12:00:00.000Z', // yellow: 72 hours
      policyVersion: 1,
      rev: 1,
    });
    expect(a.steps.length).toBeGreaterThanOrEqual(3);
    expect(a.evidence).toEqual([{ code: 'purchase.first_order', params: { days: 90 } }]);
  });

  it('no rise, no alert; a rise below the policy minimum (blue) raises none', () => {
    expect(alertsFor(assessment('yellow', 35), assessment('yellow', 38), [], ctx)).toEqual([]);
    expect(alertsFor(assessment('orange', 45), assessment('yellow', 35), [], ctx)).toEqual([]);
    expect(alertsFor(null, assessment('blue', 25), [], ctx)).toEqual([]);
    expect(alertsFor(null, assessment('yellow', 32), [], ctx)).toHaveLength(1);
  });

  it('a severe signal raises an alert even when the level does not rise, at least orange', () => {
    const prev = assessment('blue', 25, 'complaints');
    const next = assessment('blue', 27, 'complaints', true);
    const [a] = alertsFor(prev, next, [], ctx);
    expect(a).toMatchObject({
      indicator: 'complaints',
      level: 'orange',
      playbookId: 'complaints.orange',
      suggestedStrategy: 'eliminate',
    });
    // It fires once: still severe next time is not a new alert.
    expect(alertsFor(next, assessment('blue', 27, 'complaints', true), [], ctx)).toEqual([]);
  });

  it('one open alert per customer and indicator', () => {
    const open = raised();
    expect(alertsFor(assessment('none', 10), assessment('yellow', 35), [open], ctx)).toEqual([]);
    const handled = startHandling(open, 'exploit', change);
    expect(alertsFor(assessment('none', 10), assessment('yellow', 35), [handled], ctx)).toEqual([]);
    // Another customer's alert, or a finished one, does not block.
    expect(alertsFor(assessment('none', 10), assessment('yellow', 35), [{ ...open, customerId: 'c2' }], ctx)).toHaveLength(1);
    const done = resolveAlert(handled, change);
    expect(alertsFor(assessment('none', 10), assessment('yellow', 35), [done], ctx)).toHaveLength(1);
  });

  it('a higher level escalates the open alert in place: same id, rev + 1, escalation steps added', () => {
    const open = raised();
    const [up] = alertsFor(assessment('yellow', 35), assessment('orange', 45), [open], ctx);
    expect(up?.id).toBe(open.id);
    expect(up?.rev).toBe(open.rev + 1);
    expect(up?.level).toBe('orange');
    expect(up?.playbookId).toBe('purchase_recency.orange');
    expect(up?.steps.length).toBeGreaterThan(open.steps.length);
    expect(up?.actions.at(-1)?.note).toBe('Escalated: Yellow (III) → Orange (II)');
    expect(Date.parse(up?.dueAt as string)).toBeLessThanOrEqual(Date.parse(open.dueAt as string));
  });

  it('playbook steps come in the rep’s language', () => {
    const [a] = alertsFor(null, assessment('red', 70), [], { ...ctx, locale: 'zh-CN' });
    expect(a?.steps[0]?.text).toMatch(/[\u4e00-\u9fff]/);
    expect(a?.actions).toEqual([]);
  });

  it('works on real assessments: a customer going quiet after a complaint', () => {
    const before = assess(history({ interactions: orders(30, 7, 2) }));
    const after = assess(history({ interactions: orders(30, 7, 2), cases: [kase(12, { dueAt: ago(5), severity: 'high' })] }), {
      previous: before,
    });
    const alerts = alertsFor(before, after, [], ctx);
    expect(alerts.map((a) => a.indicator)).toContain('complaints');
  });
});

describe('the alert lifecycle', () => {
  it('open → handling → resolved → reviewed, each step rev + 1 and stamped', () => {
    let a = raised();
    a = startHandling(a, 'eliminate', change);
    expect(a).toMatchObject({
      status: 'handling',
      strategy: 'eliminate',
      owner: 'li',
      rev: 2,
      updatedAt: change.now,
      updatedBy: 'li',
    });
    a = recordAction(a, 'Called the buyer; they had switched to a cheaper supplier', change);
    a = setStepDone(a, 0, true, change);
    expect(a.steps[0]?.done).toBe(true);
    expect(a.actions).toHaveLength(1);
    a = resolveAlert(a, change);
    expect(a).toMatchObject({ status: 'resolved', resolvedAt: change.now });
    a = reviewAlert(a, review(), change);
    expect(a.status).toBe('reviewed');
    expect(a.review?.reviewedBy).toBe('li');
    expect(a.rev).toBe(6);
  });

  it('open or handling → dismissed with a reason; a dismissed alert can still be reviewed', () => {
    const a = dismissAlert(raised(), 'Seasonal: they close every August', change);
    expect(a).toMatchObject({ status: 'dismissed', dismissedReason: 'Seasonal: they close every August' });
    expect(reviewAlert(a, review(), change).status).toBe('reviewed');
    expect(() => dismissAlert(raised(), '   ', change)).toThrow(/reason/);
  });

  it('rejects invalid transitions with a clear error', () => {
    const open = raised();
    expect(() => resolveAlert(open, change)).toThrow('cannot resolve an alert that is open (only one that is handling)');
    expect(() => reviewAlert(open, review(), change)).toThrow(/cannot review an alert that is open/);
    const handled = startHandling(open, 'exploit', change);
    expect(() => startHandling(handled, 'exploit', change)).toThrow(/cannot start handling an alert that is handling/);
    const resolved = resolveAlert(handled, change);
    expect(() => dismissAlert(resolved, 'late', change)).toThrow(/cannot dismiss an alert that is resolved/);
    expect(() => recordAction(resolved, 'x', change)).toThrow(/cannot record an action on an alert that is resolved/);
    expect(() => startHandling(open, 'ignore' as never, change)).toThrow();
    expect(() => recordAction(open, '', change)).toThrow(/note must not be empty/);
    expect(() => setStepDone(open, 99, true, change)).toThrow(/no step 100/);
  });

  it('the review needs its four parts, and an owner for each corrective item', () => {
    const resolved = resolveAlert(startHandling(raised(), 'exploit', change), change);
    expect(() => reviewAlert(resolved, { ...review(), investigation: '' }, change)).toThrow(/investigation/);
    expect(() => reviewAlert(resolved, { ...review(), evaluation: ' ' }, change)).toThrow(/evaluation/);
    expect(() => reviewAlert(resolved, { ...review(), outlook: '' }, change)).toThrow(/outlook/);
    const noOwner = review();
    noOwner.corrections[0] = { ...(noOwner.corrections[0] as Review['corrections'][number]), owner: undefined };
    expect(() => reviewAlert(resolved, noOwner, change)).toThrow(/needs an owner/);
  });

  it('corrective items are done one by one; a policy change applies as a new version', () => {
    let a = reviewAlert(resolveAlert(startHandling(raised(), 'exploit', change), change), review(), change);
    a = setCorrectionDone(a, 'k1', true, change);
    expect(a.review?.corrections[0]?.done).toBe(true);
    const { alert, policy } = applyCorrection(a, 'k2', POLICY, change);
    expect(policy.version).toBe(POLICY.version + 1);
    expect(policy.silence.fullCycles).toBe(2.5);
    expect(policy.note).toBe('Warn earlier on silence: it fired after the customer had gone');
    expect(alert.review?.corrections[1]).toMatchObject({ done: true, appliedPolicyVersion: 2 });
    expect(() => applyCorrection(alert, 'k2', policy, change)).toThrow(/was applied as policy version 2/);
    expect(() => applyCorrection(alert, 'k1', policy, change)).toThrow(/proposes no policy change/);
    // Assessments name the version that produced them.
    expect(assess(history({ interactions: orders(20, 7, 25) }), { policy }).policyVersion).toBe(2);
  });
});

function review(): Review {
  return {
    investigation: 'The customer moved orders to a competitor after two late deliveries.',
    evaluation: 'We saw the silence after five weeks; the playbook call came a week later.',
    corrections: [
      { id: 'k1', text: 'Delivery team reports late orders of key customers daily', owner: 'Zhang', done: false },
      {
        id: 'k2',
        text: 'Warn earlier on silence: it fired after the customer had gone',
        owner: 'li',
        done: false,
        policyChange: { path: 'silence.fullCycles', value: 2.5 },
      },
    ],
    outlook: 'Call key customers after any late delivery, before they go quiet.',
  };
}
