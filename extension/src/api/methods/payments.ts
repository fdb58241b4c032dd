// Invoices due and paid, recorded from the side panel and the quick log (store/payments.ts).
import { ByCustomer, InvoicePaidRequest, InvoiceRequest } from '#shared/model/extension-api.ts';
import { invoicesOf, recordInvoice, setInvoicePaid } from '../../store/payments.ts';
import { defineMethod } from '../define.ts';
import { touched, writeContext } from './write.ts';

export const invoicesFor = defineMethod(ByCustomer, async (ctx, { customerId }) => invoicesOf(ctx.db, customerId));

export const recordInvoiceFor = defineMethod(InvoiceRequest, async (ctx, input) => {
  const record = await recordInvoice(ctx.db, input, await writeContext(ctx));
  await touched(ctx, [input.customerId]);
  return record;
});

export const setInvoicePaidOf = defineMethod(InvoicePaidRequest, async (ctx, { id, paidAt }) => {
  const record = await setInvoicePaid(ctx.db, id, paidAt, await writeContext(ctx));
  await touched(ctx, [record.customerId]);
  return record;
});
