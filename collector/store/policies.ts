// The team's risk policy on the collector: every version an admin put in force, kept; the newest is
// the one the collector's levels use. Versions only rise, as in the extension's policy editor, so
// two admins working from the same version cannot silently overwrite each other.
//
// The newest version also travels to the reps as the one synced record of the entity `policies`
// (shared/src/model/team-policy.ts), written here in the same transaction, so that every
// extension pulls the version the collector's levels use.
import { Policy } from '#shared/model/policy.ts';
import { TEAM_POLICY_ID, TeamPolicy } from '#shared/model/team-policy.ts';
import { teamPolicyRecord } from '#shared/sync/team-policy.ts';
import type { Queryable } from '../db/sql.ts';
import { loadRecords, writeRecords } from './records.ts';

export class PolicyVersionError extends Error {
  override name = 'PolicyVersionError';
}

/** The newest stored team policy, or null when none was put in force (Kehu's default applies). */
export async function teamPolicy(db: Queryable): Promise<Policy | null> {
  const rows = await db.query<{ policy: unknown }>('SELECT policy FROM kehu_policies ORDER BY version DESC LIMIT 1');
  const parsed = Policy.safeParse(rows[0]?.policy);
  return parsed.success ? parsed.data : null;
}

/** The version of the newest stored team policy, or null. A cheap check for "did it change?". */
export async function teamPolicyVersion(db: Queryable): Promise<number | null> {
  const [row] = await db.query<{ v: unknown }>('SELECT max(version) AS v FROM kehu_policies');
  return row?.v == null ? null : Number(row.v);
}

/** Put a new version in force: its version must be above `inForce` (the version used now). */
export async function putTeamPolicy(db: Queryable, policy: Policy, inForce: number, now: string, by: string): Promise<void> {
  const stored = (await teamPolicyVersion(db)) ?? 0;
  const current = Math.max(stored, inForce);
  if (policy.version <= current)
    throw new PolicyVersionError(`version ${current} is in force: a new policy needs a higher version than ${current}`);
  const inserted = await db.query(
    `INSERT INTO kehu_policies (version, policy, set_at, set_by) VALUES ($1, $2::jsonb, $3, $4)
     ON CONFLICT (version) DO NOTHING RETURNING version`,
    [policy.version, JSON.stringify(policy), now, by],
  );
  if (inserted.length === 0) throw new PolicyVersionError(`version ${policy.version} was put in force meanwhile: reload`);
  await publishTeamPolicy(db, now, by);
}

/**
 * Make the synced team policy record carry the newest stored version, when it does not yet (a
 * version put in force just now, or before the record existed). Returns whether it wrote one.
 */
export async function publishTeamPolicy(db: Queryable, now: string, by = 'kehu'): Promise<boolean> {
  const policy = await teamPolicy(db);
  if (!policy) return false;
  const stored = (await loadRecords(db, [{ entity: 'policies', id: TEAM_POLICY_ID }])).values().next().value;
  const previous = TeamPolicy.safeParse(stored?.record);
  if (previous.success && previous.data.policy.version === policy.version && !previous.data.deletedAt) return false;
  const record = teamPolicyRecord(previous.success ? previous.data : null, policy, now, by);
  await writeRecords(db, [{ entity: 'policies', record }], now);
  return true;
}
