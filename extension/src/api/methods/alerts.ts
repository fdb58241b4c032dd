// Handling an early-warning alert (预警处置) and reviewing it (复盘): each step, and applying a
// review's corrective item as a new policy version.
import { ChangeAlertRequest, CorrectiveItemRequest } from '#shared/model/index.ts';
import { applyCorrectiveItem, changeAlert } from '../../store/alert-handling.ts';
import { allCustomerIds } from '../../store/people.ts';
import { defineMethod } from '../define.ts';
import { writeContext } from './write.ts';

/** One step of handling or reviewing an alert; refused with the engine's reason when not allowed. */
export const changeAlertOf = defineMethod(ChangeAlertRequest, async (ctx, { id, change }) => {
  const alert = await changeAlert(ctx.db, id, change, await writeContext(ctx));
  ctx.platform.changed({ customerIds: [alert.customerId] });
  return alert;
});

/** Apply a corrective item's policy change as a new policy version (after the rep confirmed), then reassess everyone. */
export const applyCorrectiveItemOf = defineMethod(CorrectiveItemRequest, async (ctx, { alertId, itemId }) => {
  const result = await applyCorrectiveItem(ctx.db, alertId, itemId, await writeContext(ctx));
  await ctx.risk.recompute(await allCustomerIds(ctx.db));
  ctx.platform.changed({ all: true });
  return result;
});
