import * as z from 'zod';
import { EmailAddress, Id, Instant, ShortText, SyncMeta, Text, WellFormed, storableJson } from './common.ts';
import { ResponseKind } from './submission.ts';

export { ResponseKind };

/**
 * A survey or feedback answer as stored: the submission plus where it came from and whom it
 * was matched to. Append-only.
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
  ...SyncMeta,
});
export type Response = z.infer<typeof Response>;
