// Plans (预案) the team owns: a team plan for an indicator and level replaces the built-in playbook
// there for new alerts and escalations (steps, strategy, due time, authority, with its version in
// playbookId); elsewhere, and once the team's plan is removed, the built-in playbook applies.
import { describe, expect, it } from 'vitest';
import { Plan } from '#shared/model/plan.ts';
import type { Alert, Assessment } from '#shared/model/risk.ts';
import { SyncRecord } from '#shared/model/sync.ts';
import { alertsFor, builtInPlaybook, playbookFor } from '#shared/risk/index.ts';
import { NOW, POLICY } from './helpers.ts';

let n = 0;
const ctx = { now: NOW, by: 'li', newId: () => `a${++n}`, policy: POLICY, locale: 'en' as const };

function assessment(level: Assessment['level'], score: number): Assessment {
  return {
    customerId: 'c1',
    asOf: NOW,
    score,
    level,
    contributions: [
      {
        indicator: 'purchase_recency',
        points: score,
        evidence: [{ code: 'purchase.first_order', params: { days: 90 } }],
        severe: false,
      },
    ],
    trend: 'up',
    policyVersion: 1,
    watched: false,
  };
}

const plan = (level: 'blue' | 'yellow' | 'orange' | 'red', extra: Record<string, unknown> = {}) =>
  Plan.parse({
    id: `purchase_recency.${level}`,
    indicator: 'purchase_recency',
    level,
    title: '停止下单：按我们团队的做法',
    strategy: 'isolate',
    dueInHours: 48,
    steps: ['给采购经理打电话', '检查最近三张订单的交货'],
    authority: '500 元以内的补偿自行决定',
    version: 3,
    createdAt: NOW,
    rev: 3,
    updatedAt: NOW,
    updatedBy: 'lead',
    deletedAt: null,
    ...extra,
  });

describe('team plans', () => {
  it("a new alert takes the team's plan for its indicator and level: steps, strategy, due time, authority and version", () => {
    const [a] = alertsFor(assessment('blue', 25), assessment('yellow', 35), [], { ...ctx, plans: [plan('yellow')] });
    expect(a).toMatchObject({
      indicator: 'purchase_recency',
      level: 'yellow',
      playbookId: 'purchase_recency.yellow@v3',
      suggestedStrategy: 'isolate',
      steps: [
        { text: '给采购经理打电话', done: false },
        { text: '检查最近三张订单的交货', done: false },
      ],
      authority: '500 元以内的补偿自行决定',
    });
    expect(a!.dueAt).toBe(new Date(Date.parse(NOW) + 48 * 3_600_000).toISOString());
  });

  it('where the team has no plan (another level), or its plan was removed, the built-in playbook applies', () => {
    const builtIn = builtInPlaybook('purchase_recency', 'yellow', 'en');
    for (const plans of [[plan('orange')], [plan('yellow', { deletedAt: NOW })], []]) {
      const [a] = alertsFor(assessment('blue', 25), assessment('yellow', 35), [], { ...ctx, plans });
      expect(a).toMatchObject({ playbookId: 'purchase_recency.yellow', suggestedStrategy: builtIn.strategy });
      expect(a!.steps.map((s) => s.text)).toEqual(builtIn.steps);
    }
    expect(playbookFor('purchase_recency', 'yellow', 'en', [plan('orange')]).source).toBe('built-in');
  });

  it("an escalation adds the team's steps for the higher level", () => {
    const [open] = alertsFor(assessment('blue', 25), assessment('yellow', 35), [], ctx);
    const [up] = alertsFor(assessment('yellow', 35), assessment('orange', 60), [open as Alert], {
      ...ctx,
      plans: [plan('orange', { steps: ['当天上门拜访'] })],
    });
    expect(up).toMatchObject({ id: open!.id, level: 'orange', playbookId: 'purchase_recency.orange@v3' });
    expect(up!.steps.at(-1)).toEqual({ text: '当天上门拜访', done: false });
  });

  it('the Plan schema names the field at fault and keeps the id tied to indicator and level', () => {
    const bad = Plan.safeParse({ ...plan('red'), id: 'purchase_recency.blue', steps: [], title: ' ' });
    expect(bad.success).toBe(false);
    const fields = bad.error!.issues.map((i) => i.path.join('.'));
    expect(fields).toEqual(expect.arrayContaining(['steps', 'title']));
    const wrongId = Plan.safeParse({ ...plan('red'), id: 'purchase_recency.blue' });
    expect(wrongId.error!.issues.map((i) => i.path.join('.'))).toEqual(['id']);
    // Plans travel in sync like the other records.
    expect(SyncRecord.safeParse({ entity: 'plans', record: plan('red') }).success).toBe(true);
  });
});
