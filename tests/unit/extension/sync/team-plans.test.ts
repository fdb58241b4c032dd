// Plans (预案) the team owns, end to end between two reps and the real collector: a lead edits the plan
// for an indicator and level in one extension (each edit a new version, checked field by field), it
// syncs, the other rep gets the team's version and their next alert follows it; removing the team's
// plan brings the built-in playbook back everywhere.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sql } from '../../../../collector/db/sql.ts';
import { BACKENDS, openMigrated, resetStore } from '../../collector/backends.ts';
import { type Harness, harness, submission } from '../../collector/fixtures.ts';
import { replica, testClock } from './replica.ts';

const CUSTOMERS = `id,name,domains,industry,tier,stage,owner,cadence_days,tags,notes
acme,ACME Trading,acme.example,Retail,key,stable,rep,30,,`;
const CONTACTS = `id,customer_id,name,emails,phones,title,role,status,notes
c-wei,acme,Wei Wang,wei@acme.example,,Buyer,,active,`;

const LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;
const STEPS = ['Call Wei within the hour', 'Ask the plant manager what went wrong'];
const draft = (level: (typeof LEVELS)[number], steps = STEPS) => ({
  indicator: 'satisfaction' as const,
  level,
  title: 'Unhappy answer: our way',
  strategy: 'eliminate' as const,
  dueInHours: 8,
  steps,
  authority: 'A credit up to 200 EUR on your own',
});

describe('team plans through sync', () => {
  let sql: Sql;
  let h: Harness;
  let clock: ReturnType<typeof testClock>;

  beforeAll(async () => {
    sql = await openMigrated(BACKENDS[0] as (typeof BACKENDS)[number]);
  });
  afterAll(async () => {
    await sql.close();
  });
  beforeEach(async () => {
    await resetStore(sql);
    h = await harness(sql);
    clock = testClock();
  });

  it('an edit is a new version, checked by field; another rep gets it after one sync and their alerts follow it', async () => {
    const lead = await replica('lead', h, clock);
    const rep = await replica('rep', h, clock);

    // Built-in everywhere to start with.
    const rows = await rep.api.plansList({ locale: 'en' });
    expect(rows).toHaveLength(9 * 4);
    expect(rows.every((r) => r.plan.source === 'built-in')).toBe(true);

    // A bad draft is refused with the fields named; nothing is written.
    const bad = await lead.api.savePlanDraft({ ...draft('red', ['  ']), title: '', dueInHours: 0.5 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.field).sort()).toEqual(['dueInHours', 'steps', 'title']);
    expect(await lead.db.plans.count()).toBe(0);

    // The lead writes the team's plan for every level; editing one again makes version 2.
    for (const level of LEVELS) expect((await lead.api.savePlanDraft(draft(level))).ok).toBe(true);
    const v2 = await lead.api.savePlanDraft(draft('red', [...STEPS, 'Visit them this week']));
    expect(v2.ok && v2.record).toMatchObject({ id: 'satisfaction.red', version: 2, rev: 2, updatedBy: 'lead' });
    await lead.api.syncNow();

    // One sync later the rep has the team's versions.
    await rep.api.syncNow();
    const after = await rep.api.plansList({ locale: 'en' });
    const red = after.find((r) => r.indicator === 'satisfaction' && r.level === 'red')!;
    expect(red.plan).toMatchObject({ source: 'team', version: 2, steps: [...STEPS, 'Visit them this week'], dueInHours: 8 });
    expect(red.builtIn.source).toBe('built-in');
    expect(after.find((r) => r.indicator === 'complaints' && r.level === 'red')!.plan.source).toBe('built-in');

    // A detractor answer: the rep's new satisfaction alert carries the team's steps.
    await rep.api.importText({ entity: 'customers', format: 'csv', text: CUSTOMERS });
    await rep.api.importText({ entity: 'contacts', format: 'csv', text: CONTACTS });
    await rep.api.syncNow();
    const answer = await h.collect(
      submission({
        kind: 'nps',
        score: 0,
        respondent: { email: 'wei@acme.example', consent: true },
        submittedAt: clock.peek().toISOString(),
      }),
    );
    expect(answer.status).toBe(201);
    await rep.api.syncNow();
    const alerts = (await rep.db.alerts.toArray()).filter((a) => a.indicator === 'satisfaction');
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) {
      expect(a.playbookId).toMatch(/^satisfaction\.(blue|yellow|orange|red)@v[12]$/);
      expect(a.steps.map((s) => s.text).slice(0, 2)).toEqual(STEPS);
      expect(a.authority).toBe('A credit up to 200 EUR on your own');
    }

    // The lead removes the team's red plan: after a sync the rep is back on the built-in one.
    expect(await lead.api.removeTeamPlan({ indicator: 'satisfaction', level: 'red' })).toEqual({ removed: true });
    await lead.api.syncNow();
    await rep.api.syncNow();
    const reset = (await rep.api.plansList({ locale: 'zh-CN' })).find(
      (r) => r.indicator === 'satisfaction' && r.level === 'red',
    )!;
    expect(reset.plan.source).toBe('built-in');
    expect(reset.plan.title).toBe('满意度下降');
    // Writing it again goes on numbering from the removed version.
    const again = await rep.api.savePlanDraft(draft('red'));
    expect(again.ok && again.record.version).toBe(3);
  });
});
