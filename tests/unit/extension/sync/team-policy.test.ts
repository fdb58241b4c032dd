// The team's risk policy reaches the reps: an admin puts a version in force in the team console's
// Settings, and after one sync the rep's extension assesses with it (everyone re-levelled, the same
// level the collector computes), its policy editor says the team's version is in force and the
// rep's own save is only a draft. A rep cannot push a team policy.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TeamPolicy } from '#shared/model/team-policy.ts';
import { defaultPolicy } from '#shared/risk/index.ts';
import type { Sql } from '../../../../collector/db/sql.ts';
import { publishTeamPolicy } from '../../../../collector/store/policies.ts';
import { writeRecords } from '../../../../collector/store/records.ts';
import { BACKENDS, openMigrated, resetStore } from '../../collector/backends.ts';
import { type Harness, T0, harness, rec, submission } from '../../collector/fixtures.ts';
import { replica, testClock } from './replica.ts';

const BASE = 'http://kehu.test';

describe('the team policy through sync', () => {
  let sql: Sql;
  let h: Harness;

  beforeAll(async () => {
    sql = await openMigrated(BACKENDS[0] as (typeof BACKENDS)[number]);
  }, 300_000);
  afterAll(async () => {
    await sql.close();
  });
  beforeEach(async () => {
    await resetStore(sql);
    await sql.exec('TRUNCATE kehu_sessions, kehu_levels, kehu_policies');
    h = await harness(sql, { now: () => new Date(T0) });
  });
  afterEach(async () => {
    await h.drain();
  });

  /** Put a policy in force as an admin does in the console's Settings. */
  async function putInForce(policy: unknown) {
    const session = await h.app.request(`${BASE}/console/api/session`, {
      method: 'POST',
      headers: { origin: BASE, 'content-type': 'application/json' },
      body: JSON.stringify({ token: h.tokens.admin }),
    });
    const cookie = /kehu_console=([^;]*)/.exec(session.headers.get('set-cookie') ?? '')?.[1] ?? '';
    const put = await h.app.request(`${BASE}/console/api/settings/policy`, {
      method: 'PUT',
      headers: { origin: BASE, cookie: `kehu_console=${cookie}`, 'content-type': 'application/json' },
      body: JSON.stringify(policy),
    });
    expect(put.status).toBe(200);
    await h.drain();
  }

  const collectorLevel = async (id: string) =>
    (
      await sql.query<{ level: string; policy_version: number }>(
        'SELECT level, policy_version FROM kehu_levels WHERE customer_id = $1',
        [id],
      )
    )[0];

  it('after one sync the rep assesses with the version in force, as the collector does; the rep’s own edit is a draft', async () => {
    await sql.transaction((tx) =>
      writeRecords(
        tx,
        [
          rec.customer('a', { name: 'Alpha', owner: 'rep' }),
          rec.contact('ann', { customerId: 'a', emails: ['ann@alpha.example'] }),
          rec.customer('b', { name: 'Beta' }),
        ],
        T0,
      ),
    );
    const sent = await h.collect(
      submission({ kind: 'nps', score: 3, respondent: { email: 'ann@alpha.example', consent: true }, submittedAt: T0 }),
    );
    expect(sent.status).toBe(201);
    await h.drain();

    const rep = await replica('rep', h, testClock(Date.parse(T0)));
    await rep.api.syncNow();
    const before = await rep.ctx.risk.assessment('a');
    expect(before).toMatchObject({ policyVersion: 1 });
    expect(before?.level).not.toBe('red');
    expect((await rep.api.riskPolicy(undefined)).team).toBeNull();

    // The lead puts a stricter version in force in the console.
    const strict = { ...defaultPolicy(T0), version: 2, createdBy: 'lead', thresholds: { blue: 1, yellow: 2, orange: 3, red: 4 } };
    await putInForce(strict);
    expect(await collectorLevel('a')).toMatchObject({ level: 'red', policy_version: 2 });

    // One sync: the record arrives, every customer is assessed again with it.
    await rep.api.syncNow();
    expect(TeamPolicy.parse(await rep.db.policies.get('team')).policy).toMatchObject({ version: 2, createdBy: 'lead' });
    for (const id of ['a', 'b']) {
      const mine = await rep.db.assessments.get(id);
      const theirs = await collectorLevel(id);
      expect(mine).toMatchObject({ policyVersion: 2, level: theirs?.level });
    }
    expect((await rep.db.assessments.get('a'))?.level).toBe('red');

    // The editor: the team's version is in force; saving the rep's edit keeps a draft and changes no level.
    const info = await rep.api.riskPolicy(undefined);
    expect(info.team?.policy.version).toBe(2);
    expect(info.current.version).toBe(1);
    const { version: _v, createdAt: _c, createdBy: _b, note: _n, ...settings } = defaultPolicy(T0);
    const preview = await rep.api.previewRiskPolicy({ policy: settings });
    expect(preview.ok && preview.preview).toBeTruthy();
    const saved = await rep.api.saveRiskPolicy({ policy: settings, note: 'what if we kept the defaults' });
    expect(saved).toMatchObject({ ok: true, draft: true, policy: { version: 2 } });
    await rep.ctx.risk.recompute(['a']);
    expect(await rep.db.assessments.get('a')).toMatchObject({ level: 'red', policyVersion: 2 });

    // A more lenient version later: the levels drop again, to the collector's.
    await putInForce({ ...defaultPolicy(T0), version: 3, thresholds: { blue: 90, yellow: 95, orange: 98, red: 99 } });
    await rep.api.syncNow();
    const a = await rep.db.assessments.get('a');
    expect(a).toMatchObject({ policyVersion: 3, level: (await collectorLevel('a'))?.level });
    expect(a?.level).not.toBe('red');
  });

  it('refuses a rep’s push of a team policy, naming it; the version in force stays', async () => {
    await putInForce({ ...defaultPolicy(T0), version: 2 });
    const forged = {
      id: 'team',
      policy: { ...defaultPolicy(T0), version: 9, thresholds: { blue: 99, yellow: 99.1, orange: 99.2, red: 99.3 } },
      rev: 5,
      updatedAt: '2030-01-01T00:00:00.000Z',
      updatedBy: 'rep',
      deletedAt: null,
    };
    const r = await h.call('/v1/changes', {
      method: 'POST',
      token: h.tokens.rw,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ changes: [{ entity: 'policies', record: forged }] }),
    });
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.accepted).toEqual([]);
    expect(body.rejected).toEqual([
      {
        index: 0,
        entity: 'policies',
        id: 'team',
        fields: [{ path: 'entity', message: 'the team policy is put in force in the team console, not pushed' }],
      },
    ]);
    const pulled = await (await h.call('/v1/changes?since=0', { token: h.tokens.rw })).json();
    const policies = pulled.changes.filter((c: { entity: string }) => c.entity === 'policies');
    expect(policies).toHaveLength(1);
    expect(policies[0].record.policy.version).toBe(2);
  });

  it('a version put in force before the record existed is published once (at the collector’s start)', async () => {
    const older = { ...defaultPolicy(T0), version: 4, createdBy: 'lead' };
    await sql.query("INSERT INTO kehu_policies (version, policy, set_at, set_by) VALUES (4, $1::jsonb, $2, 'lead')", [
      JSON.stringify(older),
      T0,
    ]);
    const pullPolicies = async () =>
      (
        (await (await h.call('/v1/changes?since=0', { token: h.tokens.rw })).json()).changes as {
          entity: string;
          record: TeamPolicy;
        }[]
      )
        .filter((c) => c.entity === 'policies')
        .map((c) => c.record);
    expect(await pullPolicies()).toEqual([]);
    expect(await sql.transaction((tx) => publishTeamPolicy(tx, T0))).toBe(true);
    expect(await sql.transaction((tx) => publishTeamPolicy(tx, T0))).toBe(false);
    const records = await pullPolicies();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ id: 'team', rev: 1, updatedBy: 'kehu', policy: { version: 4, createdBy: 'lead' } });
  });
});
