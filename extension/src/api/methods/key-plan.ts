// The key-customer plan's follow-ups, generated from the customer's cadence (store/key-plan.ts).
import { PlanContactsRequest } from '#shared/model/extension-api.ts';
import { planFromCadence } from '../../store/key-plan.ts';
import { defineMethod } from '../define.ts';
import { writeContext } from './write.ts';

export const planContactsFor = defineMethod(PlanContactsRequest, async (ctx, { customerId, count, purpose }) => {
  const planned = await planFromCadence(ctx.db, customerId, count, purpose, await writeContext(ctx));
  ctx.platform.changed({ customerIds: [customerId] });
  return planned;
});
