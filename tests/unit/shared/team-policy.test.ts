// The team policy as a sync entity: the record's shape, how it travels in a push or a pull, and the
// next version the collector makes when an admin puts a policy in force.
import { describe, expect, it } from 'vitest';
import { Change, SYNC_ENTITIES, SyncRecord } from '#shared/model/sync.ts';
import { TEAM_POLICY_ID, TeamPolicy } from '#shared/model/team-policy.ts';
import { defaultPolicy } from '#shared/risk/index.ts';
import { decideMerge } from '#shared/sync/merge.ts';
import { teamPolicyRecord } from '#shared/sync/team-policy.ts';

const T0 = '2026-03-01T09:00:00.000Z';
const policy = (version: number) => ({ ...defaultPolicy(T0), version, createdBy: 'lead' });

describe('the team policy record', () => {
  it('is one record, id "team", holding a whole policy; it syncs as the entity "policies"', () => {
    expect(SYNC_ENTITIES).toContain('policies');
    const record = teamPolicyRecord(null, policy(2), T0, 'admin');
    expect(record).toEqual({ id: TEAM_POLICY_ID, policy: policy(2), rev: 1, updatedAt: T0, updatedBy: 'admin', deletedAt: null });
    expect(TeamPolicy.parse(record)).toEqual(record);
    expect(SyncRecord.parse({ entity: 'policies', record })).toEqual({ entity: 'policies', record });
    expect(Change.parse({ entity: 'policies', record, seq: 7 })).toMatchObject({ entity: 'policies', seq: 7 });
  });

  it('refuses another id and a policy that is not one, naming the field', () => {
    const record = teamPolicyRecord(null, policy(2), T0, 'admin');
    const wrongId = TeamPolicy.safeParse({ ...record, id: 'mine' });
    expect(wrongId.success).toBe(false);
    expect(wrongId.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['id', 'must be "team"']]);
    const badPolicy = SyncRecord.safeParse({
      entity: 'policies',
      record: { ...record, policy: { ...policy(2), thresholds: { blue: 50, yellow: 40, orange: 60, red: 70 } } },
    });
    expect(badPolicy.success).toBe(false);
    expect(badPolicy.error?.issues[0]?.path.slice(0, 2)).toEqual(['record', 'policy']);
  });

  it('each version put in force wins over the one before on every replica, even from a clock behind', () => {
    const v2 = teamPolicyRecord(null, policy(2), T0, 'admin');
    const behind = '2026-02-01T00:00:00.000Z';
    const v3 = teamPolicyRecord(v2, policy(3), behind, 'admin');
    expect(v3).toMatchObject({ rev: 2, updatedAt: '2026-03-01T09:00:00.001Z', policy: { version: 3 } });
    expect(decideMerge(v2, v3).action).toBe('apply');
    expect(decideMerge(v3, v2).action).toBe('conflict');
  });
});
