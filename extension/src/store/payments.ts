// Payments a rep records from the side panel and the quick log: an invoice with its amount and the
// date it falls due (an order interaction with `dueAt`), and later the day it was paid (`paidAt`).
// The payment-overdue indicator reads exactly these fields, as it does for imported rows.
import { Interaction } from '#shared/model/index.ts';
import type { KehuDb } from './db.ts';
import { type WriteContext, fromStored, saveRecord } from './records.ts';

export interface InvoiceInput {
  customerId: string;
  occurredAt: string;
  dueAt: string;
  amount: number;
  currency?: string | undefined;
  summary?: string | undefined;
}

export async function recordInvoice(
  db: KehuDb,
  input: InvoiceInput,
  ctx: WriteContext & { newId: () => string },
): Promise<Interaction> {
  const customer = await db.customers.get(input.customerId);
  if (!customer || customer.deletedAt) throw new Error(`no customer "${input.customerId}"`);
  if (input.dueAt < input.occurredAt) throw new Error('the due date must not be before the invoice date');
  const record = Interaction.parse({
    id: ctx.newId(),
    customerId: input.customerId,
    kind: 'order',
    occurredAt: input.occurredAt,
    dueAt: input.dueAt,
    amount: input.amount,
    ...(input.currency?.trim() ? { currency: input.currency.trim().toUpperCase() } : {}),
    ...(input.summary?.trim() ? { summary: input.summary.trim() } : {}),
    source: 'manual',
    rev: 1,
    updatedAt: ctx.now,
    updatedBy: ctx.by,
    deletedAt: null,
  });
  return saveRecord(db, 'interactions', record, ctx);
}

/** Record that an invoice was paid (or, with `paidAt` null, that it was not after all). */
export async function setInvoicePaid(db: KehuDb, id: string, paidAt: string | null, ctx: WriteContext): Promise<Interaction> {
  return db.transaction('rw', [db.interactions, db.changes], async () => {
    const stored = await db.interactions.get(id);
    if (!stored || stored.deletedAt) throw new Error(`no invoice "${id}"`);
    const current = fromStored(stored);
    if (!current.dueAt) throw new Error('this interaction has no due date: it is not an invoice');
    const { paidAt: _, ...rest } = current;
    return saveRecord(db, 'interactions', Interaction.parse(paidAt ? { ...rest, paidAt } : rest), ctx);
  });
}

/** A customer's invoices (interactions with a due date), unpaid first, then by due date. */
export async function invoicesOf(db: KehuDb, customerId: string): Promise<Interaction[]> {
  const rows = await db.interactions
    .where('[customerId+occurredAt]')
    .between([customerId, ''], [customerId, '\uffff'])
    .filter((i) => !i.deletedAt && !!i.dueAt)
    .toArray();
  return rows
    .map((r) => fromStored(r))
    .sort((a, b) => Number(!!a.paidAt) - Number(!!b.paidAt) || (a.dueAt ?? '').localeCompare(b.dueAt ?? ''))
    .slice(0, 200);
}
