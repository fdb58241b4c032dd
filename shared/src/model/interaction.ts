import * as z from 'zod';
import { Currency, EmailAddress, Id, Instant, LongText, ShortText, SyncMeta, Text } from './common.ts';

export const INTERACTION_KINDS = [
  'email_in',
  'email_out',
  'call',
  'meeting',
  'visit',
  'order',
  'payment',
  'return',
  'note',
] as const;
export const InteractionKind = z.enum(INTERACTION_KINDS);
export type InteractionKind = z.infer<typeof InteractionKind>;

/** Where a record came from in an outside system: a mail thread, an invoice, a CRM row. */
export const ExternalRef = z.object({
  system: ShortText.optional(),
  id: ShortText.optional(),
  url: Text(2048).optional(),
});

/** Email metadata only. Kehu never stores an email body. */
export const EmailMeta = z.object({
  from: EmailAddress,
  to: z.array(EmailAddress).max(100).default([]),
  subject: Text(1000).default(''),
  messageId: ShortText.optional(),
  threadId: ShortText.optional(),
});

export const InteractionSource = z.enum(['manual', 'import', 'gmail', 'outlook', 'sdk', 'collector']);

/** Something that happened with a customer. Append-only: corrected by a tombstone and a new record. */
export const Interaction = z.object({
  id: Id,
  customerId: Id,
  contactId: Id.optional(),
  kind: InteractionKind,
  occurredAt: Instant,
  /** Order, payment or return amount. Returns are recorded as positive amounts of kind `return`. */
  amount: z.number().finite().optional(),
  currency: Currency.optional(),
  summary: LongText.optional(),
  ref: ExternalRef.optional(),
  email: EmailMeta.optional(),
  /** For a payment due: when it falls due, so overdue payments can be flagged. */
  dueAt: Instant.optional(),
  /** For an order or invoice: when it was paid, if it was. */
  paidAt: Instant.optional(),
  source: InteractionSource.default('manual'),
  ...SyncMeta,
});
export type Interaction = z.infer<typeof Interaction>;
