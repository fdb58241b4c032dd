import * as z from 'zod';
import { Id, SyncMeta } from './common.ts';
import { Policy } from './policy.ts';

/** The one id of the team policy record: a team has one policy in force at a time. */
export const TEAM_POLICY_ID = 'team';

/**
 * The risk policy version the team put in force (an admin, in the team console's Settings), as it
 * syncs to every rep. One record, id "team", replaced by each new version; the collector keeps
 * every earlier version itself. Only the collector writes it: a rep's push of it is refused.
 * Once synced it is the policy an extension assesses with; the rep's own policy is then a draft.
 */
export const TeamPolicy = z
  .object({
    id: Id,
    policy: Policy,
    ...SyncMeta,
  })
  .refine((t) => t.id === TEAM_POLICY_ID, { path: ['id'], message: `must be "${TEAM_POLICY_ID}"` });
export type TeamPolicy = z.infer<typeof TeamPolicy>;
