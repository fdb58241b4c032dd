// Invoices due and paid, recorded from the side panel and the quick log (store/payments.ts).
import { Id, Instant } from '#shared/model/common.ts';
import * as z from 'zod';
import { invoicesOf, recordInvoice, setInvoicePaid } from '../../store/payments.ts';
import { defineMethod } from '../define.ts';
import { touched, writeContext } from './write.ts';

export const invoicesFor = defineMethod(z.object({ customerId: Id }), async (ctx, { customerId }) =>
  invoicesOf(ctx.db, customerId),
);

export const recordInvoiceFor = defineMethod(
  z.object({
    customerId: Id,
    occurredAt: Instant,
    dueAt: Instant,
    amount: z.number().finite().min(0),
    currency: z.string().max(3).optional(),
    summary: z.string().max(10_000).optional(),
  }),
  async (ctx, input) => {
    const record = await recordInvoice(ctx.db, input, await writeContext(ctx));
    await touched(ctx, [input.customerId]);
    return record;
  },
);

export const setInvoicePaidOf = defineMethod(z.object({ id: Id, paidAt: Instant.nullable() }), async (ctx, { id, paidAt }) => {
  const record = await setInvoicePaid(ctx.db, id, paidAt, await writeContext(ctx));
  await touched(ctx, [record.customerId]);
  return record;
});
