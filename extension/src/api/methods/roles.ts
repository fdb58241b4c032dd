// Roles on alerts and cases: assign, escalate, log what was said to the customer; and the list of
// what was escalated to this rep (the popup and the notifications read it).
import { NoInput, RoleChangeRequest } from '#shared/model/extension-api.ts';
import { defineMethod } from '../define.ts';
import { changeRolesOf, escalatedTo } from '../../store/roles.ts';

export const changeRolesFor = defineMethod(RoleChangeRequest, async (ctx, { entity, id, change }) => {
  const record = await changeRolesOf(ctx.db, entity, id, change, { now: ctx.now().toISOString(), by: await ctx.by() });
  ctx.platform.changed({ customerIds: [record.customerId] });
  return record;
});

/** Alerts and cases escalated to this rep (their name in Settings), with the customer's name. */
export const escalatedToMe = defineMethod(NoInput, async (ctx) => {
  const me = await ctx.by();
  const list = await escalatedTo(ctx.db, me);
  const names = new Map<string, string>();
  for (const c of await ctx.db.customers.bulkGet([...new Set(list.map((e) => e.record.customerId))]))
    if (c) names.set(c.id, c.name);
  return list.map((e) => ({
    kind: 'indicator' in e.record ? ('alert' as const) : ('case' as const),
    id: e.record.id,
    customerId: e.record.customerId,
    customerName: names.get(e.record.customerId) ?? e.record.customerId,
    level: 'indicator' in e.record ? e.record.level : undefined,
    title: 'indicator' in e.record ? e.record.indicator : e.record.title,
    at: e.at,
    by: e.by,
    note: e.note,
  }));
});
