// Step 4 of the key-customer process: follow-ups generated from the customer's cadence for the
// long-term plan (who, when, how). Ids come from the customer and the day, so planning again (here
// or in a colleague's extension) does not add the same contact twice.
import { FollowUp } from '#shared/model/index.ts';
import { plannedContactDates } from '#shared/risk/index.ts';
import { Dexie } from 'dexie';
import type { KehuDb } from './db.ts';
import { type WriteContext, saveRecords } from './records.ts';

const NOT_CONTACT = new Set(['email_out', 'note']);

export async function planFromCadence(
  db: KehuDb,
  customerId: string,
  count: number,
  purpose: string,
  ctx: WriteContext,
): Promise<FollowUp[]> {
  const customer = await db.customers.get(customerId);
  if (!customer || customer.deletedAt) throw new Error(`no customer "${customerId}"`);
  if (!customer.cadenceDays) throw new Error('set the customer’s cadence (days between contacts) first');
  let last: string | null = null;
  await db.interactions
    .where('[customerId+occurredAt]')
    .between([customerId, Dexie.minKey], [customerId, ctx.now], true, true)
    .reverse()
    .until(() => last !== null)
    .each((i) => {
      if (!i.deletedAt && !NOT_CONTACT.has(i.kind)) last = i.occurredAt;
    });
  const dates = plannedContactDates(customer, last, ctx.now, count);
  const ids = dates.map((d) => `${customerId}.plan.${d.slice(0, 10)}`);
  const existing = await db.followups.bulkGet(ids);
  const text = (customer.planHow?.trim() || purpose).slice(0, 10_000);
  const fresh = dates
    .map((dueAt, i) =>
      existing[i]
        ? null
        : FollowUp.parse({
            id: ids[i],
            customerId,
            dueAt,
            channel: 'phone',
            purpose: text,
            done: false,
            assignee: customer.planWho?.trim() || customer.owner || ctx.by,
            rev: 1,
            updatedAt: ctx.now,
            updatedBy: ctx.by,
            deletedAt: null,
          }),
    )
    .filter((f): f is FollowUp => f !== null);
  return saveRecords(db, 'followups', fresh, ctx);
}
