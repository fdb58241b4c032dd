// Follow-ups (回访) of one customer: the list, planning one, marking it done, removing it; and the
// quick log of a call, meeting, visit, note or order.
import { ById, ByCustomer, FollowUpDoneRequest, PlanFollowUpRequest, QuickLogRequest } from '#shared/model/index.ts';
import { deleteFollowUp, followUpsOf, logInteraction, planFollowUp, setFollowUpDone } from '../../store/followups.ts';
import { defineMethod } from '../define.ts';
import { touched, writeContext } from './write.ts';

export const followUpsFor = defineMethod(ByCustomer, async (ctx, { customerId }) => followUpsOf(ctx.db, customerId));

export const planFollowUpFor = defineMethod(PlanFollowUpRequest, async (ctx, input) => {
  const result = await planFollowUp(ctx.db, input, await writeContext(ctx));
  if (result.ok) ctx.platform.changed({ customerIds: [input.customerId] });
  return result;
});

export const setFollowUpDoneOf = defineMethod(FollowUpDoneRequest, async (ctx, { id, done }) => {
  const f = await setFollowUpDone(ctx.db, id, done, await writeContext(ctx));
  if (f) ctx.platform.changed({ customerIds: [f.customerId] });
  return f;
});

export const removeFollowUp = defineMethod(ById, async (ctx, { id }) => {
  const f = await deleteFollowUp(ctx.db, id, await writeContext(ctx));
  if (f) ctx.platform.changed({ customerIds: [f.customerId] });
  return { removed: !!f };
});

export const quickLog = defineMethod(QuickLogRequest, async (ctx, input) => {
  const result = await logInteraction(ctx.db, input, await writeContext(ctx));
  if (result.ok) await touched(ctx, [input.customerId]);
  return result;
});
