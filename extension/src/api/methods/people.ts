// Adding an unknown sender from a badge, and opening a customer in the side panel.
import { AddSenderRequest, OpenCustomerRequest } from '#shared/model/index.ts';
import { addPerson, resolveAddress } from '../../store/people.ts';
import { defineMethod } from '../define.ts';
import { badgeForEmail } from './lookup.ts';

export const addSender = defineMethod(AddSenderRequest, async (ctx, input) => {
  const added = await addPerson(ctx.db, input, { now: ctx.now().toISOString(), by: await ctx.by(), newId: ctx.newId });
  if (added.customer) {
    await ctx.risk.recompute([added.customer.id]);
    ctx.platform.changed({ customerIds: [added.customer.id] });
  } else {
    ctx.platform.changed({ customerIds: [] });
  }
  return badgeForEmail(ctx, added.email);
});

export const openCustomer = defineMethod(OpenCustomerRequest, async (ctx, input, sender) => {
  let customerId = input.customerId;
  if (!customerId && input.email) customerId = (await resolveAddress(ctx.db, input.email)).customer?.id;
  if (!customerId) return { opened: false };
  await ctx.platform.openCustomer({ tabId: sender.tabId, windowId: sender.windowId }, customerId);
  return { opened: true, customerId };
});
