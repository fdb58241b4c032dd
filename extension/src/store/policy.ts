// The risk policy in use, and every version before it. Versions live in one `meta` row (a policy
// is small and versions are few); the newest is the one in force. A version that no longer
// parses after an upgrade is moved to `quarantine`, never dropped.
import { Policy } from '#shared/model/policy.ts';
import { defaultPolicy } from '#shared/risk/index.ts';
import type { KehuDb } from './db.ts';

export const POLICIES_KEY = 'policies';

async function readVersions(db: KehuDb): Promise<Policy[]> {
  const row = await db.meta.get(POLICIES_KEY);
  if (!Array.isArray(row?.value)) return [];
  const good: Policy[] = [];
  const bad: unknown[] = [];
  for (const raw of row.value) {
    const parsed = Policy.safeParse(raw);
    if (parsed.success) good.push(parsed.data);
    else bad.push(raw);
  }
  if (bad.length > 0) {
    const at = new Date().toISOString();
    await db.transaction('rw', [db.meta, db.quarantine], async () => {
      await db.quarantine.bulkAdd(
        bad.map((record) => ({ entity: 'policy', key: POLICIES_KEY, record, errors: ['no longer a valid policy'], at })),
      );
      await db.meta.put({ key: POLICIES_KEY, value: good });
    });
  }
  return good.sort((a, b) => a.version - b.version);
}

/** Every stored version, oldest first; version 1 (the defaults) when none was stored yet. */
export async function policyVersions(db: KehuDb, now: string): Promise<Policy[]> {
  const versions = await readVersions(db);
  if (versions.length > 0) return versions;
  const first = defaultPolicy(now);
  await db.meta.put({ key: POLICIES_KEY, value: [first] });
  return [first];
}

/** The policy in force. */
export async function currentPolicy(db: KehuDb, now: string): Promise<Policy> {
  const versions = await policyVersions(db, now);
  return versions[versions.length - 1]!;
}

/**
 * Store a new version. It must be exactly one above the version in force, so that two edits made
 * from the same starting point cannot silently overwrite each other.
 */
export async function savePolicy(db: KehuDb, next: Policy, now: string): Promise<Policy> {
  const policy = Policy.parse(next);
  return db.transaction('rw', [db.meta, db.quarantine], async () => {
    const versions = await policyVersions(db, now);
    const current = versions[versions.length - 1]!;
    if (policy.version !== current.version + 1) {
      throw new Error(`the policy changed meanwhile (now version ${current.version}); reload and make the change again`);
    }
    await db.meta.put({ key: POLICIES_KEY, value: [...versions, policy] });
    return policy;
  });
}
