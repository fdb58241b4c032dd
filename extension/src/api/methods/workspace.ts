// The side panel's methods: one customer's data card, timeline, warnings, cases, alerts,
// follow-ups and quick log, and search. Every write recomputes the customer's assessment and
// tells open tabs, so badges follow.
import { Case, Channel, Id, Instant, Review, Strategy } from '#shared/model/index.ts';
import { Dexie } from 'dexie';
import * as z from 'zod';
import { alertsOf, applyCorrectiveItem, changeAlert } from '../../store/alert-handling.ts';
import { casesOf, changeCase, openCase } from '../../store/cases.ts';
import { deleteContact, deleteCustomer, saveContact, saveCustomer } from '../../store/edit.ts';
import {
  deleteFollowUp,
  followUpsOf,
  logInteraction,
  planFollowUp,
  QUICK_LOG_KINDS,
  setFollowUpDone,
} from '../../store/followups.ts';
import { lastContact, openAlerts, openCases } from '../../store/history.ts';
import { currentPolicy } from '../../store/policy.ts';
import { fromStored } from '../../store/records.ts';
import { riskTrend } from '../../store/risk-views.ts';
import { searchPeople } from '../../store/search.ts';
import { customerTimeline } from '../../store/timeline-events.ts';
import type { ApiContext } from '../context.ts';
import { defineMethod } from '../define.ts';

export async function writeContext(ctx: ApiContext) {
  return { now: ctx.now().toISOString(), by: await ctx.by(), newId: ctx.newId };
}

/** After a write: reassess the customers and tell every tab (badges re-read their level). */
export async function touched(ctx: ApiContext, customerIds: readonly (string | null | undefined)[]): Promise<void> {
  const ids = [...new Set(customerIds.filter((id): id is string => !!id))];
  if (ids.length > 0) await ctx.risk.recompute(ids);
  ctx.platform.changed({ customerIds: ids });
}

const ByCustomer = z.object({ customerId: Id });
const ById = z.object({ id: Id });
/** A form's draft: field → value (checked against the shared schema by the store). */
const Draft = z.record(z.string().max(64), z.unknown()).refine((d) => Object.keys(d).length <= 64, 'too many fields');

