// The team policy as a synced record (model/team-policy.ts): the collector makes the next version
// of the record when an admin puts a policy in force, and pulls carry it to every rep.
import type { Policy } from '../model/policy.ts';
import { TEAM_POLICY_ID, type TeamPolicy } from '../model/team-policy.ts';
import { nextVersion } from './version.ts';

/**
 * The record that puts `policy` in force for every rep, made from the record synced before
 * (null for a team's first version) at `now` by `by`. Its version stamp is one past the previous
 * one, so every replica takes it over the old one.
 */
export function teamPolicyRecord(previous: TeamPolicy | null, policy: Policy, now: string, by: string): TeamPolicy {
  return { id: TEAM_POLICY_ID, policy, ...nextVersion(previous, now, by), deletedAt: null };
}
