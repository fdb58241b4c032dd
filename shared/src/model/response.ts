import * as z from 'zod';
import { EmailAddress, Id, Instant, ShortText, SyncMeta, Text, WellFormed, storableJson } from './common.ts';
import { CustomerLogEntry } from './roles.ts';
import { ResponseKind } from './submission.ts';

export { ResponseKind };

/**
 * A survey or feedback answer as stored: the submission plus where it came from and whom it
 * was matched to. What the respondent said never changes; later versions only add whom it was
 * matched to and how the loop was closed (adopted, what was told to the customer).
 */
export const Response = z.object({
  id: Id,
  kind: ResponseKind,
  score: z.int().min(0).max(10).optional(),
  comment: Text(5000).optional(),
  answers: storableJson(z.record(WellFormed(), z.unknown())).optional(),
  respondent: z
    .object({
      email: EmailAddress.optional(),
      name: ShortText.optional(),
      consent: z.boolean().optional(),
    })
    .default({}),
  customerId: Id.optional(),
  contactId: Id.optional(),
  /** The site key of the embedding site; absent for answers imported from a file. */
  siteKey: ShortText.optional(),
  pageUrl: Text(2048).optional(),
  locale: ShortText.optional(),
  submittedAt: Instant,
  receivedAt: Instant.optional(),
  clientId: ShortText.optional(),
  /**
   * Closing the loop (domain.md §3): a suggestion the team adopted, when and by whom. Set in the team
   * console's inbox; it syncs to every rep like the rest of the answer.
   */
  adopted: z.object({ at: Instant, by: ShortText.optional() }).optional(),
  /** What was told to the customer about their answer, oldest first (the same entries as a case's). */
  customerLog: z.array(CustomerLogEntry).max(100).optional(),
  ...SyncMeta,
});
export type Response = z.infer<typeof Response>;
