// The side panel's data card: one customer with their people, the current assessment and what is
// open; and the forms that add, change and remove customers and contacts.
import { ById, ByCustomer, ContactDraftRequest, Draft } from '#shared/model/index.ts';
import { deleteContact, deleteCustomer, saveContact, saveCustomer } from '../../store/edit.ts';
import { pendingFollowUpCount } from '../../store/followups.ts';
import { contactsOf, lastContact, openAlerts, openCases } from '../../store/history.ts';
import { customerById } from '../../store/people.ts';
import { defineMethod } from '../define.ts';
import { touched, writeContext } from './write.ts';

/** The data card: the customer, their people, the current assessment and what is open. */
export const customerCard = defineMethod(ByCustomer, async (ctx, { customerId }) => {
  const customer = await customerById(ctx.db, customerId);
  if (!customer) return null;
  const [contacts, assessment, last, cases, alerts, pendingFollowUps] = await Promise.all([
    contactsOf(ctx.db, customerId),
    ctx.risk.assessment(customerId),
    lastContact(ctx.db, customerId),
    openCases(ctx.db, customerId),
    openAlerts(ctx.db, customerId),
    pendingFollowUpCount(ctx.db, customerId),
  ]);
  contacts.sort((a, b) => Number(b.key) - Number(a.key) || (a.status === b.status ? 0 : a.status === 'active' ? -1 : 1));
  return {
    customer,
    contacts,
    assessment,
    lastContactAt: last?.occurredAt ?? null,
    openCases: cases.map((c) => ({ id: c.id, title: c.title, status: c.status, dueAt: c.dueAt ?? null, openedAt: c.openedAt })),
    openAlerts: alerts.map((a) => ({ id: a.id, indicator: a.indicator, level: a.level, status: a.status, raisedAt: a.raisedAt })),
    counts: { openCases: cases.length, openAlerts: alerts.length, pendingFollowUps },
  };
});

export const saveCustomerDraft = defineMethod(Draft, async (ctx, draft) => {
  const result = await saveCustomer(ctx.db, draft, await writeContext(ctx));
  if (result.ok) await touched(ctx, [result.record.id]);
  return result;
});

export const removeCustomer = defineMethod(ById, async (ctx, { id }) => {
  const removed = await deleteCustomer(ctx.db, id, await writeContext(ctx));
  ctx.platform.changed({ all: true });
  return { removed: !!removed };
});

export const saveContactDraft = defineMethod(ContactDraftRequest, async (ctx, { customerId, draft }) => {
  const result = await saveContact(ctx.db, { ...draft, customerId: customerId ?? null }, await writeContext(ctx));
  if (result.ok) await touched(ctx, [result.record.customerId]);
  return result;
});

export const removeContact = defineMethod(ById, async (ctx, { id }) => {
  const removed = await deleteContact(ctx.db, id, await writeContext(ctx));
  if (removed) await touched(ctx, [removed.customerId]);
  return { removed: !!removed };
});
