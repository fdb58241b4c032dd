// The team's plans (预案): one per indicator and level, replacing Kehu's built-in playbook there. An
// edit is the plan's next version (a new record version that syncs to every rep); removing the
// team's plan is a tombstone, and the built-in playbook applies again.
import type { Locale } from '#shared/i18n/locale.ts';
import { INDICATORS, type Indicator } from '#shared/model/risk.ts';
import { Plan, type PlanLevel, PlanLevel as PlanLevels, planId } from '#shared/model/plan.ts';
import { type Playbook, builtInPlaybook, playbookFor } from '#shared/risk/playbooks.ts';
import type { KehuDb } from './db.ts';
import { type Saved, fieldErrorsOf } from './edit.ts';
import { type WriteContext, deleteRecord, fromStored, saveRecord } from './records.ts';

/** The team's plans in force (not removed): what the risk service gives new alerts. */
export async function teamPlans(db: KehuDb): Promise<Plan[]> {
  return (await db.plans.toArray()).filter((p) => !p.deletedAt).map((p) => fromStored(p));
}

export interface PlanRow {
  indicator: Indicator;
  level: PlanLevel;
  /** The plan new alerts get: the team's where there is one, else the built-in playbook. */
  plan: Playbook;
  /** The built-in playbook, to start an edit from or compare with. */
  builtIn: Playbook;
  /** Who last changed the team's plan, and when (absent for a built-in one). */
  updatedBy?: string;
  updatedAt?: string;
}

/** Every indicator and level with the plan in force there. */
export async function planRows(db: KehuDb, locale: Locale): Promise<PlanRow[]> {
  const team = await teamPlans(db);
  const rows: PlanRow[] = [];
  for (const indicator of INDICATORS) {
    for (const level of PlanLevels.options) {
      const own = team.find((p) => p.id === planId(indicator, level));
      rows.push({
        indicator,
        level,
        plan: playbookFor(indicator, level, locale, team),
        builtIn: builtInPlaybook(indicator, level, locale),
        ...(own ? { updatedBy: own.updatedBy, updatedAt: own.updatedAt } : {}),
      });
    }
  }
  return rows;
}

export interface PlanDraft {
  indicator: Indicator;
  level: PlanLevel;
  title: string;
  strategy: Plan['strategy'];
  dueInHours: number;
  steps: string[];
  authority: string;
  note?: string | undefined;
}

/** Save the team's plan for an indicator and level as its next version. */
export async function savePlan(db: KehuDb, draft: PlanDraft, ctx: WriteContext): Promise<Saved<Plan>> {
  return db.transaction('rw', [db.plans, db.changes], async () => {
    const id = planId(draft.indicator, draft.level);
    const current = await db.plans.get(id);
    const parsed = Plan.safeParse({
      id,
      indicator: draft.indicator,
      level: draft.level,
      title: draft.title,
      strategy: draft.strategy,
      dueInHours: draft.dueInHours,
      steps: draft.steps.map((s) => s.trim()).filter(Boolean),
      authority: draft.authority.trim(),
      ...(draft.note?.trim() ? { note: draft.note.trim() } : {}),
      // Numbering goes on after a removed plan, so a version number is never used twice.
      version: (current?.version ?? 0) + 1,
      createdAt: current?.createdAt ?? ctx.now,
      rev: current?.rev ?? 1,
      updatedAt: ctx.now,
      updatedBy: ctx.by,
      deletedAt: null,
    });
    if (!parsed.success) return { ok: false as const, errors: fieldErrorsOf(parsed.error) };
    return { ok: true as const, record: await saveRecord(db, 'plans', parsed.data, ctx) };
  });
}

/** Remove the team's plan for an indicator and level: the built-in playbook applies again. */
export async function removePlan(db: KehuDb, indicator: Indicator, level: PlanLevel, ctx: WriteContext): Promise<boolean> {
  const removed = await deleteRecord(db, 'plans', planId(indicator, level), ctx);
  return !!removed;
}
