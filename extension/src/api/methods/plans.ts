// The team's plans (预案): list the plan in force for every indicator and level, save an edit as the
// plan's next version, or remove the team's plan so the built-in playbook applies again. Saved plans
// sync to every rep; new alerts take their steps from them.
import { pickLocale } from '#shared/i18n/locale.ts';
import { PlanDraftRequest, PlanKey, PlansRequest } from '#shared/model/extension-api.ts';
import { planRows, removePlan, savePlan } from '../../store/plans.ts';
import { defineMethod } from '../define.ts';
import { writeContext } from './write.ts';

export const plansList = defineMethod(PlansRequest, async (ctx, { locale }) => planRows(ctx.db, pickLocale(locale)));

export const savePlanDraft = defineMethod(PlanDraftRequest, async (ctx, draft) => {
  const result = await savePlan(ctx.db, draft, await writeContext(ctx));
  if (result.ok) ctx.platform.changed({ all: true });
  return result;
});

export const removeTeamPlan = defineMethod(PlanKey, async (ctx, { indicator, level }) => {
  const removed = await removePlan(ctx.db, indicator, level, await writeContext(ctx));
  if (removed) ctx.platform.changed({ all: true });
  return { removed };
});
