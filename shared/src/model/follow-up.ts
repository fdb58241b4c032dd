import * as z from 'zod';
import { Id, Instant, LongText, ShortText, SyncMeta } from './common.ts';
import { Channel } from './contact.ts';

/** A planned next contact with a customer. */
export const FollowUp = z.object({
  id: Id,
  customerId: Id,
  contactId: Id.optional(),
  dueAt: Instant,
  channel: Channel.default('email'),
  purpose: LongText.trim().min(1, 'must not be empty'),
  done: z.boolean().default(false),
  doneAt: Instant.optional(),
  /** When a reminder was shown, so it is shown once. */
  notifiedAt: Instant.optional(),
  /** The alert this follow-up answers, if any. */
  alertId: Id.optional(),
  /** Who is to make the contact (a rep's email); the customer's owner for an automatic call-back. */
  assignee: ShortText.optional(),
  ...SyncMeta,
});
export type FollowUp = z.infer<typeof FollowUp>;
