// Handling an early-warning alert (预警处置) and reviewing it (复盘): each step, and applying a
// review's corrective item as a new policy version.
import { ChangeAlertRequest, CorrectiveItemRequest } from '#shared/model/index.ts';
import { applyCorrectiveItem, changeAlert } from '../../store/alert-handling.ts';
import { allCustomerIds } from '../../store/people.ts';
import { teamPolicy } from '../../store/policy.ts';
import { defineMethod } from '../define.ts';
import { writeContext } from './write.ts';

/** One step of handling or reviewing an alert; refused with the engine's reason when not allowed. */
export const changeAlertOf = defineMethod(ChangeAlertRequest, async (ctx, { id, change }) => {
  const alert = await changeAlert(ctx.db, id, change, await writeContext(ctx));
  ctx.platform.changed({ customerIds: [alert.customerId] });
  return alert;
});

/**
 * Apply a corrective item's policy change as the rep's new policy version (after the rep confirmed),
 * then reassess everyone. While the team's version is in force the new version is only the rep's
 * draft (`team` names the version in force): nobody is reassessed.
 */
export const applyCorrectiveItemOf = defineMethod(CorrectiveItemRequest, async (ctx, { alertId, itemId }) => {
  const result = await applyCorrectiveItem(ctx.db, alertId, itemId, await writeContext(ctx));
  const team = await teamPolicy(ctx.db);
  if (team) return { ...result, team: team.policy.version };
  await ctx.risk.recompute(await allCustomerIds(ctx.db));
  ctx.platform.changed({ all: true });
  return { ...result, team: null };
});
