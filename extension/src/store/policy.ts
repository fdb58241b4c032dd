// The risk policy: the rep's own versions and, with a team collector, the team's version.
//
// Precedence: the team's version, once synced (table `policies`, one record put in force by an
// admin in the team console), is the policy in force: the collector, the console and every rep
// compute levels with it, so they agree. Without one, the rep's own newest version is in force.
// While the team's is in force, the rep's own versions are drafts: they can be previewed and
// backtested against the team's, and saved, but no level is computed with them.
//
// The rep's own newest version is the `meta` row `policy`; the earlier ones, oldest first, are the
// row `policyVersions` (a policy is small and versions are few). A stored version that no longer
// parses after an upgrade is moved to `quarantine`, never dropped.
import { Policy } from '#shared/model/policy.ts';
import { TEAM_POLICY_ID, TeamPolicy } from '#shared/model/team-policy.ts';
import { defaultPolicy } from '#shared/risk/index.ts';
import type { KehuDb } from './db.ts';

export const POLICY_KEY = 'policy';
export const POLICY_VERSIONS_KEY = 'policyVersions';

/** The team's version synced from the collector, or null when there is none. */
export async function teamPolicy(db: KehuDb): Promise<TeamPolicy | null> {
  const parsed = TeamPolicy.safeParse(await db.policies.get(TEAM_POLICY_ID));
  return parsed.success && !parsed.data.deletedAt ? parsed.data : null;
}

/** The policy levels are computed with: the team's version when synced, else the rep's own. */
export async function policyInForce(db: KehuDb, now: string): Promise<Policy> {
  return (await teamPolicy(db))?.policy ?? (await currentPolicy(db, now));
}

/** The rep's own newest version (in force only without a team version); version 1 (the defaults) when none was stored yet. */
export async function currentPolicy(db: KehuDb, now: string): Promise<Policy> {
  const parsed = Policy.safeParse((await db.meta.get(POLICY_KEY))?.value);
  if (parsed.success) return parsed.data;
  return db.transaction('rw', [db.meta], async () => {
    const again = Policy.safeParse((await db.meta.get(POLICY_KEY))?.value);
    if (again.success) return again.data;
    const fresh = defaultPolicy(now);
    await db.meta.put({ key: POLICY_KEY, value: fresh });
    return fresh;
  });
}

/** The rep's own versions, oldest first, the newest last. */
export async function policyVersions(db: KehuDb, now: string): Promise<Policy[]> {
  const current = await currentPolicy(db, now);
  const row = await db.meta.get(POLICY_VERSIONS_KEY);
  const good: Policy[] = [];
  const bad: unknown[] = [];
  for (const raw of Array.isArray(row?.value) ? row.value : []) {
    const parsed = Policy.safeParse(raw);
    if (parsed.success) good.push(parsed.data);
    else bad.push(raw);
  }
  if (bad.length > 0) {
    await db.transaction('rw', [db.meta, db.quarantine], async () => {
      await db.quarantine.bulkAdd(
        bad.map((record) => ({
          entity: 'policy',
          key: POLICY_VERSIONS_KEY,
          record,
          errors: ['no longer a valid policy'],
          at: now,
        })),
      );
      await db.meta.put({ key: POLICY_VERSIONS_KEY, value: good });
    });
  }
  const versions = good.filter((p) => p.version < current.version).sort((a, b) => a.version - b.version);
  return [...versions, current];
}

/**
 * Store the rep's own new version (in force unless a team version is). It must be exactly one
 * above the rep's newest version, so that two edits made from the same starting point cannot
 * silently overwrite each other.
 */
export async function savePolicy(db: KehuDb, next: Policy, now: string): Promise<Policy> {
  const policy = Policy.parse(next);
  return db.transaction('rw', [db.meta, db.quarantine], async () => {
    const versions = await policyVersions(db, now);
    const current = versions[versions.length - 1]!;
    if (policy.version !== current.version + 1) {
      throw new Error(`the policy changed meanwhile (now version ${current.version}); reload and make the change again`);
    }
    await db.meta.put({ key: POLICY_VERSIONS_KEY, value: versions });
    await db.meta.put({ key: POLICY_KEY, value: policy });
    return policy;
  });
}
