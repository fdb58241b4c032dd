import * as z from 'zod';
import { EmailAddress, Id, Instant, LongText, ShortText, SyncMeta } from './common.ts';

export const ContactStatus = z.enum(['active', 'left']);
export const Channel = z.enum(['email', 'phone', 'meeting', 'visit', 'chat', 'other']);
export type Channel = z.infer<typeof Channel>;

export const Contact = z.object({
  id: Id,
  /** Null for a person known only by a free-mail address and not yet tied to a customer. */
  customerId: Id.nullable().default(null),
  name: ShortText.default(''),
  /** Normalised addresses; one contact may write from several. */
  emails: z.array(EmailAddress).max(20).default([]),
  phones: z.array(ShortText.min(1)).max(20).default([]),
  title: ShortText.optional(),
  /** Role in the customer's decisions, free text such as "decision maker" or "user". */
  role: ShortText.optional(),
  /** Whether this is the key contact (关键联系人) for the account. */
  key: z.boolean().default(false),
  preferredChannel: Channel.optional(),
  status: ContactStatus.default('active'),
  /** When the person left; "key contact left" is a warning signal. */
  leftAt: Instant.optional(),
  notes: LongText.optional(),
  createdAt: Instant,
  ...SyncMeta,
});
export type Contact = z.infer<typeof Contact>;
