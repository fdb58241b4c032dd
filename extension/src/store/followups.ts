// Follow-ups (the next planned contact) and the quick log of what just happened with a customer.
import { type Channel, FollowUp, Interaction, QUICK_LOG_KINDS, type QuickLogKind } from '#shared/model/index.ts';
import { Dexie } from 'dexie';
import type * as z from 'zod';
import type { KehuDb, StoredFollowUp } from './db.ts';
import { type FieldError, type Saved, fieldErrorsOf as fieldErrors, problem } from './edit.ts';
import { type WriteContext, deleteRecord, fromStored, saveRecord, saveRecords } from './records.ts';

type NewId = { newId: () => string };

async function liveCustomer(db: KehuDb, id: string): Promise<boolean> {
  const c = await db.customers.get(id);
  return !!c && !c.deletedAt;
}

export interface NewFollowUp {
  customerId: string;
  contactId?: string | undefined;
  dueAt: string;
  channel: z.infer<typeof Channel>;
  purpose: string;
  alertId?: string | undefined;
}

export async function planFollowUp(db: KehuDb, input: NewFollowUp, ctx: WriteContext & NewId): Promise<Saved<FollowUp>> {
  if (!(await liveCustomer(db, input.customerId)))
    return { ok: false, errors: [problem('customerId', 'gone', 'no such customer')] };
  const parsed = FollowUp.safeParse({
    id: ctx.newId(),
    customerId: input.customerId,
    contactId: input.contactId || undefined,
    dueAt: input.dueAt,
    channel: input.channel,
    purpose: input.purpose,
    done: false,
    alertId: input.alertId,
    rev: 1,
    updatedAt: ctx.now,
    updatedBy: ctx.by,
    deletedAt: null,
  });
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  return { ok: true, record: await saveRecord(db, 'followups', parsed.data, ctx) };
}

/** Mark a follow-up done (or not done again). */
export async function setFollowUpDone(db: KehuDb, id: string, done: boolean, ctx: WriteContext): Promise<FollowUp | null> {
  return db.transaction('rw', [db.followups, db.changes], async () => {
    const stored = await db.followups.get(id);
    if (!stored || stored.deletedAt) return null;
    const current = fromStored(stored);
    const next: FollowUp = { ...current, done };
    if (done) next.doneAt = ctx.now;
    else delete next.doneAt;
    return saveRecord(db, 'followups', next, ctx);
  });
}

export async function deleteFollowUp(db: KehuDb, id: string, ctx: WriteContext): Promise<FollowUp | null> {
  return deleteRecord(db, 'followups', id, ctx);
}

/** A customer's follow-ups: pending ones soonest first, then done ones, latest first. */
export async function followUpsOf(db: KehuDb, customerId: string): Promise<FollowUp[]> {
  const rows: StoredFollowUp[] = await db.followups
    .where('[customerId+dueAt]')
    .between([customerId, Dexie.minKey], [customerId, Dexie.maxKey])
    .toArray();
  const live = rows.filter((f) => !f.deletedAt).map(fromStored);
  const pending = live.filter((f) => !f.done);
  const done = live.filter((f) => f.done).reverse();
  return [...pending, ...done];
}

/** Follow-ups due at or before `asOf` that have not been reminded of yet. */
export async function followUpsToRemind(db: KehuDb, asOf: string): Promise<FollowUp[]> {
  const rows: StoredFollowUp[] = await db.followups.where('pendingDueAt').belowOrEqual(asOf).toArray();
  return rows.filter((f) => !f.notifiedAt).map(fromStored);
}

/** The soonest due time after `asOf` of a pending follow-up (for the next reminder alarm). */
export async function nextFollowUpDue(db: KehuDb, asOf: string): Promise<string | null> {
  const next = (await db.followups.where('pendingDueAt').above(asOf).first()) as StoredFollowUp | undefined;
  return next?.pendingDueAt ?? null;
}

export async function markReminded(db: KehuDb, ids: readonly string[], ctx: WriteContext): Promise<void> {
  if (ids.length === 0) return;
  await db.transaction('rw', [db.followups, db.changes], async () => {
    const rows = (await db.followups.bulkGet([...ids])).filter((r): r is StoredFollowUp => !!r && !r.deletedAt);
    await saveRecords(
      db,
      'followups',
      rows.map((r) => ({ ...fromStored(r), notifiedAt: ctx.now })),
      ctx,
    );
  });
}

export { QUICK_LOG_KINDS, type QuickLogKind };

export interface QuickLog {
  customerId: string;
  contactId?: string | undefined;
  kind: QuickLogKind;
  occurredAt: string;
  summary?: string | undefined;
  amount?: number | undefined;
  currency?: string | undefined;
}

export async function logInteraction(db: KehuDb, input: QuickLog, ctx: WriteContext & NewId): Promise<Saved<Interaction>> {
  if (!(await liveCustomer(db, input.customerId)))
    return { ok: false, errors: [problem('customerId', 'gone', 'no such customer')] };
  const errors: FieldError[] = [];
  if (input.kind === 'order' && input.amount === undefined)
    errors.push(problem('amount', 'amount_required', 'an order needs an amount'));
  if (input.amount !== undefined && input.kind !== 'order')
    errors.push(problem('amount', 'amount_not_allowed', 'only an order has an amount'));
  if (input.occurredAt > new Date(Date.parse(ctx.now) + 60_000).toISOString()) {
    errors.push(problem('occurredAt', 'in_future', 'must not be in the future'));
  }
  const parsed = Interaction.safeParse({
    id: ctx.newId(),
    customerId: input.customerId,
    contactId: input.contactId || undefined,
    kind: input.kind,
    occurredAt: input.occurredAt,
    summary: input.summary?.trim() || undefined,
    amount: input.amount,
    currency: input.currency?.trim().toUpperCase() || undefined,
    source: 'manual',
    rev: 1,
    updatedAt: ctx.now,
    updatedBy: ctx.by,
    deletedAt: null,
  });
  if (!parsed.success) errors.push(...fieldErrors(parsed.error));
  if (errors.length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, record: await saveRecord(db, 'interactions', parsed.data, ctx) };
}

/** How many of a customer's follow-ups are still to do. */
export async function pendingFollowUpCount(db: KehuDb, customerId: string): Promise<number> {
  return db.followups
    .where('[customerId+dueAt]')
    .between([customerId, Dexie.minKey], [customerId, Dexie.maxKey])
    .filter((f) => !f.deletedAt && !f.done)
    .count();
}