/** The data card: the customer, their people, the current assessment and what is open. */
export const customerCard = defineMethod(ByCustomer, async (ctx, { customerId }) => {
  const customer = await ctx.db.customers.get(customerId);
  if (!customer || customer.deletedAt) return null;
  const [contacts, assessment, last, cases, alerts, pendingFollowUps] = await Promise.all([
    ctx.db.contacts
      .where('customerId')
      .equals(customerId)
      .filter((c) => !c.deletedAt)
      .toArray(),
    ctx.risk.assessment(customerId),
    lastContact(ctx.db, customerId),
    openCases(ctx.db, customerId),
    openAlerts(ctx.db, customerId),
    ctx.db.followups
      .where('[customerId+dueAt]')
      .between([customerId, Dexie.minKey], [customerId, Dexie.maxKey])
      .filter((f) => !f.deletedAt && !f.done)
      .count(),
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

export const saveContactDraft = defineMethod(
  z.object({ customerId: Id.optional(), draft: Draft }),
  async (ctx, { customerId, draft }) => {
    const result = await saveContact(ctx.db, { ...draft, customerId: customerId ?? null }, await writeContext(ctx));
    if (result.ok) await touched(ctx, [result.record.customerId]);
    return result;
  },
);

export const removeContact = defineMethod(ById, async (ctx, { id }) => {
  const removed = await deleteContact(ctx.db, id, await writeContext(ctx));
  if (removed) await touched(ctx, [removed.customerId]);
  return { removed: !!removed };
});

/** The whole history, newest first (the panel virtualises the list). */
export const timelineOf = defineMethod(ByCustomer, async (ctx, { customerId }) => customerTimeline(ctx.db, customerId));

/** The warning panel: assessment, its 90-day trend, the policy in force, and the alerts. */
export const riskOf = defineMethod(ByCustomer, async (ctx, { customerId }) => {
  const now = ctx.now();
  const [assessment, policy, alerts] = await Promise.all([
    ctx.risk.assessment(customerId),
    currentPolicy(ctx.db, now.toISOString()),
    alertsOf(ctx.db, customerId),
  ]);
  const trend = await riskTrend(ctx.db, customerId, {
    now,
    policy,
    watched: assessment?.watched ?? false,
    timeZone: ctx.timeZone,
  });
  return { assessment, trend, policyVersion: policy.version, alerts };
});

export const casesFor = defineMethod(ByCustomer, async (ctx, { customerId }) => {
  const cases = await casesOf(ctx.db, customerId);
  // Recent mail threads of this customer: a complaint can be opened from one, subject and link prefilled.
  const threads: { id: string; subject: string; url: string | null; at: string }[] = [];
  const seen = new Set<string>();
  await ctx.db.interactions
    .where('[customerId+occurredAt]')
    .between([customerId, Dexie.minKey], [customerId, Dexie.maxKey])
    .reverse()
    .until(() => threads.length >= 20)
    .each((i) => {
      if (i.deletedAt || (i.kind !== 'email_in' && i.kind !== 'email_out')) return;
      const key = i.email?.threadId ?? i.ref?.id ?? i.id;
      if (seen.has(key)) return;
      seen.add(key);
      threads.push({ id: i.id, subject: i.email?.subject || i.summary || '', url: i.ref?.url ?? null, at: i.occurredAt });
    });
  return { cases, threads };
});

export const openCaseFor = defineMethod(
  z.object({
    customerId: Id,
    contactId: Id.optional(),
    title: z.string().max(200),
    category: Case.shape.category.optional(),
    severity: Case.shape.severity.optional(),
    dueAt: Instant.optional(),
    description: z.string().max(10_000).optional(),
    desiredResolution: z.string().max(10_000).optional(),
    /** A logged mail interaction the complaint came from: its subject and link become the case's. */
    fromInteractionId: Id.optional(),
  }),
  async (ctx, input) => {
    const { fromInteractionId, ...rest } = input;
    let ref: Case['ref'];
    if (fromInteractionId) {
      const mail = await ctx.db.interactions.get(fromInteractionId);
      if (mail && mail.customerId === input.customerId)
        ref = { system: mail.ref?.system ?? mail.source, id: mail.ref?.id, url: mail.ref?.url };
    }
    const result = await openCase(ctx.db, { ...rest, ref }, await writeContext(ctx));
    if (result.ok) await touched(ctx, [input.customerId]);
    return result;
  },
);

export const changeCaseOf = defineMethod(
  z.object({
    id: Id,
    change: z
      .object({
        note: z.string().max(10_000).optional(),
        title: z.string().max(200).optional(),
        category: Case.shape.category.optional(),
        severity: Case.shape.severity.optional(),
        dueAt: Instant.or(z.literal('')).optional(),
        desiredResolution: z.string().max(10_000).optional(),
        cause: z.string().max(10_000).optional(),
        remedy: z.string().max(10_000).optional(),
      })
      .strict()
      .default({}),
    action: z.discriminatedUnion('action', [
      z.object({ action: z.literal('update') }),
      z.object({ action: z.literal('advance') }),
      z.object({ action: z.literal('close'), satisfaction: z.int().min(1).max(5).optional() }),
    ]),
  }),
  async (ctx, { id, change, action }) => {
    const result = await changeCase(ctx.db, id, change, action, await writeContext(ctx));
    if (result.ok) await touched(ctx, [result.record.customerId]);
    return result;
  },
);

const AlertChange = z.discriminatedUnion('action', [
  z.object({ action: z.literal('start'), strategy: Strategy }),
  z.object({ action: z.literal('record'), note: z.string().max(10_000) }),
  z.object({ action: z.literal('step'), index: z.int().min(0).max(100), done: z.boolean() }),
  z.object({ action: z.literal('resolve') }),
  z.object({ action: z.literal('dismiss'), reason: z.string().max(10_000) }),
  z.object({ action: z.literal('review'), review: Review }),
  z.object({ action: z.literal('correction'), itemId: Id, done: z.boolean() }),
]);

/** One step of handling or reviewing an alert; refused with the engine's reason when not allowed. */
export const changeAlertOf = defineMethod(z.object({ id: Id, change: AlertChange }), async (ctx, { id, change }) => {
  const alert = await changeAlert(ctx.db, id, change, await writeContext(ctx));
  ctx.platform.changed({ customerIds: [alert.customerId] });
  return alert;
});

/** Apply a corrective item's policy change as a new policy version (after the rep confirmed), then reassess everyone. */
export const applyCorrectiveItemOf = defineMethod(z.object({ alertId: Id, itemId: Id }), async (ctx, { alertId, itemId }) => {
  const result = await applyCorrectiveItem(ctx.db, alertId, itemId, await writeContext(ctx));
  await ctx.risk.recompute(await ctx.db.customers.toCollection().primaryKeys());
  ctx.platform.changed({ all: true });
  return result;
});

export const followUpsFor = defineMethod(ByCustomer, async (ctx, { customerId }) => followUpsOf(ctx.db, customerId));

export const planFollowUpFor = defineMethod(
  z.object({
    customerId: Id,
    contactId: Id.optional(),
    dueAt: Instant,
    channel: Channel,
    purpose: z.string().max(10_000),
    alertId: Id.optional(),
  }),
  async (ctx, input) => {
    const result = await planFollowUp(ctx.db, input, await writeContext(ctx));
    if (result.ok) ctx.platform.changed({ customerIds: [input.customerId] });
    return result;
  },
);

export const setFollowUpDoneOf = defineMethod(z.object({ id: Id, done: z.boolean() }), async (ctx, { id, done }) => {
  const f = await setFollowUpDone(ctx.db, id, done, await writeContext(ctx));
  if (f) ctx.platform.changed({ customerIds: [f.customerId] });
  return f;
});

export const removeFollowUp = defineMethod(ById, async (ctx, { id }) => {
  const f = await deleteFollowUp(ctx.db, id, await writeContext(ctx));
  if (f) ctx.platform.changed({ customerIds: [f.customerId] });
  return { removed: !!f };
});

export const quickLog = defineMethod(
  z.object({
    customerId: Id,
    contactId: Id.optional(),
    kind: z.enum(QUICK_LOG_KINDS),
    occurredAt: Instant,
    summary: z.string().max(10_000).optional(),
    amount: z.number().finite().optional(),
    currency: z.string().max(3).optional(),
  }),
  async (ctx, input) => {
    const result = await logInteraction(ctx.db, input, await writeContext(ctx));
    if (result.ok) await touched(ctx, [input.customerId]);
    return result;
  },
);

export const search = defineMethod(
  z.object({ query: z.string().max(200), limit: z.int().min(1).max(100).default(20) }),
  async (ctx, { query, limit }) => searchPeople(ctx.db, query, limit),
);

/** One stored record, for a detail view that follows a timeline row. */
export const recordOf = defineMethod(
  z.object({ entity: z.enum(['interactions', 'responses', 'cases', 'alerts', 'followups']), id: Id }),
  async (ctx, { entity, id }) => {
    const r = await ctx.db.table(entity).get(id);
    return r && !(r as { deletedAt?: string | null }).deletedAt ? (fromStored(r) as Record<string, unknown>) : null;
  },
);
