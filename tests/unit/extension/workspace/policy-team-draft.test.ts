// While the team's policy version is in force (synced from the collector), the rep's own policy
// changes are drafts: a review's corrective item applied in the side panel makes the rep's next
// version but changes no level, and says which version stays in force.
import { describe, expect, it } from 'vitest';
import { Alert } from '#shared/model/index.ts';
import { defaultPolicy } from '#shared/risk/index.ts';
import { teamPolicyRecord } from '#shared/sync/team-policy.ts';
import { createApi } from '../../../../extension/src/api/router.ts';
import { currentPolicy, policyInForce } from '../../../../extension/src/store/policy.ts';
import { NOW, testContext } from '../context.ts';

const CUSTOMERS = `id,name,domains,industry,tier,stage,owner,cadence_days,tags,notes
acme,ACME Trading,acme.example,Retail,key,stable,rep,7,wholesale,`;

describe('a corrective item while the team’s version is in force', () => {
  it('is saved as the rep’s draft; the levels keep the team’s version', async () => {
    const t = testContext();
    const kehu = createApi(t);
    await kehu.importText({ entity: 'customers', format: 'csv', text: CUSTOMERS });
    const team = { ...defaultPolicy(NOW.toISOString()), version: 7, createdBy: 'lead' };
    await t.db.policies.put(teamPolicyRecord(null, team, NOW.toISOString(), 'admin'));
    await t.risk.recompute(['acme']);
    expect(await t.db.assessments.get('acme')).toMatchObject({ policyVersion: 7 });

    await t.db.alerts.put(
      Alert.parse({
        id: 'a1',
        customerId: 'acme',
        indicator: 'complaints',
        level: 'red',
        evidence: [{ code: 'complaint.overdue', params: { title: 'Late', days: 3 } }],
        status: 'open',
        raisedAt: NOW.toISOString(),
        playbookId: 'complaints.red',
        suggestedStrategy: 'eliminate',
        steps: [{ text: 'Call the customer today' }],
        policyVersion: 7,
        rev: 1,
        updatedAt: NOW.toISOString(),
        updatedBy: 'kehu',
      }),
    );
    await kehu.changeAlertOf({ id: 'a1', change: { action: 'start', strategy: 'eliminate' } });
    await kehu.changeAlertOf({ id: 'a1', change: { action: 'resolve' } });
    await kehu.changeAlertOf({
      id: 'a1',
      change: {
        action: 'review',
        review: {
          investigation: 'Nobody owned the follow-up',
          evaluation: 'Too late',
          outlook: 'Same day next time',
          corrections: [
            {
              id: 'k1',
              text: 'Raise complaints earlier',
              owner: 'Lin',
              done: false,
              policyChange: { path: 'weights.complaints', value: 55 },
            },
          ],
        },
      },
    });
    const applied = await kehu.applyCorrectiveItemOf({ alertId: 'a1', itemId: 'k1' });
    expect(applied).toMatchObject({ team: 7, policy: { version: 2, weights: { complaints: 55 } } });
    expect((await currentPolicy(t.db, NOW.toISOString())).version).toBe(2);
    expect((await policyInForce(t.db, NOW.toISOString())).version).toBe(7);
    await t.risk.recompute(['acme']);
    expect(await t.db.assessments.get('acme')).toMatchObject({ policyVersion: 7 });
  });
});
